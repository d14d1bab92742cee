import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Policy } from '../../src/engine/policy';
import { policyConfigFor } from '../../src/engine/pretrain';
import { encodePrompt, EOS, PAD } from '../../src/engine/tokenizer';
import { mulberry32, sampleCategorical } from '../../src/engine/rng';
import { loadBaseModelNode } from '../../scripts/lib/node-assets';

describe('policy', () => {
  it('the cached sampler draws exactly what a full forward per token would', async () => {
    await tf.setBackend('cpu');
    const p = Policy.fromAssets(await loadBaseModelNode('add'), false);
    const { promptLength: P, answerLength: A, contextLength: T, vocabSize: V } = p.config;
    const prompts = ['12+34=', '7+5=', '99+99=', '0+0=', '45+6='].map((q) => encodePrompt(q, P));
    const rows = [...prompts, ...prompts, ...prompts];
    const fast = await p.sample(rows, 1, mulberry32(3));
    // Reference: recompute the whole sequence for every new token.
    const rng = mulberry32(3);
    const ref = new Int32Array(rows.length * T);
    rows.forEach((r, i) => ref.set(r, i * T));
    const done = new Array(rows.length).fill(false);
    for (let j = 0; j < A && done.some((d) => !d); j++) {
      const probs = tf.tidy(() => tf.softmax(p.logits(tf.tensor2d(ref, [rows.length, T], 'int32')).slice([0, P - 1 + j, 0], [rows.length, 1, V]).reshape([rows.length, V])));
      const data = await probs.data();
      probs.dispose();
      for (let r = 0; r < rows.length; r++) {
        if (done[r]) continue;
        const tok = 1 + sampleCategorical(rng, data, r * V + 1, V - 1);
        ref[r * T + P + j] = tok;
        if (tok === EOS) done[r] = true;
      }
    }
    expect(Array.from(fast.tokens)).toEqual(Array.from(ref));
    p.dispose();
  });

  it('clone is an independent frozen copy; serialise round-trips', async () => {
    await tf.setBackend('cpu');
    const p = Policy.init(policyConfigFor('add'), 'add', 4);
    const c = p.clone();
    const w = p.vars.get('head.b')!;
    w.assign(tf.onesLike(w));
    expect((await c.vars.get('head.b')!.data())[0]).toBe(0);
    expect(c.vars.get('head.b')!.trainable).toBe(false);
    const { modelJson, weights } = await p.serialize({});
    const back = Policy.fromAssets({ modelJson, weights }, true);
    expect(Array.from(await back.vars.get('head.b')!.data())).toEqual(Array.from(await w.data()));
    expect(back.parameterCount).toBe(p.parameterCount);
    expect(p.parameterCount).toBeGreaterThan(10_000);
    expect(p.parameterCount).toBeLessThan(100_000);
    [p, c, back].forEach((x) => x.dispose());
    expect(PAD).toBe(0);
  });
});
