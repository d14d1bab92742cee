import { describe, expect, it } from 'vitest';
import { backwardCorrect, correctRewards, forwardCorrectGroup, topHalfMask } from '../../src/engine/correction';
import { verify } from '../../src/engine/verifier';
import { makeProblem } from '../../src/engine/tasks';
import { mulberry32 } from '../../src/engine/rng';
import { crossFieldIssues, DEFAULT_SETTINGS, assertValidSettings } from '../../src/engine/settings';

const p = makeProblem('add', [12, 34]);
const right = { text: '46', ended: true, length: 3 };
const wrong = { text: '47', ended: true, length: 3 };

describe('backward correction', () => {
  it('matches the formula', () => {
    expect(backwardCorrect(1, 0.1, 0.3)).toBeCloseTo(0.9 / 0.6, 12);
    expect(backwardCorrect(0, 0.1, 0.3)).toBeCloseTo(-0.1 / 0.6, 12);
    expect(() => backwardCorrect(1, 0.5, 0.5)).toThrow(RangeError);
  });
  for (const [fn, fp] of [[0.3, 0], [0.2, 0.2], [0, 0.3], [0.4, 0.1]]) {
    it(`is unbiased: its mean over noisy draws matches the clean reward (FN ${fn}, FP ${fp})`, () => {
      const N = 40000;
      const cfg = { mode: 'noisy' as const, fnRate: fn, fpRate: fp, randomRate: 0 };
      for (const [answer, clean] of [[right, 1], [wrong, 0]] as const) {
        const rng = mulberry32(21);
        let sum = 0;
        let sumSq = 0;
        for (let i = 0; i < N; i++) {
          const r = backwardCorrect(verify(cfg, p, answer, rng).observed, fp, fn);
          sum += r;
          sumSq += r * r;
        }
        const mean = sum / N;
        const se = Math.sqrt((sumSq / N - mean * mean) / N);
        expect(Math.abs(mean - clean)).toBeLessThanOrEqual(5 * se + 1e-9);
      }
    });
  }
});

describe('forward correction', () => {
  it('keeps observed positives and lifts observed negatives by their posterior', () => {
    // 4 of 8 observed, FN 0.2: p = 0.5/0.8 = 0.625; posterior = 0.2*0.625/(0.2*0.625+0.375) = 0.25
    const out = forwardCorrectGroup([1, 1, 1, 1, 0, 0, 0, 0], 0.2);
    expect(out.slice(0, 4)).toEqual([1, 1, 1, 1]);
    for (const x of out.slice(4)) expect(x).toBeCloseTo(0.25, 12);
  });
  it('is the identity without false negatives and leaves all-zero groups at zero', () => {
    expect(forwardCorrectGroup([1, 0, 0, 1], 0)).toEqual([1, 0, 0, 1]);
    expect(forwardCorrectGroup([0, 0, 0, 0], 0.3)).toEqual([0, 0, 0, 0]);
  });
  it('stays in [0, 1] under heavy noise', () => {
    for (const g of [[1, 1, 1, 0], [1, 0, 0, 0], [1, 1, 1, 1]]) for (const x of forwardCorrectGroup(g, 0.8)) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });
  it('is applied per group', () => {
    expect(correctRewards([1, 0, 0, 0, 0, 0], 3, { correction: 'forward', assumedFn: 0.5, assumedFp: 0 })[1]).toBeGreaterThan(0);
    expect(correctRewards([1, 0, 0, 0, 0, 0], 3, { correction: 'forward', assumedFn: 0.5, assumedFp: 0 })[4]).toBe(0);
  });
});

describe('guards and filters', () => {
  it('refuses a backward correction that would divide by almost zero, with a clear message', () => {
    const s = { ...DEFAULT_SETTINGS, correction: 'backward' as const, assumedFn: 0.6, assumedFp: 0.35 };
    expect(crossFieldIssues(s)[0].message).toMatch(/1 - FN - FP = 0.05/);
    expect(() => assertValidSettings(s)).toThrow(/keep assumed FN \+ FP below 0.9/);
  });
  it('top half keeps the best ceil(K/2) per group, earliest on ties', () => {
    expect(topHalfMask([0, 1, 0, 1, 1, 1, 1, 0], 4)).toEqual([0, 1, 0, 1, 1, 1, 0, 0]);
    expect(topHalfMask([0, 0, 0], 3)).toEqual([1, 1, 0]);
  });
});

describe('backward correction under GRPO normalisation', () => {
  it('is an affine map of the rewards, so std-normalised group advantages barely change', async () => {
    const { groupAdvantages } = await import('../../src/engine/grpo');
    const observed = [1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0];
    const corrected = correctRewards(observed, 4, { correction: 'backward', assumedFn: 0.3, assumedFp: 0.1 });
    const a = groupAdvantages(observed, 4, 'mean', true);
    const b = groupAdvantages(corrected, 4, 'mean', true);
    // Only the epsilon in the denominator tells them apart.
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 3);
    // Without normalisation the advantages are scaled by 1 / (1 - FN - FP).
    const c = groupAdvantages(corrected, 4, 'mean', false);
    const d = groupAdvantages(observed, 4, 'mean', false);
    for (let i = 0; i < c.length; i++) expect(c[i]).toBeCloseTo(d[i] / 0.6, 12);
  });
});
