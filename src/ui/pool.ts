// A pool of sweep workers, one per spare core (navigator.hardwareConcurrency - 1, at least
// one). Each worker runs whole jobs; the pool hands out jobs in the order given, reports
// progress and results, and cancels by terminating its workers (a fresh pool is cheap).
import * as Comlink from 'comlink';
import type { Settings } from '../engine/settings';
import { groupSeeds, type SeedGroup } from '../experiments/sweep';
import type { JobOutcome, JobProgress, SweepWorkerApi, SweepWorkerOptions } from '../workers/sweep-protocol';
import { siteBaseUrl, WASM_DIR } from './worker-client';

export function poolSize(cores: number | undefined = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined): number {
  return Math.max(1, Math.floor((cores || 2) - 1));
}

export interface PoolJob {
  id: string;
  settings: Settings;
}

export interface PoolEvents {
  onStart?(id: string): void;
  onProgress(id: string, p: JobProgress): void;
  onDone(id: string, outcome: JobOutcome): void;
  onError(id: string, message: string): void;
}

export interface PoolWorker {
  run(settings: Settings, onProgress: (p: JobProgress) => void): Promise<JobOutcome>;
  terminate(): void;
}

export type WorkerFactory = () => PoolWorker;

function browserWorker(options: SweepWorkerOptions): PoolWorker {
  const worker = new Worker(new URL('../workers/sweep.worker.ts', import.meta.url), { type: 'module', name: 'rlvr-sweep' });
  const api = Comlink.wrap<SweepWorkerApi>(worker);
  let crash: ((e: Error) => void) | null = null;
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    crash?.(new Error(e.message ? `the sweep worker crashed: ${e.message}` : 'the sweep worker crashed or could not be loaded'));
  };
  return {
    run(settings, onProgress) {
      return new Promise<JobOutcome>((resolve, reject) => {
        crash = reject;
        api.run(settings, options, Comlink.proxy(onProgress)).then(resolve, reject).finally(() => { crash = null; });
      });
    },
    terminate() {
      try { api[Comlink.releaseProxy](); } catch { /* gone */ }
      worker.terminate();
    },
  };
}

export function defaultWorkerFactory(): WorkerFactory {
  const baseUrl = siteBaseUrl();
  const options = { baseUrl, wasmPath: new URL(WASM_DIR, baseUrl).href };
  return () => browserWorker(options);
}

export interface PoolRun {
  /** Settles when every job has finished or the run was cancelled. */
  done: Promise<void>;
  cancel(): void;
  readonly cancelled: boolean;
}

/** Run `jobs` on `size` workers. Workers are created on demand and terminated at the end. */
export function runPool(jobs: readonly PoolJob[], events: PoolEvents, size = poolSize(), factory: WorkerFactory = defaultWorkerFactory()): PoolRun {
  const queue = [...jobs];
  const workers = new Set<PoolWorker>();
  let cancelled = false;
  let wakeCancel: () => void = () => undefined;
  const cancelledP = new Promise<void>((r) => { wakeCancel = r; });

  const lane = async () => {
    let w: PoolWorker | null = null;
    try {
      while (!cancelled && queue.length) {
        const job = queue.shift()!;
        if (!w) {
          w = factory();
          workers.add(w);
        }
        events.onStart?.(job.id);
        try {
          const out = await Promise.race([w.run(job.settings, (p) => { if (!cancelled) events.onProgress(job.id, p); }), cancelledP.then(() => null)]);
          if (cancelled || !out) return;
          events.onDone(job.id, out);
        } catch (e) {
          if (cancelled) return;
          events.onError(job.id, ((e as Error)?.message ?? String(e)).slice(0, 400));
          // A worker that failed may be in a bad state: start the next job on a fresh one.
          workers.delete(w);
          w.terminate();
          w = null;
        }
      }
    } finally {
      if (w) {
        workers.delete(w);
        w.terminate();
      }
    }
  };

  const lanes = Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, () => lane());
  const done = Promise.all(lanes).then(() => undefined);
  return {
    done,
    get cancelled() { return cancelled; },
    cancel() {
      if (cancelled) return;
      cancelled = true;
      queue.length = 0;
      for (const w of workers) w.terminate();
      workers.clear();
      wakeCancel();
    },
  };
}

/**
 * Run one-seed jobs with the consecutive seeds of a cell (or a finding arm) together: jobs
 * are grouped by the engine's groupSeeds (at most 8 seeds a run, split so that no worker
 * idles), each group runs as one multi-seed job, and its outcome is split back so every job
 * gets its own seed's summary and curve, the numbers it gets when run alone. Events name
 * the jobs, not the groups: a group's progress is reported for each of its jobs, and a
 * group that fails fails each of its jobs with the message.
 */
export function runSeedGroups(jobs: readonly PoolJob[], events: PoolEvents, size = poolSize(), factory: WorkerFactory = defaultWorkerFactory()): PoolRun {
  const groups = groupSeeds(jobs, { minGroups: size });
  const byId = new Map(groups.map((g, i) => [`group-${i}`, g]));
  const members = (id: string) => byId.get(id)!.jobs;
  return runPool([...byId].map(([id, g]) => ({ id, settings: g.settings })), {
    onStart(id) { for (const j of members(id)) events.onStart?.(j.id); },
    onProgress(id, p) { for (const j of members(id)) events.onProgress(j.id, p); },
    onDone(id, outcome) {
      const g = byId.get(id)!;
      for (const j of g.jobs) {
        const own = splitOutcome(g, outcome, j.settings.seed);
        if (own) events.onDone(j.id, own);
        else events.onError(j.id, `the run returned no result for seed ${j.settings.seed}`);
      }
    },
    onError(id, message) { for (const j of members(id)) events.onError(j.id, message); },
  }, size, factory);
}

/** One seed's outcome out of a group's: the outcome itself for a group of one job. */
export function splitOutcome(group: SeedGroup<PoolJob>, outcome: JobOutcome, seed: number): JobOutcome | null {
  if (group.jobs.length === 1 && !outcome.perSeed) return outcome;
  const own = outcome.perSeed?.find((p) => p.seed === seed);
  if (!own) return null;
  return { ...outcome, summary: own.summary, curve: own.curve, wallMs: outcome.wallMs / group.jobs.length, perSeed: undefined };
}

/**
 * Time left, from the steps done so far across all jobs: the average pace since the start,
 * applied to the steps still to run. Null until there is something to go on.
 */
export function estimateEta(stepsDone: number, stepsTotal: number, elapsedMs: number): number | null {
  if (stepsDone <= 0 || elapsedMs <= 0 || stepsTotal <= 0) return null;
  return Math.max(0, ((stepsTotal - stepsDone) * elapsedMs) / stepsDone);
}
