import { describe, expect, it } from 'vitest';
import { combineEvals, combineSteps } from '../../../src/engine/seeds';
import type { EvalRecord, SplitEval } from '../../../src/engine/types';
import { MAX_STEP_POINTS, evalPoints, hiKey, loKey, rawKey, seedCount, seedKey, stepPoints } from '../../../src/ui/charts/series';
import { ema } from '../../../src/ui/charts/smoothing';
import { step } from '../fixtures';

function split(passAtK: number[]): SplitEval {
  return { passAtK, rewardObserved: 0.4, entropy: 1, kl: 0, fnRate: null, fpRate: null, problems: 16, samplesPerProblem: passAtK.length };
}

function evalRec(n: number, seed: number, test: number[], ood: number[]): EvalRecord {
  return { type: 'eval', step: n, rollouts: n * 100, test: split(test), ood: split(ood), k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 5, seed };
}

describe('chart series across seeds', () => {
  it('evaluation points: mean, mean -/+ standard error and each seed, exactly', () => {
    const e = combineEvals([
      evalRec(5, 1, [0.2, 0.5], [0.1, 0.2]),
      evalRec(5, 2, [0.4, 0.6], [0.1, 0.3]),
      evalRec(5, 3, [0.6, 0.7], [0.1, 0.4]),
    ], 7);
    const [p] = evalPoints([e]);
    // pass@1 held-out: 0.2, 0.4, 0.6 -> mean 0.4, sample sd 0.2, se 0.2 / sqrt(3)
    const se = 0.2 / Math.sqrt(3);
    expect(p.t1).toBeCloseTo(0.4, 12);
    expect(p[loKey('t1')]).toBeCloseTo(0.4 - se, 12);
    expect(p[hiKey('t1')]).toBeCloseTo(0.4 + se, 12);
    expect([p[seedKey('t1', 0)], p[seedKey('t1', 1)], p[seedKey('t1', 2)]]).toEqual([0.2, 0.4, 0.6]);
    // pass@2 held-out: 0.5, 0.6, 0.7 -> se 0.1 / sqrt(3)
    expect(p[hiKey('t2')] - p.t2).toBeCloseTo(0.1 / Math.sqrt(3), 12);
    // OOD pass@1 is the same for every seed: a band of zero width
    expect(p.o1).toBeCloseTo(0.1, 12);
    expect(p[loKey('o1')]).toBeCloseTo(0.1, 12);
    expect(p[hiKey('o1')]).toBeCloseTo(0.1, 12);
    expect(p.step).toBe(5);
    expect(seedCount([e])).toBe(3);
  });

  it('a single-seed run has the plain values and no band', () => {
    const [p] = evalPoints([evalRec(0, 1, [0.3, 0.5], [0.1, 0.2])]);
    expect(p.t1).toBe(0.3);
    expect(loKey('t1') in p).toBe(false);
    expect(seedKey('t1', 0) in p).toBe(false);
    const [s] = stepPoints([step(1, undefined, { rewardTrue: 0.25 })]);
    expect(s.rewardTrue).toBe(0.25);
    expect(hiKey('rewardTrue') in s).toBe(false);
  });

  it('step points: band across seeds, from perSeed', () => {
    const steps = [1, 2].map((n) => combineSteps([
      step(n, 1, { rewardTrue: 0.1 * n }),
      step(n, 2, { rewardTrue: 0.3 * n }),
    ], 10));
    const pts = stepPoints(steps);
    expect(pts).toHaveLength(2);
    // step 2: 0.2 and 0.6 -> mean 0.4, sd 0.2 * sqrt(2), se 0.2
    expect(pts[1].rewardTrue).toBeCloseTo(0.4, 12);
    expect(pts[1][loKey('rewardTrue')]).toBeCloseTo(0.2, 12);
    expect(pts[1][hiKey('rewardTrue')]).toBeCloseTo(0.6, 12);
    expect(pts[1][seedKey('rewardTrue', 1)]).toBeCloseTo(0.6, 12);
  });

  it('downsamples long runs to at most MAX_STEP_POINTS, averaging each seed within a bucket', () => {
    const n = MAX_STEP_POINTS * 2;
    const steps = Array.from({ length: n }, (_, i) => combineSteps([
      step(i + 1, 1, { kl: i }),
      step(i + 1, 2, { kl: 2 * i }),
    ], 10));
    const pts = stepPoints(steps);
    expect(pts).toHaveLength(MAX_STEP_POINTS);
    // bucket 0 = steps 1, 2 (i = 0, 1): seed 1 mean 0.5, seed 2 mean 1 -> mean 0.75, se 0.25
    expect(pts[0].step).toBe(2);
    expect(pts[0].kl).toBeCloseTo(0.75, 12);
    expect(pts[0][hiKey('kl')]).toBeCloseTo(1, 12);
    expect(pts[0][loKey('kl')]).toBeCloseTo(0.5, 12);
  });

  it('smoothing: each seed is smoothed, the band is across the smoothed seeds, the raw mean is kept', () => {
    const a = [0, 1, 0, 1];
    const b = [1, 1, 0, 0];
    const steps = a.map((_, i) => combineSteps([step(i + 1, 1, { entropy: a[i] }), step(i + 1, 2, { entropy: b[i] })], 10));
    const pts = stepPoints(steps, 0.6);
    const sa = ema(a, 0.6);
    const sb = ema(b, 0.6);
    for (let i = 0; i < 4; i++) {
      const mean = (sa[i] + sb[i]) / 2;
      const se = Math.abs(sa[i] - sb[i]) / 2; // two values: sd = |a - b| / sqrt(2), se = sd / sqrt(2)
      expect(pts[i].entropy).toBeCloseTo(mean, 12);
      expect(pts[i][loKey('entropy')]).toBeCloseTo(mean - se, 12);
      expect(pts[i][hiKey('entropy')]).toBeCloseTo(mean + se, 12);
      expect(pts[i][seedKey('entropy', 0)]).toBeCloseTo(sa[i], 12);
      expect(pts[i][rawKey('entropy')]).toBeCloseTo((a[i] + b[i]) / 2, 12);
    }
    // Unsmoothed points have no raw copy.
    expect(rawKey('entropy') in stepPoints(steps)[0]).toBe(false);
  });

  it('is memoised on the record array and the smoothing weight', () => {
    const steps = [step(1, undefined), step(2, undefined)];
    expect(stepPoints(steps, 0.5)).toBe(stepPoints(steps, 0.5));
    expect(stepPoints(steps, 0.5)).not.toBe(stepPoints(steps, 0.6));
    const evals = [evalRec(0, 1, [0.3], [0.1])];
    expect(evalPoints(evals)).toBe(evalPoints(evals));
  });
});
