// The one job pool, for the CLI (worker threads) and the page (Web Workers): N lanes, each
// with its own worker running one engine run at a time. The consecutive seeds of a cell run
// together as one multi-seed run (groupSeeds) and each job still gets its own seed's outcome;
// the longest runs start first (estimateCost); a run that fails is rerun seed by seed, so one
// seed's failure does not fail its neighbours; a worker that fails or crashes is replaced.
// The pool is handed how to start a worker, so it never knows which kind it drives.
import type { Settings } from '../engine/settings';
import { estimateCost, groupSeeds, type SeedGroup } from './schedule';
import { errorText } from './port';
import type { JobOutcome, JobProgress, JobRequest, PoolJob } from './job';

/** A started worker: runs one request at a time; rejects when the run fails or the worker dies. */
export interface PoolWorker {
  run(request: JobRequest, onProgress: (p: JobProgress) => void): Promise<JobOutcome>;
  terminate(): void;
}
export type StartWorker = () => PoolWorker;

export interface PoolEvents {
  /** The job's run started (again, when a failed group is rerun seed by seed). */
  onStart?(id: string): void;
  onProgress?(id: string, p: JobProgress): void;
  onDone?(id: string, outcome: JobOutcome): void;
  onError?(id: string, message: string): void;
}

export interface PoolOptions extends PoolEvents {
  /** Workers to run at once; 0 runs the jobs one after another on `inThread`. */
  lanes: number;
  start?: StartWorker;
  /** A worker that runs in this thread (for lanes: 0). */
  inThread?: StartWorker;
  /** Keep every run's records in the outcomes (large; off by default). */
  keepRecords?: boolean;
  /** Run the consecutive seeds of jobs that differ only in the seed together (default true). */
  groupSeeds?: boolean;
}

/** A job's end: its outcome, or why it has none. */
export interface PoolResult {
  id: string;
  settings: Settings;
  outcome: JobOutcome | null;
  error?: string;
}

export interface PoolRun {
  /** The finished jobs' results in job order (all of them unless cancelled). */
  done: Promise<PoolResult[]>;
  /** Stop at once: terminate the workers; no event follows. */
  cancel(): void;
  readonly cancelled: boolean;
}

/** Workers for a page: one per spare core (hardwareConcurrency - 1), at least one. */
export function poolSize(cores: number | undefined = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined): number {
  return Math.max(1, Math.floor((cores || 2) - 1));
}

/**
 * Time left, from the steps done so far across all jobs: the average pace since the start,
 * applied to the steps still to run. Null until there is something to go on.
 */
export function estimateEta(stepsDone: number, stepsTotal: number, elapsedMs: number): number | null {
  if (stepsDone <= 0 || elapsedMs <= 0 || stepsTotal <= 0) return null;
  return Math.max(0, ((stepsTotal - stepsDone) * elapsedMs) / stepsDone);
}

interface Run {
  group: SeedGroup<PoolJob>;
  /** Several one-seed jobs share the run: split its outcome per seed. */
  perSeed: boolean;
}

const runOf = (group: SeedGroup<PoolJob>): Run => ({ group, perSeed: group.jobs.length > 1 });

/** One job's share of its run's outcome (null when the run has no records for its seed). */
function outcomeFor(run: Run, outcome: JobOutcome, seed: number): JobOutcome | null {
  if (!run.perSeed) return outcome;
  const own = outcome.perSeed?.find((p) => p.seed === seed);
  if (!own) return null;
  return { ...outcome, summary: own.summary, curve: own.curve, wallMs: outcome.wallMs / run.group.jobs.length, records: own.records, perSeed: undefined };
}

