// Spreads a playground run's seeds over Web Workers, one per core: the trainer worker keeps
// the first block of seeds itself and starts a seed worker for each other block. On WebGPU
// or WebGL every seed stays in the one worker: the GPU is shared, and several contexts
// would only compete for it.
import type { Settings } from '../engine/settings';
import { ShardedTrainer, shardSettings, type SeedShard } from '../engine/shards';
import { createTrainer, type Trainer, type TrainerAssets } from '../engine/trainer';
import type { MetricRecord, RunInfo } from '../engine/types';
import { PortShard, type ShardMessage, type ShardReply } from '../experiments/shard-port';
import { seedList } from '../engine/seeds';
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

/** "seed 3", "seeds 2, 3". */
export function seedsText(seeds: readonly number[]): string {
  return `${seeds.length === 1 ? 'seed' : 'seeds'} ${seeds.join(', ')}`;
}

/**
 * A seed Web Worker (the engine worker in its seed role, seed-role.ts) behind the shard
 * protocol. Its failures name its seeds ("seed 3: a seed worker crashed: ..."), so the page can
 * say which seed of which arm stopped. kill() terminates it as the browser may (out of memory):
 * a terminated worker fires no error event, so kill() reports the death itself.
 */
export class SeedWorkerShard implements SeedShard {
  private readonly shard: PortShard<SeedShardOptions>;
  private readonly worker = startWorker('seed');
  private readonly onDeath: ((e: Error) => void)[] = [];

  constructor(readonly seeds: readonly number[]) {
    const port = webWorkerPort<ShardMessage<SeedShardOptions>, ShardReply>(this.worker, 'a seed worker');
    this.shard = new PortShard({ ...port, onError: (cb) => { this.onDeath.push(cb); port.onError(cb); } });
  }

  get info(): RunInfo { return this.shard.info; }

  init(settings: Settings, options: SeedShardOptions): Promise<void> {
    return this.shard.init(settings, options).catch((e: unknown) => { throw this.named(e); });
  }

  next(): Promise<MetricRecord[]> {
    return this.shard.next().catch((e: unknown) => { throw this.named(e); });
  }

  /** Terminate the worker mid-run and fail its calls, as a worker the browser killed. */
  kill(): void {
    this.worker.terminate();
    for (const cb of this.onDeath) cb(new Error('a seed worker was terminated'));
  }

  dispose(): void { this.shard.dispose(); }

  private named(e: unknown): Error {
    const err = e instanceof Error ? e : new Error(String(e));
    const named = new Error(`${seedsText(this.seeds)}: ${err.message}`);
    named.name = err.name;
    const step = (err as { step?: unknown }).step;
    if (typeof step === 'number') Object.assign(named, { step });
    return named;
  }
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
): Promise<Trainer & { seedWorkers?: SeedWorkerShard[] }> {
  const n = seedShardCount(settings.seeds, backend.backend, cores);
  if (n === 1) return createTrainer(settings, assets, backend);
  const parts = shardSettings(settings, n);
  const remote = parts.slice(1).map((p) => new SeedWorkerShard(seedList(p)));
  let local: Trainer | null = null;
  try {
    const [first] = await Promise.all([
      createTrainer(parts[0], assets, backend),
      ...remote.map((sh, i) => sh.init(parts[i + 1], options)),
    ]);
    local = first as Trainer;
    return Object.assign(new ShardedTrainer([new LocalShard(local), ...remote], settings), { seedWorkers: remote });
  } catch (e) {
    local?.dispose();
    for (const sh of remote) sh.dispose();
    throw e;
  }
}
