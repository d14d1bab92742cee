// WASM's BatchMatMul for many small matrices (src/engine/wasm-matmul.ts): the shapes it takes,
// the ones it leaves to tfjs, and its products against a float64 reference, for every shape
// class attention and its gradient use.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/backend';
import { loopFor, loopSource, MAX_SHARED, MAX_UNROLL, smallBatchPlan } from '../../src/engine/wasm-matmul';
import { simdKernels, simdModuleBytes } from '../../src/engine/wasm-simd';

/** Deterministic float32 values with mixed signs and magnitudes. */
const values = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 1.7 + seed) * (1 + (i % 5))));

/** The product in float64, straight from the definition, and each output's sum of |a_k b_k| and K. */
function reference(a: number[], b: number[], aShape: number[], bShape: number[], tA: boolean, tB: boolean): { out: number[]; abs: number[]; K: number } {
  const r = aShape.length;
  const batch = aShape.slice(0, -2).reduce((x, y) => x * y, 1);
  const [a0, a1] = aShape.slice(-2);
  const [b0, b1] = bShape.slice(-2);
  const M = tA ? a1 : a0;
  const K = tA ? a0 : a1;
  const N = tB ? b0 : b1;
  expect(r).toBe(bShape.length);
  const out: number[] = [];
  const abs: number[] = [];
  for (let p = 0; p < batch; p++) {
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = 0;
        let sa = 0;
        for (let k = 0; k < K; k++) {
          const av = a[p * a0 * a1 + (tA ? k * a1 + m : m * a1 + k)];
          const bv = b[p * b0 * b1 + (tB ? n * b1 + k : k * b1 + n)];
          s += av * bv;
          sa += Math.abs(av * bv);
        }
        out.push(s);
        abs.push(sa);
      }
    }
  }
  return { out, abs, K };
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
    it(`${name}: taken, and equal to the float64 product within float32 summation error`, async () => {
      expect(smallBatchPlan(aShape, bShape, tA, tB)).not.toBeNull();
      await selectBackend('wasm');
      const av = values(aShape.reduce((x, y) => x * y, 1), 1);
      const bv = values(bShape.reduce((x, y) => x * y, 1), 2);
      const got = tf.tidy(() => tf.matMul(tf.tensor(av, aShape), tf.tensor(bv, bShape), tA, tB));
      const { out: want, abs, K } = reference(av, bv, aShape, bShape, tA, tB);
      const out = Array.from(await got.data());
      got.dispose();
      expect(out.length).toBe(want.length);
      // A float32 sum of K products is within K units of rounding (2^-24) of sum |a_k b_k| of the
      // exact value; a wrong index or a dropped term is off by whole products.
      for (let i = 0; i < want.length; i++) expect(Math.abs(out[i] - want[i])).toBeLessThanOrEqual((K + 1) * 2 ** -24 * abs[i] + 1e-30);
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

  // The kernel runs the SIMD module where the width is a multiple of 4 and the JavaScript loops
  // otherwise; each is checked here on its own, on a memory of its own.
  // Shared memory is tfjs-wasm's threaded build (a cross-origin-isolated page).
  for (const [u, shared] of [[4, false], [8, false], [16, false], [8, true]] as const) {
    for (const kind of ['nt', 'nn', 'tn'] as const) {
      it(`${kind} of width ${u}${shared ? ' on shared memory' : ''}: the SIMD module and the JavaScript loop both give the product`, () => {
        const batch = 3;
        const M = 5;
        const K = kind === 'nt' ? u : 11;
        const N = kind === 'nt' ? 7 : u;
        const aShape = kind === 'tn' ? [batch, K, M] : [batch, M, K];
        const bShape = kind === 'nt' ? [batch, N, K] : [batch, K, N];
        const av = values(batch * M * K, u);
        const bv = values(batch * K * N, u + 1);
        const { out: want, abs } = reference(av, bv, aShape, bShape, kind === 'tn', kind === 'nt');
        const close = (got: ArrayLike<number>) => {
          for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual((K + 1) * 2 ** -24 * abs[i] + 1e-30);
        };
        const memory = new WebAssembly.Memory(shared ? { initial: 1, maximum: 65536, shared: true } : { initial: 1 });
        const heap = new Float32Array(memory.buffer);
        const [a0, b0, o0] = [16, 16 + av.length, 16 + av.length + bv.length];
        heap.set(av, a0);
        heap.set(bv, b0);
        heap[o0 + want.length] = 12345; // a sentinel past the output
        const simd = simdKernels(memory, u);
        expect(simd).not.toBeNull();
        simd![kind](4 * a0, 4 * b0, 4 * o0, batch, M, K, N);
        close(heap.subarray(o0, o0 + want.length));
        expect(heap[o0 + want.length]).toBe(12345);
        const out = new Float32Array(want.length);
        const loop = loopFor(kind, u);
        expect(loop).not.toBeNull();
        loop!(Float32Array.from(av), Float32Array.from(bv), out, batch, M, K, N);
        close(out);
      });
    }
  }

  it('assembles a valid module for each width and memory kind, and none for widths not a multiple of 4', () => {
    for (const u of [4, 8, 16, 32]) for (const shared of [false, true]) expect(WebAssembly.validate(simdModuleBytes(u, shared))).toBe(true);
    expect(simdKernels(new WebAssembly.Memory({ initial: 1 }), 6)).toBeNull();
  });

  it('writes only numbers into the code it compiles', () => {
    for (const kind of ['nt', 'nn', 'tn'] as const) {
      const src = loopSource(kind, 8);
      expect(src).toMatch(/a7|c7/);
      expect(loopFor(kind, 8)).not.toBeNull(); // compiled from that source
    }
  });
});
