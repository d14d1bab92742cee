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
  it('cover findings 1-14 with valid, distinct arms and a guide', () => {
    expect(FINDINGS.map((f) => f.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(new Set(FINDINGS.map((f) => f.id)).size).toBe(14);
    for (const f of FINDINGS) {
      expect(f.guide.length).toBeGreaterThan(20);
      expect(new Set(f.arms.map((a) => a.id)).size).toBe(f.arms.length);
      for (const a of f.arms) expect(() => armSettings(f, a, 1)).not.toThrow();
    }
  });

  it('shared arms are one run: the clean K=8 arm of findings 3, 4 and 5 is one settings; findings 1 and 2 share their plateau arms', () => {
    const picked = [3, 4, 5].map((n) => findingById(n)!);
    const keys = picked.map((f) => findingRuns(f, [1]).find((r) => r.arm === 'clean')!.key);
    expect(new Set(keys).size).toBe(1);
    expect(findingRuns(findingById(3)!, [1]).find((r) => r.arm === 'clean')!.settings).toEqual({ ...DEFAULT_SETTINGS, steps: 80, evalEvery: 80, evalProblems: 64, evalSamples: 8, seeds: 1 });
    const f2 = new Set(findingRuns(findingById(2)!, [1]).map((r) => r.key));
    const f1 = findingRuns(findingById(1)!, [1]);
    expect(f1).toHaveLength(24);
    expect(f1.every((r) => f2.has(r.key))).toBe(true);
    expect(f2.size).toBe(27);
    expect(f1.find((r) => r.arm === 'strong-b1-k16-fp')!.settings).toMatchObject({ base: 'strong', klBeta: 1, rolloutsPerPrompt: 16, fpRate: 0.3, plateau: true, steps: 400, evalEvery: 50, evalProblems: 128 });
    expect(f1.find((r) => r.arm === 'mid-b0.02-k4-fn')!.settings).toMatchObject({ base: 'mid', klBeta: 0.02, rolloutsPerPrompt: 4, fnRate: 0.3, plateau: true, steps: 600 });
    expect(findingRuns(findingById(2)!, [1]).find((r) => r.arm === 'mod-b1-k16-clean')!.settings).toMatchObject({ task: 'mod', base: 'mid', klBeta: 1, plateau: true });
    expect(findingRuns(findingById(12)!, [1]).find((r) => r.arm === 'strong-std-fp')!.settings).toMatchObject({ base: 'strong', fpRate: 0.3, steps: 100, evalProblems: 128 });
  });

  it('armDiff pairs arms by seed and applies the two-standard-error rule to the per-seed differences', () => {
    const s = (seed: number, finalPass1: number) => ({ seed, finalPass1 } as RunSummary);
    const arms = {
      a: [s(1, 0.5), s(2, 0.52), s(3, 0.54)], b: [s(1, 0.4), s(2, 0.41), s(3, 0.42)], c: [s(1, 0.49), s(2, 0.55), s(3, 0.51)],
      // d moves with a seed by seed, 0.01 lower: within noise independently, beyond it paired.
      d: [s(1, 0.49), s(2, 0.51), s(3, 0.535)],
    };
    const ab = armDiff(arms, 'a', 'b', 'finalPass1');
    // Per-seed differences 0.10, 0.11, 0.12: mean 0.11, sd 0.01, se 0.01 / sqrt 3.
    expect(ab.diff).toBeCloseTo(0.11, 12);
    expect(ab.se).toBeCloseTo(0.01 / Math.sqrt(3), 12);
    expect(ab).toMatchObject({ sign: 1, paired: true, n: 3 });
    expect(armDiff(arms, 'b', 'a', 'finalPass1').sign).toBe(-1);
    // Differences 0.01, -0.03, 0.03: mean 0.0033, se 0.0176.
    expect(armDiff(arms, 'a', 'c', 'finalPass1').sign).toBe(0);
    const ad = armDiff(arms, 'a', 'd', 'finalPass1');
    expect(ad.diff).toBeCloseTo(0.025 / 3, 12);
    expect(ad).toMatchObject({ sign: 1, paired: true });
    // The same numbers without seeds: independent arms, the SEs in quadrature, within noise.
    const unseeded = (xs: RunSummary[]) => xs.map((x) => ({ finalPass1: x.finalPass1 } as RunSummary));
    const loose = armDiff({ a: unseeded(arms.a), d: unseeded(arms.d) }, 'a', 'd', 'finalPass1');
    expect(loose).toMatchObject({ sign: 0, paired: false, n: 3 });
    expect(loose.se).toBeCloseTo(Math.sqrt(0.02 ** 2 / 3 + 0.0225 ** 2 / 3), 3);
    // Seeds that do not match fall back to independent seeds; one seed each has no SE.
    expect(armDiff({ a: [s(1, 0.5), s(2, 0.52)], b: [s(1, 0.4), s(3, 0.41)] }, 'a', 'b', 'finalPass1')).toMatchObject({ paired: false, n: 2 });
    expect(armDiff({ a: [s(1, 0.5)], b: [s(1, 0.4)] }, 'a', 'b', 'finalPass1')).toMatchObject({ se: null, sign: 0, paired: true, n: 1 });
  });

  // Constructed plateau summaries: seeds 1-3 whose per-seed values move together (a shared
  // seed effect of +-0.02), so paired differences are tight while the arms' own spreads are not.
  const plateauRuns = (x: number, o: { base?: number; curve?: (seed: number) => { step: number; pass1: number }[] } = {}): RunSummary[] =>
    [1, 2, 3].map((seed) => ({
      seed, basePass1: o.base ?? 0.35, plateauPass1: x + 0.02 * (seed - 2) + 0.001 * ((seed * 7) % 3), finalPass1: x, stopReason: 'plateau', stopStep: 300,
      shareBelowHalf: 0.6, wrongTopShare: 0.5, pass1Curve: o.curve?.(seed) ?? [{ step: 0, pass1: o.base ?? 0.35 }, { step: 100, pass1: x }],
    } as RunSummary));

  it('assess() of finding 2 pairs FN against FP by seed at the plateau: shown, reversed, within noise, a subset of arms', () => {
    const f = findingById('fn-vs-fp')!;
    const arms: Record<string, RunSummary[]> = {};
    for (const base of ['mid', 'strong']) {
      for (const beta of [0.02, 1]) {
        for (const K of [4, 16]) {
          const fpWorse = base === 'mid';
          arms[`${base}-b${beta}-k${K}-clean`] = plateauRuns(0.6);
          arms[`${base}-b${beta}-k${K}-fn`] = plateauRuns(fpWorse ? 0.55 : 0.5);
          arms[`${base}-b${beta}-k${K}-fp`] = plateauRuns(fpWorse ? 0.5 : 0.55);
        }
      }
    }
    const a = f.assess(arms);
    expect(a.holds).toBe(true);
    expect(a.metrics['strong beta 1 K16 fn - fp']).toBeCloseTo(-0.05, 12);
    // The arms' spread (SE about 0.012) would put 0.05 beyond 2 SE unpaired too; the pairing shows in the SE.
    expect(a.metrics['strong beta 1 K16 fn - fp se']).toBeLessThan(0.002);
    expect(a.sentence).toContain('differences paired over 3 seeds');
    expect(a.sentence).toContain('strong base');
    expect(f.assess({ ...arms, 'strong-b1-k16-fn': plateauRuns(0.6) }).holds).toBe(false); // reversed beyond 2 SE
    const noisy = plateauRuns(0.55).map((s, i) => ({ ...s, plateauPass1: 0.55 + [0.03, -0.03, 0.001][i] }));
    expect(f.assess({ ...arms, 'strong-b1-k16-fn': noisy }).holds).toBeNull(); // within noise
    // A subset (the mid base at beta 1, K=16) is judged on its own.
    const sub = f.assess({ 'mid-b1-k16-fn': arms['mid-b1-k16-fn'], 'mid-b1-k16-fp': arms['mid-b1-k16-fp'] });
    expect(sub.holds).toBe(true);
    expect(sub.sentence).not.toContain('strong base');
    expect(f.assess({})).toMatchObject({ holds: null });
  });

  it('assess() of finding 1: fate at the binding anchor, rate (time to the level) at the loose one', () => {
    const f = findingById('noise-vs-compute')!;
    const arms: Record<string, RunSummary[]> = {};
    // Clean rises from 0.35 to 0.55 by step 100; noisy arms take 150 steps to the same curve (rate) at beta 0.02.
    const curve = (late: number) => () => [{ step: 0, pass1: 0.35 }, { step: 50, pass1: 0.42 }, { step: late, pass1: 0.5 }, { step: 200, pass1: 0.55 }];
    for (const base of ['mid', 'strong']) {
      for (const K of [4, 16]) {
        arms[`${base}-b1-k${K}-clean`] = plateauRuns(0.5);
        arms[`${base}-b1-k${K}-fn`] = plateauRuns(K === 16 ? 0.44 : 0.46);
        arms[`${base}-b1-k${K}-fp`] = plateauRuns(K === 16 ? 0.44 : 0.46);
        arms[`${base}-b0.02-k${K}-clean`] = plateauRuns(0.55, { curve: curve(100) });
        arms[`${base}-b0.02-k${K}-fn`] = plateauRuns(0.545, { curve: curve(150) });
        arms[`${base}-b0.02-k${K}-fp`] = plateauRuns(0.545, { curve: curve(150) });
      }
    }
    const a = f.assess(arms);
    expect(a.metrics['mid beta 1 K16 clean - fn']).toBeCloseTo(0.06, 12);
    expect(a.metrics['mid beta 1 fn gap K16 - K4']).toBeCloseTo(0.02, 12);
    expect(a.metrics['mid beta 0.02 K4 fn steps to level / clean']).toBeCloseTo(1.5, 12);
    expect(a.sentence).toContain('paired over 3 seeds');
    expect(a.holds).toBe(true);
    // Compute closing the binding gap beyond two SE contradicts fate.
    expect(f.assess({ ...arms, 'mid-b1-k16-fn': plateauRuns(0.5) }).holds).toBe(false);
    expect(f.assess({})).toMatchObject({ holds: null });
    // The compute preset's two arms alone (clean at K=4, FN at K=16, binding anchor): that comparison decides, paired over their seeds.
    const buy = (fn: number) => f.assess({ 'mid-b1-k4-clean': plateauRuns(0.5), 'mid-b1-k16-fn': plateauRuns(fn) });
    expect(buy(0.44).sentence).toContain('paired over 3 seeds. mid base. Compute for supervision: beta 1: clean K=4 0.501 against FN 0.3 at K=16 0.441 (+6.0pp');
    expect(buy(0.44).sentence).not.toContain('not run');
    expect(buy(0.44).holds).toBe(true);
    expect(buy(0.56)).toMatchObject({ holds: false });
    expect(buy(0.56).sentence).toContain('the extra rollouts made up for the noisy verifier');
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


// The engine runs, at a CI-sized budget: findings 3-6 and 9 at FINDING_BUDGET, finding 12's arms
// at CI_REGIME_BUDGET, and a subset of the plateau arms of findings 1 and 2 (mid base, binding
// anchor, K=4, capped at 300 steps). For the regime and plateau arms only the directions that
// clear two (paired) standard errors at this budget are asserted; the rest are logged
// (npm run findings runs every arm at its full budget and writes results/).
const TESTED = [3, 4, 5, 6, 9].map((n) => findingById(n)!);
const CI_REGIME_BUDGET: Partial<Settings> = { steps: 80, evalEvery: 80, evalProblems: 64, evalSamples: 8 };
const F2 = findingById(2)!;
const CI_PLATEAU_CAP = 300;
const CI_PLATEAU: Finding = { ...F2, arms: F2.arms.filter((a) => /^mid-b1-k4-/.test(a.id)).map((a) => ({ ...a, settings: { ...a.settings, steps: CI_PLATEAU_CAP } })) };
const CI_REGIME: Finding[] = [findingById(12)!];
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
    for (const r of findingRuns(CI_PLATEAU, SEEDS)) runs.set(r.key, r.settings);
    // The main thread only waits, so both cores of a 2-core CI machine run jobs.
    const workers = Math.max(1, Math.min(4, availableParallelism()));
    const t0 = Date.now();
    const out = await runPool([...runs].map(([id, settings]) => ({ id, settings })), { workers });
    const failed = out.filter((o) => !o.summary);
    if (failed.length) throw new Error(`${failed.length} runs failed: ${failed[0].error}`);
    for (const o of out) summaries.set(o.id, o.summary!);
    console.log(`findings runs: ${out.length} runs on ${workers} workers in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }, 1_800_000);

  it('12, and FN against FP at 80 steps (weak and strong base): zero-signal groups', () => {
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

  it('1 and 2 at the plateau (mid base, beta 1, K=4, capped at 300 steps): clean, FN 0.3 and FP 0.3 paired by seed', () => {
    const arms = armSummaries(CI_PLATEAU, (k) => summaries.get(k), SEEDS);
    expect(arms['mid-b1-k4-clean']).toHaveLength(3);
    for (const id of Object.keys(arms)) {
      const runs = arms[id];
      console.log(`${id}: plateau ${runs.map((r) => r.plateauPass1?.toFixed(3)).join(', ')}; stopped ${runs.map((r) => `${r.stopReason} at ${r.stopStep}`).join(', ')}`);
      for (const r of runs) expect(['plateau', 'cap']).toContain(r.stopReason);
    }
    const fnGap = armDiff(arms, 'mid-b1-k4-clean', 'mid-b1-k4-fn', 'plateauPass1');
    const fpGap = armDiff(arms, 'mid-b1-k4-clean', 'mid-b1-k4-fp', 'plateauPass1');
    const fnFp = armDiff(arms, 'mid-b1-k4-fn', 'mid-b1-k4-fp', 'plateauPass1');
    logDiff('finding 1, mid base, beta 1, K=4: clean - FN 0.3 plateau (paired)', fnGap);
    logDiff('finding 1, mid base, beta 1, K=4: clean - FP 0.3 plateau (paired)', fpGap);
    logDiff('finding 2, mid base, beta 1, K=4: FN - FP plateau (paired)', fnFp);
    expect(fnGap.paired && fpGap.paired && fnFp.paired).toBe(true);
    console.log(`finding 1 (CI subset): ${findingById(1)!.assess(arms).sentence}`);
    console.log(`finding 2 (CI subset): ${F2.assess(arms).sentence}`);
    // At this budget (measured: clean - FN +2.7pp ± 1.1pp, clean - FP +3.7pp ± 0.6pp, FN - FP
    // +1.0pp ± 0.6pp, paired over 3 seeds) both noisy plateaus sit below clean's beyond two paired
    // standard errors, as fate at a binding anchor predicts; FN against FP is within noise and
    // only logged.
    expect(fnGap.sign).toBe(1);
    expect(fpGap.sign).toBe(1);
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
