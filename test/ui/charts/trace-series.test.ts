// Chart points for worked-trace records and the collapse boundary: exact values, with and
// without the optional trace fields, across seeds.
import { describe, expect, it } from 'vitest';
import { combineEvals, combineSteps } from '../../../src/engine/seeds';
import type { StepRecord } from '../../../src/engine/types';
import { STEP_KEYS, evalPoints, hiKey, linePath, loKey, nearestOnPaths, seedKey, stackBounds, stepPoints, stepStyles, type Point } from '../../../src/ui/charts/series';
import { ema } from '../../../src/ui/charts/smoothing';
import { OTHER_STYLE, orderStyles, styleKey, styleLabel } from '../../../src/ui/charts/trace-styles';
import { evalRecord, split, step } from '../fixtures';

const shares = (s: Record<string, number>): Partial<StepRecord> => ({ styleShares: s });

describe('collapse boundary points: KL per split', () => {
  it('each split keeps its own KL, mean and standard error over seeds, each seed kept', () => {
    const e = combineEvals([
      evalRecord(10, 1, split([0.5], { kl: 0.01 }), split([0.1], { kl: 0.02 })),
      evalRecord(10, 2, split([0.7], { kl: 0.03 }), split([0.1], { kl: 0.04 })),
    ], 5);
    const [p] = evalPoints([e]);
    // held-out KL 0.01, 0.03: mean 0.02, sd 0.01 * sqrt(2), se 0.01
    expect(p.tkl).toBeCloseTo(0.02, 12);
    expect(p[loKey('tkl')]).toBeCloseTo(0.01, 12);
    expect(p[hiKey('tkl')]).toBeCloseTo(0.03, 12);
    expect(p.okl).toBeCloseTo(0.03, 12);
    expect([p[seedKey('okl', 0)], p[seedKey('okl', 1)]]).toEqual([0.02, 0.04]);
    expect(p.t1).toBeCloseTo(0.6, 12);
  });

  it('a task without traces gets the KL keys and no trace key', () => {
    const [p] = evalPoints([evalRecord(0, undefined, split([0.3, 0.5], { kl: 0 }), split([0.01, 0.02], { kl: 0 }))]);
    expect(Object.keys(p).sort()).toEqual(['o1', 'o2', 'okl', 'rollouts', 'step', 't1', 't2', 'tkl']);
    expect(p.tkl).toBe(0);
  });
});

describe('trace-pass@k and evaluation style shares', () => {
  it('trace-pass@k per split, with the band over seeds', () => {
    const e = combineEvals([
      evalRecord(5, 1, split([0.6, 0.8], { tracePassAtK: [0.2, 0.4] }), split([0.1, 0.2], { tracePassAtK: [0, 0.1] })),
      evalRecord(5, 2, split([0.6, 0.8], { tracePassAtK: [0.4, 0.6] }), split([0.1, 0.2], { tracePassAtK: [0, 0.1] })),
    ], 5);
    const [p] = evalPoints([e]);
    expect(p.tt1).toBeCloseTo(0.3, 12);
    expect(p[loKey('tt1')]).toBeCloseTo(0.2, 12);
    expect(p[hiKey('tt1')]).toBeCloseTo(0.4, 12);
    expect(p.tt2).toBeCloseTo(0.5, 12);
    expect(p.ot1).toBe(0);
    expect(p.ot2).toBeCloseTo(0.1, 12);
    // answer pass@1 unchanged beside it
    expect(p.t1).toBeCloseTo(0.6, 12);
  });

  it('no trace key when any seed lacks trace-pass@k (a mean over some seeds would pass for all)', () => {
    const e = combineEvals([
      evalRecord(5, 1, split([0.6], { tracePassAtK: [0.2] }), split([0.1])),
      evalRecord(5, 2, split([0.6]), split([0.1])),
    ], 5);
    const [p] = evalPoints([e]);
    expect('tt1' in p).toBe(false);
    expect('ot1' in p).toBe(false);
  });

  it('evaluation style shares: a style a seed did not use counts 0 for it', () => {
    const e = combineEvals([
      evalRecord(5, 1, split([0.5], { styleShares: { columns: 1 } }), split([0.1], { styleShares: { other: 1 } })),
      evalRecord(5, 2, split([0.5], { styleShares: { columns: 0.5, places: 0.5 } }), split([0.1], { styleShares: { other: 1 } })),
    ], 5);
    const [p] = evalPoints([e]);
    expect(p[`t${styleKey('columns')}`]).toBeCloseTo(0.75, 12);
    expect(p[`t${styleKey('places')}`]).toBeCloseTo(0.25, 12);
    expect(p[seedKey(`t${styleKey('places')}`, 0)]).toBe(0);
    expect(p[`o${styleKey(OTHER_STYLE)}`]).toBe(1);
  });
});

