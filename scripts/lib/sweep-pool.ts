// A pool of worker threads that run engine jobs (one WASM backend per worker, one job at a
// time each). Shared by `npm run sweep`, `npm run findings` and the findings tests.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Settings } from '../../src/engine/settings';
import type { MetricRecord, RunInfo } from '../../src/engine/types';
import { summarizeRun, type RunSummary } from '../../src/engine/sweep';
import { selectBackend, type BackendResult } from '../../src/engine/backend';
import { nodeTrainer, runToEnd } from './run';

export type PoolRequest = { type: 'job'; id: string; settings: Settings; keepRecords: boolean };
export type PoolReply =
  | { type: 'ready' }
  | { type: 'progress'; id: string; step: number }
  | { type: 'done'; id: string; summary: RunSummary; info: RunInfo; records?: MetricRecord[] }
  | { type: 'failed'; id: string; error: string };

export interface PoolJob {
  id: string;
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
  return s.steps * (48 + s.promptsPerStep * s.rolloutsPerPrompt) * s.updatesPerBatch + evals * 2 * s.evalProblems * s.evalSamples * 1.5 + rates;
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

/**
 * Worker threads do not inherit tsx's loader for their entry file (Node 20 refuses a .ts
 * entry even with --import tsx), so each worker starts from a tiny script that registers
 * tsx's ESM hooks in that thread and then imports the TypeScript worker.
 */
function workerBootstrap(): string {
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./sweep-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
}

/** Run jobs on a pool of worker threads, longest first; outcomes come back in job order. */
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
  const queue = [...jobs].sort((a, b) => estimateCost(b.settings) - estimateCost(a.settings));
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const workers = Math.max(0, Math.min(opts.workers ?? defaultWorkers(), total));

  if (workers === 0) {
    const backend = await selectBackend('wasm');
    for (const job of queue) {
      running.set(job.id, { step: 0, steps: job.settings.steps });
      let outcome: PoolOutcome;
      try {
        const out = await runJob(job.settings, backend, (step) => { running.set(job.id, { step, steps: job.settings.steps }); report(); });
        outcome = { id: job.id, settings: job.settings, summary: summarizeRun(out.records, out.info, out.wallMs), info: out.info, ...(opts.keepRecords ? { records: out.records } : {}) };
      } catch (e) {
        outcome = { id: job.id, settings: job.settings, summary: null, error: (e as Error)?.message ?? String(e) };
      }
      running.delete(job.id);
      outcomes.set(job.id, outcome);
      report(outcome);
    }
    return jobs.map((j) => outcomes.get(j.id)!);
  }

  const bootstrap = workerBootstrap();
  await new Promise<void>((resolve, reject) => {
    const pool: Worker[] = [];
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      for (const w of pool) void w.terminate();
      if (err) reject(err); else resolve();
    };
    const feed = (w: Worker) => {
      const job = queue.shift();
      if (!job) {
        if (outcomes.size === total) finish();
        return;
      }
      running.set(job.id, { step: 0, steps: job.settings.steps });
      w.postMessage({ type: 'job', id: job.id, settings: job.settings, keepRecords: !!opts.keepRecords } satisfies PoolRequest);
    };
    for (let i = 0; i < workers; i++) {
      const w = new Worker(bootstrap, { eval: true });
      pool.push(w);
      w.on('message', (msg: PoolReply) => {
        if (msg.type === 'ready') return feed(w);
        if (msg.type === 'progress') {
          const steps = byId.get(msg.id)?.settings.steps ?? 0;
          running.set(msg.id, { step: msg.step, steps });
          return report();
        }
        const job = byId.get(msg.id)!;
        const outcome: PoolOutcome = msg.type === 'done'
          ? { id: msg.id, settings: job.settings, summary: msg.summary, info: msg.info, ...(msg.records ? { records: msg.records } : {}) }
          : { id: msg.id, settings: job.settings, summary: null, error: msg.error };
        running.delete(msg.id);
        outcomes.set(msg.id, outcome);
        report(outcome);
        feed(w);
      });
      w.on('error', (e: unknown) => finish(new Error(`sweep worker crashed: ${(e as Error)?.message ?? String(e)}`)));
      w.on('exit', (code) => {
        if (!settled && outcomes.size < total) finish(new Error(`sweep worker exited (code ${code}) with ${total - outcomes.size} jobs unfinished`));
      });
    }
  });
  return jobs.map((j) => outcomes.get(j.id)!);
}
