import { describe, expect, it } from 'vitest';
import { bandPath, linePath, nearestPoint, type Point } from '../../../src/ui/charts/series';

const pts = (steps: number[], extra: (s: number) => Record<string, number> = (s) => ({ y: s / 10 })): Point[] =>
  steps.map((s) => ({ step: s, rollouts: s * 4, ...extra(s) }));

describe('nearest point per run (hover lookup)', () => {
  const run = pts([0, 10, 20, 30, 40]);
  it('finds the nearest point by the chosen x key, ties to the earlier one', () => {
    expect(nearestPoint(run, 'step', 0)?.step).toBe(0);
    expect(nearestPoint(run, 'step', 14)?.step).toBe(10);
    expect(nearestPoint(run, 'step', 16)?.step).toBe(20);
    expect(nearestPoint(run, 'step', 15)?.step).toBe(10);
    expect(nearestPoint(run, 'step', 40)?.step).toBe(40);
    expect(nearestPoint(run, 'rollouts', 95)?.step).toBe(20);
  });
  it('returns null outside the run\'s span by more than its spacing, for no points, or a non-finite x', () => {
    expect(nearestPoint(run, 'step', 49)?.step).toBe(40);
    expect(nearestPoint(run, 'step', 51)).toBeNull();
    expect(nearestPoint(run, 'step', -11)).toBeNull();
    expect(nearestPoint([], 'step', 5)).toBeNull();
    expect(nearestPoint(run, 'step', NaN)).toBeNull();
  });
  it('a single point is found within the given tolerance', () => {
    const one = pts([0]);
    expect(nearestPoint(one, 'step', 3)).toBeNull();
    expect(nearestPoint(one, 'step', 3, 5)?.step).toBe(0);
  });
  it('each run is looked up on its own points: a short live run, a long pinned run', () => {
    const live = pts([1, 2, 3]);
    const pinned = pts(Array.from({ length: 250 }, (_, i) => (i + 1) * 8));
    expect(nearestPoint(live, 'step', 500)).toBeNull();
    expect(nearestPoint(pinned, 'step', 500)?.step).toBe(496);
    expect(nearestPoint(pinned, 'step', 2)?.step).toBe(8);
  });
});

describe('SVG paths from points', () => {
  const sx = (v: number) => v * 2;
  const sy = (v: number) => 100 - v * 100;
  it('a line bridges non-finite values and rounds to 0.1 px', () => {
    const p = pts([0, 1, 2, 3], (s) => ({ y: s === 2 ? NaN : s / 3 }));
    expect(linePath(p, 'step', 'y', sx, sy)).toBe('M0,100L2,66.7L6,0');
    expect(linePath(p, 'step', 'missing', sx, sy)).toBe('');
  });
  it('a band runs along the top and back along the bottom, closed; under two points it is empty', () => {
    const p = pts([0, 1], (s) => ({ lo: 0.1 * s, hi: 0.5 + 0.1 * s }));
    const d = bandPath(p, 'step', (q) => q.lo, (q) => q.hi, sx, sy);
    expect(d).toBe('M0,50L2,40L2,90L0,100Z');
    expect(bandPath(p.slice(0, 1), 'step', (q) => q.lo, (q) => q.hi, sx, sy)).toBe('');
  });
});
