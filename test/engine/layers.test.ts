// The hand-written layers against the plain tfjs ops they replace (values and every gradient),
// and on-device sampling against the inverse-CDF rule computed in JS.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/backend';
import { attendHeads, attention, layerNorm, linear, residualAdd, sampleTokens } from '../../src/engine/layers';
import { mulberry32, randNormal } from '../../src/engine/rng';
import { hasFusedLayerNorm } from '../../src/engine/wasm-fused';

const randn = (shape: number[], seed: number) => {
  const rng = mulberry32(seed);
  return tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => randNormal(rng)), shape);
};

async function expectClose(a: tf.Tensor, b: tf.Tensor, tol: number): Promise<void> {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [await a.data(), await b.data()];
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  expect(worst).toBeLessThanOrEqual(tol);
}

/** softmax + inverse CDF in float64: the smallest i with cdf_i > u * total. */
function jsSample(logits: number[], u: number, temperature: number): number {
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp((l - m) / temperature));
  const total = e.reduce((a, b) => a + b, 0);
  let c = 0;
  for (let i = 0; i < e.length; i++) {
    c += e[i];
    if (c > u * total) return i;
  }
  return e.length - 1;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`layers on ${backend}`, () => {
    it('layerNorm: same values and gradients as autodiff through tf.moments', async () => {
      expect((await selectBackend(backend)).backend).toBe(backend);
      // WASM runs the fused kernels (wasm-fused.ts), the CPU the op chain: both against autodiff.
      expect(hasFusedLayerNorm()).toBe(backend === 'wasm');
      const x = randn([1, 6, 8], 1);
      const g = randn([8], 2).add(1);
      const b = randn([8], 3);
      const dy = randn([1, 6, 8], 4);
      const plain = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
        const { mean, variance } = tf.moments(xx, -1, true);
        return xx.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(gg).add(bb);
      };
      const ours = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => layerNorm(xx, gg, bb).mul(dy).sum());
      const ref = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => plain(xx, gg, bb).mul(dy).sum());
      await expectClose(layerNorm(x, g, b), plain(x, g, b), 1e-5);
      const [a, r] = [ours([x, g, b]), ref([x, g, b])];
      for (let i = 0; i < 3; i++) await expectClose(a[i], r[i], 1e-4);
      // Not vacuous: the input gradient is far from zero.
      expect((await a[0].abs().max().data())[0]).toBeGreaterThan(0.1);
    });

    for (const relu of [false, true]) {
      it(`linear${relu ? ' + relu' : ''}: same values and gradients as matMul + add${relu ? ' + relu' : ''}`, async () => {
        await selectBackend(backend);
        const x = randn([1, 5, 4], 5);
        const w = randn([1, 4, 3], 6);
        const b = randn([3], 7);
        const dy = randn([1, 5, 3], 8);
        const plain = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
          const z = tf.matMul(xx as tf.Tensor3D, ww as tf.Tensor3D).add(bb);
          return relu ? tf.relu(z) : z;
        };
        await expectClose(linear(x, w, b, relu), plain(x, w, b), 1e-5);
        const a = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => linear(xx, ww, bb, relu).mul(dy).sum())([x, w, b]);
        const r = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => plain(xx, ww, bb).mul(dy).sum())([x, w, b]);
        for (let i = 0; i < 3; i++) await expectClose(a[i], r[i], 1e-5);
        if (relu) expect((await linear(x, w, b, true).min().data())[0]).toBe(0); // some units are cut
      });
    }

    it('linear + relu keeps a NaN (a fused relu on WASM turns it into 0, hiding a diverged run)', async () => {
      await selectBackend(backend);
      const y = linear(tf.ones([1, 2, 2]), tf.ones([1, 2, 2]), tf.tensor1d([NaN, 1]), true);
      const got = Array.from(await y.data());
      expect(Number.isNaN(got[0])).toBe(true);
      expect(got[1]).toBe(3);
    });

    it('attention: same values and input gradient as autodiff through split, matMul and softmax', async () => {
      await selectBackend(backend);
      const [N, L, H, d] = [3, 5, 2, 8];
      const qkv = randn([1, N * L, 3 * d], 9);
      // Causal mask plus one padding key in row 1 (masked for every other query).
      const m = new Float32Array(N * L * L);
      for (let n = 0; n < N; n++) for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) {
        if (j > i || (n === 1 && j === 0 && i !== 0)) m[(n * L + i) * L + j] = -1e9;
      }
      const mask = tf.tensor4d(m, [N, 1, L, L]);
      const dy = randn([1, N * L, d], 10);
      const plain = (x: tf.Tensor) => {
        const [q, k, v] = tf.split(x.reshape([N, L, 3 * d]), 3, -1).map((t) => t.reshape([N, L, H, d / H]).transpose([0, 2, 1, 3]) as tf.Tensor4D);
        const att = tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(d / H)).add(mask), -1);
        return tf.matMul(att, v).transpose([0, 2, 1, 3]).reshape([1, N * L, d]);
      };
      await expectClose(attention(qkv, mask, N, L, H), plain(qkv), 1e-5);
      const a = tf.grad((x: tf.Tensor) => attention(x, mask, N, L, H).mul(dy).sum())(qkv);
      const r = tf.grad((x: tf.Tensor) => plain(x).mul(dy).sum())(qkv);
      await expectClose(a, r, 1e-5);
      expect((await a.abs().max().data())[0]).toBeGreaterThan(0.1);
    });

    it('attendHeads: same values and q, k, v gradients as autodiff, with cached keys (S > L)', async () => {
      await selectBackend(backend);
      const [N, H, L, S, dh] = [2, 2, 3, 5, 4];
      const q = randn([N, H, L, dh], 15) as tf.Tensor4D;
      const k = randn([N, H, S, dh], 16) as tf.Tensor4D;
      const v = randn([N, H, S, dh], 17) as tf.Tensor4D;
      const m = new Float32Array(N * L * S);
      for (let n = 0; n < N; n++) for (let i = 0; i < L; i++) for (let j = 0; j < S; j++) if (j > S - L + i || (n === 0 && j === 1)) m[(n * L + i) * S + j] = -1e9;
      const mask = tf.tensor4d(m, [N, 1, L, S]);
      const dy = randn([N, H, L, dh], 18);
      const plain = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.matMul(tf.softmax(tf.matMul(a as tf.Tensor4D, b as tf.Tensor4D, false, true).mul(1 / Math.sqrt(dh)).add(mask), -1), c as tf.Tensor4D);
      await expectClose(attendHeads(q, k, v, mask), plain(q, k, v), 1e-5);
      const a = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => attendHeads(x as tf.Tensor4D, y as tf.Tensor4D, z as tf.Tensor4D, mask).mul(dy).sum())([q, k, v]);
      const r = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => plain(x, y, z).mul(dy).sum())([q, k, v]);
      for (let i = 0; i < 3; i++) await expectClose(a[i], r[i], 1e-5);
    });

    it('residualAdd: a + b, and the upstream gradient to both', async () => {
      await selectBackend(backend);
      const a = randn([1, 4, 3], 12);
      const b = randn([1, 4, 3], 13);
      const dy = randn([1, 4, 3], 14);
      await expectClose(residualAdd(a, b), a.add(b), 0);
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => residualAdd(x, y).mul(x).mul(dy).sum())([a, b]);
      const [ra, rb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => x.add(y).mul(x).mul(dy).sum())([a, b]);
      await expectClose(ga, ra, 1e-6);
      await expectClose(gb, rb, 1e-6);
    });

    it('sampleTokens: the inverse-CDF token for each row, temperature applied', async () => {
      await selectBackend(backend);
      const rng = mulberry32(11);
      const rows = 64;
      const V = 6;
      const logits = Array.from({ length: rows }, () => Array.from({ length: V }, () => randNormal(rng) * 2));
      const u = Array.from({ length: rows }, () => rng());
      for (const temperature of [1, 0.5, 2]) {
        const ids = tf.tidy(() => sampleTokens(tf.tensor2d(logits), tf.tensor2d(u, [rows, 1]), temperature));
        const got = Array.from(await ids.data());
        ids.dispose();
        const want = logits.map((l, r) => jsSample(l, u[r], temperature));
        // float32 on the device vs float64 here can only disagree right at a boundary.
        const disagree = got.filter((g, r) => g !== want[r]).length;
        expect(disagree).toBeLessThanOrEqual(1);
        expect(new Set(got).size).toBeGreaterThan(2);
      }
    });

    it('sampleTokens never picks a token of probability 0, at either end of u', async () => {
      await selectBackend(backend);
      // Tokens 0, 2 and 5 are forbidden (-1e9), as PAD is while sampling.
      const row = [-1e9, 0.3, -1e9, 1.2, -0.4, -1e9];
      const u = [0, 1e-9, 0.25, 0.5, 0.75, 0.999999, 1 - 2 ** -24];
      const ids = tf.tidy(() => sampleTokens(tf.tensor2d(u.map(() => row)), tf.tensor2d(u, [u.length, 1]), 1));
      const got = Array.from(await ids.data());
      ids.dispose();
      expect(got[0]).toBe(1); // u = 0: the first token with mass
      expect(got.at(-1)).toBe(4); // u just below 1: the last token with mass
      for (const t of got) expect([1, 3, 4]).toContain(t);
      expect(got).toEqual(u.map((x) => jsSample(row, x, 1)));
    });
  });
}
