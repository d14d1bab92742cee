// The collapse boundary chart in Chromium: real short runs on the default task draw, per
// run, a held-out and an OOD path of pass@1 against KL to the base model with a point per
// evaluation (the base model hollow at KL 0), the previous and pinned runs beside the live
// one, a table of the plotted values and a tooltip at the nearest point; at phone width too.
// Tasks without worked traces show no trace chart.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SMALL_RUN, appAttr, describeInBrowser, screenshotPath, waitForStatus, watchErrors, type Site, startSession, endSession } from './harness';

let site: Site;
let browser: Browser;
let context: BrowserContext;

const CHART = '[data-chart="boundary"]';

/** Points of the live run's path of one series: the path's vertices and the dots drawn on it. */
async function livePath(page: Page, series: 't1' | 'o1'): Promise<{ vertices: number; dots: number; steps: string[] }> {
  return page.evaluate(({ chart, series }) => {
    const root = document.querySelector(chart)!;
    const dots = [...root.querySelectorAll(`.chart-live-svg .boundary-dots-live[data-series="${series}"] circle.boundary-dot`)];
    // The live layer draws held-out first, then OOD: the n-th live path is the n-th series.
    const paths = [...root.querySelectorAll('.chart-live-svg .live-line.boundary-path path')];
    const d = paths[series === 't1' ? 0 : 1]?.getAttribute('d') ?? '';
    return { vertices: (d.match(/[ML]/g) ?? []).length, dots: dots.length, steps: dots.map((c) => c.getAttribute('data-step') ?? '') };
  }, { chart: CHART, series });
}

async function runTo(page: Page, id: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-run-id')) === n, id, { timeout: 60_000 });
  await waitForStatus(page, ['finished'], 240_000);
}

describeInBrowser('collapse boundary chart in Chromium', () => {
  beforeAll(async () => {
    ({ site, browser, context } = await startSession('boundary', 'test-results/e2e-dist-boundary'));
  }, 240_000);

  afterAll(() => endSession({ site, browser, context }));

  it('each run is a path per split with a point per evaluation; previous and pinned runs stay; table and tooltip give step, KL and pass@1', async () => {
    const t0 = Date.now();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${site.url}?${SMALL_RUN}`);
    await page.locator(CHART).waitFor();
    await waitForStatus(page, ['finished'], 240_000);
    console.log(`[e2e boundary] first 20-step run (3 seeds): ${((Date.now() - t0) / 1000).toFixed(1)}s`);

    // Evaluations at steps 0, 5, 10, 15, 20: five points on each split's path.
    const evals = Number(await page.locator(CHART).getAttribute('data-points'));
    expect(evals).toBe(5);
    for (const s of ['t1', 'o1'] as const) {
      const p = await livePath(page, s);
      expect(p.vertices).toBe(evals);
      expect(p.dots).toBe(evals);
      expect(p.steps).toEqual(['0', '5', '10', '15', '20']);
    }
    // Multi-seed (the default): a ±1 SE cross at each point, noted in the legend.
    expect(await page.locator(`${CHART} .se-cross`).count()).toBe(2);
    expect(await page.locator(`${CHART} .chart-legend`).innerText()).toContain('cross: ±1 SE over seeds');
    // The default task records no traces: no trace chart, and the reward chart has no trace series.
    expect(await page.locator('[data-chart="tracePass"], [data-chart="styles"]').count()).toBe(0);
    expect(await page.locator('[data-chart="reward"] .chart-legend').innerText()).not.toContain('trace');

    // The table: one row per evaluation; the base model sits at KL 0.
    await page.getByTestId('table-toggle-boundary').click();
    const table = page.getByTestId('table-chart-table-boundary');
    const header = await table.locator('thead th').allInnerTexts();
    expect(header).toEqual(['Step', 'held-out KL', 'held-out pass@1', 'OOD KL', 'OOD pass@1']);
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText)));
    expect(rows.map((r) => r[0])).toEqual(['0', '5', '10', '15', '20']);
    expect(rows[0][1]).toBe('0.000 ± 0.000');
    for (const r of rows) {
      expect(r[2]).toMatch(/^\d+\.\d% ± \d+\.\d%$/);
      expect(r[3]).toMatch(/^\d/);
    }
    // The path's last held-out point is the table's last row: KL grows with training.
    const lastKl = Number(rows[4][1].split(' ')[0]);
    expect(lastKl).toBeGreaterThan(0);
    await page.getByTestId('table-toggle-boundary').click();

    // Hovering the last held-out point shows its step, pass@1 and KL.
    const dot = page.locator(`${CHART} .boundary-dots-live[data-series="t1"] circle[data-step="20"]`);
    const box = (await dot.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const tip = page.getByTestId('tooltip-boundary');
    await tip.waitFor({ timeout: 5_000 });
    const tipText = await tip.innerText();
    expect(tipText).toMatch(/^step 20\n/);
    expect(tipText).toContain('held-out pass@1: ');
    expect(tipText).toContain(`KL to base: ${rows[4][1]}`);
    await page.mouse.move(0, 0);

    // Pin this run, then two more runs (seeds 5 and 9): the pinned run and the previous one are drawn beside the live one.
    const runId = Number(await appAttr(page, 'data-run-id'));
    await page.getByTestId('pin-run').click();
    await page.locator('#setting-seed').fill('5');
    await runTo(page, runId + 1);
    await page.locator('#setting-seed').fill('9');
    await runTo(page, runId + 2);
    expect(await page.getByTestId('ghost-chip').count()).toBe(1);
    expect(await page.getByTestId('pinned-chip').count()).toBe(1);
    // The back layer renders deferred: wait for its paths.
    await page.waitForFunction((c) => document.querySelectorAll(`${c} .runs-back .boundary-path`).length === 4, CHART, { timeout: 30_000 });
    for (const role of ['ghost', 'pin']) {
      for (const s of ['t1', 'o1']) {
        expect(await page.locator(`${CHART} .boundary-dots-${role}[data-series="${s}"] circle.boundary-dot`).count()).toBe(5);
      }
    }
    expect((await livePath(page, 't1')).dots).toBe(5);
    await page.getByTestId('show-seeds').check();
    await page.waitForFunction((c) => document.querySelectorAll(`${c} .seed-dots circle`).length > 0, CHART);
    // Three seeds, five evaluations, two splits.
    expect(await page.locator(`${CHART} .seed-dots circle`).count()).toBe(3 * 5 * 2);
    await page.getByTestId('show-seeds').uncheck();
    await page.waitForTimeout(200);
    await page.locator(CHART).screenshot({ path: screenshotPath('boundary-live-ghost-pinned.png') });
    await page.screenshot({ path: screenshotPath('boundary-page.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);

  it('at phone width (390 px) the chart fits the screen and draws the same points', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const errors = watchErrors(page);
    await page.goto(`${site.url}?${SMALL_RUN}&seeds=1`);
    await waitForStatus(page, ['finished'], 240_000);
    const chart = page.locator(CHART);
    await chart.scrollIntoViewIfNeeded();
    expect(Number(await chart.getAttribute('data-points'))).toBe(5);
    expect((await livePath(page, 't1')).dots).toBe(5);
    expect((await livePath(page, 'o1')).vertices).toBe(5);
    const box = (await chart.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // No horizontal scroll on the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await chart.screenshot({ path: screenshotPath('boundary-phone.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
