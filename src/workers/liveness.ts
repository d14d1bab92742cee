// A watch on a worker that must keep answering while its run is live. A worker the browser
// terminates (out of memory) or one that dies without an `error` event reaching its starter
// answers nothing ever again, and the run waiting on it would wait forever. No timeout tells a
// dead worker from a slow one for sure, so the limit is generous and grows with what the run
// has shown: `factor` times the longest wait seen so far (or the pace given: how long the same
// unit of work takes here), never under a floor, and a larger floor before anything has been
// measured (the first unit of a run is its step-0 evaluation). Time the watching thread itself
// did not run (a late tick: a busy main thread, a suspended laptop) never counts as silence.
// The page watches each trainer worker (worker-client.ts); a trainer worker watches its seed
// workers (seed-shards.ts).

export interface SilenceLimits {
  /** Never fire sooner than this many milliseconds of silence. */
  floorMs: number;
  /** Until the first answer after watch(): at least this many (no wait measured yet). */
  firstMs: number;
  /** The limit is at least `factor` times the longest wait seen (or the pace). */
  factor: number;
}

/** How often a watch is checked. */
export const TICK_MS = 5_000;

/** A trainer worker loading (assets, a backend benchmark, a slow network): ten minutes. */
export const TRAINER_LOADING: SilenceLimits = { floorMs: 600_000, firstMs: 600_000, factor: 1 };
/**
 * A trainer worker running: 3 minutes or 20 times its longest gap between updates (the gap holds a
 * whole unit, an evaluation included), 10 minutes before its first unit. Its seed workers'
 * watch (below) fires well before, so a dead seed worker is named as such.
 */
export const TRAINER_RUNNING: SilenceLimits = { floorMs: 180_000, firstMs: 600_000, factor: 20 };
/** A seed worker starting (it loads the assets again and its backend): ten minutes. */
export const SEED_INIT: SilenceLimits = { floorMs: 600_000, firstMs: 600_000, factor: 1 };
/** A seed worker's unit: a minute or 10 times the slowest unit this worker or the trainer's own block took. */
export const SEED_UNIT: SilenceLimits = { floorMs: 60_000, firstMs: 60_000, factor: 10 };

const defaultNow = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class Liveness {
  private limits: SilenceLimits | null = null;
  /** When the current wait began: the last answer, or watch(). */
  private since = 0;
  private slowestMs = 0;
  private answered = false;
  private lastTick = 0;

  /** `pace`: a reference wait in ms (the same work timed here), counted like the longest wait seen. */
  constructor(private readonly now: () => number = defaultNow, private readonly pace: () => number = () => 0) {}

  /** Watch from now under `limits` (a phase begins: loading, running); null stops watching (paused, ended). */
  watch(limits: SilenceLimits | null): void {
    this.limits = limits;
    this.since = this.now();
    this.lastTick = this.since;
    this.answered = false;
  }

  get watching(): boolean {
    return this.limits !== null;
  }

  /** An answer came: the wait it ends counts towards later limits; the next wait starts now. */
  heard(): void {
    const t = this.now();
    if (this.limits) {
      this.slowestMs = Math.max(this.slowestMs, t - this.since);
      this.answered = true;
    }
    this.since = t;
  }

  /** The silence (ms) that counts as death now. */
  limitMs(): number {
    const l = this.limits;
    if (!l) return Infinity;
    const measured = l.factor * Math.max(this.slowestMs, this.pace());
    return Math.max(this.answered ? l.floorMs : l.firstMs, measured);
  }

  /** Call every TICK_MS: the silence in ms once it outlasts the limit, else null. */
  tick(): number | null {
    const t = this.now();
    const late = t - this.lastTick - TICK_MS;
    this.lastTick = t;
    if (!this.limits) return null;
    // This thread did not run for a while: that stretch is not the worker's silence.
    if (late > TICK_MS) {
      this.since = Math.min(t, this.since + late);
      return null;
    }
    const silent = t - this.since;
    return silent > this.limitMs() ? silent : null;
  }
}

/** How long units of work take in this thread: the slowest finished one, or the one under way if longer. */
export class UnitPace {
  private slowestMs = 0;
  private startedAt: number | null = null;
  constructor(private readonly now: () => number = defaultNow) {}
  begin(): void {
    this.startedAt = this.now();
  }
  end(): void {
    if (this.startedAt !== null) this.slowestMs = Math.max(this.slowestMs, this.now() - this.startedAt);
    this.startedAt = null;
  }
  ms(): number {
    return Math.max(this.slowestMs, this.startedAt === null ? 0 : this.now() - this.startedAt);
  }
}

/** "seed 3", "seeds 2, 3": the seeds a failed or silent worker held, for its message (no tfjs here: the page imports it). */
export function seedsText(seeds: readonly number[]): string {
  return `${seeds.length === 1 ? 'seed' : 'seeds'} ${seeds.join(', ')}`;
}

