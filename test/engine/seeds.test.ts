// Multi-seed runs: the maths of combining seeds exactly, the split of seeds over shards,
// and the behaviour that matters: seed s of a multi-seed run is the single run with seed s
// (sampled tokens and metrics, on WASM, in one thread and spread over threads), and tensors
// stay flat over a long run of four seeds.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import { selectBackend } from '../../src/engine/backend';
import { Policy } from '../../src/engine/policy';
import { combineEvals, combineSteps, combineUnits, seedList, seedRecords } from '../../src/engine/seeds';
import { shardCount, shardSettings } from '../../src/engine/shards';
import type { EvalRecord, MetricRecord, SplitEval, StepRecord } from '../../src/engine/types';
import { nodeTrainer, runToEnd } from '../../scripts/lib/run';

const small: Settings = { ...DEFAULT_SETTINGS, seeds: 1, promptsPerStep: 4, rolloutsPerPrompt: 4, steps: 20, evalEvery: 10, evalProblems: 8, evalSamples: 4 };

describe('combining seeds', () => {
  it('shardCount: the fewest workers whose step (largest block, or every seed over the cores) is shortest', () => {
    // 3 seeds on 2 cores: blocks of 2 and 1 take 2 seeds' time a step, three workers sharing the cores 1.5.
    expect(shardCount(3, 2)).toBe(3);
    expect(shardCount(4, 2)).toBe(2);
    expect(shardCount(5, 2)).toBe(3); // blocks 2, 2, 1: 2.5 seeds' time, as five workers would take
    expect(shardCount(2, 4)).toBe(2);
    expect(shardCount(8, 8)).toBe(8);
    expect(shardCount(3, 1)).toBe(1);
    expect(shardCount(3, undefined)).toBe(1);
    expect(shardCount(1, 2)).toBe(1);
  });

  it('seedList and shardSettings: contiguous blocks, larger first, every seed once', () => {
    expect(seedList({ seed: 7, seeds: 3 })).toEqual([7, 8, 9]);
    const parts = shardSettings({ ...small, seed: 3, seeds: 5 }, 2);
    expect(parts.map((p) => [p.seed, p.seeds])).toEqual([[3, 3], [6, 2]]);
    expect(shardSettings({ ...small, seed: 1, seeds: 2 }, 8).map((p) => [p.seed, p.seeds])).toEqual([[1, 1], [2, 1]]);
    expect(shardSettings({ ...small, seed: 1, seeds: 4 }, 1).map((p) => [p.seed, p.seeds])).toEqual([[1, 4]]);
    // Where a run ends is decided by the trainer that merges the shards, never by a shard.
    expect(shardSettings({ ...small, seeds: 4, plateau: true }, 2).map((p) => p.plateau)).toEqual([false, false]);
  });

  it('combined records hold the exact mean of each field and every seed in perSeed', () => {
    const step = (seed: number, reward: number, kl: number): StepRecord => ({
      type: 'step', step: 3, rollouts: 96, rewardObserved: reward, rewardUsed: reward, keptFraction: 1, rewardTrue: reward / 2,
      rewardStd: 0.5, fracZeroStd: 0.25, fracAllRejected: 0.25, fracAllAccepted: 0, lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0,
      kl, entropy: 0.4, clipFraction: 0, gradNorm: 1, advantageAbsMean: 0.7, completionLength: 3, tokens: 300, stepMs: 10, seed,
    });
    const c = combineSteps([step(1, 0.25, 0.01), step(2, 0.5, 0.03), step(3, 0.75, 0.05)], 42);
    expect(c.rewardObserved).toBe(0.5);
    expect(c.rewardTrue).toBe(0.25);
    expect(c.kl).toBeCloseTo(0.03, 15);
    expect(c.stepMs).toBe(42);
    expect(c.seed).toBeUndefined();
    expect(seedRecords(c).map((r) => r.seed)).toEqual([1, 2, 3]);
    const ev = (seed: number, p1: number, ratio: number | null, fn: number | null): EvalRecord => ({
      type: 'eval', step: 0, rollouts: 0, k: 2, compressionRatio: ratio, capabilityGain: p1, evalMs: 5, seed,
      test: { passAtK: [p1, p1 + 0.5], rewardObserved: p1, entropy: 0.5, kl: 0, fnRate: fn, fpRate: 0, problems: 8, samplesPerProblem: 2 },
      ood: { passAtK: [0, 0], rewardObserved: 0, entropy: 0.5, kl: 0, fnRate: null, fpRate: null, problems: 8, samplesPerProblem: 2 },
    });
    const e = combineEvals([ev(1, 0.25, 0.5, 0.25), ev(2, 0.125, null, null)], 9);
    expect(e.test.passAtK).toEqual([0.1875, 0.6875]);
    expect(e.compressionRatio).toBeNull(); // undefined for one seed: undefined for the mean
    expect(e.test.fnRate).toBe(0.25); // a rate one seed could not measure is left out
    expect(e.ood.fnRate).toBeNull();
    expect(e.perSeed).toHaveLength(2);
    expect(e.test.tracePassAtK).toBeUndefined(); // tasks without traces: absent
    expect(e.test.styleShares).toBeUndefined();
  });

  it('trace fields: element-wise mean of trace pass@k, key-wise mean of style shares, mean trace truth and trained tokens', () => {
    const base: Omit<StepRecord, 'seed'> = {
      type: 'step', step: 1, rollouts: 8, rewardObserved: 0, rewardUsed: 0, keptFraction: 1, rewardTrue: 0,
      rewardStd: 0, fracZeroStd: 0, fracAllRejected: 0, fracAllAccepted: 0, lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0,
      kl: 0, entropy: 0, clipFraction: 0, gradNorm: 0, advantageAbsMean: 0, completionLength: 0, tokens: 0, stepMs: 1,
    };
    const c = combineSteps([
      { ...base, seed: 1, traceTrue: 0.25, trainedTokens: 100, styleShares: { columns: 0.5, places: 0.25, jump: 0, other: 0.25 } },
      { ...base, seed: 2, traceTrue: 0.75, trainedTokens: 200, styleShares: { columns: 0, places: 0.25, jump: 0.75, other: 0 } },
    ], 3);
    expect(c.traceTrue).toBe(0.5);
    expect(c.trainedTokens).toBe(150);
    expect(c.styleShares).toEqual({ columns: 0.25, places: 0.25, jump: 0.375, other: 0.125 });
    expect(Object.values(c.styleShares!).reduce((a, b) => a + b, 0)).toBe(1);
    // A seed without the field (an older record) leaves it out of the mean.
    const older = combineSteps([{ ...base, seed: 1, traceTrue: 0.5, trainedTokens: 10 }, { ...base, seed: 2 }], 3);
    expect(older.traceTrue).toBeUndefined();
    expect(older.trainedTokens).toBeUndefined();
    expect(older.styleShares).toBeUndefined();

    const split = (p1: number, t1: number, shares: Record<string, number>) => ({
      passAtK: [p1, 1], tracePassAtK: [t1, 0.5], styleShares: shares, rewardObserved: p1, entropy: 0, kl: 0, fnRate: null, fpRate: null, problems: 4, samplesPerProblem: 2,
    });
    const ev = (seed: number, t1: number, shares: Record<string, number>): EvalRecord => ({
      type: 'eval', step: 0, rollouts: 0, k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 1, seed,
      test: split(0.5, t1, shares), ood: split(0, t1 / 2, shares),
    });
    const e = combineEvals([ev(1, 0.25, { columns: 1, other: 0 }), ev(2, 0.5, { jump: 0.5, other: 0.5 })], 2);
    expect(e.test.tracePassAtK).toEqual([0.375, 0.5]);
    expect(e.ood.tracePassAtK).toEqual([0.1875, 0.5]);
    expect(e.test.styleShares).toEqual({ columns: 0.5, other: 0.25, jump: 0.25 });
  });

  it('every field is merged: with seeds differing in every number, none keeps the first seed\'s value', () => {
    // Every field present; Required makes a field added to the records fail to compile here until it is added.
    const step: Required<Omit<StepRecord, 'perSeed'>> = {
      type: 'step', step: 4, rollouts: 64, rewardObserved: 0.25, rewardUsed: 0.5, keptFraction: 0.75, rewardTrue: 1, rewardStd: 1.25,
      fracZeroStd: 1.5, fracAllRejected: 1.75, fracAllAccepted: 2, lossPolicy: 2.25, lossKl: 2.5, lossEntropy: 2.75, loss: 3, kl: 3.25,
      entropy: 3.5, clipFraction: 3.75, gradNorm: 4, advantageAbsMean: 4.25, completionLength: 4.5, tokens: 48, groupSuccessHist: [1, 2, 3],
      groupShareBelowHalf: 4.75, flippedFraction: 5, flipLoneShare: 5.25, flipLoneAdvAbs: 5.5, fnLoneShare: 5.75, fpLoneShare: 6,
      wrongDistinct: 6.25, wrongTopShare: 6.5, traceTrue: 6.75, styleShares: { columns: 0.25, other: 0.75 }, trainedTokens: 40,
      stepMs: 9, seed: 1,
    };
    // Shared by every seed of a unit by definition (what was done and how), so not averaged.
    const same = ['type', 'step', 'rollouts', 'k', 'problems', 'samplesPerProblem', 'stepMs', 'evalMs', 'seed'];
    const s2 = shifted(step, 1, same);
    const c = combineSteps([step, { ...s2, seed: 2 }], 7);
    const { seed: _s, ...stepMean } = shifted(step, 0.5, same);
    expect(c).toEqual({ ...stepMean, stepMs: 7, perSeed: [step, { ...s2, seed: 2 }] });
    expect(Object.keys(c).sort()).toEqual([...Object.keys(stepMean), 'perSeed'].sort());

    const split: Required<SplitEval> = {
      passAtK: [0.25, 0.5], tracePassAtK: [0.125, 0.375], styleShares: { jump: 0.5, other: 0.5 }, rewardObserved: 0.75, entropy: 1,
      kl: 1.25, fnRate: 1.5, fpRate: 1.75, youdenJ: 2, successHist: [3, 1, 4], shareBelowHalf: 2.25, problems: 8, samplesPerProblem: 2,
    };
    const ev: Required<Omit<EvalRecord, 'perSeed'>> = {
      type: 'eval', step: 10, rollouts: 160, test: split, ood: shifted(split, 3, same), unverified: { sub: shifted(split, 5, same), rev: shifted(split, 7, same) }, k: 2, compressionRatio: 2.5, capabilityGain: 2.75,
      evalMs: 5, stopReason: 'cap', seed: 1,
    };
    const e2 = shifted(ev, 1, same);
    const e = combineEvals([ev, { ...e2, seed: 2 }], 6);
    const { seed: _e, ...evalMean } = shifted(ev, 0.5, same);
    expect(e).toEqual({ ...evalMean, evalMs: 6, perSeed: [ev, { ...e2, seed: 2 }] });
    expect(Object.keys(e).sort()).toEqual([...Object.keys(evalMean), 'perSeed'].sort());
    for (const key of ['test', 'ood'] as const) expect(Object.keys(e[key]).sort()).toEqual(Object.keys(split).sort());
  });

  it('combineUnits: record i of every part merged, multi-seed parts flattened in part order', () => {
    const step = (seed: number, reward: number): StepRecord => ({
      type: 'step', step: 2, rollouts: 32, rewardObserved: reward, rewardUsed: reward, keptFraction: 1, rewardTrue: reward,
      rewardStd: 0, fracZeroStd: 0, fracAllRejected: 0, fracAllAccepted: 0, lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0,
      kl: 0, entropy: 0, clipFraction: 0, gradNorm: 0, advantageAbsMean: 0, completionLength: 0, tokens: 0, stepMs: 1, seed,
    });
    const [c] = combineUnits([[combineSteps([step(1, 0.25), step(2, 0.5)], 3)], [step(3, 0.75)]], 4) as StepRecord[];
    expect(c.rewardObserved).toBe(0.5);
    expect(c.stepMs).toBe(4);
    expect(seedRecords(c).map((r) => r.seed)).toEqual([1, 2, 3]);
    expect(() => combineUnits([[step(1, 0)], []], 1)).toThrow(/out of step/);
  });
});

