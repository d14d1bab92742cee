// Offline and accessibility in a real browser, against a production build:
// - after one visit the service worker (vite-plugin-pwa, vite.config.ts) controls the page,
//   and with the network cut a reload still loads the page and completes a short run, which
//   needs the worker bundles, the tfjs .wasm files, a dataset and a base model from its cache;
// - axe-core finds no serious or critical violations on the playground, the embed and the
//   findings view (moderate and minor ones are printed).
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runAxe, seriousOnly } from './axe';
import { appAttr, describeInBrowser, screenshotPath, waitForStatus, watchErrors, suiteSession } from './harness';

/** A short run: 4 steps, evaluations at 0, 2 and 4 on 8 problems x 2 samples, one seed. */
const SHORT_RUN = 'steps=4&evalEvery=2&evalProblems=8&evalSamples=2&seeds=1';

describeInBrowser('offline and accessibility in Chromium', () => {
  const session = suiteSession('offline-a11y', 'test-results/e2e-dist-offline', { serviceWorkers: 'allow' });

  it('works offline after a first visit: reload with the network cut and complete a short run', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    const url = `${session.site.url}?${SHORT_RUN}`;
    await page.goto(url, { waitUntil: 'load' });
    // Wait for the worker to finish precaching (ready = active), then reload so it controls the page.
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(session.site.url);
    await page.reload({ waitUntil: 'load' });
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toBe(`${session.site.url}sw.js`);
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls: string[] = [];
      for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    for (const f of ['/index.html', '/datasets/add-2.json', '/models/add/mid/weights.bin', '/models/add/mid/model.json', '/tfjs-wasm/tfjs-backend-wasm.wasm', '/tfjs-wasm/tfjs-backend-wasm-simd.wasm']) {
      expect(cached, f).toContain(f);
    }

    await session.context.setOffline(true);
    try {
      // The server is still up: only the cache can answer while the context is offline.
      const failed: string[] = [];
      // ERR_ABORTED is a request the reload itself cancelled (the previous page's worker); a
      // file missing from the cache fails with ERR_INTERNET_DISCONNECTED or ERR_FAILED.
      page.on('requestfailed', (r) => {
        const why = r.failure()?.errorText ?? '';
        if (!why.includes('ERR_ABORTED')) failed.push(`${r.url()} (${why})`);
      });
      await page.reload({ waitUntil: 'load' });
      await page.locator('.app').waitFor({ timeout: 30_000 });
      await waitForStatus(page, ['finished', 'error', 'crashed'], 120_000);
      expect(await appAttr(page, 'data-status')).toBe('finished');
      expect(await page.getByTestId('backend-label').getAttribute('data-backend')).toBe('wasm');
      expect(failed).toEqual([]);
      expect(errors).toEqual([]);
      await page.screenshot({ path: screenshotPath('offline-run.png') });
    } finally {
      await session.context.setOffline(false);
    }
    await page.close();
  }, 240_000);

  async function axeOn(label: string, query: string, ready: (p: Page) => Promise<void>, viewport?: { width: number; height: number }): Promise<void> {
    const page = await session.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(session.site.url + query, { waitUntil: 'load' });
    await ready(page);
    const serious = seriousOnly(label, await runAxe(page));
    expect(serious.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
    await page.close();
  }

  it('axe: no serious or critical violations on the playground after a run', async () => {
    await axeOn('playground', `?${SHORT_RUN}`, async (page) => {
      await waitForStatus(page, ['finished']);
      // Show each chart's table alternative, so its markup is checked too.
      for (const t of await page.locator('.chart-table-toggle').all()) await t.click();
      expect(await page.locator('.chart-table table').count()).toBe(8); // seven step/eval charts (pass@1 against steps × J among them) and the collapse boundary
    });
  }, 180_000);

  it('keyboard: a visible focus ring, and each chart\'s Table toggle shows the plotted values', async () => {
    const page = await session.context.newPage();
    await page.goto(`${session.site.url}?${SHORT_RUN}`, { waitUntil: 'load' });
    await waitForStatus(page, ['finished']);
    // Tab to the pass@1 chart's Table toggle and press it with the keyboard.
    const toggle = page.getByTestId('table-toggle-pass');
    await toggle.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await toggle.evaluate((el) => el === document.activeElement && el.matches(':focus-visible'))).toBe(true);
    const outline = await toggle.evaluate((el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
    expect(outline).toBe('solid 2px');
    await page.locator('[data-chart="pass"]').screenshot({ path: screenshotPath('a11y-focus-ring.png') });
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const table = page.getByTestId('table-chart-table-pass');
    // Evaluations at steps 0, 2 and 4: one row each, pass@1 and pass@2 in percent.
    expect(await table.locator('tbody tr').count()).toBe(3);
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['Step', 'pass@1', 'pass@2']);
    expect(await table.locator('tbody th').allInnerTexts()).toEqual(['0', '2', '4']);
    for (const t of await table.locator('tbody td').allInnerTexts()) expect(t).toMatch(/^\d+\.\d%$/);
    await page.locator('[data-chart="pass"]').screenshot({ path: screenshotPath('a11y-chart-table.png') });
    // The step charts list one row per step (4 steps).
    await page.getByTestId('table-toggle-reward').click();
    expect(await page.getByTestId('table-chart-table-reward').locator('tbody tr').count()).toBe(4);
    await page.close();
  }, 180_000);

  it('axe: no serious or critical violations in embed mode', async () => {
    await axeOn('embed', `?${SHORT_RUN}&embed=1&autoplay=1`, (page) => waitForStatus(page, ['finished']), { width: 640, height: 480 });
  }, 180_000);

  it('axe: no serious or critical violations in the phone layout (More settings open) and the embed-code picker', async () => {
    await axeOn('phone', `?${SHORT_RUN}`, async (page) => {
      await waitForStatus(page, ['finished']);
      await page.getByTestId('more-settings').click();
      await page.getByTestId('settings-panel').waitFor();
    }, { width: 390, height: 844 });
    await axeOn('embed picker', `?${SHORT_RUN}`, async (page) => {
      await waitForStatus(page, ['finished']);
      await page.getByRole('button', { name: 'Copy embed code' }).click();
      await page.getByTestId('embed-picker').waitFor();
    });
  }, 180_000);

  it('axe: no serious or critical violations on the sweeps view', async () => {
    await axeOn('sweeps', `?${SHORT_RUN}#sweeps`, (page) => page.locator('[data-testid="sweeps-view"][data-ready="true"]').waitFor({ timeout: 30_000 }));
  }, 180_000);

  it('axe: no serious or critical violations on the findings view', async () => {
    await axeOn('findings', `?${SHORT_RUN}#findings`, (page) => page.locator('[data-testid="findings-view"][data-ready="true"]').waitFor({ timeout: 30_000 }));
  }, 180_000);
});
