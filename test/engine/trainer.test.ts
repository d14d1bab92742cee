// Behaviour of whole runs on the real engine: determinism, tensor hygiene, NaN handling,
// bad settings, and learning with a perfect verifier.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import { selectBackend } from '../../src/engine/backend';
import { createTrainer } from '../../src/engine/trainer';
import { TrainingError, type EvalRecord, type MetricRecord, type StepRecord } from '../../src/engine/types';
import { randInt, rngFor } from '../../src/engine/rng';
import { TRACE_STYLES } from '../../src/engine/traces';
import { Policy } from '../../src/engine/policy';
import { sftLoss } from '../../src/engine/grpo';
import { encodeAnswer, encodePrompt, vocabFor } from '../../src/engine/tokenizer';
import { loadBaseModelNode, loadDatasetNode } from '../../scripts/lib/node-assets';
import { nodeTrainer, runToEnd } from '../../scripts/lib/run';

const small: Settings = { ...DEFAULT_SETTINGS, seeds: 1, promptsPerStep: 4, rolloutsPerPrompt: 4, steps: 6, evalEvery: 3, evalProblems: 8, evalSamples: 4 };
const withoutTimings = (recs: MetricRecord[]) => recs.map((r) => ({ ...r, stepMs: 0, evalMs: 0 }));

describe('determinism', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`same settings and seed give identical metric history on ${backend}`, async () => {
      const b = await selectBackend(backend);
      expect(b.backend).toBe(backend);
      const run = async (s: Settings) => { const t = await nodeTrainer(s, b); const r = await runToEnd(t); t.dispose(); return withoutTimings(r); };
      const a = await run(small);
      const again = await run(small);
      expect(again).toEqual(a);
      const other = await run({ ...small, seed: 2 });
      expect(other).not.toEqual(a);
    });
  }
});

describe('tensor hygiene', () => {
  it('numTensors stays flat over 200 steps', async () => {
    const b = await selectBackend('wasm');
    const t = await nodeTrainer({ ...small, steps: 200, evalEvery: 50, promptsPerStep: 2, rolloutsPerPrompt: 2, evalSamples: 2 }, b);
    const counts: number[] = [];
    while (!t.finished) {
      await t.next();
      counts.push(tf.memory().numTensors);
    }
    // Adam creates its moment variables on the first update; from then on nothing may accumulate.
    const steady = counts.slice(2);
    expect(steady.length).toBeGreaterThan(190);
    expect(Math.max(...steady)).toBe(Math.min(...steady));
    t.dispose();
  });
});

