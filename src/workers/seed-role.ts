// The seed role of the engine worker (engine.worker.ts): one block of a playground run's seeds
// (started by the trainer worker, one per extra core). It runs the engine's multi-seed trainer
// for its seeds and does one unit of work per `next` message (src/experiments/shard-port.ts);
// the trainer worker merges the blocks (src/engine/shards.ts). Each seed computes exactly what
// a single run with that seed does.
import { createTrainer } from '../engine/trainer';
import { serveShard, type ShardMessage, type ShardReply } from '../experiments/shard-port';
import { ensureBackend, loadTrainerAssets } from './load';
import type { SeedShardOptions } from './seed-shards';
import { selfEndpoint, type WorkerScope } from './web-port';

export function serve(scope: WorkerScope): void {
  serveShard<SeedShardOptions>(selfEndpoint<ShardMessage<SeedShardOptions>, ShardReply>(scope), async (settings, options) => {
    const backend = await ensureBackend(settings.backend, options.wasmPath);
    return createTrainer(settings, await loadTrainerAssets(options.baseUrl, settings), backend);
  });
}
