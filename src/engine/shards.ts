// A run's seeds spread over several processes (worker threads in Node, Web Workers in the
// browser), as many as shardCount says, each holding a contiguous block of the seeds as its own
// multi-seed trainer. The engine stays free of workers: a shard is anything with the
// Trainer's next()/dispose(), and the adapters in scripts/ and src/workers/ provide them.
// Because each seed is an independent run, how the seeds are split never changes a number.
import type { Settings } from './settings';
import type { MetricRecord, RunInfo, StopReason } from './types';
import type { Trainer } from './trainer';
import { combineUnits, seedList } from './seeds';
import { StopRule } from './plateau';

/** What a shard must offer: one unit of work per call, like Trainer.next(). */
export interface SeedShard {
  readonly info: RunInfo;
  next(): Promise<MetricRecord[]>;
  dispose(): void | Promise<void>;
}

/**
 * How many workers a run's seeds go over on `cores` cores: the fewest whose step is shortest. A
 * step waits for the worker with the largest block (ceil(seeds / n) seeds one after the other)
 * and for the cores to get through every seed (seeds / cores). 3 seeds on 2 cores get 3 workers
 * (the system shares the cores out: a step takes 1.5 seeds' time, where blocks of 2 and 1 took
 * 2 with one core idle half of it); 4 seeds on 2 cores get 2; 2 seeds on 4 cores get 2.
 */
export function shardCount(seeds: number, cores: number | undefined): number {
  const S = Math.max(1, Math.floor(seeds));
  const c = Math.max(1, Math.floor(cores || 1));
  const stepTime = (n: number) => Math.max(Math.ceil(S / n), S / c);
  let best = Math.min(S, c);
  for (let n = best + 1; n <= S; n++) if (stepTime(n) < stepTime(best)) best = n;
  return best;
}

/**
 * Split a run's seeds into at most `workers` contiguous blocks as even as possible (larger
 * blocks first), each described by the settings a shard runs: its first seed and count. A
 * shard never decides where the run ends (plateau off): the trainer that merges them does.
 */
export function shardSettings(s: Settings, workers: number): Settings[] {
  const seeds = seedList(s);
  const n = Math.max(1, Math.min(Math.floor(workers), seeds.length));
  const out: Settings[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const size = Math.floor(seeds.length / n) + (i < seeds.length % n ? 1 : 0);
    out.push({ ...s, seed: seeds[at], seeds: size, plateau: false });
    at += size;
  }
  return out;
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Several shards merged unit by unit. Each shard always has its next unit in flight, so a
 * shard that finishes a step early starts the following one instead of waiting for the
 * slowest shard (at most one unit ahead: a pause stops them all within one step).
 */
export class ShardedTrainer implements Trainer {
  stepsDone = 0;
  finished = false;
  readonly info: RunInfo;
  private readonly inFlight: (Promise<MetricRecord[]> | null)[];
  private readonly stopRule: StopRule;

  constructor(private readonly shards: SeedShard[], private readonly settings: Settings) {
    const first = shards[0].info;
    this.info = { ...first, seeds: seedList(settings), shards: shards.length };
    this.inFlight = shards.map(() => null);
    this.stopRule = new StopRule(settings);
  }

  get stopReason(): StopReason | null {
    return this.stopRule.reason;
  }

  private take(i: number): Promise<MetricRecord[]> {
    const p = this.inFlight[i] ?? this.shards[i].next();
    this.inFlight[i] = null;
    return p;
  }

  async next(): Promise<MetricRecord[]> {
    if (this.finished) return [];
    const t0 = now();
    const pending = this.shards.map((_, i) => this.take(i).then((recs) => {
      // Start this shard's next unit at once unless this one ends the run (or may: with
      // plateau on, any evaluation may end it, which only the merged records can tell).
      if (!endsRun(recs, this.settings.steps) && !(this.settings.plateau && recs.some((r) => r.type === 'eval'))) {
        const ahead = this.shards[i].next();
        ahead.catch(() => undefined); // surfaced when taken
        this.inFlight[i] = ahead;
      }
      return recs;
    }));
    const parts = await Promise.all(pending);
    const out = combineUnits(parts, now() - t0);
    for (const r of out) if (r.type === 'step') this.stepsDone = r.step;
    if (this.stopRule.observe(out) || endsRun(out, this.settings.steps)) this.finished = true;
    return out;
  }

  dispose(): void {
    for (const sh of this.shards) void sh.dispose();
  }
}

/** The same end rule as a single trainer: the last step and its evaluation are done. */
function endsRun(recs: readonly MetricRecord[], steps: number): boolean {
  const last = recs[recs.length - 1];
  return last?.type === 'eval' && last.step >= steps;
}
