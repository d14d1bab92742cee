// Real-browser tests: Debian's Chromium driven by playwright-core against a production
// build served by vite preview. Runs are kept small (SMALL_RUN) so the suite is quick
// on two cores.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, SMALL_RUN, appAttr, describeInBrowser, controlValues, openMoreSettings, screenshotPath, waitForStatus, watchErrors, suiteSession, type Session } from './harness';
import { hostileQueries } from './hostile-links';

let session: Session; // filled in by suiteSession before the tests run
/** Longer than the store's restart debounce and the URL sync delay. */
const RESTART_WAIT_MS = 800;


async function open(query = '', viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await session.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors = watchErrors(page);
  await page.goto(session.site.url + (query ? `?${query}` : ''), { waitUntil: 'load' });
  await page.locator('.app').waitFor();
  return { page, errors };
}

/** Download the live run's CSV and return its lines. */
async function exportCsv(page: Page): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  return readFileSync((await download.path())!, 'utf8').trim().split('\n');
}

/** Drop the wall-clock columns (stepMs, evalMs, with their per-seed and standard-error columns), which differ between identical runs. */
function withoutTimings(lines: string[]): string[] {
  // Fields can be quoted lists ("[0,1,2]"): split on the commas outside quotes.
  const cells = (l: string) => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (const ch of l) {
      if (ch === '"') quoted = !quoted;
      if (ch === ',' && !quoted) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = cells(lines[0]);
  const drop = new Set(header.flatMap((c, i) => (/^(stepMs|evalMs)(_se|@seed\d+)?$/.test(c) ? [i] : [])));
  return lines.map((l) => cells(l).filter((_, i) => !drop.has(i)).join(','));
}

/**
 * Two real 2,000-step runs of 4 seeds each, trained by `npm run train` (the same engine) with
 * a small batch so they take minutes, not hours. Made once (about 5 minutes on two cores) and
 * kept in test-results/fixtures (gitignored); the frame-time test pins them with Import run.
 */
const LONG_ARGS = ['--steps', '2000', '--seeds', '4', '--b', '2', '--k', '2', '--eval-every', '50', '--eval-problems', '8', '--eval-samples', '4'];
const LONG_QUERY = 'steps=2000&seeds=4&promptsPerStep=2&rolloutsPerPrompt=2&evalEvery=50&evalProblems=8&evalSamples=4';
async function longRuns(): Promise<string[]> {
  const dir = resolve(ROOT, 'test-results/fixtures');
  mkdirSync(dir, { recursive: true });
  const runs = [11, 21].map((seed) => ({ seed, file: resolve(dir, `long-2000x4-s${seed}.json`) }));
  const t0 = Date.now();
  await Promise.all(runs.filter((r) => !existsSync(r.file)).map(async (r) => {
    const tmp = `${r.file}.part.json`;
    await promisify(execFile)(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/train.ts', ...LONG_ARGS, '--seed', String(r.seed), '--out', tmp],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    renameSync(tmp, r.file);
  }));
  if (Date.now() - t0 > 1000) console.log(`[e2e] trained the 2,000-step fixtures in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  return runs.map((r) => r.file);
}

/**
 * The p95 frame interval the long-run charts must stay under (ms). They mostly hold 17-50 ms
 * (one to three 60 Hz frames), but on a two-core machine that other test runs load (load
 * average 10-13) the same scene gave 16.8 to 100 ms from run to run, so the bound is a guard
 * against the old behaviour (p95 100-400 ms, ~400 ms median frames with seed lines), not the
 * typical figure, which the log prints.
 */
const FRAME_P95_MS = 150;

/** Frame intervals (requestAnimationFrame) over `ms` of wall time. */
async function frameTimes(page: Page, ms: number): Promise<{ median: number; p95: number; max: number; n: number }> {
  const frames = await page.evaluate((dur) => new Promise<number[]>((done) => {
    const out: number[] = [];
    const start = performance.now();
    let last = start;
    const tick = (t: number) => {
      out.push(t - last);
      last = t;
      if (t - start < dur) requestAnimationFrame(tick);
      else done(out.slice(1));
    };
    requestAnimationFrame(tick);
  }), ms);
  const sorted = [...frames].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, p95: sorted[Math.floor(sorted.length * 0.95)] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, n: frames.length };
}

/** Number of points the live run has on a chart. */
async function points(page: Page, chart: string): Promise<number> {
  return Number(await page.locator(`[data-chart="${chart}"]`).getAttribute('data-points'));
}

describeInBrowser('playground in Chromium', () => {
  session = suiteSession('playground', undefined);

  it('loads with no console errors and shows the backend with its reason', async () => {
    const { page, errors } = await open();
    const label = page.getByTestId('backend-label');
    await page.waitForFunction(() => !!document.querySelector('[data-testid="backend-label"]')?.getAttribute('data-backend'), null, { timeout: 60_000 });
    const backend = await label.getAttribute('data-backend');
    const text = await label.innerText();
    console.log(`[e2e] backend label: ${text.replace(/\n/g, ' | ')}`);
    expect(['wasm', 'webgl', 'cpu', 'webgpu']).toContain(backend);
    expect(text).toMatch(/Backend: (WASM|WEBGL|CPU|WEBGPU)/);
    expect(text.length).toBeGreaterThan(20);
    // The default view once the base model has been evaluated.
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-evals')) > 0, null, { timeout: 120_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('default-view.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('runs to the end, charts gain points, the UI stays responsive, same seed gives the same records, the previous run stays as a ghost', async () => {
    const { page, errors } = await open(SMALL_RUN);
    // Frame times while training streams records (from the first step to the end), with requestAnimationFrame.
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-steps')) > 0, null, { timeout: 120_000, polling: 20 });
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[] };
      w.__frames = [];
      let last = performance.now();
      const tick = (t: number) => {
        w.__frames.push(t - last);
        last = t;
        if (document.querySelector('.app')?.getAttribute('data-status') === 'running') requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const before = await points(page, 'pass');
    await waitForStatus(page, ['finished'], 180_000);
    const frames = await page.evaluate(() => (window as unknown as { __frames: number[] }).__frames.slice(1));
    const sorted = [...frames].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? NaN;
    console.log(`[e2e] frame times during a run: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms over ${frames.length} frames`);
    expect(frames.length).toBeGreaterThan(10);
    expect(median).toBeLessThan(50);

    const evalPts = await points(page, 'pass');
    const stepPts = await points(page, 'reward');
    expect(evalPts).toBeGreaterThan(before);
    expect(evalPts).toBe(5); // steps 0, 5, 10, 15, 20
    expect(stepPts).toBe(20);
    expect(await page.getByTestId('progress-steps').innerText()).toBe('Step 20 / 20');
    expect(await page.locator('[data-chart="pass"] path.recharts-line-curve').count()).toBeGreaterThanOrEqual(2);

    // Export the history as CSV.
    const csv1 = await exportCsv(page);
    expect(csv1[0]).toMatch(/^type,step,rollouts,/);
    expect(csv1.length).toBe(1 + 20 + 5);

    // A chart as PNG.
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download Held-out pass@1 and pass@k as PNG/ }).click()]);
    expect(png.suggestedFilename()).toMatch(/^rlvr-pass-.*\.png$/);
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5000);

    // Same settings and seed again: the same records (timings aside).
    await page.getByTestId('run-toggle').click();
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-run-id')) === 2, null, { timeout: 60_000 });
    await waitForStatus(page, ['finished'], 180_000);
    expect(withoutTimings(await exportCsv(page))).toEqual(withoutTimings(csv1));

    // A third run with a false-negative verifier: the second stays on the charts as the faint ghost.
    await page.locator('#setting-fnRate').focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-run-id')) === 3, null, { timeout: 60_000 });
    await waitForStatus(page, ['finished'], 180_000);
    expect(await page.getByTestId('ghost-chip').count()).toBe(1);
    expect(await page.locator('[data-chart="pass"] .ghost-line').count()).toBeGreaterThan(0);
    expect(await page.locator('.run-live').innerText()).toContain('fn 0.3');
    await page.waitForTimeout(200);
    await page.screenshot({ path: screenshotPath('finished-with-ghost.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 420_000);

  it('a multi-seed run draws a band of one standard error; "Show each seed" draws each seed; smoothing is a view option', async () => {
    // Two seeds, not the default three, so the run label and the link must name them.
    const { page, errors } = await open(`seeds=2&${SMALL_RUN}`);
    expect(await page.locator('#setting-seeds').getAttribute('aria-valuetext')).toBe('2');
    await waitForStatus(page, ['finished'], 300_000);
    expect(await page.locator('.run-live').innerText()).toContain('seeds 2');
    expect(new URL(page.url()).searchParams.get('seeds')).toBe('2');

    // The band on the pass@1 chart: a filled area with a real path, one per pass@k series.
    const bands = page.locator('[data-chart="pass"] .band-live path.recharts-area-area');
    expect(await bands.count()).toBeGreaterThanOrEqual(1);
    const d = (await bands.first().getAttribute('d')) ?? '';
    expect(d.length).toBeGreaterThan(40);
    expect(d).not.toContain('NaN');
    expect(await page.locator('[data-chart="reward"] .band-live path.recharts-area-area').count()).toBeGreaterThanOrEqual(2);
    // Readouts: mean ± standard error over the seeds.
    expect(await page.getByTestId('readout-pass1').locator('.readout-value').innerText()).toMatch(/^\d+\.\d ± \d+\.\d%$/);
    expect(await page.getByTestId('readout-capability').locator('.readout-value').innerText()).toMatch(/±/);

    // Smoothing (default 0.6): the raw step values stay faint behind the smoothed mean.
    expect(await page.locator('[data-chart="reward"] .raw-line path.recharts-line-curve').count()).toBeGreaterThanOrEqual(2);
    const smoothedD = await page.locator('[data-chart="kl"] .live-line path.recharts-line-curve').getAttribute('d');

    // Each seed as a thin line: three per series.
    expect(await page.locator('[data-chart="pass"] .seed-line').count()).toBe(0);
    await page.getByTestId('show-seeds').check();
    const seedLines = page.locator('[data-chart="pass"] .seed-line-live path.recharts-line-curve');
    await seedLines.first().waitFor({ timeout: 10_000 });
    const passSeries = await page.locator('[data-chart="pass"] .live-line').count();
    expect(await seedLines.count()).toBe(2 * passSeries);
    // One vertex per evaluation (steps 0, 5, 10, 15, 20).
    for (const l of await seedLines.all()) expect((await l.getAttribute('d')) ?? '').toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){4}$/);
    await page.waitForTimeout(200);
    await page.screenshot({ path: screenshotPath('bands.png'), fullPage: true });
    await page.locator('.readouts').screenshot({ path: screenshotPath('bands-readouts.png') });
    await page.locator('[data-chart="pass"]').screenshot({ path: screenshotPath('bands-pass-chart.png') });
    await page.locator('[data-chart="zerostd"]').screenshot({ path: screenshotPath('bands-zerostd-chart.png') });

    // Smoothing off: the raw lines go, the curve changes, the run and its link do not.
    const url = page.url();
    const runId = await appAttr(page, 'data-run-id');
    await page.getByTestId('smoothing').fill('0');
    await page.waitForFunction(() => document.querySelectorAll('[data-chart="reward"] .raw-line').length === 0, null, { timeout: 10_000 });
    expect(await page.locator('[data-chart="kl"] .live-line path.recharts-line-curve').getAttribute('d')).not.toBe(smoothedD);
    await page.waitForTimeout(RESTART_WAIT_MS);
    expect(await appAttr(page, 'data-run-id')).toBe(runId);
    expect(page.url()).toBe(url);

    // Bands for the previous run and a pinned run too, in their own colours and lighter.
    await page.getByTestId('smoothing').fill('0.6');
    await page.getByTestId('pin-run').click();
    await openMoreSettings(page);
    for (const [seed, id] of [['5', Number(runId) + 1], ['9', Number(runId) + 2]] as const) {
      await page.locator('#setting-seed').fill(seed);
      await page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-run-id')) === n, id, { timeout: 60_000 });
      await waitForStatus(page, ['finished'], 300_000);
    }
    expect(await page.getByTestId('ghost-chip').count()).toBe(1);
    expect(await page.getByTestId('pinned-chip').count()).toBe(1);
    for (const role of ['live', 'ghost', 'pin']) {
      const band = page.locator(`[data-chart="pass"] .band-${role} path.recharts-area-area`);
      expect(await band.count()).toBeGreaterThanOrEqual(1);
      expect(((await band.first().getAttribute('d')) ?? '').length).toBeGreaterThan(40);
    }
    await page.getByTestId('show-seeds').uncheck();
    await page.waitForTimeout(200);
    await page.screenshot({ path: screenshotPath('bands-ghost-pinned.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);

  it('frame times stay low while a 4-seed run trains beside a previous run and two pinned 2,000-step runs of 4 seeds', async () => {
    const files = await longRuns();
    const { page, errors } = await open(`${LONG_QUERY}&seed=31`);
    // Two pinned runs of 2,000 steps x 4 seeds, imported from the files npm run train wrote.
    await page.getByTestId('import-run').setInputFiles(files);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pinned-chip"]').length === 2, null, { timeout: 60_000 });
    // The pinned layer draws after the chips appear (it renders deferred): wait for its bands.
    await page.waitForFunction(() => document.querySelectorAll('[data-chart="reward"] .band-pin path.recharts-area-area').length >= 2, null, { timeout: 60_000 });
    // The previous run: trained here past MAX_STEP_POINTS (250) steps, so its step charts draw as many
    // points per series as a 2,000-step run does (longer runs are bucketed down to 250).
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-steps')) >= 260, null, { timeout: 300_000, polling: 500 });
    await openMoreSettings(page);
    await page.locator('#setting-seed').fill('41');
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-run-id')) === 2, null, { timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-steps')) > 0, null, { timeout: 120_000 });
    expect(await page.getByTestId('ghost-chip').count()).toBe(1);
    expect(await page.locator('[data-chart="reward"] .band-ghost path.recharts-area-area').count()).toBeGreaterThanOrEqual(2);
    const s0 = Number(await appAttr(page, 'data-steps'));
    const f = await frameTimes(page, 15_000);
    const s1 = Number(await appAttr(page, 'data-steps'));
    expect(await appAttr(page, 'data-status')).toBe('running');
    console.log(`[e2e] frame times, 4 seeds + previous + 2 pinned 2,000-step runs, while training (live run steps ${s0} -> ${s1}): median ${f.median.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms over ${f.n} frames (${(f.n / 15).toFixed(0)} frames/s)`);
    await page.screenshot({ path: screenshotPath('frames-4-seeds-ghost-2-pins.png'), fullPage: true });
    expect(s1).toBeGreaterThan(s0);
    expect(f.n).toBeGreaterThan(100);
    expect(f.median).toBeLessThan(20);
    // Smooth, not just a good median. The charts' runs are plain SVG paths of at most 250 bucket
    // means and a batch redraws only the live layer (src/ui/charts/Layers.tsx): with the mechanism panel out of
    // the page (display: none, so its recharts charts draw nothing) the p95 is held to a bound.
    // The whole page's p95 is logged: the mechanism panel's recharts step charts still redraw in
    // full on each batch (long tasks of 50-170 ms on two busy cores).
    const hideMechanism = await page.addStyleTag({ content: '.mechanism { display: none !important }' });
    await page.waitForTimeout(300);
    const c = await frameTimes(page, 10_000);
    console.log(`[e2e] ... the charts alone (mechanism panel hidden): median ${c.median.toFixed(1)} ms, p95 ${c.p95.toFixed(1)} ms, max ${c.max.toFixed(1)} ms over ${c.n} frames (${(c.n / 10).toFixed(0)} frames/s)`);
    expect(c.median).toBeLessThan(20);
    expect(c.p95).toBeLessThan(FRAME_P95_MS);
    // "Show each seed" on the live run in the same scene: 4 thin lines per series on top.
    await page.getByTestId('show-seeds').check();
    await page.locator('[data-chart="reward"] .seed-line-live').first().waitFor({ timeout: 10_000 });
    const g = await frameTimes(page, 8_000);
    console.log(`[e2e] ... with "Show each seed", the charts alone: median ${g.median.toFixed(1)} ms, p95 ${g.p95.toFixed(1)} ms, max ${g.max.toFixed(1)} ms over ${g.n} frames (${(g.n / 8).toFixed(0)} frames/s)`);
    expect(g.median).toBeLessThan(20);
    expect(g.p95).toBeLessThan(FRAME_P95_MS);
    await hideMechanism.evaluate((el) => (el as Element).remove());
    const h = await frameTimes(page, 8_000);
    console.log(`[e2e] ... with "Show each seed", the whole page: median ${h.median.toFixed(1)} ms, p95 ${h.p95.toFixed(1)} ms, max ${h.max.toFixed(1)} ms over ${h.n} frames (${(h.n / 8).toFixed(0)} frames/s)`);
    expect(h.median).toBeLessThan(20);
    // Hovering a chart lists every drawn run at the nearest step: this run, the previous one, two pinned.
    const plot = (await page.locator('[data-chart="reward"] .hover-catcher').boundingBox())!;
    await page.mouse.move(plot.x + 3, plot.y + plot.height / 2);
    const tip = page.getByTestId('tooltip-reward');
    await tip.waitFor({ timeout: 5_000 });
    expect(await tip.locator('.tooltip-run').count()).toBe(4);
    expect(await tip.innerText()).toMatch(/true: \d+\.\d ± \d+\.\d%/);
    await page.locator('[data-chart="reward"]').screenshot({ path: screenshotPath('frames-hover-reward.png') });
    await page.mouse.move(0, 0);
    expect(errors).toEqual([]);
    await page.close();
  }, 900_000);

  it('pause holds the run, a run can be pinned, moving the false-negative slider restarts the run', async () => {
    const { page, errors } = await open(SMALL_RUN);
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-steps')) > 0, null, { timeout: 120_000 });
    // Pause holds the run still; resume continues it.
    await page.getByTestId('run-toggle').click();
    await waitForStatus(page, ['paused'], 60_000);
    // The step in flight when Pause was pressed still lands (with its evaluation, if one was due):
    // wait until the count has been still for a second before checking that it stays still.
    let held = await appAttr(page, 'data-steps');
    for (let still = 0, t = Date.now(); still < 4 && Date.now() - t < 15_000;) {
      await page.waitForTimeout(250);
      const now = await appAttr(page, 'data-steps');
      still = now === held ? still + 1 : 0;
      held = now;
    }
    await page.waitForTimeout(1500);
    expect(await appAttr(page, 'data-steps')).toBe(held);
    await page.getByTestId('run-toggle').click();
    await waitForStatus(page, ['running', 'finished'], 60_000);
    await page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-steps')) > n, Number(held), { timeout: 60_000 });
    await page.getByTestId('pin-run').click();
    expect(await page.getByTestId('pinned-chip').count()).toBe(1);

    const firstId = Number(await appAttr(page, 'data-run-id'));
    const slider = page.locator('#setting-fnRate');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await slider.getAttribute('aria-valuetext')).toBe('0.1');
    await page.waitForFunction((id) => Number(document.querySelector('.app')?.getAttribute('data-run-id')) > id, firstId, { timeout: 60_000 });
    const live = await page.locator('.run-live').innerText();
    expect(live).toContain('fn 0.1');
    expect(await page.getByTestId('ghost-chip').count()).toBe(1);
    expect(await page.getByTestId('pinned-chip').count()).toBe(1);
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-steps')) > 0, null, { timeout: 120_000 });
    expect(new URL(page.url()).searchParams.get('fnRate')).toBe('0.1');
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('a copied link opened in a new page restores the same settings', async () => {
    const { page } = await open(SMALL_RUN);
    await page.locator('#setting-fpRate').focus();
    await page.keyboard.press('ArrowRight');
    await openMoreSettings(page);
    await page.locator('#setting-verifier').selectOption('lastDigit');
    await page.locator('#setting-stdNorm').uncheck();
    await page.locator('#setting-lr').focus();
    await page.keyboard.press('ArrowLeft');
    await page.locator('#setting-seed').fill('4242');
    await page.getByTestId('copy-link').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toContain('verifier=lastDigit');
    expect(link).toContain('seed=4242');
    const expected = await controlValues(page);
    await page.close();

    const second = await session.context.newPage();
    const errors = watchErrors(second);
    await second.goto(link);
    await second.locator('.app').waitFor();
    expect(await controlValues(second)).toEqual(expected);
    expect(await second.getByTestId('notice').count()).toBe(0);
    expect(errors).toEqual([]);
    await second.close();
  }, 120_000);

  it('embed mode fits 640x480, autoplays and gives the iframe code', async () => {
    const { page, errors } = await open(`${SMALL_RUN}&embed=1&autoplay=1`, { width: 640, height: 480 });
    await waitForStatus(page, ['finished'], 180_000);
    const size = await page.evaluate(() => ({
      w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight,
    }));
    expect(size.w).toBeLessThanOrEqual(640);
    expect(size.h).toBeLessThanOrEqual(480);
    // The default embed charts: pass@1/pass@k and reward (charts= picks others).
    expect(await page.locator('.chart-card').count()).toBe(2);
    for (const c of await page.locator('.chart-card').all()) {
      const box = (await c.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(480);
      expect(box.height).toBeGreaterThan(100);
    }
    expect(await points(page, 'pass')).toBe(5);
    await page.screenshot({ path: screenshotPath('embed-640x480.png') });
    await page.getByTestId('copy-embed').click();
    const code = await page.getByTestId('share-embed').inputValue();
    expect(code).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?steps=20&amp;evalEvery=5&amp;evalProblems=16&amp;embed=1" width="640" height="480"/);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('embed mode without autoplay waits for the user', async () => {
    const { page } = await open(`${SMALL_RUN}&embed=1`, { width: 640, height: 480 });
    await page.waitForTimeout(500);
    expect(await appAttr(page, 'data-status')).toBe('idle');
    await page.getByTestId('run-toggle').click();
    await waitForStatus(page, ['loading', 'running', 'finished'], 60_000);
    await page.close();
  }, 60_000);

  it('200 malformed or hostile links each load defaults with a notice and run no script', async () => {
    const t0 = Date.now();
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(session.site.url);
    await page.locator('.app').waitFor();
    const defaults = await controlValues(page);
    const failures: string[] = [];
    const queries = hostileQueries(200);
    for (const q of queries) {
      await page.goto(`${session.site.url}?${q}`, { waitUntil: 'domcontentloaded' });
      // One round trip per link: wait in the page for the first render, then read everything.
      const state = await page.evaluate(async () => {
        const t0 = performance.now();
        while (!document.querySelector('[data-testid="notice"]')) {
          if (performance.now() - t0 > 10_000) break;
          await new Promise((r) => setTimeout(r, 15));
        }
        const values: Record<string, string> = {};
        document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-setting]').forEach((el) => {
          values[el.dataset.setting!] = el instanceof HTMLInputElement && el.type === 'checkbox' ? String(el.checked)
            : el instanceof HTMLInputElement && el.type === 'range' ? (el.getAttribute('aria-valuetext') ?? el.value) : el.value;
        });
        return {
          notice: document.querySelectorAll('[data-testid="notice"]').length,
          pwned: (window as unknown as { __pwned?: unknown }).__pwned,
          polluted: ({} as Record<string, unknown>).polluted,
          app: !!document.querySelector('.app .charts'),
          scripts: document.querySelectorAll('script:not([type="module"])').length,
          injected: document.querySelectorAll('.notice img, .notice svg, .notice iframe, .notice script').length,
          values,
        };
      });
      const { values, ...flags } = state;
      if (flags.notice !== 1 || flags.pwned !== undefined || flags.polluted !== undefined || !flags.app || flags.scripts > 0 || flags.injected > 0) {
        failures.push(`${q.slice(0, 80)}: ${JSON.stringify(flags)}`);
      }
      if (JSON.stringify(values) !== JSON.stringify(defaults)) failures.push(`${q.slice(0, 80)}: settings differ from defaults`);
    }
    console.log(`[e2e] ${queries.length} hostile links checked in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    expect(failures).toEqual([]);
    expect(dialogs).toBe(0);
    expect(errors.filter((e) => !/net::ERR_ABORTED|aborted/i.test(e))).toEqual([]);
    await page.close();
  }, 300_000);

  it('a worker that dies is reported and the user can restart', async () => {
    const page = await session.context.newPage();
    let broken = true;
    await page.route(/engine\.worker.*\.js/, (route) =>
      broken ? route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("simulated worker crash");' }) : route.continue(),
    );
    await page.goto(`${session.site.url}?${SMALL_RUN}`);
    const banner = page.getByTestId('run-error');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toMatch(/worker/i);
    expect(await appAttr(page, 'data-status')).toBe('crashed');
    broken = false;
    await banner.getByRole('button', { name: 'Restart run' }).click();
    await waitForStatus(page, ['running', 'finished'], 60_000);
    await page.close();
  }, 120_000);

  it('a worker whose role cannot load is reported as a crash too', async () => {
    // The one worker bundle loads the trainer's module after it starts (src/workers/engine.worker.ts).
    const page = await session.context.newPage();
    await page.route(/trainer-role.*\.js/, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'gone' }));
    await page.goto(`${session.site.url}?${SMALL_RUN}`);
    const banner = page.getByTestId('run-error');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toMatch(/worker/i);
    expect(await appAttr(page, 'data-status')).toBe('crashed');
    await page.close();
  }, 60_000);

  it('an unsupported browser gets a message, not a blank page', async () => {
    const page = await session.context.newPage();
    await page.addInitScript(() => {
      delete (window as unknown as { WebAssembly?: unknown }).WebAssembly;
    });
    await page.goto(session.site.url);
    const msg = page.getByTestId('unsupported');
    await msg.waitFor({ timeout: 60_000 });
    expect(await msg.innerText()).toContain('WebAssembly');
    await page.close();
  }, 60_000);
});
