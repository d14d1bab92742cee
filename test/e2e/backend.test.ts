// The measured backend choice and the benchmark page in Chromium: ?bench=1 shows real
// figures (the JSON's numbers are the table's), `auto` times each usable backend and picks the
// fastest, the next run (and one with nearby settings) reuses the saved figures, "Measure
// again" re-times, and a forced backend is taken without measuring.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, suiteSession, waitForStatus, watchErrors } from './harness';
import type { BrowserBenchReport } from '../../src/workers/bench-protocol';
import type { BenchCache } from '../../src/engine/backend-bench';

const RUN = 'steps=4&evalEvery=4&evalProblems=8&evalSamples=2&seeds=1&promptsPerStep=4&rolloutsPerPrompt=4';
// This machine has no GPU: WebGL runs on a software renderer, which `auto` skips unless asked.
const MEASURED = `${RUN}&measureSoftware=1`;

/** The records with the wall-clock fields (which differ between identical runs) removed. */
function withoutTimings(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutTimings);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'stepMs' && k !== 'evalMs').map(([k, v]) => [k, withoutTimings(v)]));
  return x;
}

async function exportJson(page: Page): Promise<{ settings: { backend: string }; backend: { backend: string; how: string; reproduceWith: string; figures?: unknown[] }; records: unknown[] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

describeInBrowser('backend choice and benchmark page', () => {
  const s = suiteSession('backend', 'test-results/e2e-dist-backend', {}, { timeout: 600_000 });

  const savedCache = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('rlvr-backend-bench-v1') ?? '{}')) as Promise<BenchCache>;
  const label = async (page: Page) => {
    await page.waitForFunction(() => !!document.querySelector('[data-testid="backend-label"]')?.getAttribute('data-backend'), null, { timeout: 120_000 });
    return { backend: await page.getByTestId('backend-label').getAttribute('data-backend'), text: await page.getByTestId('backend-label').innerText() };
  };

  it('?bench=1 shows measured WASM figures and a JSON that parses to the same numbers', async () => {
    const page = await s.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${s.site.url}?bench=1&benchBackends=wasm&benchSteps=3&benchWarmup=1&task=add&seeds=1&promptsPerStep=4&rolloutsPerPrompt=4`);
    await page.waitForFunction(() => document.querySelector('.bench-page')?.getAttribute('data-bench-status') === 'done', null, { timeout: 120_000 });
    const row = page.locator('[data-testid="bench-row"][data-backend="wasm"]');
    const sps = Number(await row.getAttribute('data-steps-per-second'));
    expect(sps).toBeGreaterThan(0);
    const report = JSON.parse((await page.getByTestId('bench-json').textContent()) ?? '') as BrowserBenchReport;
    expect(report.format).toBe('rlvr-browser-bench-v1');
    expect(report.model).toBe('tiny');
    expect(report.settings).toMatchObject({ task: 'add', seeds: 1, promptsPerStep: 4, rolloutsPerPrompt: 4 });
    expect(report.results).toHaveLength(1);
    const f = report.results[0];
    expect(f.error).toBeUndefined();
    expect(f.stepsPerSecond).toBe(sps);
    expect(f.stepsTimed).toBe(3);
    // Consistent with each other: steps/s is 1000 / ms per step, and tokens were sampled.
    expect(f.stepsPerSecond * f.meanStepMs).toBeCloseTo(1000, 6);
    expect(f.tokensPerSecond).toBeGreaterThan(0);
    expect(await row.innerText()).toContain(f.stepsPerSecond.toFixed(2));
    expect(report.pick).toBe('wasm');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('auto measures each usable backend, picks the fastest, reuses the figures, and re-measures on request', async () => {
    const page = await s.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${s.site.url}?${MEASURED}`);
    const first = await label(page);
    const cache = await savedCache(page);
    const keys = Object.keys(cache);
    expect(keys).toHaveLength(1);
    const entry = cache[keys[0]];
    console.log(`[e2e backend] ${first.text.replace(/\n/g, ' | ')}`);
    // Headless Chromium here offers WASM and WebGL (no WebGPU adapter without the flag).
    expect(entry.figures.map((f) => f.backend)).toEqual(['wasm', 'webgl']);
    const fastest = [...entry.figures].filter((f) => !f.error).sort((a, b) => b.stepsPerSecond - a.stepsPerSecond)[0];
    expect(first.backend).toBe(fastest.backend);
    expect(entry.pick).toBe(fastest.backend);
    expect(first.text).toMatch(/(WASM|WebGL) [\d.]+ steps\/s, (WASM|WebGL) [\d.]+ on this device/);
    await page.getByTestId('backend-remeasure').waitFor({ timeout: 30_000 });

    // The next run with the same settings takes the saved figures: no new measurement.
    await page.reload();
    const again = await label(page);
    expect(again.backend).toBe(first.backend);
    expect(again.text).toMatch(/on this device \(measured \d{4}-\d\d-\d\d\)/);
    expect((await savedCache(page))[keys[0]].at).toBe(entry.at);

    // Nearby settings (2 seeds instead of 1: twice the work per step) reuse the pick, and say so.
    await page.goto(`${s.site.url}?${MEASURED.replace('seeds=1', 'seeds=2')}`);
    const nearby = await label(page);
    expect(nearby.backend).toBe(first.backend);
    expect(nearby.text).toMatch(/on this device \(measured \d{4}-\d\d-\d\d at B=4, K=4, 1 seed\)/);
    expect(Object.keys(await savedCache(page))).toEqual(keys);

    // "Measure again" forgets the figures and times the backends again.
    await page.getByTestId('backend-remeasure').click();
    await page.waitForFunction((at) => {
      const c = JSON.parse(localStorage.getItem('rlvr-backend-bench-v1') ?? '{}') as Record<string, { at: number }>;
      return Object.values(c).some((e) => e.at > at);
    }, entry.at, { timeout: 120_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an auto run\'s export names the backend and how it was chosen; forcing that backend reproduces its records', async () => {
    const run = MEASURED.replace('seeds=1', 'seeds=2'); // two seeds: the WASM run spreads them over two workers
    const page = await s.context.newPage();
    await page.goto(`${s.site.url}?${run}`);
    await waitForStatus(page, ['finished'], 180_000);
    const auto = await exportJson(page);
    expect(auto.settings.backend).toBe('auto');
    expect(['measured', 'cached']).toContain(auto.backend.how);
    expect(auto.backend.figures?.length).toBeGreaterThan(1);
    expect(auto.backend.reproduceWith).toBe(`backend=${auto.backend.backend}`);
    await page.goto(`${s.site.url}?${run}&${auto.backend.reproduceWith}`);
    await waitForStatus(page, ['finished'], 180_000);
    const forced = await exportJson(page);
    expect(forced.backend).toMatchObject({ backend: auto.backend.backend, how: 'forced' });
    expect(forced.records.length).toBe(auto.records.length);
    expect(withoutTimings(forced.records)).toEqual(withoutTimings(auto.records));
    await page.close();
  });

  it('auto skips a software WebGL renderer: WASM is the only fast backend, taken without measuring', async () => {
    const page = await s.context.newPage();
    await page.goto(`${s.site.url}?${RUN}`);
    await page.evaluate(() => localStorage.removeItem('rlvr-backend-bench-v1'));
    await page.reload();
    const l = await label(page);
    expect(l.backend).toBe('wasm');
    expect(l.text).toMatch(/WASM: the only fast backend here \(.*WebGL renderer is software \(.*\), not measured\)/);
    expect(await page.evaluate(() => localStorage.getItem('rlvr-backend-bench-v1'))).toBeNull();
    expect(new URL(page.url()).searchParams.has('measureSoftware')).toBe(false);
    await page.close();
  });

  it('a forced backend is taken as asked, without measuring', async () => {
    const page = await s.context.newPage();
    await page.evaluate(() => localStorage.clear()).catch(() => undefined);
    await page.goto(`${s.site.url}?${RUN}&backend=wasm`);
    await page.evaluate(() => localStorage.removeItem('rlvr-backend-bench-v1'));
    await page.reload();
    const l = await label(page);
    expect(l.backend).toBe('wasm');
    expect(l.text).toContain('WASM (requested)');
    expect(await page.getByTestId('backend-remeasure').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('rlvr-backend-bench-v1'))).toBeNull();
    await page.close();
  });
});
