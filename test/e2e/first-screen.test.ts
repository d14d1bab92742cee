// Browser tests of the first screen and of preset links. At 1280x800, 1920x1080 and 390x844,
// and in an embed at 640x480, the FN, FP and K controls and the top of the held-out pass@1
// chart are on screen without scrolling (bounding boxes inside the viewport), with the control
// strip on top and the other settings in the side panel "More settings" opens. A preset link
// (?preset=<id>) shows the preset's question and queues its arms: autoplay=1 starts arm 1 at
// once, an embed starts them when shown and ends with the finding's sentence; Copy link and
// Copy embed code carry the preset; an unknown preset gets the link notice and the defaults.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appAttr, openAt, controlValues, describeInBrowser, screenshotPath, suiteSession, waitForStatus, type Session } from './harness';

let session: Session; // filled in by suiteSession before the tests run

/** A short run, so the first screen is shown with records (one seed, 10 steps, evaluations at 0, 5 and 10). */
const SHORT = 'steps=10&evalEvery=5&evalProblems=16&seeds=1';
/** Tiny arms for the embedded comparison: 4 steps, one seed, evaluations at 0, 2 and 4 on 8 problems x 2 samples. */
const TINY = 'steps=4&evalEvery=2&evalProblems=8&evalSamples=2&seeds=1';
const QUESTION = 'Does the forward correction recover pass@1 lost to FN 0.3?';

const open = (query: string, viewport: { width: number; height: number }) => openAt(session, query, viewport);

type Box = { x: number; y: number; width: number; height: number };
const round = (b: Box) => `x ${Math.round(b.x)}, y ${Math.round(b.y)}, ${Math.round(b.width)}x${Math.round(b.height)}`;

/** The boxes of FN, FP, K (their whole field: label, value and slider) and the pass@1 chart, asserted on screen at the page's top. */
async function firstScreen(page: Page, size: { width: number; height: number }, label: string): Promise<void> {
  await page.locator('[data-chart="pass"]').waitFor();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const lines: string[] = [];
  for (const k of ['fnRate', 'fpRate', 'rolloutsPerPrompt']) {
    const field = page.locator(`.field:has(#setting-${k})`);
    expect(await field.count(), k).toBe(1);
    const b = (await field.boundingBox())!;
    lines.push(`${k}: ${round(b)}`);
    expect(b.x, k).toBeGreaterThanOrEqual(0);
    expect(b.y, k).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, k).toBeLessThanOrEqual(size.width);
    expect(b.y + b.height, k).toBeLessThanOrEqual(size.height);
    expect(await page.locator(`#setting-${k}`).isVisible(), k).toBe(true);
  }
  const chart = (await page.locator('[data-chart="pass"]').boundingBox())!;
  const title = (await page.locator('[data-chart="pass"] h3').boundingBox())!;
  lines.push(`pass@1 chart: ${round(chart)}`);
  expect(chart.x).toBeGreaterThanOrEqual(0);
  expect(chart.x + chart.width).toBeLessThanOrEqual(size.width);
  expect(chart.y).toBeGreaterThanOrEqual(0);
  // The top of the chart: its card and its title, and some of the plot below the title.
  expect(title.y + title.height + 40).toBeLessThanOrEqual(size.height);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
  console.log(`[e2e first-screen] ${label}: ${lines.join('; ')}`);
}

