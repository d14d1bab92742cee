import { describe, expect, it } from 'vitest';
import { compressionRatio, entropyFromLogits, klK3, median, passAtK, passAtKCurve, readoutK, sampleStd } from '../../src/engine/metrics';

// Direct definition: 1 - C(n-c,k)/C(n,k) with exact binomials.
function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

describe('passAtK (unbiased estimator)', () => {
  it('matches hand-computed values', () => {
    expect(passAtK(10, 0, 1)).toBe(0);
    expect(passAtK(10, 10, 1)).toBe(1);
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12);
    // n=4, c=1, k=2: 1 - C(3,2)/C(4,2) = 1 - 3/6 = 0.5
    expect(passAtK(4, 1, 2)).toBeCloseTo(0.5, 12);
    // n=5, c=2, k=3: 1 - C(3,3)/C(5,3) = 1 - 1/10 = 0.9
    expect(passAtK(5, 2, 3)).toBeCloseTo(0.9, 12);
    // n=16, c=4, k=8: 1 - C(12,8)/C(16,8) = 1 - 495/12870
    expect(passAtK(16, 4, 8)).toBeCloseTo(1 - 495 / 12870, 12);
    // n - c < k: some correct sample is always drawn
    expect(passAtK(8, 5, 4)).toBe(1);
  });

  it('agrees with the binomial formula for every n <= 20', () => {
    for (let n = 1; n <= 20; n++) for (let c = 0; c <= n; c++) for (let k = 1; k <= n; k++) {
      expect(passAtK(n, c, k)).toBeCloseTo(1 - binom(n - c, k) / binom(n, k), 10);
    }
  });

  it('rejects invalid arguments', () => {
    expect(() => passAtK(4, 5, 1)).toThrow(RangeError);
    expect(() => passAtK(4, 1, 5)).toThrow(RangeError);
    expect(() => passAtK(4, 1, 0)).toThrow(RangeError);
  });

  it('averages over problems and is monotone in k', () => {
    const curve = passAtKCurve([0, 1, 4], 4);
    expect(curve[0]).toBeCloseTo((0 + 0.25 + 1) / 3, 12);
    expect(curve[3]).toBeCloseTo((0 + 1 + 1) / 3, 12);
    for (let k = 1; k < curve.length; k++) expect(curve[k]).toBeGreaterThanOrEqual(curve[k - 1]);
  });
});

describe('compression ratio', () => {
  it('reproduces the worked example from the findings (40/75 -> 65)', () => {
    expect(compressionRatio(0.4, 0.75, 0.65)).toBeCloseTo(25 / 35, 12);
  });
  it('is null when the base has no headroom', () => {
    expect(compressionRatio(0.5, 0.5, 0.7)).toBeNull();
  });
  it('chooses the readout k', () => {
    expect(readoutK(16)).toBe(8);
    expect(readoutK(5)).toBe(4);
    expect(readoutK(1)).toBe(1);
  });
});

describe('per-token KL and entropy references', () => {
  it('k3 is zero for equal log-probs and positive otherwise', () => {
    expect(klK3(-1.2, -1.2)).toBe(0);
    expect(klK3(-1, -2)).toBeCloseTo(Math.exp(-1) + 1 - 1, 12);
    expect(klK3(-2, -1)).toBeGreaterThan(0);
  });
  it('entropy of uniform logits is log V', () => {
    expect(entropyFromLogits([0, 0, 0, 0])).toBeCloseTo(Math.log(4), 12);
    expect(entropyFromLogits([100, 0, 0])).toBeCloseTo(0, 6);
  });
  it('median and sample std', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(sampleStd([1, 0, 0, 1])).toBeCloseTo(Math.sqrt(1 / 3), 12);
  });
});
