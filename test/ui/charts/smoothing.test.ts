import { describe, expect, it } from 'vitest';
import { clampSmoothing, ema } from '../../../src/ui/charts/smoothing';

describe('EMA smoothing (TensorBoard, debiased)', () => {
  it('is the identity at weight 0', () => {
    expect(ema([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });

  it('matches the debiased formula step by step', () => {
    // w = 0.5: last = 0.5, 1.25, 1.625; divide by 1 - 0.5^t = 0.5, 0.75, 0.875
    const out = ema([1, 2, 2], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(out[2]).toBeCloseTo(1.625 / 0.875, 12);
  });

  it('starts at the first value (debiasing) rather than pulled to 0', () => {
    expect(ema([10, 0], 0.9)[0]).toBeCloseTo(10, 12);
    // last_2 = 0.9 * 1 + 0.1 * 0 = 0.9; debias 1 - 0.81 = 0.19
    expect(ema([10, 0], 0.9)[1]).toBeCloseTo(0.9 / 0.19, 12);
  });

  it('passes non-finite values through without advancing the average', () => {
    const out = ema([1, NaN, 3], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeNaN();
    // second finite value: last = 0.5 * 0.5 + 0.5 * 3 = 1.75; debias 1 - 0.25 = 0.75
    expect(out[2]).toBeCloseTo(1.75 / 0.75, 12);
  });

  it('leaves a constant series exactly constant', () => {
    expect(ema([0.3, 0.3, 0.3, 0.3], 0.99)).toEqual([0.3, 0.3, 0.3, 0.3]);
  });

  it('clamps the weight to [0, 0.99]', () => {
    expect(clampSmoothing(-1)).toBe(0);
    expect(clampSmoothing(NaN)).toBe(0);
    expect(clampSmoothing(2)).toBe(0.99);
    expect(clampSmoothing(0.6)).toBe(0.6);
    expect(ema([0, 1], 5)).toEqual(ema([0, 1], 0.99));
  });
});