describe('run lifecycle', () => {
  it('creating, running and disposing runs leaves no tensors behind (the UI restarts runs often)', async () => {
    const b = await selectBackend('wasm');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const t = await nodeTrainer({ ...small, steps: 2, evalEvery: 1 }, b);
      await runToEnd(t);
      t.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('step records', () => {
  it('split zero-signal groups into all-rejected and all-accepted, and count rollouts', async () => {
    const b = await selectBackend('wasm');
    const t = await nodeTrainer({ ...small, steps: 8, fnRate: 0.5 }, b);
    const steps = (await runToEnd(t)).filter((r) => r.type === 'step');
    t.dispose();
    for (const r of steps) {
      expect(r.fracAllRejected + r.fracAllAccepted).toBeCloseTo(r.fracZeroStd, 12);
      expect(r.rollouts).toBe(r.step * small.promptsPerStep * small.rolloutsPerPrompt);
      expect(r.keptFraction).toBe(1);
    }
    // With half of the correct answers rejected, some groups end all-rejected.
    expect(steps.some((r) => r.fracAllRejected > 0)).toBe(true);
  });
});

describe('bad input', () => {
  it('out-of-range settings name the setting', async () => {
    await expect(nodeTrainer({ ...small, fnRate: 1.5 })).rejects.toThrow(/fnRate/);
    await expect(nodeTrainer({ ...small, task: 'div' as Settings['task'] })).rejects.toThrow(/task/);
  });
  it('mismatched assets are refused', async () => {
    const b = await selectBackend('wasm');
    const [dataset, base] = await Promise.all([loadDatasetNode('add', 2), loadBaseModelNode('mul')]);
    await expect(createTrainer(small, { dataset, base }, b)).rejects.toThrow(/trained for task "mul"/);
  });
  it('a NaN in training stops the run and names the step', async () => {
    const b = await selectBackend('wasm');
    const t = await nodeTrainer(small, b);
    await t.next(); // base evaluation
    const policy = (t as unknown as { policy: { vars: Map<string, tf.Variable> } }).policy;
    const w = policy.vars.get('l0.mlp.b1')!;
    w.assign(tf.fill(w.shape, NaN));
    await expect(t.next()).rejects.toThrow(TrainingError);
    await expect(Promise.reject(new TrainingError('x', 1))).rejects.toHaveProperty('step', 1);
    t.dispose();
  });
});

describe('learning', () => {
  it('with a perfect verifier the default preset raises held-out pass@1 clearly above the base', async () => {
    const b = await selectBackend('wasm');
    const t = await nodeTrainer({ ...DEFAULT_SETTINGS, seeds: 1, steps: 60, evalEvery: 60 }, b);
    const recs = await runToEnd(t);
    t.dispose();
    const evals = recs.filter((r): r is EvalRecord => r.type === 'eval');
    const base = evals[0].test.passAtK[0];
    const final = evals[evals.length - 1].test.passAtK[0];
    console.log(`learning: held-out pass@1 ${base.toFixed(3)} -> ${final.toFixed(3)}`);
    expect(final).toBeGreaterThan(base + 0.1);
  });
});

describe('worked traces (addTrace)', () => {
  const trace: Settings = { ...small, task: 'addTrace', base: 'weak', steps: 4, evalEvery: 4 };
  const steps = (recs: MetricRecord[]) => recs.filter((r): r is StepRecord => r.type === 'step');

  it('GRPO steps record trace truth, style shares and trained tokens; the trace check rewards exactly the right traces', async () => {
    const b = await selectBackend('wasm');
    for (const check of ['answer', 'trace'] as const) {
      const t = await nodeTrainer({ ...trace, check }, b);
      const recs = await runToEnd(t);
      t.dispose();
      for (const s of steps(recs)) {
        expect(s.traceTrue!).toBeLessThanOrEqual(s.rewardTrue);
        expect(Object.values(s.styleShares!).reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
        expect(s.trainedTokens).toBe(s.tokens); // GRPO trains on every rollout
        // No noise: the observed reward is the checked truth.
        expect(s.rewardObserved).toBeCloseTo(check === 'trace' ? s.traceTrue! : s.rewardTrue, 12);
      }
      const ev = recs.find((r): r is EvalRecord => r.type === 'eval')!;
      expect(ev.test.tracePassAtK).toHaveLength(trace.evalSamples);
      expect(ev.ood.styleShares).toBeDefined();
    }
  });

  it('SFT trains on reference traces of uniformly drawn styles: exact trained tokens, and its first loss is their NLL under the base', async () => {
    const b = await selectBackend('wasm');
    const s: Settings = { ...trace, algorithm: 'sft', steps: 3, evalEvery: 3 };
    const t = await nodeTrainer(s, b);
    const recs = steps(await runToEnd(t));
    t.dispose();
    // Replay the prompt and style streams: each trained sequence is a reference plus its end token.
    const [ds, assets] = await Promise.all([loadDatasetNode('addTrace', 2), loadBaseModelNode('addTrace', 'weak')]);
    const pr = rngFor(s.seed, 'prompts');
    const sr = rngFor(s.seed, 'sft-styles');
    const policy = Policy.fromAssets(assets, false);
    const { contextLength: T, promptLength: P, answerLength: A } = policy.config;
    const vocab = vocabFor('addTrace');
    for (const [i, rec] of recs.entries()) {
      const N = s.promptsPerStep * s.rolloutsPerPrompt;
      const tokens = new Int32Array(N * T);
      let expected = 0;
      for (let j = 0; j < s.promptsPerStep; j++) {
        const p = ds.splits.train[randInt(pr, ds.splits.train.length)];
        for (let k = 0; k < s.rolloutsPerPrompt; k++) {
          const ref = encodeAnswer(p.traces![TRACE_STYLES[randInt(sr, TRACE_STYLES.length)]], vocab);
          tokens.set([...encodePrompt(p.prompt, P, vocab), ...ref], (j * s.rolloutsPerPrompt + k) * T);
          expected += ref.length;
        }
      }
      expect(rec.trainedTokens).toBe(expected);
      expect(rec.keptFraction).toBe(1);
      expect(rec.lossKl).toBe(0);
      if (i === 0) {
        // Before its first update the policy is the base: the loss is the references' mean per-sequence NLL.
        const nll = tf.tidy(() => {
          const ids = tf.tensor2d(tokens, [N, T], 'int32');
          const targets = ids.slice([0, P], [N, A]) as tf.Tensor2D;
          return sftLoss(policy.answerLogProbs(ids, s.temperature), targets, targets.notEqual(0).toFloat() as tf.Tensor2D);
        });
        expect(rec.lossPolicy).toBeCloseTo((await nll.data())[0], 4);
        expect(rec.lossPolicy).toBeGreaterThan(0);
        nll.dispose();
      }
    }
    policy.dispose();
  });

  it('RFT trains only on accepted base samples', async () => {
    const b = await selectBackend('wasm');
    const t = await nodeTrainer({ ...trace, algorithm: 'rft' }, b);
    const recs = steps(await runToEnd(t));
    t.dispose();
    for (const r of recs) expect(r.trainedTokens!).toBeLessThanOrEqual(r.tokens);
    expect(recs.some((r) => r.trainedTokens! > 0)).toBe(true);
  });

  it('SFT on a task without traces trains on the bare answers', async () => {
    const b = await selectBackend('wasm');
    const t = await nodeTrainer({ ...small, algorithm: 'sft', steps: 2, evalEvery: 2 }, b);
    const recs = steps(await runToEnd(t));
    t.dispose();
    const ds = await loadDatasetNode('add', 2);
    const pr = rngFor(small.seed, 'prompts');
    for (const rec of recs) {
      let expected = 0;
      for (let i = 0; i < small.promptsPerStep; i++) expected += (ds.splits.train[randInt(pr, ds.splits.train.length)].answer.length + 1) * small.rolloutsPerPrompt;
      expect(rec.trainedTokens).toBe(expected);
      expect(rec.traceTrue).toBeUndefined();
    }
  });
});
