// A run's seeds on worker threads, one per core: each thread holds a contiguous block of
// the seeds as its own multi-seed trainer (see src/engine/shards.ts) and answers next()
// calls; the calling thread only merges records. Used by nodeTrainer for seeds > 1.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Settings } from '../../src/engine/settings';
import type { BackendResult } from '../../src/engine/backend';
import { ShardedTrainer, shardSettings, type SeedShard } from '../../src/engine/shards';
import { TrainingError, type MetricRecord, type RunInfo } from '../../src/engine/types';
import type { Trainer } from '../../src/engine/trainer';
import { tsWorker } from './ts-worker';

export type ShardRequest =
  | { type: 'init'; settings: Settings; backend: string }
  | { type: 'next' };
export type ShardReply =
  | { type: 'ready'; info: RunInfo }
  | { type: 'records'; records: MetricRecord[] }
  | { type: 'failed'; message: string; name: string; step: number | null };

/** Threads for a run's seeds: one per core, never more than there are seeds. */
export function seedWorkers(seeds: number): number {
  return Math.max(1, Math.min(seeds, availableParallelism()));
}

function rebuildError(r: Extract<ShardReply, { type: 'failed' }>): Error {
  if (r.name === 'TrainingError' && r.step !== null) return new TrainingError(r.message, r.step);
  const e = new Error(r.message);
  e.name = r.name;
  return e;
}

class ThreadShard implements SeedShard {
  private pending: { resolve: (r: ShardReply) => void; reject: (e: Error) => void } | null = null;
  private dead: Error | null = null;
  info!: RunInfo;

  constructor(private readonly worker: Worker) {
    worker.on('message', (r: ShardReply) => {
      const p = this.pending;
      this.pending = null;
      p?.resolve(r);
    });
    const fail = (e: Error) => {
      this.dead ??= e;
      const p = this.pending;
      this.pending = null;
      p?.reject(e);
    };
    worker.on('error', (e: unknown) => fail(new Error(`seed worker crashed: ${(e as Error)?.message ?? String(e)}`)));
    worker.on('exit', (code) => fail(new Error(`seed worker exited (code ${code})`)));
  }

  private call(req: ShardRequest): Promise<ShardReply> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(req);
    });
  }

  async init(settings: Settings, backend: string): Promise<void> {
    const r = await this.call({ type: 'init', settings, backend });
    if (r.type === 'failed') throw rebuildError(r);
    if (r.type !== 'ready') throw new Error('seed worker answered init out of turn');
    this.info = r.info;
  }

  async next(): Promise<MetricRecord[]> {
    const r = await this.call({ type: 'next' });
    if (r.type === 'failed') throw rebuildError(r);
    if (r.type !== 'records') throw new Error('seed worker answered next out of turn');
    return r.records;
  }

  dispose(): Promise<void> {
    this.dead ??= new Error('disposed');
    return this.worker.terminate().then(() => undefined);
  }
}

/** The run's seeds spread over `workers` threads (at least 2), merged by a ShardedTrainer. */
export async function threadedTrainer(settings: Settings, backend: BackendResult, workers: number): Promise<Trainer> {
  const parts = shardSettings(settings, workers);
  const shards = parts.map(() => new ThreadShard(tsWorker(new URL('./seed-worker.ts', import.meta.url))));
  try {
    await Promise.all(shards.map((sh, i) => sh.init(parts[i], backend.backend)));
  } catch (e) {
    await Promise.all(shards.map((sh) => sh.dispose()));
    throw e;
  }
  return new ShardedTrainer(shards, settings);
}
