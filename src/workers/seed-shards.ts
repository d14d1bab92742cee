// Spreads a playground run's seeds over Web Workers, one per core: the trainer worker keeps
// the first block of seeds itself and starts a seed worker for each other block. On WebGPU
// or WebGL every seed stays in the one worker: the GPU is shared, and several contexts
// would only compete for it.
import type { Settings } from '../engine/settings';
import { ShardedTrainer, shardSettings, type SeedShard } from '../engine/shards';
import { createTrainer, type Trainer, type TrainerAssets } from '../engine/trainer';
import type { MetricRecord, RunInfo } from '../engine/types';
import { PortShard, type ShardMessage, type ShardReply } from '../experiments/shard-port';
import type { StartOptions } from './protocol';
import { startWorker } from './start';
import { webWorkerPort } from './web-port';

/** What a seed worker needs besides the settings: where the site's assets are. */
export type SeedShardOptions = Pick<StartOptions, 'baseUrl' | 'wasmPath'>;

/** Blocks of seeds for this machine: one per core, at most one per seed; 1 on a GPU backend. */
export function seedShardCount(seeds: number, backend: string, cores: number | undefined): number {
  if (backend !== 'wasm' && backend !== 'cpu') return 1;
  return Math.max(1, Math.min(seeds, Math.floor(cores || 1)));
}

/** A seed Web Worker (the engine worker in its seed role, seed-role.ts) behind the shard protocol. */
function workerShard(): PortShard<SeedShardOptions> {
  return new PortShard(webWorkerPort<ShardMessage<SeedShardOptions>, ShardReply>(startWorker('seed'), 'a seed worker'));
}

/** The first block of seeds, trained in this worker. */
class LocalShard implements SeedShard {
  constructor(private readonly trainer: Trainer) {}
  get info(): RunInfo { return this.trainer.info; }
  next(): Promise<MetricRecord[]> { return this.trainer.next(); }
  dispose(): void { this.trainer.dispose(); }
}

/**
 * The run's trainer: in this worker alone when one block suffices, else this worker's
 * block plus a seed worker per other block, merged in lockstep.
 */
export async function shardedTrainer(
  settings: Settings, assets: TrainerAssets, backend: { backend: string; reason: string },
  options: SeedShardOptions, cores: number | undefined,
): Promise<Trainer> {
  const n = seedShardCount(settings.seeds, backend.backend, cores);
  if (n === 1) return createTrainer(settings, assets, backend);
  const parts = shardSettings(settings, n);
  const remote = parts.slice(1).map(() => workerShard());
  let local: Trainer | null = null;
  try {
    const [first] = await Promise.all([
      createTrainer(parts[0], assets, backend),
      ...remote.map((sh, i) => sh.init(parts[i + 1], options)),
    ]);
    local = first as Trainer;
    return new ShardedTrainer([new LocalShard(local), ...remote], settings);
  } catch (e) {
    local?.dispose();
    for (const sh of remote) sh.dispose();
    throw e;
  }
}
