// One job runner for every pool: a trainer run to its end, then what the pools hand back: the
// run's summary (summarizeRun), its held-out curve and, for the consecutive seeds of one cell
// run together, each seed's own summary and curve (splitSeeds), the numbers each seed gets
// when run alone. The CLI and the page differ only in how a trainer is built.
import type { Settings } from '../engine/settings';
import type { Trainer } from '../engine/trainer';
import type { EvalRecord, MetricRecord, RunInfo } from '../engine/types';
import { runToEnd } from '../engine/trainer';
import { splitSeeds, summarizeRun, type RunSummary } from './summary';

/** One job of a pool: usually one seed (seeds: 1), grouped with its neighbours by the pool. */
export interface PoolJob {
  id: string;
  settings: Settings;
}

/** One held-out evaluation, reduced to what the sweep and findings charts draw. */
export interface CurvePoint {
  step: number;
  rollouts: number;
  pass1: number;
  /** pass@k at the run's readout k. */
  passK: number;
  fnRate: number | null;
  fpRate: number | null;
}

/** One seed of a multi-seed run: its own summary (summarizeRun of its records) and curve. */
export interface SeedOutcome {
  seed: number;
  summary: RunSummary;
  curve: CurvePoint[];
  records?: MetricRecord[];
}

export interface JobOutcome {
  /** The run's summary (of the mean over seeds for a multi-seed run). */
  summary: RunSummary;
  curve: CurvePoint[];
  info: RunInfo;
  wallMs: number;
  backend: string;
  /** The run's records, when asked for (large). */
  records?: MetricRecord[];
  /** When asked for: each seed's own outcome, in seed order. */
  perSeed?: SeedOutcome[];
}

export interface JobProgress {
  stepsDone: number;
  steps: number;
}

/** What a pool asks a worker to run. */
export interface JobRequest {
  settings: Settings;
  /** Keep the records in the outcome (and in each seed's). */
  keepRecords: boolean;
  /** Split the outcome per seed (the run stands for several one-seed jobs). */
  perSeed: boolean;
}

/** How a worker gets a trainer for a job: its backend, then the trainer itself (timed as part of the run). */
export interface PreparedJob {
  backend: string;
  makeTrainer(): Promise<Trainer>;
}
export type PrepareJob<O = undefined> = (settings: Settings, options: O) => Promise<PreparedJob>;

export interface RunJobOptions {
  onProgress?: (p: JobProgress) => void;
  /** Report progress at most this often (and once at the end). */
  progressMs?: number;
  /** Awaited after every unit of work (a Web Worker yields to its event loop). */
  yieldEach?: () => Promise<void>;
}

export function curveOf(evals: readonly EvalRecord[]): CurvePoint[] {
  return evals.map((e) => ({
    step: e.step, rollouts: e.rollouts, pass1: e.test.passAtK[0], passK: e.test.passAtK[e.k - 1],
    fnRate: e.test.fnRate, fpRate: e.test.fpRate,
  }));
}

const evalsOf = (records: readonly MetricRecord[]) => records.filter((r): r is EvalRecord => r.type === 'eval');

/** A finished run's outcome: the whole run's summary and curve, and each seed's when asked. */
export function jobOutcome(records: MetricRecord[], info: RunInfo, wallMs: number, backend: string, request: Omit<JobRequest, 'settings'> & { settings: Pick<Settings, 'seed'> }): JobOutcome {
  const out: JobOutcome = { summary: summarizeRun(records, info, wallMs), curve: curveOf(evalsOf(records)), info, wallMs, backend };
  if (request.keepRecords) out.records = records;
  if (request.perSeed) {
    const streams = splitSeeds(records);
    out.perSeed = streams.map((st) => ({
      seed: st.seed ?? request.settings.seed,
      summary: summarizeRun(st.records, info, wallMs / streams.length),
      curve: curveOf(evalsOf(st.records)),
      ...(request.keepRecords ? { records: st.records } : {}),
    }));
  }
  return out;
}

/** Run one job to its end in this thread. */
export async function runJob(request: JobRequest, prepared: PreparedJob, opts: RunJobOptions = {}): Promise<JobOutcome> {
  const { settings } = request;
  const t0 = Date.now();
  const trainer = await prepared.makeTrainer();
  try {
    let last = -Infinity;
    const records = await runToEnd(trainer, async (_recs, t) => {
      const now = Date.now();
      if (opts.onProgress && (now - last >= (opts.progressMs ?? 0) || t.finished)) {
        last = now;
        opts.onProgress({ stepsDone: t.stepsDone, steps: settings.steps });
      }
      await opts.yieldEach?.();
    });
    return jobOutcome(records, trainer.info, Date.now() - t0, prepared.backend, request);
  } finally {
    trainer.dispose();
  }
}