/** x with every number (at any depth) moved by `by`, except under the keys in `keep`. */
function shifted<T>(x: T, by: number, keep: readonly string[]): T {
  if (typeof x === 'number') return (x + by) as T;
  if (Array.isArray(x)) return x.map((v) => shifted(v, by, keep)) as T;
  if (x && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, keep.includes(k) ? v : shifted(v, by, keep)])) as T;
  }
  return x;
}

/** Run `s` in this thread, recording the tokens every policy samples, in call order per policy. */
async function runRecordingTokens(s: Settings): Promise<{ records: MetricRecord[]; tokens: Int32Array[][] }> {
  const byPolicy = new Map<Policy, Int32Array[]>();
  const orig = Policy.prototype.sample;
  Policy.prototype.sample = async function (this: Policy, ...args: Parameters<Policy['sample']>) {
    const out = await orig.apply(this, args);
    if (this.trainable) {
      if (!byPolicy.has(this)) byPolicy.set(this, []);
      byPolicy.get(this)!.push(out.tokens.slice());
    }
    return out;
  };
  try {
    const b = await selectBackend('wasm');
    const t = await nodeTrainer(s, b, { workers: 1 });
    const records = await runToEnd(t);
    t.dispose();
    return { records, tokens: [...byPolicy.values()] }; // policies are created and first used in seed order
  } finally {
    Policy.prototype.sample = orig;
  }
}

