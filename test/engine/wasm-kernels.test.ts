// The WASM Identity, Slice, SplitV and Concat replacements (src/engine/wasm-kernels.ts) give exactly
// what the CPU backend gives, for every axis pattern the engine uses and a few it does not.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/backend';

async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  await selectBackend(backend);
  const out = tf.tidy(f);
  const list = Array.isArray(out) ? out : [out];
  const vals = await Promise.all(list.map(async (t) => [...t.shape, -1, ...Array.from(await t.data())]));
  tf.dispose(list);
  return vals;
}

const data = (shape: number[], dtype: 'float32' | 'int32' = 'float32') => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, (_, i) => (dtype === 'int32' ? i * 7 - 3 : Math.sin(i) * 100)), shape, dtype);
};

describe('WASM slice, split and identity', () => {
  const cases: [string, () => tf.Tensor | tf.Tensor[]][] = [
    ['slice 1-D', () => data([50]).slice([3], [20])],
    ['slice rows of 2-D (contiguous)', () => data([10, 6]).slice([2, 0], [5, 6])],
    ['slice columns of 2-D', () => data([10, 6]).slice([1, 2], [8, 3])],
    ['slice 3-D last axis', () => data([1, 40, 96]).slice([0, 0, 32], [1, 40, 32])],
    ['slice 4-D middle', () => data([5, 4, 7, 8]).slice([1, 1, 2, 0], [3, 2, 4, 8])],
    ['slice 4-D inner', () => data([3, 4, 5, 6]).slice([0, 1, 1, 2], [3, 3, 3, 3])],
    ['slice 5-D', () => data([2, 3, 4, 5, 6]).slice([1, 0, 1, 2, 1], [1, 3, 2, 2, 4])],
    ['slice int32', () => data([6, 9], 'int32').slice([1, 3], [4, 5])],
    ['slice empty', () => data([6, 9]).slice([1, 3], [0, 5])],
    ['split axis 0 in three', () => tf.split(data([12, 4, 3, 8]), 3, 0)],
    ['split last axis in three', () => tf.split(data([1, 16, 96]), 3, -1)],
    ['split uneven sizes on axis 1', () => tf.split(data([4, 10, 3]), [2, 5, 3], 1)],
    ['concat axis 0', () => tf.concat([data([2, 3]), data([4, 3])], 0)],
    ['concat a growing cache on axis 2 (short runs)', () => tf.concat([data([6, 4, 5, 8]), data([6, 4, 1, 8])], 2)],
    ['concat long runs on axis 1', () => tf.concat([data([3, 70]), data([3, 90]), data([3, 1])], 1)],
    ['concat with an empty input', () => tf.concat([data([3, 0]), data([3, 4])], 1)],
    ['concat int32 on the last axis', () => tf.concat([data([5, 2], 'int32'), data([5, 3], 'int32')], -1)],
    ['identity (clone) and a gradient that saves inputs', () => {
      const x = data([3, 4]);
      const g = tf.grad((t: tf.Tensor) => t.mul(t).sum())(x);
      return [x.clone(), g];
    }],
  ];
  for (const [name, f] of cases) {
    it(name, async () => {
      expect(await on('wasm', f)).toEqual(await on('cpu', f));
    });
  }

  it('a clone outlives its source and the source outlives its clone', async () => {
    await selectBackend('wasm');
    const a = data([4, 4]);
    const b = a.clone();
    a.dispose();
    expect(Array.from(await b.data())).toEqual(Array.from(await data([4, 4]).data()));
    const c = b.clone();
    c.dispose();
    expect((await b.data()).length).toBe(16);
    b.dispose();
  });
});
