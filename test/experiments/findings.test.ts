// The findings, reproduced by the engine at a CI-sized budget. Every arm runs at the
// engine defaults over FINDING_BUDGET (80 steps, 64 x 8 evaluation), 3 seeds, on a pool of
// worker threads; runs shared by several findings run once. The directions checked are the
// `expectation`s in src/experiments/findings/, fixed before any run and not tuned afterwards.
import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { findingById, FINDINGS } from '../../src/experiments/findings';
import { armDiff } from '../../src/experiments/findings/assess';
import { DEFAULT_FINDING_SEEDS, type Finding } from '../../src/experiments/findings/finding';
import { armSettings, armSummaries, findingRuns, uniqueRuns } from '../../src/experiments/findings/runs';
import type { Diff } from '../../src/experiments/stats';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import type { RunSummary } from '../../src/experiments/summary';
import { runPool } from '../../scripts/lib/sweep-pool';

const SEEDS = [...DEFAULT_FINDING_SEEDS];

describe('findings as data', () => {
  it('cover findings 1-13 with valid, distinct arms and a guide', () => {
    expect(FINDINGS.map((f) => f.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(new Set(FINDINGS.map((f) => f.id)).size).toBe(13);
    for (const f of FINDINGS) {
      expect(f.guide.length).toBeGreaterThan(20);
      expect(new Set(f.arms.map((a) => a.id)).size).toBe(f.arms.length);
      for (const a of f.arms) expect(() => armSettings(f, a, 1)).not.toThrow();
    }
  });

  it('shared arms are one run: the clean K=8 arm of findings 3, 4 and 5 is one settings; findings 2 and 12 share their regime arms', () => {
    const picked = [3, 4, 5].map((n) => findingById(n)!);
    const keys = picked.map((f) => findingRuns(f, [1]).find((r) => r.arm === 'clean')!.key);
    expect(new Set(keys).size).toBe(1);
    expect(findingRuns(findingById(3)!, [1]).find((r) => r.arm === 'clean')!.settings).toEqual({ ...DEFAULT_SETTINGS, steps: 80, evalEvery: 80, evalProblems: 64, evalSamples: 8, seeds: 1 });
    const f2 = new Set(findingRuns(findingById(2)!, [1]).map((r) => r.key));
    const f12 = findingRuns(findingById(12)!, [1]);
    expect(f12.every((r) => f2.has(r.key))).toBe(true);
    expect(findingRuns(findingById(2)!, [1]).find((r) => r.arm === 'strong-nostd-fp')!.settings).toMatchObject({ base: 'strong', stdNorm: false, fpRate: 0.3, steps: 100, evalProblems: 128 });
  });

  it('armDiff applies the two-standard-error rule', () => {
    const s = (finalPass1: number) => ({ finalPass1 } as RunSummary);
    const arms = { a: [s(0.5), s(0.52), s(0.54)], b: [s(0.4), s(0.41), s(0.42)], c: [s(0.49), s(0.55), s(0.51)] };
    const ab = armDiff(arms, 'a', 'b', 'finalPass1');
    expect(ab.diff).toBeCloseTo(0.11, 12);
    expect(ab.se).toBeCloseTo(Math.sqrt(0.02 ** 2 / 3 + 0.01 ** 2 / 3), 12);
    expect(ab.sign).toBe(1);
    expect(armDiff(arms, 'b', 'a', 'finalPass1').sign).toBe(-1);
    expect(armDiff(arms, 'a', 'c', 'finalPass1').sign).toBe(0);
    expect(armDiff({ a: [s(0.5)], b: [s(0.4)] }, 'a', 'b', 'finalPass1')).toMatchObject({ se: null, sign: 0 });
  });

  it('assess() of finding 2 reads the numbers it is given: shown, reversed, within noise', () => {
    const f = findingById('fn-vs-fp')!;
    const s = (finalPass1: number, basePass1 = 0.3): RunSummary => ({ finalPass1, basePass1 } as RunSummary);
    const three = (x: number) => [s(x - 0.01), s(x), s(x + 0.01)];
    const arms: Record<string, RunSummary[]> = {};
    for (const base of ['weak', 'mid', 'strong']) {
      const fpWorse = base !== 'strong';
      arms[`${base}-std-clean`] = three(0.6);
      arms[`${base}-std-fn`] = three(fpWorse ? 0.55 : 0.45);
      arms[`${base}-std-fp`] = three(fpWorse ? 0.45 : 0.55);
      arms[`${base}-nostd-clean`] = three(0.6);
      arms[`${base}-nostd-fn`] = three(0.5);
      arms[`${base}-nostd-fp`] = three(0.5);
    }
    const a = f.assess(arms);
    expect(a.holds).toBe(true);
    expect(a.metrics.strongFnMinusFpStd).toBeCloseTo(-0.1, 12);
    expect(a.sentence).toContain('strong base');
    expect(f.assess({ ...arms, 'strong-std-fn': three(0.6) }).holds).toBe(false); // reversed beyond 2 SE
    expect(f.assess({ ...arms, 'strong-std-fn': three(0.545) }).holds).toBeNull(); // within noise
    expect(f.assess({ 'weak-std-clean': three(0.5) })).toMatchObject({ holds: null });
  });

  it('assess() of finding 13 (worked traces) compares GRPO with SFT and RFT on the final answer and reports trained tokens', () => {
    const f = findingById('grpo-vs-sft-trace')!;
    expect(f.budget.task).toBe('addTrace');
    expect(f.expectation).toMatch(/heterogeneous.*2502\.12118/);
    const s = (finalPass1: number, trainedTokens: number): RunSummary => ({ finalPass1, basePass1: 0.3, finalTracePass1: finalPass1 - 0.1, trainedTokens } as RunSummary);
    const three = (x: number, t: number) => [s(x - 0.01, t), s(x, t), s(x + 0.01, t)];
    const arms = { grpo: three(0.6, 1000), sft: three(0.45, 1100), rft: three(0.4, 300) };
    const a = f.assess(arms);
    expect(a.holds).toBe(true);
    expect(a.metrics.grpoMinusSft).toBeCloseTo(0.15, 12);
    expect(a.sentence).toContain('SFT 1.10, RFT 0.30');
    expect(f.assess({ ...arms, sft: three(0.7, 1000) }).holds).toBe(false);
    expect(f.assess({ ...arms, sft: three(0.595, 1000) }).holds).toBeNull();
    expect(f.assess({ grpo: arms.grpo }).holds).toBeNull();
  });
});


// The engine runs, at a CI-sized budget: findings 3-6 and 9 at FINDING_BUDGET (issue 4, 5), and a
// subset of the regime findings 1, 2 and 12 (issue 10) at CI_REGIME_BUDGET. For those, only the
// directions that clear two standard errors at this budget are asserted; the rest are logged
// (npm run findings runs every arm at REGIME_BUDGET and writes results/).
const TESTED = [3, 4, 5, 6, 9].map((n) => findingById(n)!);
const CI_REGIME_BUDGET: Partial<Settings> = { steps: 80, evalEvery: 80, evalProblems: 64, evalSamples: 8 };
const F1 = findingById(1)!;
const F2 = findingById(2)!;
const CI_REGIME: Finding[] = [
  { ...F2, arms: F2.arms.filter((a) => /^(weak|strong)-std-/.test(a.id)) },
  // The claim's K=16 pairs only (not the K=8 clean / K=16 FN + FP pair beside it, nothing here asserts on it).
  { ...F1, arms: F1.arms.filter((a) => /^(clean|noisy)-k16-/.test(a.id)) },
];
const summaries = new Map<string, RunSummary>();
const assess = (f: Finding) => {
  const a = f.assess(armSummaries(f, (k) => summaries.get(k), SEEDS));
  console.log(`finding ${f.number} (${f.title}): ${a.sentence}`);
  return a;
};
const regimeArms = (f: Finding) => armSummaries(f, (k) => summaries.get(k), SEEDS, DEFAULT_SETTINGS, CI_REGIME_BUDGET);
const logDiff = (what: string, d: Diff) => console.log(`${what}: ${(100 * d.diff).toFixed(1)}pp ± ${d.se === null ? 'n/a' : (100 * d.se).toFixed(1)}pp -> ${d.sign === 0 ? 'within noise' : d.sign > 0 ? 'first higher' : 'second higher'}`);

describe('findings reproduced by the engine (3 seeds, CI budget)', () => {
  beforeAll(async () => {
    const runs = uniqueRuns(TESTED, SEEDS);
    for (const f of CI_REGIME) for (const r of findingRuns(f, SEEDS, DEFAULT_SETTINGS, CI_REGIME_BUDGET)) runs.set(r.key, r.settings);
    // The main thread only waits, so both cores of a 2-core CI machine run jobs.
    const workers = Math.max(1, Math.min(4, availableParallelism()));
    const t0 = Date.now();
    const out = await runPool([...runs].map(([id, settings]) => ({ id, settings })), { workers });
    const failed = out.filter((o) => !o.summary);
    if (failed.length) throw new Error(`${failed.length} runs failed: ${failed[0].error}`);
    for (const o of out) summaries.set(o.id, o.summary!);
    console.log(`findings runs: ${out.length} runs on ${workers} workers in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }, 1_800_000);

  it('2 and 12, regime by regime (weak and strong base, std normalisation on): FN against FP, zero-signal groups', () => {
    const arms = regimeArms(CI_REGIME[0]);
    const weak = armDiff(arms, 'weak-std-fn', 'weak-std-fp', 'finalPass1');
    const strong = armDiff(arms, 'strong-std-fn', 'strong-std-fp', 'finalPass1');
    logDiff('finding 2, weak base: FN - FP final pass@1', weak);
    logDiff('finding 2, strong base: FN - FP final pass@1', strong);
    const zWeakFn = armDiff(arms, 'weak-std-fn', 'weak-std-clean', 'fracZeroStd');
    const zWeakFp = armDiff(arms, 'weak-std-fp', 'weak-std-clean', 'fracZeroStd');
    const zStrongFn = armDiff(arms, 'strong-std-fn', 'strong-std-clean', 'fracZeroStd');
    logDiff('finding 12, weak base: FN - clean zero-signal fraction', zWeakFn);
    logDiff('finding 12, weak base: FP - clean zero-signal fraction', zWeakFp);
    logDiff('finding 12, strong base: FN - clean zero-signal fraction', zStrongFn);
    expect(arms['weak-std-clean']).toHaveLength(3);
    // At this budget (measured: weak +4.7pp ± 2.1pp, strong +1.3pp ± 1.8pp) only the weak-base
    // direction clears two standard errors: from the weak base FP 0.3 ends below FN 0.3, as the
    // mechanism predicts below a success rate of 0.5. The strong-base reversal it predicts is
    // within noise here and is only logged.
    expect(weak.sign).toBe(1);
    // Zero-signal groups (measured: +8.3pp ± 1.4pp, -17.7pp ± 0.5pp, -28.7pp ± 1.0pp): FN empties
    // weak-base groups with a few correct answers, FP fills them, FN breaks the strong base's
    // all-correct groups. All three clear two standard errors.
    expect(zWeakFn.sign).toBe(1);
    expect(zWeakFp.sign).toBe(-1);
    expect(zStrongFn.sign).toBe(-1);
  });

  it('1 at K=16: clean against FN 0.3 at the default beta and at a binding beta', () => {
    const arms = regimeArms(CI_REGIME[1]);
    const free = armDiff(arms, 'clean-k16-b0.02', 'noisy-k16-b0.02', 'finalPass1');
    const bind = armDiff(arms, 'clean-k16-b1', 'noisy-k16-b1', 'finalPass1');
    logDiff('finding 1, K=16, beta 0.02: clean - FN 0.3', free);
    logDiff('finding 1, K=16, beta 1: clean - FN 0.3', bind);
    expect(arms['clean-k16-b1']).toHaveLength(3);
    // Both gaps are within two standard errors at this budget (measured: +1.4pp ± 1.3pp at beta
    // 0.02, +3.5pp ± 1.9pp at beta 1): nothing is asserted beyond the runs existing; the full
    // budget (npm run findings) decides finding 1.
    expect(Number.isFinite(free.diff) && Number.isFinite(bind.diff)).toBe(true);
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
});
