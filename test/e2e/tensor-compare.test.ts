// The comparison behind the WebGPU agreement test must be able to fail: exact values of the
// norm-wise error, and a perturbed tensor, a missing one and a NaN are all caught.
import { describe, expect, it } from 'vitest';
import { disagreements, relErr, worstErr } from './tensor-compare';

describe('norm-wise relative error', () => {
  it('is ||a - ref|| / ||ref||, exactly', () => {
    expect(relErr([3, 4], [3, 4])).toBe(0);
    expect(relErr([3, 4.5], [3, 4])).toBeCloseTo(0.5 / 5, 15);
    expect(relErr([0, 0], [0, 0])).toBe(0);
    expect(relErr([1e-3, 0], [0, 0])).toBeCloseTo(1e-3, 15); // absolute where the reference is zero
    expect(relErr([1, 2, 3], [1, 2])).toBe(Infinity);
    expect(relErr([Number.NaN, 1], [1, 1])).toBe(Infinity);
  });

  it('catches one perturbed element in an otherwise identical set of tensors', () => {
    const ref = { w: Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i)), b: new Float32Array([0.5, -0.25]) };
    const same = { w: Float32Array.from(ref.w), b: Float32Array.from(ref.b) };
    expect(disagreements(same, ref, 1e-4)).toEqual([]);
    const perturbed = { w: Float32Array.from(ref.w), b: Float32Array.from(ref.b) };
    perturbed.w[123] += 0.05; // ||w|| is about sqrt(500) = 22.4, so the error is about 2.2e-3
    const d = disagreements(perturbed, ref, 1e-4);
    expect(d.map((x) => x.name)).toEqual(['w']);
    expect(d[0].err).toBeGreaterThan(1e-3);
    expect(worstErr(perturbed, ref).name).toBe('w');
    // Float32 rounding noise alone passes.
    const noisy = { w: ref.w.map((x) => x * (1 + 1e-7)), b: ref.b };
    expect(disagreements(noisy, ref, 1e-4)).toEqual([]);
  });

  it('a tensor missing on one side, or NaN, is a disagreement', () => {
    expect(disagreements({ a: [1] }, { a: [1], b: [2] }, 1).map((x) => x.name)).toEqual(['b']);
    expect(disagreements({ a: [Number.NaN] }, { a: [1] }, 1).map((x) => x.name)).toEqual(['a']);
  });
});