describeInBrowser('the first screen and preset links in Chromium', () => {
  session = suiteSession('first-screen', 'test-results/e2e-dist-first');

  for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
    it(`${size.width}x${size.height}: the control strip and the pass@1 chart without scrolling; More settings opens the rest`, async () => {
      const { page, errors } = await open(SHORT, size);
      await waitForStatus(page, ['finished'], 120_000);
      await firstScreen(page, size, `${size.width}x${size.height}`);
      // Run and More settings are in the strip, on screen; the panel is closed.
      for (const id of ['run-toggle', 'reset', 'more-settings', 'j-set']) {
        const b = (await page.getByTestId(id).boundingBox())!;
        expect(b.y + b.height, id).toBeLessThanOrEqual(size.height);
        expect(b.x + b.width, id).toBeLessThanOrEqual(size.width);
      }
      expect(await page.getByTestId('control-strip').locator('[data-setting]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.setting)))
        .toEqual(['fnRate', 'fpRate', 'rolloutsPerPrompt', 'seeds']);
      expect(await page.getByTestId('settings-panel').isVisible()).toBe(false);
      await page.screenshot({ path: screenshotPath(`first-screen-${size.width}x${size.height}.png`) });
      // The presets are below, grouped by their question.
      expect(await page.locator('.preset-group h3').allInnerTexts()).toEqual(['Verifier noise', 'Compute', 'What RL learns', 'Drift and forgetting', 'Verifier design']);
      const presets = (await page.locator('.presets').boundingBox())!;
      expect(presets.y).toBeGreaterThan((await page.locator('[data-chart="pass"]').boundingBox())!.y);

      // "More settings" opens the side panel: every other setting, once.
      await page.getByTestId('more-settings').click();
      expect(await page.getByTestId('more-settings').getAttribute('aria-expanded')).toBe('true');
      expect(await page.locator('#setting-lr').isVisible()).toBe(true);
      expect(await page.getByTestId('settings-panel').locator('[data-setting="fnRate"]').count()).toBe(0);
      expect(await page.locator('[data-setting="fnRate"]').count()).toBe(1);
      if (size.width > 860) {
        // Beside the main column: the strip stays where it was.
        const panel = (await page.getByTestId('settings-panel').boundingBox())!;
        expect(panel.x).toBe(0);
        expect(panel.width).toBeLessThanOrEqual(330);
        await firstScreen(page, size, `${size.width}x${size.height} with the panel open`);
      }
      await page.screenshot({ path: screenshotPath(`first-screen-${size.width}x${size.height}-more-settings.png`) });
      expect(errors).toEqual([]);
      await page.close();
    }, 180_000);
  }

  it('embed 640x480: FN, FP, K and the pass@1 chart on screen, also with a preset', async () => {
    const size = { width: 640, height: 480 };
    const plain = await open(`${SHORT}&embed=1`, size);
    await firstScreen(plain.page, size, 'embed 640x480');
    await plain.page.screenshot({ path: screenshotPath('first-screen-embed-640x480.png') });
    expect(plain.errors).toEqual([]);
    await plain.page.close();

    const withPreset = await open('preset=correcting-noise&embed=1', size);
    expect(await withPreset.page.getByTestId('preset-question').innerText()).toBe(QUESTION);
    expect(await withPreset.page.getByTestId('preset-progress').getAttribute('data-state')).toBe('queued');
    await firstScreen(withPreset.page, size, 'embed 640x480 with a preset');
    await withPreset.page.waitForTimeout(500);
    expect(await appAttr(withPreset.page, 'data-status')).toBe('idle');
    await withPreset.page.screenshot({ path: screenshotPath('first-screen-embed-preset-640x480.png') });
    expect(withPreset.errors).toEqual([]);
    await withPreset.page.close();
  }, 180_000);

  it('?preset=correcting-noise&autoplay=1 shows the question and runs arm 1; Copy link and Copy embed code carry the preset', async () => {
    const { page, errors } = await open('preset=correcting-noise&autoplay=1', { width: 1280, height: 800 });
    expect(await page.getByTestId('preset-question').innerText()).toBe(QUESTION);
    const progress = page.locator('[data-testid="preset-progress"][data-arm="1"][data-state="running"]');
    await progress.waitFor({ timeout: 30_000 });
    expect(await progress.innerText()).toMatch(/^Arm 1 of 2: FN 0\.3, no correction · (loading|step \d+ of 100)/);
    await waitForStatus(page, ['running'], 120_000);
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect(await page.locator('#setting-fnRate').getAttribute('aria-valuetext')).toBe('0.3');
    expect(await page.locator('button[data-preset="correcting-noise"]').getAttribute('aria-pressed')).toBe('true');
    await firstScreen(page, { width: 1280, height: 800 }, 'preset link 1280x800');
    await page.screenshot({ path: screenshotPath('preset-link-1280x800.png') });
    // The address bar and the copied link name the preset, not the arm's settings.
    await page.waitForFunction(() => location.search === '?preset=correcting-noise', undefined, { timeout: 5_000 });
    await page.getByTestId('copy-link').click();
    expect(new URL(await page.getByTestId('share-link').inputValue()).search).toBe('?preset=correcting-noise');
    await page.getByTestId('copy-embed').click();
    const code = await page.getByTestId('embed-picker').getByTestId('share-embed').inputValue();
    expect(code).toMatch(/\?preset=correcting-noise&amp;embed=1&amp;autoplay=1"/);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('settings beside a preset override it and the notice says so; without autoplay the arms wait for Run', async () => {
    const { page, errors } = await open('preset=correcting-noise&steps=40', { width: 1280, height: 800 });
    const notice = page.getByTestId('notice');
    expect(await notice.count()).toBe(1);
    expect(await notice.innerText()).toMatch(/Preset “Correcting a noisy verifier”: settings in this link override the preset's\s+steps: 40 \(the preset runs 100\)/);
    expect(await page.getByTestId('preset-progress').innerText()).toBe('2 arms queued, press Run: FN 0.3, no correction, FN 0.3, forward');
    await page.waitForTimeout(800);
    expect(await appAttr(page, 'data-status')).toBe('idle');
    await page.getByTestId('run-toggle').click();
    const progress = page.locator('[data-testid="preset-progress"][data-arm="1"][data-state="running"]');
    await progress.waitFor({ timeout: 30_000 });
    expect(await progress.innerText()).toMatch(/^Arm 1 of 2: FN 0\.3, no correction · (loading|step \d+ of 40)/);
    await page.waitForFunction(() => location.search === '?preset=correcting-noise&steps=40', undefined, { timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('?preset=nope gets the link notice and the defaults', async () => {
    const { page, errors } = await open('preset=nope', { width: 1280, height: 800 });
    const notice = page.getByTestId('notice');
    await notice.waitFor();
    expect(await notice.count()).toBe(1);
    expect(await notice.innerText()).toMatch(/Ignored from this link \(defaults used instead\):\s+preset: unknown preset "nope"; the defaults are used/);
    expect(await page.getByTestId('preset-info').count()).toBe(0);
    const values = await controlValues(page);
    expect(values).toMatchObject({ fnRate: '0', fpRate: '0', rolloutsPerPrompt: '8', seeds: '3', steps: '200' });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('an embedded comparison preset starts once shown, runs both arms and ends with the finding\'s sentence', async () => {
    const size = { width: 640, height: 480 };
    const { page, errors } = await open(`preset=correcting-noise&embed=1&autoplay=1&${TINY}`, size);
    expect(await page.getByTestId('preset-question').innerText()).toBe(QUESTION);
    await page.locator('[data-testid="preset-progress"][data-arm="1"][data-state="running"]').waitFor({ timeout: 30_000 });
    // The embed's progress names every arm with its step (both run at once on the page's cores).
    expect(await page.getByTestId('preset-progress').innerText()).toMatch(/^Arm 1 of 2: FN 0\.3, no correction · [^;]+; Arm 2 of 2: FN 0\.3, forward · /);
    const conclusion = page.getByTestId('preset-conclusion');
    await conclusion.waitFor({ timeout: 120_000 });
    expect(await conclusion.innerText()).toMatch(/^Result: Final held-out pass@1 at FN 0\.3: none [01]\.\d{3}, forward [01]\.\d{3} .*Finding 9, “Noise can be corrected, partly”: /s);
    // Both arms' curves on the pass@1 chart (the two pinned arms), named in the line above the charts.
    // (pinned as each finished: either may come first)
    const pins = await page.getByTestId('embed-pins').innerText();
    expect(pins).toMatch(/arm 1: FN 0\.3, no correction/);
    expect(pins).toMatch(/arm 2: FN 0\.3, forward/);
    expect(await page.locator('[data-chart="pass"] .pin-line').count()).toBeGreaterThanOrEqual(2);
    await firstScreen(page, size, 'embedded preset, finished');
    await page.screenshot({ path: screenshotPath('preset-embed-640x480.png') });
    // The embed's own "Copy embed code" carries the preset and the link's settings.
    await page.getByTestId('copy-embed').click();
    expect(await page.getByTestId('share-embed').inputValue()).toContain('?preset=correcting-noise&amp;steps=4&amp;evalEvery=2');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
