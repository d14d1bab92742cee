// A run's seeds spread over several processes (worker threads in Node, Web Workers in the
// browser), one per core, each holding a contiguous block of the seeds as its own
// multi-seed trainer. The engine stays free of workers: a shard is anything with the
// Trainer's next()/dispose(), and the adapters in scripts/ and src/workers/ provide them.
// Because each seed is an independent run, how the seeds are split never changes a number.
import type { Settings } from './settings';
import type { MetricRecord, RunInfo } from './types';
import { combineUnits, type Trainer } from './trainer';
import { seedList } from './seeds';

/** What a shard must offer: one unit of work per call, like Trainer.next(). */
export interface SeedShard {
  readonly info: RunInfo;
  next(): Promise<MetricRecord[]>;
  dispose(): void | Promise<void>;
}

/**
 * Split a run's seeds into at most `workers` contiguous blocks as even as possible (larger
 * blocks first), each described by the settings a shard runs: its first seed and count.
 */
export function shardSettings(s: Settings, workers: number): Settings[] {
  const seeds = seedList(s);
  const n = Math.max(1, Math.min(Math.floor(workers), seeds.length));
  const out: Settings[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const size = Math.floor(seeds.length / n) + (i < seeds.length % n ? 1 : 0);
    out.push({ ...s, seed: seeds[at], seeds: size });
    at += size;
  }
  return out;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Several shards driven in lockstep: every next() advances all of them in parallel and merges their records. */
export class ShardedTrainer implements Trainer {
  stepsDone = 0;
  finished = false;
  readonly info: RunInfo;

  constructor(private readonly shards: SeedShard[], private readonly settings: Settings) {
    const first = shards[0].info;
    this.info = { ...first, seeds: seedList(settings), shards: shards.length };
  }

  async next(): Promise<MetricRecord[]> {
    if (this.finished) return [];
    const t0 = now();
    const parts = await Promise.all(this.shards.map((sh) => sh.next()));
    const out = combineUnits(parts, now() - t0);
    for (const r of out) if (r.type === 'step') this.stepsDone = r.step;
    // The same end rule as a single trainer: the last step and its evaluation are done.
    const last = out[out.length - 1];
    if (this.stepsDone >= this.settings.steps && last?.type === 'eval') this.finished = true;
    return out;
  }

  dispose(): void {
    for (const sh of this.shards) void sh.dispose();
  }
}
