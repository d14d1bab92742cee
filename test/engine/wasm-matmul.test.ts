// WASM's BatchMatMul for many small matrices (src/engine/wasm-matmul.ts): the shapes it takes,
// the ones it leaves to tfjs, and its products against a float64 reference, for every shape
// class attention and its gradient use.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/backend';
import { loopSource, MAX_SHARED, MAX_UNROLL, smallBatchPlan } from '../../src/engine/wasm-matmul';

/** Deterministic float32 values with mixed signs and magnitudes. */
const values = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 1.7 + seed) * (1 + (i % 5))));

/** The product in float64, straight from the definition. */
function reference(a: number[], b: number[], aShape: number[], bShape: number[], tA: boolean, tB: boolean): number[] {
  const r = aShape.length;
  const batch = aShape.slice(0, -2).reduce((x, y) => x * y, 1);
  const [a0, a1] = aShape.slice(-2);
  const [b0, b1] = bShape.slice(-2);
  const M = tA ? a1 : a0;
  const K = tA ? a0 : a1;
  const N = tB ? b0 : b1;
  expect(r).toBe(bShape.length);
  const out: number[] = [];
  for (let p = 0; p < batch; p++) {
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const av = a[p * a0 * a1 + (tA ? k * a1 + m : m * a1 + k)];
          const bv = b[p * b0 * b1 + (tB ? n * b1 + k : k * b1 + n)];
          s += av * bv;
        }
        out.push(s);
      }
    }
  }
  return out;
}

describe('small batched matmul on WASM', () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['scores q k^T (nt)', [3, 4, 5, 8], [3, 4, 15, 8], false, true],
    ['weights x v (nn)', [3, 4, 5, 15], [3, 4, 15, 8], false, false],
    ['weights^T dO (tn)', [3, 4, 5, 15], [3, 4, 5, 8], true, false],
    ['decode step q k^T, one query', [6, 4, 1, 8], [6, 4, 13, 8], false, true],
    ['decode step weights x v, one query', [6, 4, 1, 13], [6, 4, 13, 8], false, false],
    ['head dim 16 (small and medium models)', [2, 8, 7, 16], [2, 8, 9, 16], false, true],
    ['head dim 16, nn', [2, 8, 7, 9], [2, 8, 9, 16], false, false],
    ['head dim 16, tn', [2, 8, 9, 7], [2, 8, 9, 16], true, false],
    ['rank 3, odd sizes', [5, 3, 7], [5, 7, 3], false, false],
  ];
  for (const [name, aShape, bShape, tA, tB] of cases) {
    it(`${name}: taken, and equal to the float64 product within float32 rounding`, async () => {
      expect(smallBatchPlan(aShape, bShape, tA, tB)).not.toBeNull();
      await selectBackend('wasm');
      const av = values(aShape.reduce((x, y) => x * y, 1), 1);
      const bv = values(bShape.reduce((x, y) => x * y, 1), 2);
      const got = tf.tidy(() => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), tA, tB));
      const want = reference(av, bv, aShape, bShape, tA, tB);
      const out = Array.from(await got.data());
      got.dispose();
      expect(out.length).toBe(want.length);
      // Summed in float64 and rounded once: within half an ulp of float32 of the exact value.
      for (let i = 0; i < want.length; i++) expect(Math.abs(out[i] - want[i])).toBeLessThanOrEqual(Math.abs(want[i]) * 2 ** -24 + 1e-30);
      const M = tA ? aShape[aShape.length - 1] : aShape[aShape.length - 2];
      const N = tB ? bShape[bShape.length - 2] : bShape[bShape.length - 1];
      expect(got.shape).toEqual([...aShape.slice(0, -2), M, N]);
    });
  }

  it('agrees with the CPU backend on a gradient through batched attention-like products', async () => {
    const f = () => {
      const q = tf.tensor(values(2 * 4 * 5 * 8, 3), [2, 4, 5, 8]);
      const k = tf.tensor(values(2 * 4 * 6 * 8, 4), [2, 4, 6, 8]);
      const [gq, gk] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.matMul(tf.softmax(tf.matMul(a, b, false, true)), b).square().sum())([q, k]);
      return [gq, gk];
    };
    const run = async (backend: 'cpu' | 'wasm') => {
      await selectBackend(backend);
      const out = tf.tidy(f);
      const vals = await Promise.all(out.map(async (t) => Array.from(await t.data())));
      tf.dispose(out);
      return vals;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    for (let i = 0; i < cpu.length; i++) for (let j = 0; j < cpu[i].length; j++) expect(wasm[i][j]).toBeCloseTo(cpu[i][j], 3);
  });

  it('leaves one matrix, broadcast batches, both transposes and large dims to tfjs', () => {
    expect(smallBatchPlan([1, 640, 32], [1, 32, 96], false, false)).toBeNull(); // one matrix: XNNPACK
    expect(smallBatchPlan([640, 32], [32, 96], false, false)).toBeNull(); // rank 2
    expect(smallBatchPlan([4, 5, 8], [1, 8, 6], false, false)).toBeNull(); // broadcast batch
    expect(smallBatchPlan([4, 8, 5], [4, 6, 8], true, true)).toBeNull();
    expect(smallBatchPlan([4, 5, MAX_UNROLL + 1], [4, 6, MAX_UNROLL + 1], false, true)).toBeNull(); // unrolled dim too large
    expect(smallBatchPlan([4, 5, 6], [4, 6, MAX_UNROLL + 1], false, false)).toBeNull();
    expect(smallBatchPlan([4, 5, MAX_SHARED + 1], [4, MAX_SHARED + 1, 8], false, false)).toBeNull(); // long shared dim
    expect(smallBatchPlan([4, 0, 8], [4, 8, 6], false, false)).toBeNull(); // empty
    expect(smallBatchPlan([4, 5, 8], [4, 9, 6], false, false)).toBeNull(); // mismatched inner dims: tfjs says so
    expect(smallBatchPlan([2, 3, 5, 8], [2, 3, 15, 8], false, true)).toEqual({ kind: 'nt', batch: 6, M: 5, K: 8, N: 15, outShape: [2, 3, 5, 15] });
  });

  it('still throws tfjs\' error for mismatched inner dimensions', async () => {
    await selectBackend('wasm');
    expect(() => tf.tidy(() => tf.matMul(tf.zeros([4, 5, 8]), tf.zeros([4, 9, 6])))).toThrow(/inner shapes/);
  });

  it('writes only numbers into the code it compiles', () => {
    for (const kind of ['nt', 'nn', 'tn'] as const) {
      const src = loopSource(kind, 8);
      expect(src).toMatch(/a7|c7/);
      expect(() => new Function('A', 'B', 'O', 'batch', 'M', 'K', 'N', src)).not.toThrow();
    }
  });
});
