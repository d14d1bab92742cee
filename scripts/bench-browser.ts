// npm run bench:browser [-- --models tiny,small,medium --backends wasm,webgl,webgpu --query "task=add&seeds=1" --out bench/browser.json --ratio --rounds 3]
// npm run bench:browser -- --verdict <preset-id>[,<id>...|default]: time to a preset's closing sentence (lib/verdict.ts).
// Builds the site once, serves it, and opens the ?bench=1 page in headless Chromium (WebGPU
// switched on: here that is SwiftShader's software adapter) once per model size and backend,
// each in a fresh page so one backend's state cannot slow the next. Prints exactly one line
// per backend and size, `browser-<backend> <model>: X steps/s`; everything else (adapter,
// failures, notes) is on lines that start with two spaces. The full reports go to JSON.
// --ratio also times the page's WASM benchmark (its settings and timing, read from its report)
// in this Node process right after each WASM page, and prints
// `browser/node wasm <model>: R (browser X, node Y steps/s)`; --rounds N repeats both N times,
// alternating, and uses the best of each (the machine may be shared). With --ratio the timing
// defaults to 20 warm-up and 50 timed steps (past the JIT's warm-up; see below).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { buildAndServe, ROOT } from './lib/site';
import { chromiumArgs, findExisting, INSTALL_HINT } from './lib/browser';
import type { BrowserBenchReport } from '../src/workers/bench-protocol';
import { CliError } from '../src/experiments/cli-args';
import { runMain } from './lib/main';
import { nodeWasmStepsPerSecond, ratioLine } from './lib/node-vs-browser';
import { workerCpuMs } from './lib/worker-cpu';
import { runVerdicts, verdictPlans } from './lib/verdict';

const BACKENDS = ['webgpu', 'wasm', 'webgl', 'cpu'];

/** Chromium's path, or a CliError saying how to get it (checked before the site is built). */
function chromiumPath(): string {
  const found = findExisting();
  if (!found?.ok) throw new CliError(found && !found.ok ? found.message : `No Chromium found; run: ${INSTALL_HINT}`);
  return found.path;
}

/** `--verdict <ids>`: time each preset link (or a default run) to its answer; see lib/verdict.ts. */
async function verdict(ids: string, timeoutS: number): Promise<void> {
  const plans = verdictPlans(ids);
  const executablePath = chromiumPath();
  const site = await buildAndServe({}, path.resolve(ROOT, 'bench/verdict-dist'));
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs() });
  try {
    await runVerdicts(browser, site.url, plans, timeoutS);
  } finally {
    await browser.close();
    await site.close();
  }
}

