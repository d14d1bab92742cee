// globalNorm: the exact global L2 norm, for any number of tensors (the policy has 31).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/backend';
import { globalNorm } from '../../src/engine/grad-norm';

describe('globalNorm', () => {
  it('is sqrt of the sum of squares over every tensor, for 0, 1, 2 and 31 tensors', async () => {
    await selectBackend('cpu');
    const read = async (ts: tf.Tensor[]) => { const n = globalNorm(ts); const [v] = await n.data(); n.dispose(); return v; };
    expect(await read([])).toBe(0);
    const a = tf.tensor([3, 4]);
    expect(await read([a])).toBeCloseTo(5, 6);
    const b = tf.tensor([[12]]);
    expect(await read([a, b])).toBeCloseTo(13, 6);
    const many = Array.from({ length: 31 }, (_, i) => tf.fill([i + 1], i % 2 ? 0.5 : -1));
    let sq = 0;
    for (let i = 0; i < 31; i++) sq += (i + 1) * (i % 2 ? 0.25 : 1);
    const before = tf.memory().numTensors;
    const v = tf.tidy(() => globalNorm(many));
    expect((await v.data())[0]).toBeCloseTo(Math.sqrt(sq), 4);
    v.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b, ...many]);
  });
});
