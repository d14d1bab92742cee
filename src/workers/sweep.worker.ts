// A worker of the sweep pool: runs one job at a time through the engine (the same
// createTrainer/next() loop as the playground's trainer worker) and returns the run's
// summary (the engine's summarizeRun) and its held-out curve, and for a multi-seed job (a
// cell's seeds run together) each seed's own summary and curve. Cancelling a sweep
// terminates the worker; nothing here needs to be interruptible.
import * as Comlink from 'comlink';
import { splitSeeds, summarizeRun } from '../experiments/sweep';
import { createTrainer, runToEnd } from '../engine/trainer';
import type { EvalRecord } from '../engine/types';
import { ensureBackend, loadDataset, loadModel, yieldToEventLoop } from './load';
import type { CurvePoint, JobOutcome, SweepWorkerApi } from './sweep-protocol';

const PROGRESS_MS = 250;

export function curveOf(evals: readonly EvalRecord[]): CurvePoint[] {
  return evals.map((e) => ({
    step: e.step, rollouts: e.rollouts, pass1: e.test.passAtK[0], passK: e.test.passAtK[e.k - 1],
    fnRate: e.test.fnRate, fpRate: e.test.fpRate,
  }));
}

const api: SweepWorkerApi = {
  async run(settings, options, onProgress) {
    const backend = await ensureBackend(settings.backend, options.wasmPath);
    const [dataset, base] = await Promise.all([
      loadDataset(options.baseUrl, settings.task, settings.digits),
      loadModel(options.baseUrl, settings),
    ]);
    const t0 = performance.now();
    const trainer = await createTrainer(settings, { dataset, base }, backend);
    let last = 0;
    try {
      const records = await runToEnd(trainer, async (_recs, t) => {
        const now = performance.now();
        if (now - last >= PROGRESS_MS) {
          last = now;
          Promise.resolve(onProgress({ stepsDone: t.stepsDone, steps: settings.steps })).catch(() => undefined);
        }
        await yieldToEventLoop();
      });
      const wallMs = performance.now() - t0;
      const evals = records.filter((r): r is EvalRecord => r.type === 'eval');
      const out: JobOutcome = { summary: summarizeRun(records, trainer.info, wallMs), curve: curveOf(evals), info: trainer.info, wallMs, backend: backend.backend };
      if (settings.seeds > 1) {
        // The seeds of one cell ran together: each seed's own summary and curve, as if run alone.
        const streams = splitSeeds(records);
        out.perSeed = streams.map((st) => ({
          seed: st.seed ?? settings.seed,
          summary: summarizeRun(st.records, trainer.info, wallMs / streams.length),
          curve: curveOf(st.records.filter((r): r is EvalRecord => r.type === 'eval')),
        }));
      }
      return out;
    } finally {
      trainer.dispose();
    }
  },
};

Comlink.expose(api);
