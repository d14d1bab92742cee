// Evaluation on worked traces: the trimmed answer window, and trace pass@k / style shares
// computed from the real samples of the shipped addTrace base model.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { answerWindow, evaluateSplit, scoreSamples, tokenStats, trimmedIds } from '../../src/engine/evaluate';
import { Policy } from '../../src/engine/policy';
import { policyConfigFor } from '../../src/engine/pretrain';
import { encodeAnswer, encodePrompt, TRACE_VOCAB, vocabFor } from '../../src/engine/tokenizer';
import { selectBackend } from '../../src/engine/backend';
import { rngFor } from '../../src/engine/rng';
import { passAtKCurve } from '../../src/engine/metrics';
import { STYLE_IDS } from '../../src/engine/traces';
import { loadBaseModelNode, loadDatasetNode } from '../../scripts/lib/node-assets';

describe('trimmed answer window', () => {
  const cfg = policyConfigFor('addTrace');
  const { contextLength: T, promptLength: P, answerLength: A } = cfg;
  const row = (answer: string) => [...encodePrompt('47+38=', P, TRACE_VOCAB), ...encodeAnswer(answer, TRACE_VOCAB)];
  const batch = (answers: string[]) => {
    const t = new Int32Array(answers.length * T);
    answers.forEach((a, r) => t.set(row(a), r * T));
    return t;
  };
  it('is the longest answer rounded up to a multiple of 8, the whole window when short', () => {
    expect(answerWindow(batch(['+30=77,+8=85>85']), 1, T, P, A)).toBe(16); // 15 + end
    expect(answerWindow(batch(['85', '4+3=7,7+8=15,70+15=85>85']), 2, T, P, A)).toBe(32); // 24 + end
    expect(answerWindow(batch(['8']), 1, T, P, A)).toBe(8);
    expect(answerWindow(new Int32Array(T), 1, T, P, A)).toBe(8);
    const full = new Int32Array(T).fill(2); // an answer that never ended fills the window
    expect(answerWindow(full, 1, T, P, A)).toBe(A);
    expect(answerWindow(new Int32Array(16), 1, 16, 10, 6)).toBe(6); // short windows stay whole
  });
  it('log-probs over the trimmed window equal the full window\'s first positions', async () => {
    await selectBackend('cpu');
    const policy = Policy.init(cfg, 'addTrace', 3);
    const tokens = batch(['7+8=15,4+3+1=8>85', '+30=77,+8=85>85']);
    const L = answerWindow(tokens, 2, T, P, A);
    const [full, cut] = tf.tidy(() => {
      const f = policy.answerLogProbs(tf.tensor2d(tokens, [2, T], 'int32'), 1).slice([0, 0, 0], [2, L, cfg.vocabSize]);
      return [f, policy.answerLogProbs(trimmedIds(tokens, 2, T, P, L), 1)];
    });
    expect(cut.shape).toEqual([2, L, cfg.vocabSize]);
    const a = await full.data(), b = await cut.data();
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([full, cut]);
    policy.dispose();
  });
});

describe('trace metrics from the shipped addTrace base model', () => {
  it('trace pass@k counts answer-and-steps, never above answer pass@k; style shares sum to 1', async () => {
    await selectBackend('wasm');
    const [ds, assets] = await Promise.all([loadDatasetNode('addTrace', 2), loadBaseModelNode('addTrace', 'mid')]);
    const policy = Policy.fromAssets(assets, false);
    const problems = ds.splits.test.slice(0, 24);
    const rows = problems.map((p) => encodePrompt(p.prompt, policy.config.promptLength, vocabFor('addTrace')));
    const exact = { mode: 'noisy' as const, fnRate: 0, fpRate: 0, randomRate: 0, check: 'answer' as const };
    const n = 4;
    const ev = await evaluateSplit(policy, policy, problems, rows, n, 1, exact, rngFor(1, 'eval'));
    // The same dice give the same samples: recount them by hand.
    const sc = await scoreSamples(policy, problems, rows, n, 1, exact, rngFor(1, 'eval'));
    expect(ev.passAtK).toEqual(passAtKCurve(sc.correct, n));
    expect(ev.tracePassAtK).toEqual(passAtKCurve(sc.traceCorrect!, n));
    for (let i = 0; i < problems.length; i++) expect(sc.traceCorrect![i]).toBeLessThanOrEqual(sc.correct[i]);
    expect(ev.tracePassAtK![0]).toBeGreaterThan(0); // the base writes some fully right traces
    expect(Object.keys(ev.styleShares!).sort()).toEqual([...STYLE_IDS].sort());
    expect(Object.values(ev.styleShares!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (const s of sc.styles!) expect(STYLE_IDS).toContain(s);
    // A base pretrained on a mixture writes more than one style.
    expect(['columns', 'places', 'jump'].filter((s) => ev.styleShares![s] > 0.05).length).toBeGreaterThanOrEqual(2);
    policy.dispose();
  });
});

describe('entropy and KL scored while sampling', () => {
  it('equal the second-pass tokenStats of the same samples (a trained policy against its base)', async () => {
    await selectBackend('wasm');
    const [ds, assets] = await Promise.all([loadDatasetNode('add', 2), loadBaseModelNode('add', 'mid')]);
    const base = Policy.fromAssets(assets, false);
    const policy = Policy.fromAssets(assets, true);
    // Move the policy away from the base so the KL is not zero.
    for (const v of policy.trainableVariables()) v.assign(tf.tidy(() => v.add(tf.randomNormal(v.shape, 0, 0.05, 'float32', 7))));
    const rows = ds.splits.test.slice(0, 12).flatMap((p) => new Array(5).fill(encodePrompt(p.prompt, policy.config.promptLength, vocabFor('add'))));
    for (const temperature of [1, 0.7]) {
      const s = await policy.sample(rows, temperature, rngFor(2, 'eval'), base);
      const plain = await policy.sample(rows, temperature, rngFor(2, 'eval'));
      expect(Array.from(s.tokens)).toEqual(Array.from(plain.tokens));
      const ref = await tokenStats(policy, base, s, temperature);
      expect(s.stats!.tokens).toBe(ref.tokens);
      expect(ref.klSum).toBeGreaterThan(0.01 * ref.tokens);
      expect(Math.abs(s.stats!.entropySum - ref.entropySum)).toBeLessThan(1e-4 * ref.tokens);
      expect(Math.abs(s.stats!.klSum - ref.klSum)).toBeLessThan(1e-4 * ref.tokens);
    }
    policy.dispose();
    base.dispose();
  });
});