/** Run `jobs` on `opts.lanes` workers, longest first; results come back in job order. */
export function runPool(jobs: readonly PoolJob[], opts: PoolOptions): PoolRun {
  const ids = new Set<string>();
  for (const j of jobs) {
    if (ids.has(j.id)) throw new Error(`duplicate job id ${j.id}`);
    ids.add(j.id);
  }
  const start = opts.lanes === 0 ? opts.inThread : opts.start;
  if (!start) throw new Error(opts.lanes === 0 ? 'a pool of 0 lanes needs an in-thread worker' : 'a pool needs a way to start a worker');
  const lanes = Math.max(1, Math.min(opts.lanes, jobs.length));
  const groups = opts.groupSeeds === false ? jobs.map((j) => ({ settings: j.settings, jobs: [j] })) : groupSeeds(jobs, { minGroups: lanes });
  // Stable: runs of equal cost keep their order.
  const queue: Run[] = groups.map(runOf).sort((a, b) => estimateCost(b.group.settings) - estimateCost(a.group.settings));
  const results = new Map<string, PoolResult>();
  const workers = new Set<PoolWorker>();
  let cancelled = false;
  let inFlight = 0;
  // Lanes with an empty queue wait while a run is in flight: a failed group may requeue its seeds.
  let waiting: (() => void)[] = [];
  const wake = () => { const w = waiting; waiting = []; for (const f of w) f(); };
  let wakeCancel: () => void = () => undefined;
  const cancelledP = new Promise<null>((r) => { wakeCancel = () => r(null); });

  const retire = (w: PoolWorker) => {
    if (workers.delete(w)) w.terminate();
  };

  const settle = (run: Run, outcome: JobOutcome | null, error: string | null) => {
    if (error !== null && run.group.jobs.length > 1) {
      // Rerun each seed alone: the one that fails is then the only one recorded as failed.
      queue.unshift(...run.group.jobs.map((j) => runOf({ settings: j.settings, jobs: [j] })));
      return;
    }
    for (const job of run.group.jobs) {
      const own = outcome ? outcomeFor(run, outcome, job.settings.seed) : null;
      if (own) {
        results.set(job.id, { id: job.id, settings: job.settings, outcome: own });
        opts.onDone?.(job.id, own);
      } else {
        const message = error ?? `no records for seed ${job.settings.seed}`;
        results.set(job.id, { id: job.id, settings: job.settings, outcome: null, error: message });
        opts.onError?.(job.id, message);
      }
    }
  };

  const nextRun = async (): Promise<Run | null> => {
    for (;;) {
      if (cancelled) return null;
      const run = queue.shift();
      if (run) return run;
      if (inFlight === 0) return null;
      await new Promise<void>((r) => waiting.push(r));
    }
  };

  const lane = async () => {
    let w: PoolWorker | null = null;
    try {
      // The first run is taken at once, so a worker exists before runPool returns.
      for (let run = queue.shift() ?? (await nextRun()); run; run = queue.shift() ?? (await nextRun())) {
        if (cancelled) return;
        const r = run;
        if (!w) {
          w = start();
          workers.add(w);
        }
        for (const job of r.group.jobs) opts.onStart?.(job.id);
        inFlight++;
        let outcome: JobOutcome | null = null;
        let error: string | null = null;
        try {
          const request: JobRequest = { settings: r.group.settings, keepRecords: !!opts.keepRecords, perSeed: r.perSeed };
          outcome = await Promise.race([w.run(request, (p) => {
            if (!cancelled) for (const job of r.group.jobs) opts.onProgress?.(job.id, p);
          }), cancelledP]);
        } catch (e) {
          error = errorText(e);
        }
        inFlight--;
        if (cancelled) return;
        if (error !== null) {
          // A worker that failed may be in a bad state (or gone): the next run gets a fresh one.
          retire(w);
          w = null;
        }
        settle(r, outcome, error);
        wake();
      }
    } finally {
      if (w) retire(w);
      wake();
    }
  };

  const all = Array.from({ length: Math.min(lanes, queue.length) }, () => lane());
  const done = Promise.all(all).then(() => jobs.flatMap((j) => results.get(j.id) ?? []));
  return {
    done,
    get cancelled() { return cancelled; },
    cancel() {
      if (cancelled) return;
      cancelled = true;
      queue.length = 0;
      for (const w of [...workers]) retire(w);
      wakeCancel();
      wake();
    },
  };
}
