// Browser tests of embeds that teach and the phone layout: an embed shows exactly the
// controls and charts its link names and restarts with a ghost when one moves; three
// autoplaying embeds on one host page train only while in view and report their height;
// the playground at 390x844 has no horizontal overflow, the control strip (FN/FP/K, seeds)
// and pass@1 first and the other settings in the side panel "More settings" opens.
import { expect, it } from 'vitest';
import type { FrameLocator, Page } from 'playwright-core';
import { appAttr, openAt, describeInBrowser, screenshotPath, waitForStatus, watchErrors, suiteSession, type Session } from './harness';

let session: Session; // filled in by suiteSession before the tests run

/** Tiny runs: 6 steps, evaluations at 0, 3 and 6 on 8 problems x 2 samples, one seed. */
const TINY = 'steps=6&evalEvery=3&evalProblems=8&evalSamples=2&seeds=1';

const open = (query: string, viewport: { width: number; height: number }) => openAt(session, query, viewport);

const settingsShown = (page: Page) => page.locator('[data-setting]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.setting));
const chartsShown = (page: Page) => page.locator('.chart-card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.chart));

describeInBrowser('embeds and the phone layout in Chromium', () => {
  session = suiteSession('embed-phone', 'test-results/e2e-dist-embed');

  it('an embed shows exactly the controls and charts its link names; moving one restarts the run with a ghost', async () => {
    const { page, errors } = await open(`controls=fnRate,rolloutsPerPrompt&charts=pass,zerostd&embed=1&${TINY}`, { width: 640, height: 480 });
    await page.locator('.chart-card').first().waitFor();
    expect(await settingsShown(page)).toEqual(['fnRate', 'rolloutsPerPrompt']);
    expect(await chartsShown(page)).toEqual(['pass', 'zerostd']);
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect(await appAttr(page, 'data-status')).toBe('idle');

    await page.getByTestId('run-toggle').click();
    await waitForStatus(page, ['finished'], 120_000);
    const firstRun = await appAttr(page, 'data-run-id');
    expect(await page.locator('.ghost-line').count()).toBe(0);
    // Move the FN slider one notch: the run restarts (debounced) and the finished run becomes the ghost.
    await page.locator('#setting-fnRate').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((id) => document.querySelector('.app')?.getAttribute('data-run-id') !== id, firstRun, { timeout: 10_000 });
    await waitForStatus(page, ['finished'], 120_000);
    expect(await page.locator('#setting-fnRate').getAttribute('aria-valuetext')).not.toBe('0');
    await page.locator('[data-chart="pass"] .ghost-line').first().waitFor({ timeout: 10_000 });
    await page.locator('[data-chart="zerostd"] .ghost-line').first().waitFor({ timeout: 10_000 });

    const fits = () => page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    let size = await fits();
    expect(size.w).toBeLessThanOrEqual(640);
    expect(size.h).toBeLessThanOrEqual(480);
    for (const c of await page.locator('.chart-card').all()) {
      const box = (await c.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(480);
      expect(box.height).toBeGreaterThan(150);
    }
    await page.screenshot({ path: screenshotPath('embed-controls-640x480.png') });

    await page.setViewportSize({ width: 360, height: 640 });
    await page.waitForTimeout(300);
    size = await fits();
    expect(size.w).toBeLessThanOrEqual(360);
    expect(size.h).toBeLessThanOrEqual(640);
    for (const c of await page.locator('.chart-card').all()) expect((await c.boundingBox())!.width).toBeGreaterThan(300);
    await page.screenshot({ path: screenshotPath('embed-controls-360x640.png') });

    // The embed's own "Copy embed code" keeps its controls and charts.
    await page.getByTestId('copy-embed').click();
    const code = await page.getByTestId('share-embed').inputValue();
    expect(code).toContain('controls=fnRate%2CrolloutsPerPrompt');
    expect(code).toContain('charts=pass%2Czerostd');
    expect(errors).toEqual([]);
    await page.close();

    // Unknown names are ignored with the link notice, as text.
    const bad = await open(`controls=fnRate,<b>bogus</b>&charts=nope&embed=1&${TINY}`, { width: 640, height: 480 });
    await bad.page.locator('.chart-card').first().waitFor();
    expect(await settingsShown(bad.page)).toEqual(['fnRate']);
    expect(await chartsShown(bad.page)).toEqual(['pass', 'reward']);
    const notice = await bad.page.getByTestId('notice').innerText();
    expect(notice).toContain('<b>bogus</b>');
    expect(notice).toContain('nope');
    expect(await bad.page.locator('.notice b').count()).toBe(0);
    await bad.page.close();
  }, 300_000);

  it('three autoplaying embeds on one page: only the one in view trains, scrolling moves training, heights reach the host', async () => {
    // Longer runs than TINY so a run is still going when it is scrolled away; nothing waits for them to finish.
    const src = `${session.site.url}?steps=300&evalEvery=150&evalProblems=8&evalSamples=2&seeds=1&embed=1&autoplay=1`;
    const gap = '<div style="height:1600px"></div>';
    const html = `<!doctype html><html><head><title>host</title></head><body style="margin:0;font-family:sans-serif">
<p>A blog post with three embeds.</p>
${[1, 2, 3].map((i) => `<iframe id="e${i}" src="${src.replace(/&/g, '&amp;')}&amp;seed=${i}" width="640" height="480" style="border:0;display:block" title="embed ${i}"></iframe>${gap}`).join('\n')}
<script>
window.heights = [];
addEventListener('message', (e) => { if (e.data?.type === 'rlvr-playground:height')
  for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) { f.style.height = e.data.height + 'px'; window.heights.push([f.id, e.data.height]); } });
</script></body></html>`;
    const page = await session.context.newPage();
    await page.setViewportSize({ width: 800, height: 900 });
    const errors = watchErrors(page);
    const hostUrl = `${session.site.url}host.html`;
    await page.route(hostUrl, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: html }));
    await page.goto(hostUrl);

    const frames: FrameLocator[] = [1, 2, 3].map((i) => page.frameLocator(`#e${i}`));
    const attr = (i: number, name: string) => frames[i].locator('.app').getAttribute(name);
    const statuses = async () => Promise.all([0, 1, 2].map((i) => attr(i, 'data-status')));
    const steps = async (i: number) => Number(await attr(i, 'data-steps'));
    const waitFrame = async (i: number, ok: (status: string, steps: number) => boolean, what: string, timeout = 90_000) => {
      const t0 = Date.now();
      for (;;) {
        const s = (await attr(i, 'data-status')) ?? '';
        if (ok(s, await steps(i))) return;
        if (Date.now() - t0 > timeout) throw new Error(`embed ${i + 1}: ${what} (status ${s}, all ${JSON.stringify(await statuses())})`);
        await page.waitForTimeout(150);
      }
    };
    const training = (s: string | null) => s === 'loading' || s === 'running';
    const scrollTo = (i: number) => page.evaluate((id) => {
      const f = document.getElementById(id)!;
      window.scrollTo(0, f.getBoundingClientRect().top + window.scrollY - 100);
    }, `e${i + 1}`);

    // The first embed is in view: it trains; the others have not started.
    await waitFrame(0, (s, n) => s === 'running' && n > 0, 'trains in view');
    expect((await statuses()).slice(1)).toEqual(['idle', 'idle']);

    // Scroll to the second: it starts, the first pauses and stays paused.
    await scrollTo(1);
    await waitFrame(1, (s, n) => s === 'running' && n > 0, 'trains once scrolled into view');
    let st = await statuses();
    expect(st[0]).toBe('paused');
    expect(st[2]).toBe('idle');
    const frozen = await steps(0);
    await page.waitForTimeout(1500);
    expect(await steps(0)).toBe(frozen);

    // On to the third: training moves again; never two at once.
    await scrollTo(2);
    await waitFrame(2, (s) => training(s), 'starts once scrolled into view');
    await waitFrame(1, (s) => s === 'paused', 'pauses when scrolled away', 10_000);
    st = await statuses();
    expect(st[0]).toBe('paused');
    expect(st.filter(training).length).toBe(1);

    // Back to the first: it resumes where it was, the third pauses.
    await scrollTo(0);
    await waitFrame(0, (s, n) => s === 'running' && n > frozen, 'resumes when back in view');
    await waitFrame(2, (s) => s === 'paused', 'pauses when scrolled away', 30_000);
    st = await statuses();
    expect(st.filter(training).length).toBe(1);
    await page.screenshot({ path: screenshotPath('embed-host-page.png') });

    // Every embed told the host its height (two-line listener from docs/embedding.md), at least the iframe's 480 px.
    const heights = await page.evaluate(() => (window as unknown as { heights: [string, number][] }).heights);
    expect(new Set(heights.map((h) => h[0]))).toEqual(new Set(['e1', 'e2', 'e3']));
    for (const [, h] of heights) {
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(480);
      expect(h).toBeLessThan(2000);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('phone 390x844: no horizontal overflow, FN, FP, K, seeds and pass@1 first, the rest in the panel More settings opens', async () => {
    const { page, errors } = await open(TINY, { width: 390, height: 844 });
    await page.locator('[data-chart="pass"]').waitFor();
    await waitForStatus(page, ['finished'], 120_000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The header's tabs are all on screen.
    for (const t of ['play', 'sweeps', 'findings']) {
      const box = (await page.getByTestId(`tab-${t}`).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    const visibleSettings = await page.locator('[data-setting]').evaluateAll((els) =>
      els.filter((e) => e.checkVisibility()).map((e) => (e as HTMLElement).dataset.setting));
    expect(visibleSettings).toEqual(['fnRate', 'fpRate', 'rolloutsPerPrompt', 'seeds']);
    const first = page.locator('.chart-card').first();
    expect(await first.getAttribute('data-chart')).toBe('pass');
    const box = (await first.boundingBox())!;
    expect(box.y).toBeLessThanOrEqual(900);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('phone-390x844.png') });

    // "More settings" opens the side panel with the rest (under the strip on a phone).
    const more = page.getByTestId('more-settings');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#setting-lr').isVisible()).toBe(false);
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await page.locator('#setting-lr').scrollIntoViewIfNeeded();
    expect(await page.locator('#setting-lr').isVisible()).toBe(true);
    expect(await page.locator('[data-setting="fnRate"]').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath('phone-390x844-more-settings.png') });
    await more.click();
    expect(await page.locator('#setting-lr').isVisible()).toBe(false);

    // Tick labels and legends do not overlap on the narrow charts.
    const overlaps = await page.evaluate(() => {
      const bad: string[] = [];
      for (const card of document.querySelectorAll('.chart-card')) {
        // Every text drawn in the chart (tick labels, annotations): no two overlap.
        const texts = [...card.querySelectorAll('svg text')].map((t) => t.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
        if (!texts.length) bad.push(`${(card as HTMLElement).dataset.chart} has no tick labels`);
        for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
          const a = texts[i];
          const b = texts[j];
          if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) bad.push(`${(card as HTMLElement).dataset.chart} labels overlap`);
        }
        const items = [...card.querySelectorAll('.chart-legend li')].map((l) => l.getBoundingClientRect());
        for (let i = 1; i < items.length; i++) {
          const a = items[i - 1];
          const b = items[i];
          if (a.top === b.top && b.left < a.right) bad.push(`${(card as HTMLElement).dataset.chart} legend`);
        }
        if (card.getBoundingClientRect().right > window.innerWidth) bad.push(`${(card as HTMLElement).dataset.chart} too wide`);
      }
      return bad;
    });
    expect(overlaps).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
