// The collapse boundary chart in Chromium: real short runs on the default task draw, per
// run, a held-out and an OOD path of pass@1 against KL to the base model with a point per
// evaluation (the base model hollow at KL 0), the previous and pinned runs beside the live
// one, a table of the plotted values and a tooltip at the nearest point; at phone width too.
// Tasks without worked traces show no trace chart.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { combineEvals, combineSteps } from '../../src/engine/seeds';
import { meanOf } from '../../src/experiments/stats';
import type { EvalRecord, SplitEval, StepRecord } from '../../src/engine/types';
import { SMALL_RUN, appAttr, describeInBrowser, openMoreSettings, screenshotPath, waitForStatus, watchErrors, suiteSession } from './harness';

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

/**
 * A hand-made export of a 2-seed, 20-step worked-trace run (the engine side of issue 13 is
 * built on another branch): the styles drift towards 'columns', trace-pass@k trails pass@k.
 * Only for drawing: imported, it is pinned beside a real live run.
 */
function traceRunFile(): string {
  const mean = meanOf;
  const sharesAt = (n: number, seed: number) => {
    const columns = Math.min(0.9, 0.35 + n * 0.025 * (1 + 0.2 * seed));
    const rest = 1 - columns - 0.05;
    return { columns, places: rest * 0.6, jump: rest * 0.4, other: 0.05 };
  };
  const meanShares = (maps: Record<string, number>[]) => Object.fromEntries(Object.keys(maps[0]).map((k) => [k, mean(maps.map((m) => m[k]))]));
  const stepOf = (n: number, seed: number): StepRecord => ({
    type: 'step', step: n, rollouts: n * 128, rewardObserved: 0.4 + n * 0.01, rewardUsed: 0.4 + n * 0.01, keptFraction: 1, rewardTrue: 0.4 + n * 0.01,
    rewardStd: 0.3, fracZeroStd: 0.2, fracAllRejected: 0.1, fracAllAccepted: 0.1, lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0, kl: 0.004 * n,
    entropy: 0.5 - n * 0.01, clipFraction: 0, gradNorm: 1, advantageAbsMean: 0.5, completionLength: 12, tokens: 1536, stepMs: 10, seed,
    styleShares: sharesAt(n, seed), traceTrue: 0.3 + n * 0.012 - 0.02 * seed, trainedTokens: 1536,
  });
  const splitOf = (n: number, seed: number, base: number, kl: number): SplitEval => {
    const p1 = base + n * 0.01 + 0.02 * seed;
    const passAtK = Array.from({ length: 16 }, (_, i) => 1 - (1 - p1) ** (i + 1));
    return { passAtK, tracePassAtK: passAtK.map((p, i) => p * (0.75 - 0.004 * n - 0.01 * i)), rewardObserved: p1, entropy: 0.5, kl: kl * n * (1 + 0.1 * seed),
      fnRate: null, fpRate: null, problems: 16, samplesPerProblem: 16, styleShares: sharesAt(n, seed) };
  };
  const steps = Array.from({ length: 20 }, (_, i) => {
    const per = [0, 1].map((seed) => stepOf(i + 1, seed));
    return { ...combineSteps(per, 20), styleShares: meanShares(per.map((r) => r.styleShares!)), traceTrue: mean(per.map((r) => r.traceTrue!)) };
  });
  const evals = [0, 5, 10, 15, 20].map((n) => combineEvals([0, 1].map((seed): EvalRecord => ({
    type: 'eval', step: n, rollouts: n * 128, test: splitOf(n, seed, 0.35, 0.006), ood: splitOf(n, seed, 0.02, 0.01), k: 8, compressionRatio: null,
    capabilityGain: 0, evalMs: 5, seed,
  })), 10));
  return JSON.stringify({ format: 'rlvr-playground-run-v1', settings: { ...DEFAULT_SETTINGS, steps: 20, evalEvery: 5, seeds: 2 }, info: null, status: 'finished',
    records: [...steps, ...evals] });
}

async function runTo(page: Page, id: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-run-id')) === n, id, { timeout: 60_000 });
  await waitForStatus(page, ['finished'], 240_000);
}