/** Every number of two record streams agrees to `tol`, wall-clock fields aside. */
function expectClose(a: unknown, b: unknown, tol: number, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (/(stepMs|evalMs)$/.test(path)) return;
    if (Math.abs(a - b) > tol) throw new Error(`${path}: ${a} vs ${b}`);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol, `${path}.${k}`);
    return;
  }
  expect(a, path).toEqual(b);
}

describe('seed s of a multi-seed run is the single run with seed s (WASM)', () => {
  it('same sampled tokens and metrics (to 1e-6) over 20 steps, in one thread and over threads', async () => {
    const multi = await runRecordingTokens({ ...small, seed: 5, seeds: 3 });
    expect(multi.tokens).toHaveLength(3);
    for (const [i, seed] of [5, 6, 7].entries()) {
      const single = await runRecordingTokens({ ...small, seed, seeds: 1 });
      expect(single.tokens).toHaveLength(1);
      // 20 steps of rollouts (the evaluation samples go through the same policy and are compared too).
      expect(multi.tokens[i].length).toBe(single.tokens[0].length);
      expect(multi.tokens[i].length).toBeGreaterThanOrEqual(20);
      multi.tokens[i].forEach((t, j) => expect(Buffer.from(t.buffer).equals(Buffer.from(single.tokens[0][j].buffer)), `seed ${seed} sample call ${j}`).toBe(true));
      const mine = multi.records.map((r) => seedRecords(r as StepRecord | EvalRecord)[i]);
      expectClose(mine, single.records, 1e-6);
    }
    // The same seeds spread over two worker threads give the same records.
    const b = await selectBackend('wasm');
    const t = await nodeTrainer({ ...small, seed: 5, seeds: 3 }, b, { workers: 2 });
    expect(t.info.shards).toBe(2);
    expect(t.info.seeds).toEqual([5, 6, 7]);
    const threaded = await runToEnd(t);
    t.dispose();
    expectClose(threaded, multi.records, 1e-6);
  });
});

describe('tensor hygiene with four seeds', () => {
  it('numTensors stays flat over 500 steps at S=4', async () => {
    const b = await selectBackend('wasm');
    const t = await nodeTrainer({ ...small, seeds: 4, steps: 500, evalEvery: 100, promptsPerStep: 2, rolloutsPerPrompt: 2, evalSamples: 2 }, b, { workers: 1 });
    const counts: number[] = [];
    while (!t.finished) {
      await t.next();
      counts.push(tf.memory().numTensors);
    }
    // Adam creates its moment variables on the first update; from then on nothing may accumulate.
    const steady = counts.slice(2);
    expect(steady.length).toBeGreaterThan(495);
    expect(Math.max(...steady)).toBe(Math.min(...steady));
    t.dispose();
  }, 600_000);
});
