// The one statistics module, on hand-computed values: mean and standard error over seeds,
// the difference of two arms (independent, a - b) and the paired difference, each with the
// two-standard-error sign.
import { describe, expect, it } from 'vitest';
import { diffOfMeans, meanOf, meanSe, pairedDiff, signBeyond, twoSeSign } from '../../src/experiments/stats';

describe('meanSe', () => {
  it('mean and standard error of the mean: sample sd / sqrt(n)', () => {
    // [1, 2, 3, 4]: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, variance 5/3, se sqrt(5/3/4).
    expect(meanSe([1, 2, 3, 4])).toEqual({ mean: 2.5, se: Math.sqrt(5 / 12), n: 4 });
    expect(meanSe([1, 2, 3, 4]).se).toBeCloseTo(0.6454972244, 10);
    // Two values: the standard error is half their distance, exactly.
    expect(meanSe([1, 3])).toEqual({ mean: 2, se: 1, n: 2 });
    expect(meanSe([0.25, 1])).toEqual({ mean: 0.625, se: 0.375, n: 2 });
  });

  it('n = 0 has neither mean nor standard error; n = 1 has a mean only', () => {
    expect(meanSe([])).toEqual({ mean: null, se: null, n: 0 });
    expect(meanSe([null, undefined, NaN, Infinity, -Infinity])).toEqual({ mean: null, se: null, n: 0 });
    expect(meanSe([0.7])).toEqual({ mean: 0.7, se: null, n: 1 });
    expect(meanSe([null, 0.7, NaN])).toEqual({ mean: 0.7, se: null, n: 1 });
  });

  it('null, undefined and non-finite values are left out', () => {
    expect(meanSe([2, null, NaN, 4, undefined, Infinity])).toEqual({ mean: 3, se: 1, n: 2 });
  });

  it('meanOf is the plain mean, 0 for nothing', () => {
    expect(meanOf([1, 2])).toBe(1.5);
    expect(meanOf([])).toBe(0);
  });
});

describe('the two-standard-error sign', () => {
  it('counts only strictly beyond the bar', () => {
    expect(signBeyond(0.02, 0.02)).toBe(0);
    expect(signBeyond(0.03, 0.02)).toBe(1);
    expect(signBeyond(-0.03, 0.02)).toBe(-1);
    expect(twoSeSign(2, 1)).toBe(0);
    expect(twoSeSign(-2, 1)).toBe(0);
    expect(twoSeSign(2.000001, 1)).toBe(1);
    expect(twoSeSign(-2.000001, 1)).toBe(-1);
  });

  it('is 0 without a standard error or a finite difference', () => {
    expect(twoSeSign(5, null)).toBe(0);
    expect(twoSeSign(null, 1)).toBe(0);
    expect(twoSeSign(NaN, 1)).toBe(0);
    expect(twoSeSign(5, 0)).toBe(1);
  });
});

describe('diffOfMeans (independent seeds, a - b)', () => {
  it('subtracts b from a and takes the standard errors in quadrature', () => {
    // a = [10, 16]: mean 13, se 3; b = [0, 8]: mean 4, se 4; se of the difference sqrt(9 + 16) = 5.
    const b = meanSe([0, 8]);
    expect(diffOfMeans(meanSe([10, 16]), b)).toEqual({ diff: 9, se: 5, sign: 0 });
    expect(diffOfMeans(b, meanSe([10, 16]))).toEqual({ diff: -9, se: 5, sign: 0 });
  });

  it('applies the two-SE rule: exactly two standard errors is not beyond', () => {
    const b = meanSe([0, 8]);
    expect(diffOfMeans(meanSe([11, 17]), b)).toEqual({ diff: 10, se: 5, sign: 0 });
    expect(diffOfMeans(meanSe([12, 18]), b)).toEqual({ diff: 11, se: 5, sign: 1 });
    expect(diffOfMeans(b, meanSe([12, 18]))).toEqual({ diff: -11, se: 5, sign: -1 });
  });

  it('one seed on either side: no standard error and sign 0; no values: NaN difference', () => {
    expect(diffOfMeans(meanSe([12]), meanSe([0, 8]))).toEqual({ diff: 8, se: null, sign: 0 });
    expect(diffOfMeans(meanSe([12, 18]), meanSe([0]))).toEqual({ diff: 15, se: null, sign: 0 });
    const none = diffOfMeans(meanSe([]), meanSe([0, 8]));
    expect(none.diff).toBeNaN();
    expect(none).toMatchObject({ se: null, sign: 0 });
  });
});

describe('pairedDiff (seed by seed, a - b)', () => {
  it('mean and standard error of the per-seed differences', () => {
    // Differences [2, 3, 4]: mean 3, variance 1, se sqrt(1/3); 3 > 2 x 0.577.
    expect(pairedDiff([3, 5, 7], [1, 2, 3])).toEqual({ mean: 3, se: Math.sqrt(1 / 3), n: 3, sign: 1 });
    expect(pairedDiff([1, 2, 3], [3, 5, 7])).toEqual({ mean: -3, se: Math.sqrt(1 / 3), n: 3, sign: -1 });
  });

  it('pairing removes what the seeds share: the same arms differ beyond noise paired but not independently', () => {
    const a = [1.1, 2.1, 3.1], b = [1, 2, 3];
    expect(pairedDiff(a, b).sign).toBe(1);
    expect(diffOfMeans(meanSe(a), meanSe(b)).sign).toBe(0);
  });

  it('exactly two standard errors is not beyond', () => {
    // Differences [3, 1]: mean 2, se 1.
    expect(pairedDiff([3, 1], [0, 0])).toEqual({ mean: 2, se: 1, n: 2, sign: 0 });
    // Differences [3.25, 1.25]: mean 2.25, se 1.
    expect(pairedDiff([3.25, 1.25], [0, 0])).toEqual({ mean: 2.25, se: 1, n: 2, sign: 1 });
    expect(pairedDiff([0, 0], [3.25, 1.25])).toEqual({ mean: -2.25, se: 1, n: 2, sign: -1 });
  });

  it('pairs the seeds both have, leaves out non-finite differences, and has no SE for one seed', () => {
    // Differences [1, 2] (the third seed has no partner): mean 1.5, se 0.5; 1.5 > 2 x 0.5.
    expect(pairedDiff([1, 2, 3], [0, 0])).toEqual({ mean: 1.5, se: 0.5, n: 2, sign: 1 });
    expect(pairedDiff([1, NaN, 3], [0, 0, 0])).toEqual({ mean: 2, se: 1, n: 2, sign: 0 });
    expect(pairedDiff([5], [1])).toEqual({ mean: 4, se: null, n: 1, sign: 0 });
    expect(pairedDiff([], [])).toEqual({ mean: null, se: null, n: 0, sign: 0 });
  });
});
