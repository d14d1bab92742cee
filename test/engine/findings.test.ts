// The findings, reproduced by the engine at a CI-sized budget. Every arm runs at the
// engine defaults over FINDING_BUDGET (80 steps, 64 x 8 evaluation), 3 seeds, on a pool of
// worker threads; runs shared by several findings run once. The directions checked are the
// `expectation`s in src/engine/findings.ts, fixed before any run and not tuned afterwards.
import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  armSettings, armSummaries, DEFAULT_FINDING_SEEDS, FINDINGS, findingById, findingRuns, uniqueRuns, type Finding,
} from '../../src/engine/findings';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import type { RunSummary } from '../../src/engine/sweep';
import { runPool } from '../../scripts/lib/sweep-pool';

const SEEDS = [...DEFAULT_FINDING_SEEDS];

describe('findings as data', () => {
  it('cover findings 1-12 with valid, distinct arms and a guide', () => {
    expect(FINDINGS.map((f) => f.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(new Set(FINDINGS.map((f) => f.id)).size).toBe(12);
    for (const f of FINDINGS) {
      expect(f.guide.length).toBeGreaterThan(20);
      expect(new Set(f.arms.map((a) => a.id)).size).toBe(f.arms.length);
      for (const a of f.arms) expect(() => armSettings(f, a, 1)).not.toThrow();
    }
  });

  it('shared arms are one run: the clean K=8 arm of findings 2, 3, 4, 5 and 12 is the same settings', () => {
    const picked = [2, 3, 4, 5, 12].map((n) => findingById(n)!);
    const keys = picked.map((f) => findingRuns(f, [1]).find((r) => r.arm === 'clean')!.key);
    expect(new Set(keys).size).toBe(1);
    expect(findingRuns(findingById(2)!, [1]).find((r) => r.arm === 'clean')!.settings).toEqual({ ...DEFAULT_SETTINGS, steps: 80, evalEvery: 80, evalProblems: 64, evalSamples: 8, seeds: 1 });
  });

  it('assess() reads the numbers it is given and says null without runs', () => {
    const f = findingById('fn-vs-fp')!;
    const s = (finalPass1: number): RunSummary => ({
      steps: 1, rollouts: 1, readoutK: 8, basePass1: 0.3, finalPass1, basePassK: 0.8, finalPassK: 0.8, baseOodPass1: 0, finalOodPass1: 0, baseEntropy: 1, finalEntropy: 1,
      finalKl: 0, baseObserved: 0, finalObserved: 0, fnRate: null, fpRate: null, compressionRatio: null, capabilityGain: 0, observedEarly: 0, trueEarly: 0,
      observedLate: 0, trueLate: 0, fracZeroStd: 0, fracAllRejected: 0, fracAllAccepted: 0, promptPool: null, wallMs: 0,
    });
    const a = f.assess({ clean: [s(0.5)], fn: [s(0.38), s(0.4)], fp: [s(0.45)] });
    expect(a.holds).toBe(true);
    expect(a.metrics.fn).toBeCloseTo(0.39, 12);
    expect(a.sentence).toContain('FN 0.3 0.390');
    expect(f.assess({ clean: [s(0.5)], fn: [s(0.5)], fp: [s(0.45)] }).holds).toBe(false);
    expect(f.assess({ clean: [s(0.5)] })).toMatchObject({ holds: null });
  });
});

// The engine runs: findings 1-6 (issue 4), 9 and 12 (issue 5).
const TESTED = [1, 2, 3, 4, 5, 6, 9, 12].map((n) => findingById(n)!);
const summaries = new Map<string, RunSummary>();
const assess = (f: Finding) => {
  const a = f.assess(armSummaries(f, (k) => summaries.get(k), SEEDS));
  console.log(`finding ${f.number} (${f.title}): ${a.sentence}`);
  return a;
};

describe('findings reproduced by the engine (3 seeds, 80 steps)', () => {
  beforeAll(async () => {
    const runs = uniqueRuns(TESTED, SEEDS);
    // The main thread only waits, so both cores of a 2-core CI machine run jobs.
    const workers = Math.max(1, Math.min(4, availableParallelism()));
    const t0 = Date.now();
    const out = await runPool([...runs].map(([id, settings]) => ({ id, settings })), { workers });
    const failed = out.filter((o) => !o.summary);
    if (failed.length) throw new Error(`${failed.length} runs failed: ${failed[0].error}`);
    for (const o of out) summaries.set(o.id, o.summary!);
    console.log(`findings runs: ${out.length} runs on ${workers} workers in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }, 900_000);

  // Findings 1, 2 and 12 do NOT reproduce at this budget. The tests record what the engine
  // shows instead (kept honest, not tuned); README "Results" and results/notes.md say why.
  // If a change to the engine makes them reproduce, these tests fail and should be flipped.
  it('1. [does not reproduce] FN 0.3 does not end below clean at every K: at K=4 it ends above', () => {
    const a = assess(findingById(1)!);
    expect(a.metrics.gapK4).toBeLessThan(0);
    expect(a.holds).toBe(false);
  });

  it('2. [does not reproduce] at rate 0.3, false positives end below false negatives in held-out pass@1', () => {
    const a = assess(findingById(2)!);
    expect(a.metrics.fp).toBeLessThan(a.metrics.fn!);
    expect(a.holds).toBe(false);
  });

  it('3. pass@1 rises much more than pass@k (compression ratio reported)', () => {
    const a = assess(findingById(3)!);
    expect(a.metrics.compressionRatio).not.toBeNull();
    expect(a.holds).toBe(true);
  });

  it('4. entropy falls over training and KL to the base grows', () => {
    expect(assess(findingById(4)!).holds).toBe(true);
  });

  it('5. random reward at the base rate gives no real gain over the base', () => {
    const a = assess(findingById(5)!);
    expect(a.metrics.basePass1).toBeGreaterThan(0.25);
    expect(a.metrics.basePass1).toBeLessThan(0.45);
    expect(a.holds).toBe(true);
  });

  it('6. under a last-digit verifier, observed reward rises well above true accuracy', () => {
    expect(assess(findingById(6)!).holds).toBe(true);
  });

  it('9. at FN 0.3, backward or forward correction ends at least as high as no correction', () => {
    const a = assess(findingById(9)!);
    // Holds only weakly: with assumed FP 0, backward correction multiplies every reward by
    // 1 / 0.7, which the group std normalisation divides out, so it ties with no correction.
    expect(a.holds).toBe(true);
  });

  it('12. [does not reproduce] the zero-signal fraction is lower under FN 0.3 than clean (FN breaks all-correct groups)', () => {
    const a = assess(findingById(12)!);
    expect(a.metrics.fn).toBeLessThan(a.metrics.clean!);
    expect(a.holds).toBe(false);
  });
});
