// The watch on a worker's answers (src/workers/liveness.ts) on a hand-moved clock: it fires
// only after a silence beyond its floor and beyond `factor` times the longest wait (or the pace)
// seen, waits longer before the first answer, never while not watching, and a stretch its own
// thread did not run (a late tick) is not counted as silence.
import { describe, expect, it } from 'vitest';
import { Liveness, TICK_MS, UnitPace, type SilenceLimits } from '../../src/workers/liveness';

const LIMITS: SilenceLimits = { floorMs: 60_000, firstMs: 100_000, factor: 10 };

function clock() {
  let t = 1_000;
  return { now: () => t, set: (v: number) => { t = v; } };
}

/** Tick every TICK_MS from the clock's time until `until` (ms), as the interval would; the first silence it reports. */
function tickUntil(c: ReturnType<typeof clock>, w: Liveness, until: number): number | null {
  for (let t = c.now() + TICK_MS; t <= until; t += TICK_MS) {
    c.set(t);
    const s = w.tick();
    if (s !== null) return s;
  }
  return null;
}

describe('liveness watch', () => {
  it('waits firstMs for the first answer, then max(floor, factor x the longest wait)', () => {
    const c = clock();
    const w = new Liveness(c.now);
    w.watch(LIMITS);
    expect(w.limitMs()).toBe(100_000);
    expect(tickUntil(c, w, 1_000 + 95_000)).toBeNull();
    w.heard(); // a 95 s first unit (a slow evaluation)
    expect(w.limitMs()).toBe(950_000);
    expect(tickUntil(c, w, c.now() + 900_000)).toBeNull();
    const silent = tickUntil(c, w, c.now() + 100_000);
    expect(silent).toBeGreaterThan(950_000);
    expect(silent).toBeLessThanOrEqual(950_000 + TICK_MS);
  });

  it('short waits keep the floor; a pace (the same unit timed here) raises the limit', () => {
    const c = clock();
    let pace = 0;
    const w = new Liveness(c.now, () => pace);
    w.watch(LIMITS);
    for (let i = 0; i < 5; i++) {
      c.set(c.now() + 1_000);
      w.heard();
    }
    expect(w.limitMs()).toBe(60_000);
    pace = 30_000;
    expect(w.limitMs()).toBe(300_000);
    expect(tickUntil(c, w, c.now() + 295_000)).toBeNull();
    expect(tickUntil(c, w, c.now() + 10_000)).not.toBeNull();
  });

  it('never fires while not watching, and watching again starts the wait afresh', () => {
    const c = clock();
    const w = new Liveness(c.now);
    w.watch(LIMITS);
    w.watch(null);
    expect(w.watching).toBe(false);
    expect(tickUntil(c, w, c.now() + 3_600_000)).toBeNull();
    w.watch(LIMITS);
    expect(tickUntil(c, w, c.now() + 95_000)).toBeNull();
    expect(tickUntil(c, w, c.now() + 10_000)).not.toBeNull();
  });

  it('a late tick (this thread stalled or the machine slept) does not count that stretch as silence', () => {
    const c = clock();
    const w = new Liveness(c.now);
    w.watch(LIMITS);
    c.set(c.now() + 500_000); // one tick, 500 s late
    expect(w.tick()).toBeNull();
    expect(tickUntil(c, w, c.now() + 90_000)).toBeNull();
    expect(tickUntil(c, w, c.now() + 15_000)).not.toBeNull();
  });

  it('UnitPace is the slowest finished unit, or the one under way if longer', () => {
    const c = clock();
    const p = new UnitPace(c.now);
    expect(p.ms()).toBe(0);
    p.begin();
    c.set(c.now() + 4_000);
    p.end();
    expect(p.ms()).toBe(4_000);
    p.begin();
    c.set(c.now() + 9_000);
    expect(p.ms()).toBe(9_000);
    p.end();
    p.begin();
    c.set(c.now() + 1_000);
    expect(p.ms()).toBe(9_000);
  });
});