runMain(async () => {
  const { values } = parseArgs({ options: {
    models: { type: 'string', default: 'tiny,small,medium' },
    backends: { type: 'string', default: 'wasm,webgl,webgpu' },
    query: { type: 'string', default: 'task=add&seeds=1' },
    steps: { type: 'string' },
    warmup: { type: 'string' },
    'cap-ms': { type: 'string', default: '20000' },
    'timeout-s': { type: 'string', default: '300' },
    out: { type: 'string', default: 'bench/browser.json' },
    ratio: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '1' },
    verdict: { type: 'string' },
  } });
  if (values.verdict !== undefined) return verdict(values.verdict, Number(values['timeout-s']));
  // A fresh page's worker runs its first ~10 steps at about half speed while V8 optimises the
  // engine's JavaScript (steps 3-12 at 75-170 ms, then ~40 ms, on the 2-core VM); a 10-step
  // window measures mostly that. --ratio compares the engines where a run spends its time, past
  // the warm-up, with the same window on both sides.
  values.warmup ??= values.ratio ? '20' : '2';
  values.steps ??= values.ratio ? '50' : '10';
  const models = values.models!.split(',').map((m) => m.trim()).filter(Boolean);
  const backends = values.backends!.split(',').map((b) => b.trim()).filter(Boolean);
  const bad = backends.filter((b) => !BACKENDS.includes(b));
  if (bad.length) throw new CliError(`--backends: unknown ${bad.join(', ')} (choose from ${BACKENDS.join(', ')})`);
  if (!models.every((m) => /^[a-z0-9-]+$/i.test(m))) throw new CliError('--models: comma-separated model size names, e.g. tiny,small');
  const executablePath = chromiumPath();

  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10) throw new CliError('--rounds: a whole number from 1 to 10 (with --ratio: browser and Node runs, alternating)');
  const site = await buildAndServe({}, path.resolve(ROOT, 'bench/browser-dist'));
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs({ webgpu: true }) });
  const reports: BrowserBenchReport[] = [];
  const pageUrl = (model: string, backend: string) => {
    const q = new URLSearchParams(values.query);
    q.set('model', model);
    q.set('bench', '1');
    q.set('benchBackends', backend);
    q.set('benchSteps', values.steps!);
    q.set('benchWarmup', values.warmup!);
    q.set('benchCapMs', values['cap-ms']!);
    return `${site.url}?${q}`;
  };
  const finished = (page: Page) => page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('.bench-page')?.getAttribute('data-bench-status') ?? ''), null,
    { timeout: Number(values['timeout-s']) * 1000, polling: 250 });
  /** A further round of one page's benchmark: its steps/s, or null when it did not finish. */
  const timePage = async (model: string, backend: string): Promise<number | null> => {
    const page = await browser.newPage();
    try {
      await page.goto(pageUrl(model, backend));
      await finished(page);
      if (await page.locator('.bench-page').getAttribute('data-bench-status') !== 'done') return null;
      const f = (JSON.parse((await page.getByTestId('bench-json').textContent()) ?? '') as BrowserBenchReport).results[0];
      return f && !f.error ? f.stepsPerSecond : null;
    } finally {
      await page.close();
    }
  };
  try {
    // A first visit installs the service worker, which precaches the whole site (~15 MB) while
    // the page runs; on two cores that competed with the first page's timed steps (rounds 2
    // and 3 of a --ratio run were 20-40% faster than round 1). Visit once and wait until the
    // worker is active (its precache done), as a returning user's page would be.
    const warm = await browser.newPage();
    try {
      await warm.goto(site.url);
      const ready = await warm.evaluate(() => Promise.race([
        navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : Promise.resolve(false),
        new Promise<boolean>((r) => setTimeout(() => r(false), 60_000)),
      ]));
      if (!ready) console.log('  no service worker became active within 60 s: the first page may compete with its precache');
    } finally {
      await warm.close();
    }
    for (const model of models) {
      for (const backend of backends) {
        const page = await browser.newPage();
        let ratioOf: { report: BrowserBenchReport; browser: number; cpuMs: number | null } | null = null;
        // With --ratio the WASM page is traced lightly, for its worker's CPU time.
        const traced = values.ratio && backend === 'wasm';
        if (traced) await browser.startTracing(undefined, { categories: ['toplevel', 'v8.execute'] });
        try {
          await page.goto(pageUrl(model, backend));
          await finished(page);
          const status = await page.locator('.bench-page').getAttribute('data-bench-status');
          if (status !== 'done') {
            console.log(`  browser-${backend} ${model}: benchmark stopped: ${await page.locator('[role="alert"]').textContent()}`);
            continue;
          }
          const report = JSON.parse((await page.getByTestId('bench-json').textContent()) ?? '') as BrowserBenchReport;
          if (report.model !== model) {
            console.log(`  browser-${backend} ${model}: the page ran model "${report.model}" (model=${model} does not ship for this task and base): not reported`);
            continue;
          }
          reports.push(report);
          const f = report.results[0];
          if (!f || f.error) {
            console.log(`  browser-${backend} ${model}: failed: ${f?.error ?? 'no result'}`);
            continue;
          }
          console.log(`browser-${backend} ${model}: ${f.stepsPerSecond.toFixed(2)} steps/s`);
          const a = report.adapter;
          const notes = [
            `${f.seedStepsPerSecond.toFixed(2)} seed-steps/s, ${Math.round(f.tokensPerSecond)} tokens/s, ${f.meanStepMs.toFixed(0)} ms/step over ${f.stepsTimed} steps${f.capped ? ' (time cap)' : ''}`,
            backend === 'webgpu' && a ? `adapter ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' / ')}${a.software ? ': a SOFTWARE adapter, not a GPU figure' : ''}` : '',
            backend === 'webgpu' && a ? '' : f.note ?? '', // the adapter line already says it is software
          ].filter(Boolean);
          for (const n of notes) console.log(`  ${n}`);
          if (traced) ratioOf = { report, browser: f.stepsPerSecond, cpuMs: workerCpuMs((await browser.stopTracing()).toString('utf8')) };
        } finally {
          if (traced && !ratioOf) await browser.stopTracing().catch(() => undefined);
          await page.close();
        }
        if (ratioOf) {
          // Straight after the page (closed, so nothing of it runs meanwhile), then further
          // rounds of both, alternating: on a machine others share, the best of each side is
          // the figure least hit by their load.
          const browserRuns = [ratioOf.browser];
          const cpu0 = process.cpuUsage();
          const nodeRuns = [await nodeWasmStepsPerSecond(ratioOf.report.settings, ratioOf.report.timing)];
          const cpu = process.cpuUsage(cpu0);
          const nodeCpuMs = (cpu.user + cpu.system) / 1000;
          // The same work on both sides (loading, the small base evaluation, warm-up and timed
          // steps): CPU time compares the engines where wall time compares the machine's load.
          if (ratioOf.cpuMs) console.log(`  CPU time for the same benchmark (the page's first run): browser worker thread ${ratioOf.cpuMs.toFixed(0)} ms, node process (all its threads) ${nodeCpuMs.toFixed(0)} ms`);
          for (let round = 1; round < rounds; round++) {
            const again = await timePage(model, backend);
            if (again) browserRuns.push(again);
            nodeRuns.push(await nodeWasmStepsPerSecond(ratioOf.report.settings, ratioOf.report.timing));
          }
          if (rounds > 1) console.log(`  rounds (best of each is used): browser ${browserRuns.map((x) => x.toFixed(2)).join(', ')}; node ${nodeRuns.map((x) => x.toFixed(2)).join(', ')} steps/s`);
          console.log(ratioLine(model, Math.max(...browserRuns), Math.max(...nodeRuns)));
        }
      }
    }
  } finally {
    await browser.close();
    await site.close();
  }
  const out = path.resolve(values.out!);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify({ date: new Date().toISOString(), query: values.query, reports }, null, 1));
  console.log(`  wrote ${path.relative(process.cwd(), out)}`);
});
