import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { Policy } from '../../src/engine/policy';
import { disposePrefix, distinctRows, rowBlocks } from '../../src/engine/prompt-blocks';
import { policyConfigFor } from '../../src/engine/pretrain';
import { encodePrompt, EOS, PAD } from '../../src/engine/tokenizer';
import { mulberry32 } from '../../src/engine/rng';
import { sampleTokens } from '../../src/engine/layers';
import { selectBackend } from '../../src/engine/backend';
import { loadBaseModelNode } from '../../scripts/lib/node-assets';

describe('policy', () => {
  // Interleaved rows copy each prompt's cache by gather; consecutive blocks (GRPO's and
  // evaluation's layout) by a broadcast (repeatRows).
  for (const [backend, layout] of [['cpu', 'interleaved'], ['cpu', 'blocks'], ['wasm', 'interleaved'], ['wasm', 'blocks']] as const) {
    it(`the cached sampler draws exactly what a full forward per token would (${backend}, ${layout} rows)`, async () => {
      expect((await selectBackend(backend)).backend).toBe(backend);
      const p = Policy.fromAssets(await loadBaseModelNode('add'), false);
      const { promptLength: P, answerLength: A, contextLength: T, vocabSize: V } = p.config;
      const prompts = ['12+34=', '7+5=', '99+99=', '0+0=', '45+6='].map((q) => encodePrompt(q, P));
      const rows = layout === 'blocks' ? prompts.flatMap((q) => [q, q, q]) : [...prompts, ...prompts, ...prompts];
      const N = rows.length;
      const fast = await p.sample(rows, 1, mulberry32(3));
      // Scoring while sampling (evaluation) draws the same tokens.
      const scored = await p.sample(rows, 1, mulberry32(3), p);
      expect(Array.from(scored.tokens)).toEqual(Array.from(fast.tokens));
      // Reference: recompute the whole sequence for every new token, same dice (one uniform
      // per row per step), same inverse-CDF choice with PAD excluded.
      const rng = mulberry32(3);
      const ref = new Int32Array(N * T);
      rows.forEach((r, i) => ref.set(r, i * T));
      const done = new Array(N).fill(false);
      const noPad = tf.tensor1d(Array.from({ length: V }, (_, v) => (v === PAD ? -1e9 : 0)));
      for (let j = 0; j < A && done.some((d) => !d); j++) {
        const u = Float32Array.from({ length: N }, () => rng());
        const ids = tf.tidy(() => {
          const logits = p.logits(tf.tensor2d(ref, [N, T], 'int32')).slice([0, P - 1 + j, 0], [N, 1, V]).reshape([N, V]) as tf.Tensor2D;
          return sampleTokens(logits.add(noPad), tf.tensor2d(u, [N, 1]), 1);
        });
        const data = await ids.data();
        ids.dispose();
        for (let r = 0; r < N; r++) {
          if (done[r]) continue;
          ref[r * T + P + j] = data[r];
          if (data[r] === EOS) done[r] = true;
        }
      }
      noPad.dispose();
      expect(Array.from(fast.tokens)).toEqual(Array.from(ref));
      // The base model answers and ends: the test is not comparing two empty samples.
      expect(Array.from(fast.tokens).filter((t) => t === EOS).length).toBeGreaterThan(N / 2);
      p.dispose();
    });
  }

  it('distinctRows: first-seen order and an index back to each row', () => {
    expect(distinctRows([[1, 2], [3], [1, 2], [3], [4]])).toEqual({ unique: [[1, 2], [3], [4]], index: [0, 1, 0, 1, 2] });
    expect(distinctRows([])).toEqual({ unique: [], index: [] });
  });

  for (const [backend, layout] of [['cpu', 'interleaved'], ['cpu', 'blocks'], ['wasm', 'interleaved'], ['wasm', 'blocks']] as const) {
    it(`answer log-probs and their gradients are the same with the shared prompts run once (${backend}, ${layout} rows)`, async () => {
      await selectBackend(backend);
      const p = Policy.fromAssets(await loadBaseModelNode('add'), true);
      const { promptLength: P, contextLength: T } = p.config;
      const prompts = ['12+34=', '7+5=', '99+99='].map((q) => encodePrompt(q, P));
      const rows = (layout === 'blocks' ? [0, 0, 0, 1, 1, 1, 2, 2, 2, 1, 1, 1] : [0, 0, 1, 2, 1, 2, 2, 0, 2]).map((i) => prompts[i]);
      const sample = await p.sample(rows, 1, mulberry32(9));
      const prefix = p.sharedPrefix(sample.tokens, rows.length);
      expect(prefix!.ids.shape).toEqual([layout === 'blocks' ? 4 : 3, P]); // blocks: prompt 1 drawn twice is run twice
      expect(prefix!.repeat).toBe(layout === 'blocks' ? 3 : null);
      expect(p.sharedPrefix(sample.tokens.slice(0, 2 * T), 1)).toBeNull();
      const ids = tf.tensor2d(sample.tokens, [rows.length, T], 'int32');
      const vars = p.trainableVariables();
      const run = (withPrefix: boolean) => tf.variableGrads(() => {
        const lp = p.answerLogProbs(ids, 0.8, withPrefix ? prefix : null);
        // A loss that weighs every position and token differently.
        return lp.mul(tf.linspace(-1, 1, lp.size).reshape(lp.shape)).sum() as tf.Scalar;
      }, vars);
      const full = run(false);
      const shared = run(true);
      expect(Math.abs((await shared.value.data())[0] - (await full.value.data())[0])).toBeLessThan(1e-3);
      for (const v of vars) {
        const [a, b] = [await shared.grads[v.name].data(), await full.grads[v.name].data()];
        let worst = 0;
        let scale = 0;
        for (let i = 0; i < a.length; i++) { worst = Math.max(worst, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(b[i])); }
        expect(worst, v.name).toBeLessThanOrEqual(1e-4 * Math.max(1, scale));
      }
      const lpFull = tf.tidy(() => p.answerLogProbs(ids, 0.8));
      const lpShared = tf.tidy(() => p.answerLogProbs(ids, 0.8, prefix));
      const [x, y] = [await lpFull.data(), await lpShared.data()];
      expect(Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i])))).toBeLessThan(1e-4);
      tf.dispose([ids, lpFull, lpShared, full.value, shared.value, ...Object.values(full.grads), ...Object.values(shared.grads)]);
      disposePrefix(prefix);
      p.dispose();
    });
  }

  it('a batch whose rows all share one prompt (B=1, or B=2 drawing one problem twice) scores as the full forward', async () => {
    // tf.oneHot refuses depth 1: this crashed a B=2, K=2 run in the browser at the first step that drew one problem twice.
    await selectBackend('wasm');
    const p = Policy.fromAssets(await loadBaseModelNode('add'), false);
    const { promptLength: P, contextLength: T } = p.config;
    const rows = [0, 1, 2, 3].map(() => encodePrompt('12+34=', P));
    const sample = await p.sample(rows, 1, mulberry32(3));
    const prefix = p.sharedPrefix(sample.tokens, rows.length);
    expect(prefix!.ids.shape).toEqual([1, P]);
    const ids = tf.tensor2d(sample.tokens, [rows.length, T], 'int32');
    const lpFull = tf.tidy(() => p.answerLogProbs(ids, 1));
    const lpShared = tf.tidy(() => p.answerLogProbs(ids, 1, prefix));
    const [x, y] = [await lpFull.data(), await lpShared.data()];
    expect(Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i])))).toBeLessThan(1e-4);
    tf.dispose([ids, lpFull, lpShared]);
    disposePrefix(prefix);
    p.dispose();
  });

  it('sampling leaks no tensors, scored or not', async () => {
    await selectBackend('wasm');
    const p = Policy.fromAssets(await loadBaseModelNode('add'), false);
    const q = p.clone();
    const rows = ['12+34=', '7+5=', '7+5='].map((x) => encodePrompt(x, p.config.promptLength));
    await p.sample(rows, 0.7, mulberry32(1));
    await p.sample(rows, 0.7, mulberry32(1), q);
    const before = tf.memory().numTensors;
    await p.sample(rows, 1, mulberry32(2));
    await p.sample(rows, 1, mulberry32(2), q);
    expect(tf.memory().numTensors).toBe(before);
    p.dispose();
    q.dispose();
  });

  it('rowBlocks finds equal consecutive blocks only (a prompt drawn twice is two blocks)', () => {
    const r = (ids: number[]) => ids.map((i) => [i, 9]);
    expect(rowBlocks(r([0, 0, 1, 1, 2, 2]))).toEqual({ unique: r([0, 1, 2]), repeat: 2 });
    expect(rowBlocks(r([0, 0, 1, 1, 0, 0]))).toEqual({ unique: r([0, 1, 0]), repeat: 2 });
    expect(rowBlocks(r([0, 1, 2]))).toEqual({ unique: r([0, 1, 2]), repeat: 1 });
    expect(rowBlocks(r([0, 0, 1, 2, 2, 1]))).toBeNull();
    expect(rowBlocks(r([0, 0, 0, 1, 1]))).toBeNull();
    expect(rowBlocks([])).toBeNull();
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
