// The one statistics module, on hand-computed values: mean and standard error over seeds,
// the difference of two arms (independent, a - b) and the paired difference, each with the
// two-standard-error sign; the arms' difference paired by seed (armDifference), and on
// constructed draws why pairing is right: tighter when the arms move together, no different
// in expectation when they do not.
import { describe, expect, it } from 'vitest';
import { armDifference, diffOfMeans, meanOf, meanSe, pairedDiff, signBeyond, twoSeSign } from '../../src/experiments/stats';
import { rngFor, type Rng } from '../../src/engine/rng';

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

describe('armDifference (two arms, paired by seed where they ran the same seeds)', () => {
  const runs = (pairs: [number | null | undefined, number | null][]) => pairs.map(([seed, value]) => ({ seed, value }));

  it('same seeds: the mean and standard error of the per-seed differences, in seed order whatever the run order', () => {
    // Per-seed differences [2, 3, 4] (seeds 1, 2, 3): mean 3, se sqrt(1/3).
    const a = runs([[3, 7], [1, 3], [2, 5]]);
    const b = runs([[1, 1], [2, 2], [3, 3]]);
    expect(armDifference(a, b)).toEqual({ diff: 3, se: Math.sqrt(1 / 3), sign: 1, paired: true, n: 3 });
    expect(armDifference(b, a)).toEqual({ diff: -3, se: Math.sqrt(1 / 3), sign: -1, paired: true, n: 3 });
  });

  it('seeds that do not match (missing, unrecorded or repeated): the arms\' means over independent seeds, paired: false', () => {
    const b = runs([[1, 0], [2, 8]]);
    // a = [10, 16] against b = [0, 8]: diff 9, se 5 (diffOfMeans).
    expect(armDifference(runs([[1, 10], [3, 16]]), b)).toEqual({ diff: 9, se: 5, sign: 0, paired: false, n: 2 });
    expect(armDifference(runs([[undefined, 10], [null, 16]]), b)).toEqual({ diff: 9, se: 5, sign: 0, paired: false, n: 2 });
    expect(armDifference(runs([[1, 10], [1, 16]]), b)).toEqual({ diff: 9, se: 5, sign: 0, paired: false, n: 2 });
    expect(armDifference(runs([[1, 10], [2, 16], [3, 13]]), b)).toMatchObject({ diff: 9, paired: false, n: 2 });
  });

  it('runs without a finite value are left out before matching', () => {
    expect(armDifference(runs([[1, 3], [2, null], [3, 7]]), runs([[1, 1], [3, 3]]))).toMatchObject({ diff: 3, paired: true, n: 2 });
    const none = armDifference([], runs([[1, 1]]));
    expect(none.diff).toBeNaN();
    expect(none).toMatchObject({ se: null, sign: 0, paired: false, n: 0 });
  });
});

/** A standard normal draw (Box-Muller) from a seeded stream. */
function normal(rng: Rng): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

describe('why arms are paired by seed (constructed draws, fixed seed)', () => {
  // Two arms over 5 seeds: arm b is arm a plus 0.02. Each seed has a shared part (what its
  // random streams do to either arm, sd `shared`) and each run its own part (sd 1 x 0.02).
  const draws = 4000;
  const seeds = [1, 2, 3, 4, 5];
  const trial = (rng: Rng, shared: number) => {
    const common = seeds.map(() => shared * normal(rng));
    const a = seeds.map((seed, i) => ({ seed, value: 0.5 + common[i] + 0.02 * normal(rng) }));
    const b = seeds.map((seed, i) => ({ seed, value: 0.52 + common[i] + 0.02 * normal(rng) }));
    const paired = armDifference(a, b);
    const independent = diffOfMeans(meanSe(a.map((x) => x.value)), meanSe(b.map((x) => x.value)));
    expect(paired.paired).toBe(true);
    return { paired: paired.se! ** 2, independent: independent.se! ** 2 };
  };
  const average = (shared: number, name: string) => {
    const rng = rngFor(7, name);
    let p = 0;
    let q = 0;
    for (let i = 0; i < draws; i++) {
      const t = trial(rng, shared);
      p += t.paired / draws;
      q += t.independent / draws;
    }
    return { paired: p, independent: q };
  };

  it('when the arms move together the paired standard error is much smaller', () => {
    // Shared sd 0.05 against own sd 0.02: independent variance (0.05^2 + 0.02^2) x 2 / 5,
    // paired 0.02^2 x 2 / 5, a ratio of 7.25.
    const v = average(0.05, 'together');
    expect(v.independent / v.paired).toBeGreaterThan(6);
    expect(v.independent / v.paired).toBeLessThan(8.5);
    expect(v.paired).toBeCloseTo((0.02 ** 2 * 2) / 5, 4);
  });

  it('when they are independent it is no different in expectation (both estimate 2 sigma^2 / n)', () => {
    const v = average(0, 'independent');
    expect(Math.abs(v.paired / v.independent - 1)).toBeLessThan(0.05);
    expect(Math.abs(v.paired / ((0.02 ** 2 * 2) / 5) - 1)).toBeLessThan(0.05);
  });
});