describeInBrowser('collapse boundary chart in Chromium', () => {
  const session = suiteSession('boundary', 'test-results/e2e-dist-boundary');

  it('each run is a path per split with a point per evaluation; previous and pinned runs stay; table and tooltip give step, KL and pass@1', async () => {
    const t0 = Date.now();
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}?${SMALL_RUN}`);
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
    await openMoreSettings(page);
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
    const page = await session.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}?${SMALL_RUN}&seeds=1`);
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

  it('trace charts appear only with trace records: an imported trace run is pinned beside a plain live run', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}?${SMALL_RUN}&seeds=1`);
    await waitForStatus(page, ['finished'], 240_000);
    expect(await page.locator('[data-chart="tracePass"], [data-chart="styles"]').count()).toBe(0);
    await page.getByTestId('import-run').setInputFiles({ name: 'trace-run.json', mimeType: 'application/json', buffer: Buffer.from(traceRunFile()) });
    await page.getByTestId('pinned-chip').waitFor();
    await page.locator('[data-chart="styles"]').waitFor();
    // The live run has no shares: the pinned run fills the four layers (three styles and 'other').
    await page.waitForFunction(() => document.querySelectorAll('[data-chart="styles"] .runs-back .band-pin path').length === 4, null, { timeout: 30_000 });
    expect(await page.locator('[data-chart="styles"] .chart-legend li:not(.legend-note):not(.chart-view)').allInnerTexts()).toEqual(['columns with carries', 'by place value', 'jump by place', 'other']);
    // Answer and trace pass@1 and the chosen pass@k (4 and 16 by default) for the pinned run.
    await page.waitForFunction(() => document.querySelectorAll('[data-chart="tracePass"] .runs-back .pin-line').length === 6, null, { timeout: 30_000 });
    // The plain live run draws nothing on the trace chart (its answer pass@k is on the pass@k chart).
    expect(await page.locator('[data-chart="tracePass"] .chart-live-svg .live-line').count()).toBe(0);
    expect(await page.locator('[data-chart="reward"] .chart-legend').innerText()).toContain('whole trace right');
    // The pinned run is a path on the boundary chart too.
    expect(await page.locator('[data-chart="boundary"] .boundary-dots-pin[data-series="t1"] circle').count()).toBe(5);
    // The table of the style chart is this (plain) run's: no values.
    await page.getByTestId('table-toggle-styles').click();
    expect(await page.getByTestId('table-chart-table-styles').innerText()).toContain('No values yet.');
    await page.getByTestId('table-toggle-styles').click();
    // Hovering the style chart lists the pinned run's shares, mean ± SE over its two seeds.
    const box = (await page.locator('[data-chart="styles"] .hover-catcher').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.99, box.y + box.height / 2);
    const tip = await page.getByTestId('tooltip-styles').innerText();
    expect(tip).toMatch(/^step 20\n/);
    expect(tip).toMatch(/columns with carries: \d+\.\d ± \d+\.\d%/);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(200);
    for (const id of ['styles', 'tracePass', 'boundary']) await page.locator(`[data-chart="${id}"]`).screenshot({ path: screenshotPath(`trace-${id}-pinned.png`) });
    // The style chart's other view: the held-out samples' styles at each evaluation (5 points, 4 layers).
    await page.getByTestId('view-styles-alt').click();
    await page.waitForFunction(() => document.querySelector('[data-chart="styles"] h3')?.textContent === 'Trace styles, held-out samples');
    await page.waitForFunction(() => document.querySelectorAll('[data-chart="styles"] .runs-back .band-pin path').length === 4, null, { timeout: 30_000 });
    const top = await page.locator('[data-chart="styles"] .runs-back .pin-line.stack-top path').first().getAttribute('d');
    expect((top?.match(/[ML]/g) ?? []).length).toBe(5);
    await page.locator('[data-chart="styles"]').screenshot({ path: screenshotPath('trace-styles-heldout-pinned.png') });
    await page.getByTestId('view-styles-main').click();
    await page.waitForFunction(() => document.querySelector('[data-chart="styles"] h3')?.textContent === 'Trace styles, training rollouts');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('an embed that names a trace chart shows why it is empty on a task without traces', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}?embed=1&charts=boundary,styles&${SMALL_RUN}`);
    await page.locator('.chart-card').nth(1).waitFor();
    expect(await page.locator('.chart-card').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.chart))).toEqual(['boundary', 'styles']);
    expect(await page.locator('[data-chart="styles"] .chart-empty').innerText()).toBe('Shown for tasks with worked traces: this run has none.');
    expect(await page.locator('[data-chart="boundary"] .chart-empty').innerText()).toBe('Press Run to start training.');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
