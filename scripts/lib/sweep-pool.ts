// The job pool (src/experiments/pool.ts) on worker threads: one WASM backend per worker, one
// job at a time each. Shared by `npm run sweep`, `npm run findings` and the findings tests;
// this file only adds how a Node worker is started and the CLI's view of the results.
import { availableParallelism } from 'node:os';
import type { Settings } from '../../src/engine/settings';
import type { MetricRecord, RunInfo } from '../../src/engine/types';
import { selectBackend, type BackendResult } from '../../src/engine/backend';
import type { RunSummary } from '../../src/experiments/summary';
import type { PoolJob, PrepareJob } from '../../src/experiments/job';
import { runPool as runJobPool } from '../../src/experiments/pool';
import { portWorker, type JobMessage, type JobReply } from '../../src/experiments/job-port';
import { inThreadWorker } from '../../src/experiments/job-serve';
import { nodeTrainer } from './run';
import { tsWorkerPort } from './ts-worker';

export type { PoolJob };

/** How often a Node worker reports a run's steps. */
export const NODE_PROGRESS_MS = 500;

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

/** Trainers in Node: on WASM (chosen once per thread), assets read from disk, seeds spread over threads (nodeTrainer). */
export function nodeJobs(): PrepareJob {
  let backend: Promise<BackendResult> | null = null;
  return async (settings) => {
    backend ??= selectBackend('wasm');
    const b = await backend;
    return { backend: b.backend, makeTrainer: () => nodeTrainer(settings, b) };
  };
}

/** A sweep worker thread as a pool worker. */
function threadWorker() {
  return portWorker<undefined>(tsWorkerPort<JobMessage, JobReply>(new URL('./sweep-worker.ts', import.meta.url), 'sweep worker'), undefined);
}

/**
 * Run jobs on a pool of worker threads (the one pool: longest first, a cell's consecutive
 * seeds together, a failed group rerun seed by seed, a crashed worker replaced); outcomes
 * come back in job order.
 */
export async function runPool(jobs: readonly PoolJob[], opts: PoolOptions = {}): Promise<PoolOutcome[]> {
  const total = jobs.length;
  const running = new Map<string, { step: number; steps: number }>();
  const byId = new Map(jobs.map((j) => [j.id, j]));
  let finished = 0;
  const finish = (outcome: PoolOutcome) => {
    running.delete(outcome.id);
    finished++;
    opts.onProgress?.({ finished, total, running, outcome });
  };
  const local = nodeJobs();
  const results = await runJobPool(jobs, {
    lanes: Math.max(0, opts.workers ?? defaultWorkers()),
    start: threadWorker,
    inThread: () => inThreadWorker(local, { progressMs: NODE_PROGRESS_MS }),
    keepRecords: opts.keepRecords,
    groupSeeds: opts.groupSeeds,
    onStart: (id) => void running.set(id, { step: 0, steps: byId.get(id)!.settings.steps }),
    onProgress: (id, p) => {
      running.set(id, { step: p.stepsDone, steps: byId.get(id)!.settings.steps });
      opts.onProgress?.({ finished, total, running });
    },
    onDone: (id, o) => {
      finish({ id, settings: byId.get(id)!.settings, summary: o.summary, info: o.info, ...(o.records ? { records: o.records } : {}) });
    },
    onError: (id, error) => finish({ id, settings: byId.get(id)!.settings, summary: null, error }),
  }).done;
  return results.map((r) => (r.outcome
    ? { id: r.id, settings: r.settings, summary: r.outcome.summary, info: r.outcome.info, ...(r.outcome.records ? { records: r.outcome.records } : {}) }
    : { id: r.id, settings: r.settings, summary: null, error: r.error }));
}
