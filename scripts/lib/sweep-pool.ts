// A pool of worker threads that run engine jobs (one WASM backend per worker, one job at a
// time each). Shared by `npm run sweep`, `npm run findings` and the findings tests.
import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Settings } from '../../src/engine/settings';
import type { MetricRecord, RunInfo } from '../../src/engine/types';
import { groupSeeds, splitSeeds, summarizeRun, type RunSummary, type SeedGroup } from '../../src/experiments/sweep';
import { selectBackend, type BackendResult } from '../../src/engine/backend';
import { nodeTrainer, runToEnd } from './run';
import { tsWorker } from './ts-worker';

/** One engine run: a group of one-seed jobs (seed .. seed + seeds - 1), or one job as it is. */
export type PoolRequest = { type: 'job'; id: string; settings: Settings; keepRecords: boolean; split: boolean };
/** A run's result per seed (split runs) or for the whole run (seed null). */
export interface SeedOutcome {
  seed: number | null;
  summary: RunSummary;
  records?: MetricRecord[];
}
export type PoolReply =
  | { type: 'ready' }
  | { type: 'progress'; id: string; step: number }
  | { type: 'done'; id: string; runs: SeedOutcome[]; info: RunInfo }
  | { type: 'failed'; id: string; error: string };

export interface PoolJob {
  id: string;
  /** One seed (seeds: 1) to be grouped with its neighbours; a job with several seeds runs alone and gets the summary of their mean. */
  settings: Settings;
}

export interface PoolOutcome {
  id: string;
  settings: Settings;
  /** Null when the run failed. */
  summary: RunSummary | null;
  error?: string;
  info?: RunInfo;
  records?: MetricRecord[];
}

export interface PoolProgress {
  /** Jobs finished (done or failed) and in total. */
  finished: number;
  total: number;
  /** Steps done per running job id. */
  running: Map<string, { step: number; steps: number }>;
  /** The job that just finished, if this event is a completion. */
  outcome?: PoolOutcome;
}

export interface PoolOptions {
  /** Worker threads; 0 runs the jobs in this thread, one after another. */
  workers?: number;
  /** Keep every run's full records in the outcome (large; off by default). */
  keepRecords?: boolean;
  /**
   * Run the consecutive seeds of jobs that differ only in the seed together, as one
   * multi-seed run each (groupSeeds; default true). Every job still gets its own seed's
   * summary, the same numbers as when run alone; wallMs is the group's shared out.
   */
  groupSeeds?: boolean;
  onProgress?: (p: PoolProgress) => void;
}

/** Cores minus one for the main thread, at least one. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * A rough cost of a run in "rollout units", for scheduling the longest jobs first: a step
 * costs its rollouts plus a fixed overhead, an evaluation samples both splits, curation and
 * schedules first estimate base pass rates on 512 x 8 samples.
 */
export function estimateCost(s: Settings): number {
  const evals = 1 + Math.ceil(s.steps / s.evalEvery);
  const rates = s.curation !== 'none' || s.schedule !== 'none' ? 4096 : 0;
  return s.seeds * (s.steps * (48 + s.promptsPerStep * s.rolloutsPerPrompt) * s.updatesPerBatch + evals * 2 * s.evalProblems * s.evalSamples * 1.5 + rates);
}

/** A finished run's outcomes: one per seed when split (the jobs of a group), else the whole run's. */
export function runOutcomes(out: { records: MetricRecord[]; info: RunInfo; wallMs: number }, split: boolean, keepRecords: boolean): SeedOutcome[] {
  if (!split) return [{ seed: null, summary: summarizeRun(out.records, out.info, out.wallMs), ...(keepRecords ? { records: out.records } : {}) }];
  const streams = splitSeeds(out.records);
  return streams.map((st) => ({
    seed: st.seed,
    summary: summarizeRun(st.records, out.info, out.wallMs / streams.length),
    ...(keepRecords ? { records: st.records } : {}),
  }));
}

/** One whole run in this thread. */
export async function runJob(settings: Settings, backend: BackendResult, onStep?: (step: number) => void): Promise<{ records: MetricRecord[]; info: RunInfo; wallMs: number }> {
  const t0 = Date.now();
  const trainer = await nodeTrainer(settings, backend);
  try {
    let lastReport = 0;
    const records = await runToEnd(trainer, (_recs, t) => {
      const now = Date.now();
      if (onStep && (now - lastReport > 500 || t.finished)) { lastReport = now; onStep(t.stepsDone); }
    });
    return { records, info: trainer.info, wallMs: Date.now() - t0 };
  } finally {
    trainer.dispose();
  }
}

interface Run {
  id: string;
  group: SeedGroup<PoolJob>;
  /** Split the records per seed (every group of one-seed jobs; not a multi-seed job run alone). */
  split: boolean;
}

type Exec = (req: PoolRequest, onStep: (step: number) => void) => Promise<Extract<PoolReply, { type: 'done' | 'failed' }>>;

/**
 * Run jobs on a pool of worker threads, longest first; outcomes come back in job order. The
 * consecutive seeds of one cell run together (see PoolOptions.groupSeeds); a group that fails
 * is rerun job by job, so one seed's failure does not fail its neighbours.
 */
