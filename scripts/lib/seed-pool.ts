// A run's seeds on worker threads, one per core: each thread holds a contiguous block of
// the seeds as its own multi-seed trainer and answers next() calls (the shard protocol of
// src/experiments/shard-port.ts); the calling thread only merges records. Used by
// nodeTrainer for seeds > 1.
import { availableParallelism } from 'node:os';
import type { Settings } from '../../src/engine/settings';
import type { BackendResult } from '../../src/engine/backend';
import { ShardedTrainer, shardCount, shardSettings } from '../../src/engine/shards';
import type { Trainer } from '../../src/engine/trainer';
import { PortShard, type ShardMessage, type ShardReply } from '../../src/experiments/shard-port';
import { tsWorkerPort } from './ts-worker';

/** What a seed thread needs besides the settings: the backend its block runs on. */
export interface NodeShardOptions {
  backend: string;
}

/** Threads for a run's seeds on this machine's cores (shardCount: 3 seeds on 2 cores get 3). */
export function seedWorkers(seeds: number): number {
  return shardCount(seeds, availableParallelism());
}

/** The run's seeds spread over `workers` threads (at least 2), merged by a ShardedTrainer. */
export async function threadedTrainer(settings: Settings, backend: BackendResult, workers: number): Promise<Trainer> {
  const parts = shardSettings(settings, workers);
  const shards = parts.map(() => new PortShard<NodeShardOptions>(tsWorkerPort<ShardMessage<NodeShardOptions>, ShardReply>(new URL('./seed-worker.ts', import.meta.url), 'seed worker')));
  try {
    await Promise.all(shards.map((sh, i) => sh.init(parts[i], { backend: backend.backend })));
  } catch (e) {
    for (const sh of shards) sh.dispose();
    throw e;
  }
  return new ShardedTrainer(shards, settings);
}
