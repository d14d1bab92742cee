// Spreads a playground run's seeds over Web Workers (shardCount of them): the trainer worker keeps
// the first block of seeds itself and starts a seed worker for each other block. On WebGPU
// or WebGL every seed stays in the one worker: the GPU is shared, and several contexts
// would only compete for it.
import type { Settings } from '../engine/settings';
import { ShardedTrainer, shardCount, shardSettings, type SeedShard } from '../engine/shards';
import { createTrainer, type Trainer, type TrainerAssets } from '../engine/trainer';
import type { MetricRecord, RunInfo } from '../engine/types';
import { PortShard, type ShardMessage, type ShardReply } from '../experiments/shard-port';
import { seedList } from '../engine/seeds';
import type { StartOptions } from './protocol';
import { startWorker } from './start';
import { Liveness, SEED_INIT, SEED_UNIT, TICK_MS, UnitPace, seedsText, type SilenceLimits } from './liveness';
import { formatDuration } from '../experiments/format';
import { webWorkerPort } from './web-port';

/** What a seed worker needs besides the settings: where the site's assets are. */
export type SeedShardOptions = Pick<StartOptions, 'baseUrl' | 'wasmPath'>;

/** Blocks of seeds (workers) for `cores` cores (shardCount); 1 on a GPU backend, which the seeds share. */
export function seedShardCount(seeds: number, backend: string, cores: number | undefined): number {
  return backend !== 'wasm' && backend !== 'cpu' ? 1 : shardCount(seeds, cores);
}

/**
 * A seed Web Worker (the engine worker in its seed role, seed-role.ts) behind the shard
 * protocol. Its failures name its seeds ("seed 3: a seed worker crashed: ..."), so the page can
 * say which seed of which arm stopped. A worker that dies silently (terminated by the browser,
 * out of memory: no error event) is caught by a watch on its answers (liveness.ts): a call
 * unanswered far longer than this worker's or the trainer's own block's slowest unit fails as
 * "a seed worker stopped answering". kill() terminates it as the browser may (browser tests).
 */
export class SeedWorkerShard implements SeedShard {
  private readonly shard: PortShard<SeedShardOptions>;
  private readonly worker = startWorker('seed');
  private readonly onDeath: ((e: Error) => void)[] = [];
  private readonly watch: Liveness;
  private calls = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** `pace`: how long a unit of this run takes in the trainer's own block (UnitPace.ms). */
  constructor(readonly seeds: readonly number[], pace: () => number = () => 0) {
    const port = webWorkerPort<ShardMessage<SeedShardOptions>, ShardReply>(this.worker, 'a seed worker');
    this.shard = new PortShard({ ...port, onError: (cb) => { this.onDeath.push(cb); port.onError(cb); } });
    this.watch = new Liveness(undefined, pace);
    this.timer = setInterval(() => {
      const silent = this.watch.tick();
      if (silent !== null) this.die(new Error(`a seed worker stopped answering (nothing for ${formatDuration(silent)})`));
    }, TICK_MS);
  }

  get info(): RunInfo { return this.shard.info; }

  init(settings: Settings, options: SeedShardOptions): Promise<void> {
    return this.watched(SEED_INIT, () => this.shard.init(settings, options));
  }

  next(): Promise<MetricRecord[]> {
    return this.watched(SEED_UNIT, () => this.shard.next());
  }

  /** Terminate the worker mid-run and fail its calls, as a worker the browser killed. */
  kill(): void {
    this.die(new Error('a seed worker was terminated'));
  }

  dispose(): void {
    this.stopWatch();
    this.shard.dispose();
  }

  /** The worker is gone: end it and fail its calls in flight and every later one. */
  private die(e: Error): void {
    this.stopWatch();
    this.worker.terminate();
    for (const cb of this.onDeath) cb(e);
  }

  private stopWatch(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.watch.watch(null);
  }

  /** A call watched from when it is sent until its answer (none pending: nothing to wait for, e.g. paused). */
  private async watched<T>(limits: SilenceLimits, call: () => Promise<T>): Promise<T> {
    if (this.calls++ === 0 && this.timer !== null) this.watch.watch(limits);
    try {
      return await call();
    } catch (e) {
      throw this.named(e);
    } finally {
      this.watch.heard();
      if (--this.calls === 0) this.watch.watch(null);
    }
  }

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
  constructor(private readonly trainer: Trainer, private readonly pace: UnitPace) {}
  get info(): RunInfo { return this.trainer.info; }
  async next(): Promise<MetricRecord[]> {
    // Timed: the seed workers' watch measures their silence against it.
    this.pace.begin();
    try {
      return await this.trainer.next();
    } finally {
      this.pace.end();
    }
  }
  dispose(): void { this.trainer.dispose(); }
}

/** A run's trainer, with its seed workers when its seeds are spread (the browser tests' kill hook reaches them). */
export type PlaygroundTrainer = Trainer & { seedWorkers?: SeedWorkerShard[] };

/**
 * The run's trainer: in this worker alone when one block suffices, else this worker's
 * block plus a seed worker per other block, merged in lockstep.
 */
export async function shardedTrainer(
  settings: Settings, assets: TrainerAssets, backend: { backend: string; reason: string },
  options: SeedShardOptions, cores: number | undefined,
): Promise<PlaygroundTrainer> {
  const n = seedShardCount(settings.seeds, backend.backend, cores);
  if (n === 1) return createTrainer(settings, assets, backend);
  const parts = shardSettings(settings, n);
  const pace = new UnitPace();
  const remote = parts.slice(1).map((p) => new SeedWorkerShard(seedList(p), () => pace.ms()));
  let local: Trainer | null = null;
  try {
    pace.begin();
    const [first] = await Promise.all([
      createTrainer(parts[0], assets, backend).finally(() => pace.end()),
      ...remote.map((sh, i) => sh.init(parts[i + 1], options)),
    ]);
    local = first as Trainer;
    return Object.assign(new ShardedTrainer([new LocalShard(local, pace), ...remote], settings), { seedWorkers: remote });
  } catch (e) {
    local?.dispose();
    for (const sh of remote) sh.dispose();
    throw e;
  }
}