export async function runPool(jobs: readonly PoolJob[], opts: PoolOptions = {}): Promise<PoolOutcome[]> {
  const ids = new Set<string>();
  for (const j of jobs) {
    if (ids.has(j.id)) throw new Error(`duplicate job id ${j.id}`);
    ids.add(j.id);
  }
  const total = jobs.length;
  const outcomes = new Map<string, PoolOutcome>();
  const running = new Map<string, { step: number; steps: number }>();
  const report = (outcome?: PoolOutcome) => opts.onProgress?.({ finished: outcomes.size, total, running, outcome });
  const lanes = Math.max(0, Math.min(opts.workers ?? defaultWorkers(), total));
  const groups = opts.groupSeeds === false
    ? jobs.map((j) => ({ settings: j.settings, jobs: [j] }))
    : groupSeeds(jobs, { minGroups: Math.max(1, lanes) });
  let nextId = 0;
  const runOf = (group: SeedGroup<PoolJob>): Run => ({ id: `run-${nextId++}`, group, split: group.jobs.length > 1 || group.settings.seeds === 1 });
  const queue: Run[] = groups.map(runOf).sort((a, b) => estimateCost(b.group.settings) - estimateCost(a.group.settings));
  if (!total) return [];

  const settle = (run: Run, reply: Extract<PoolReply, { type: 'done' | 'failed' }>) => {
    for (const job of run.group.jobs) running.delete(job.id);
    if (reply.type === 'failed' && run.group.jobs.length > 1) {
      // Rerun each seed alone: the one that fails is then the only one recorded as failed.
      queue.unshift(...run.group.jobs.map((j) => runOf({ settings: j.settings, jobs: [j] })));
      return;
    }
    for (const job of run.group.jobs) {
      let outcome: PoolOutcome;
      const mine = reply.type === 'done' ? (run.split ? reply.runs.find((r) => r.seed === job.settings.seed) : reply.runs[0]) : undefined;
      if (reply.type === 'done' && mine) {
        outcome = { id: job.id, settings: job.settings, summary: mine.summary, info: reply.info, ...(mine.records ? { records: mine.records } : {}) };
      } else {
        outcome = { id: job.id, settings: job.settings, summary: null, error: reply.type === 'failed' ? reply.error : `no records for seed ${job.settings.seed}` };
      }
      outcomes.set(job.id, outcome);
      report(outcome);
    }
  };

  const lane = async (exec: Exec) => {
    for (let run = queue.shift(); run; run = queue.shift()) {
      const r = run;
      for (const job of r.group.jobs) running.set(job.id, { step: 0, steps: job.settings.steps });
      const reply = await exec({ type: 'job', id: r.id, settings: r.group.settings, keepRecords: !!opts.keepRecords, split: r.split }, (step) => {
        for (const job of r.group.jobs) running.set(job.id, { step, steps: job.settings.steps });
        report();
      });
      settle(r, reply);
    }
  };

  if (lanes === 0) {
    const backend = await selectBackend('wasm');
    await lane(async (req, onStep) => {
      try {
        const out = await runJob(req.settings, backend, onStep);
        return { type: 'done', id: req.id, runs: runOutcomes(out, req.split, req.keepRecords), info: out.info };
      } catch (e) {
        return { type: 'failed', id: req.id, error: (e as Error)?.message ?? String(e) };
      }
    });
    return jobs.map((j) => outcomes.get(j.id)!);
  }

  const pool: Worker[] = [];
  let crashed: Error | null = null;
  let onCrash: (e: Error) => void = () => undefined;
  const crash = new Promise<never>((_, reject) => { onCrash = reject; });
  crash.catch(() => undefined);
  const startWorker = () => new Promise<Exec>((resolve) => {
    const w = tsWorker(new URL('./sweep-worker.ts', import.meta.url));
    pool.push(w);
    let pending: { id: string; onStep: (step: number) => void; done: (r: Extract<PoolReply, { type: 'done' | 'failed' }>) => void } | null = null;
    w.on('message', (msg: PoolReply) => {
      if (msg.type === 'ready') {
        resolve((req, onStep) => new Promise((done) => {
          pending = { id: req.id, onStep, done };
          w.postMessage(req satisfies PoolRequest);
        }));
        return;
      }
      if (!pending || msg.id !== pending.id) return;
      if (msg.type === 'progress') return pending.onStep(msg.step);
      const p = pending;
      pending = null;
      p.done(msg);
    });
    w.on('error', (e: unknown) => { crashed ??= new Error(`sweep worker crashed: ${(e as Error)?.message ?? String(e)}`); onCrash(crashed); });
    w.on('exit', (code) => {
      if (outcomes.size < total) { crashed ??= new Error(`sweep worker exited (code ${code}) with ${total - outcomes.size} jobs unfinished`); onCrash(crashed); }
    });
  });
  try {
    await Promise.race([
      crash,
      Promise.all(Array.from({ length: Math.min(lanes, queue.length) }, async () => lane(await Promise.race([crash, startWorker()])))),
    ]);
  } finally {
    for (const w of pool) void w.terminate();
  }
  return jobs.map((j) => outcomes.get(j.id)!);
}