describe('style shares over training steps', () => {
  it('a run without traces gets exactly the usual step keys', () => {
    const [p] = stepPoints([step(1, undefined), step(2, undefined)]);
    expect(Object.keys(p).sort()).toEqual(['rollouts', 'step', ...STEP_KEYS].sort());
    expect(stepStyles([step(1, undefined)])).toEqual([]);
  });

  it('the styles of any step and seed, in stacking order: known styles, others by id, other last', () => {
    const steps = [
      combineSteps([step(1, 1, shares({ other: 0.5, zeta: 0.5 })), step(1, 2, shares({ places: 1 }))], 10),
      step(2, undefined, shares({ columns: 0.5, alpha: 0.5 })),
    ];
    expect(stepStyles(steps)).toEqual(['columns', 'places', 'alpha', 'zeta', 'other']);
    expect(stepStyles(steps)).toBe(stepStyles(steps));
  });

  it('shares: 0 for a style a step did not use, NaN for a step without shares; traceTrue only when recorded', () => {
    const pts = stepPoints([
      step(1, undefined, { ...shares({ columns: 0.25, places: 0.75 }), traceTrue: 0.1 }),
      step(2, undefined, { ...shares({ columns: 1 }), traceTrue: 0.3 }),
      step(3, undefined),
    ]);
    expect(pts.map((p) => p[styleKey('columns')])).toEqual([0.25, 1, NaN]);
    expect(pts.map((p) => p[styleKey('places')])).toEqual([0.75, 0, NaN]);
    expect(pts.map((p) => p.traceTrue)).toEqual([0.1, 0.3, NaN]);
  });

  it('multi-seed shares: mean and standard error per style from perSeed', () => {
    const pts = stepPoints([combineSteps([
      step(1, 1, shares({ columns: 0.2, places: 0.8 })),
      step(1, 2, shares({ columns: 0.6, places: 0.4 })),
    ], 10)]);
    const k = styleKey('columns');
    expect(pts[0][k]).toBeCloseTo(0.4, 12);
    expect(pts[0][loKey(k)]).toBeCloseTo(0.2, 12);
    expect(pts[0][hiKey(k)]).toBeCloseTo(0.6, 12);
    expect(pts[0][styleKey('places')]).toBeCloseTo(0.6, 12);
  });

  it('smoothed shares still sum to 1 at every step (the EMA is linear)', () => {
    const a = [1, 0, 0.5, 0.2, 0.9];
    const steps = a.map((x, i) => step(i + 1, undefined, shares({ columns: x, places: 1 - x })));
    const pts = stepPoints(steps, 0.6);
    const sa = ema(a, 0.6);
    pts.forEach((p, i) => {
      expect(p[styleKey('columns')]).toBeCloseTo(sa[i], 12);
      expect(p[styleKey('columns')] + p[styleKey('places')]).toBeCloseTo(1, 12);
    });
  });
});

describe('stacking, path hover and style names', () => {
  it('stack bounds: each layer from the sum of those below to that plus its own', () => {
    const p: Point = { step: 1, rollouts: 1, a: 0.5, b: 0.25, c: 0.25 };
    const b = stackBounds(['a', 'b', 'c']);
    expect(b.map(([lo, hi]) => [lo(p), hi(p)])).toEqual([[0, 0.5], [0.5, 0.75], [0.75, 1]]);
    expect(Number.isNaN(b[2][0]({ step: 2, rollouts: 2, a: NaN, b: 0, c: 0 }))).toBe(true);
  });

  it('a line through an accessor (a layer\'s top)', () => {
    const pts: Point[] = [{ step: 0, rollouts: 0, a: 0.5, b: 0.5 }, { step: 1, rollouts: 4, a: 0.2, b: 0.3 }];
    expect(linePath(pts, 'step', stackBounds(['a', 'b'])[1][1], (v) => v * 10, (v) => 100 - v * 100)).toBe('M0,0L10,50');
  });

  it('nearest point in the plane, in units of the axis spans, within the reach', () => {
    const c = [{ x: 0, y: 0.5, ref: 'base' }, { x: 0.01, y: 0.6, ref: 'a' }, { x: 0.02, y: 0.2, ref: 'b' }];
    // x span 0.02, y span 1: (0.011, 0.3) is (0.05, 0.3) span-units from a, (0.45, 0.1) from b: a is nearer;
    // (0.017, 0.3) is (0.35, 0.3) from a and (0.15, 0.1) from b: b is.
    expect(nearestOnPaths(c, 0.011, 0.3, 0.02, 1, 1)?.ref).toBe('a');
    expect(nearestOnPaths(c, 0.017, 0.3, 0.02, 1, 1)?.ref).toBe('b');
    expect(nearestOnPaths(c, 0.0098, 0.59, 0.02, 1)?.ref).toBe('a');
    expect(nearestOnPaths(c, 0.011, 0.3, 0.02, 1)).toBeNull();
    expect(nearestOnPaths(c, NaN, 0.3, 0.02, 1)).toBeNull();
    expect(nearestOnPaths(c, 0.01, 0.3, 0, 1)).toBeNull();
    // ties go to the earlier candidate; non-finite candidates are never found
    expect(nearestOnPaths([{ x: 0, y: 0, ref: 1 }, { x: 0, y: 0, ref: 2 }, { x: NaN, y: 0, ref: 3 }], 0, 0, 1, 1)?.ref).toBe(1);
  });

  it('style names fall back to the id, never to an inherited property', () => {
    expect(styleLabel('columns')).toBe('columns with carries');
    expect(styleLabel('zigzag')).toBe('zigzag');
    expect(styleLabel('constructor')).toBe('constructor');
    expect(styleLabel('__proto__')).toBe('__proto__');
    expect(orderStyles(['other', 'b', 'jump', 'a', 'columns', 'a'])).toEqual(['columns', 'jump', 'a', 'b', 'other']);
  });
});
