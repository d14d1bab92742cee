// Each finding's assess() on a subset of its arms (what a playground preset runs): it judges the
// parts of its claim the arms present can test, says what it could not judge, and keeps the
// finding's holds rule. Constructed RunSummary numbers, no training. The full-arm behaviour is
// checked in findings.test.ts; the arms' settings and the live-record path at the end.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import type { EvalRecord, StepRecord } from '../../src/engine/types';
import { findingById, FINDINGS } from '../../src/experiments/findings';
import { armRunSettings, armSettings, recordedArmSummaries } from '../../src/experiments/findings/runs';
import { SUMMARY_FIELDS, type RunSummary } from '../../src/experiments/summary';

const f = (id: string) => findingById(id)!;

/** A summary with every field set (0.5 unless given), as a run would leave it. */
function summary(over: Partial<RunSummary> = {}): RunSummary {
  const s = Object.fromEntries(SUMMARY_FIELDS.map((k) => [k, 0.5])) as unknown as RunSummary;
  return { ...s, readoutK: 8, rollouts: 12800, promptPool: 120, trainedTokens: 1000, ...over };
}
/** Three seeds around x in one field (spread 0.01: a 10pp difference is far beyond two SE). */
const three = (over: Partial<RunSummary>, field: keyof RunSummary = 'finalPass1') =>
  [-0.01, 0, 0.01].map((e) => summary({ ...over, [field]: (over[field] as number) + e }));

describe('assess() on a subset of the arms', () => {
  it('every finding answers any single arm, and no arms at all, with a sentence and no broken numbers', () => {
    for (const finding of FINDINGS) {
      expect(finding.assess({})).toMatchObject({ holds: null, sentence: expect.stringMatching(/^No runs yet for /) });
      for (const arm of finding.arms) {
        const a = finding.assess({ [arm.id]: three({ finalPass1: 0.5 }) });
        // Finding 9's clean arm is only a reference: alone it leaves nothing to judge.
        if (finding.id === 'corrections' && arm.id === 'clean') {
          expect(a.sentence).toBe('No runs yet for none, backward, forward.');
          continue;
        }
        expect(a.sentence, `${finding.id}/${arm.id}`).not.toMatch(/No runs yet|NaN|undefined|Infinity/);
        expect(a.sentence.length, `${finding.id}/${arm.id}`).toBeGreaterThan(20);
        expect([true, false, null]).toContain(a.holds);
      }
    }
  });

  it('findings 3 and 4 read their claim on the clean arm; the strong-base and unanchored arms get a clause of their own', () => {
    const strong = f('compression').assess({ strong: three({ basePass1: 0.7, finalPass1: 0.8, basePassK: 0.9, finalPassK: 0.9, compressionRatio: 0.5 }) });
    expect(strong.holds).toBeNull();
    expect(strong.sentence).toMatch(/^From the strong base: pass@1 0\.700 -> 0\.800 \(\+10\.0pp\), pass@8 0\.900 -> 0\.900 \(\+0\.0pp\).*pure compression \(pass@k flat\)\. Not run here, so not judged: the claim, read on the clean run from the default base\.$/);
    const clean = f('compression').assess({ clean: three({ basePass1: 0.3, finalPass1: 0.5, basePassK: 0.6, finalPassK: 0.62 }) });
    expect(clean.holds).toBe(true);
    expect(clean.sentence).not.toMatch(/strong|not judged/);

    const un = f('entropy').assess({ unanchored: three({ baseEntropy: 1, finalEntropy: 0.4, finalKl: 0.2 }) });
    expect(un.holds).toBeNull();
    expect(un.sentence).toMatch(/^Without a KL penalty at lr 0\.001 and K=16: entropy 1\.000 -> 0\.400 nats\/token \(-60%\)/);
    expect(un.metrics.unanchoredFinalEntropy).toBeCloseTo(0.4, 12);
  });

  it('finding 5 judges the random arm alone: its rule needs no clean run', () => {
    const a = f('random-reward').assess({ random: three({ basePass1: 0.35, finalPass1: 0.36 }) });
    expect(a.sentence).toBe('Base pass@1 0.350 (reward rate 0.35). Random reward: 0.350 -> 0.360 (+1.0pp); real verifier: not run here.');
    expect(a.holds).toBe(true);
    expect(f('random-reward').assess({ random: three({ basePass1: 0.35, finalPass1: 0.45 }) }).holds).toBe(false);
    expect(f('random-reward').assess({ clean: three({ basePass1: 0.35, finalPass1: 0.6 }) }).holds).toBeNull();
  });

  it('finding 9 judges the correction that ran against none', () => {
    const arms = { none: three({ finalPass1: 0.4 }), forward: three({ finalPass1: 0.45 }) };
    const a = f('corrections').assess(arms);
    expect(a.sentence).toBe('Final held-out pass@1 at FN 0.3: none 0.400 ± 0.006, forward 0.450 ± 0.006 (+5.0pp). The forward correction recovered ground. Not run here, so not judged: backward correction.');
    expect(a.holds).toBe(true);
    expect(f('corrections').assess({ ...arms, forward: three({ finalPass1: 0.35 }) })).toMatchObject({ holds: false, sentence: expect.stringContaining('The forward correction did not beat uncorrected training.') });
    expect(f('corrections').assess({ forward: arms.forward }).holds).toBeNull();
  });

  it('finding 10 reports a lone systematic arm with its measured rates and judges nothing', () => {
    const a = f('systematic').assess({ sysFpOffByOne: three({ basePass1: 0.35, finalPass1: 0.3, fpRate: 0.2 }) });
    expect(a.holds).toBeNull();
    expect(a.sentence).toBe('Final held-out pass@1 from base 0.350: sysFpOffByOne 0.300 (FP 0.20) (effective rates measured on the final held-out samples). '
      + 'Not run here, so not judged: whether systematic FN still learns (both systematic FN arms); systematic against random FP (random FP and both systematic FP arms).');
    const fn = f('systematic').assess({ sysFnLong: three({ basePass1: 0.35, finalPass1: 0.4 }), sysFn7: three({ basePass1: 0.35, finalPass1: 0.45 }) });
    expect(fn.holds).toBe(true);
    expect(fn.sentence).toContain('Systematic FN still learned.');
  });

  it('finding 11 names a partial line by the rollouts its runs spent, and judges the best K only with both lines whole', () => {
    const a = f('iso-compute').assess({ 'large-k8': three({ finalPass1: 0.5, rollouts: 12800 }) });
    expect(a.sentence).toBe('Final held-out pass@1 along C=12800: K=8 0.500. Not run here, so not judged: how the best K moves with the budget (every K at both budgets).');
    expect(a.holds).toBeNull();
  });

  it('findings 7, 8, 12 and 13 judge the pairs present', () => {
    const t = f('grpo-vs-sft-trace').assess({ grpo: three({ finalPass1: 0.6 }), sft: three({ finalPass1: 0.45, trainedTokens: 1100 }) });
    expect(t.holds).toBe(true);
    expect(t.sentence).toContain('GRPO - SFT +15.0pp ± 0.8pp, unpaired (the arms\' seeds differ). Trained tokens relative to GRPO: SFT 1.10. Not run here, so not judged: GRPO against RFT.');
    expect(f('grpo-vs-sft-trace').assess({ grpo: three({ finalPass1: 0.6 }) })).toMatchObject({ holds: null, sentence: expect.stringContaining('not judged: GRPO against SFT; GRPO against RFT.') });

    expect(f('grpo-vs-rft').assess({ grpo: three({ finalPass1: 0.6 }) })).toMatchObject({ holds: null, metrics: { grpoMinusRft: null } });
    expect(f('curation').assess({ all: three({ finalPass1: 0.5 }), band: three({ finalPass1: 0.55 }) })).toMatchObject({
      holds: true, sentence: expect.stringContaining('Not run here, so not judged: the median against the mean baseline.'),
    });
    const z = f('zero-signal').assess({ 'weak-std-clean': three({ fracZeroStd: 0.3 }, 'fracZeroStd'), 'weak-std-fn': three({ fracZeroStd: 0.4 }, 'fracZeroStd') });
    expect(z.holds).toBe(true);
    expect(z.sentence).toContain('Not run here, so not judged: weak-base FP 0.3 against clean; strong-base FN 0.3 against clean.');
  });
});

describe('arm settings for the page and for the runner', () => {
  it('armSettings is armRunSettings at one seed; the page variant keeps the budget\'s seeds', () => {
    for (const finding of FINDINGS) {
      for (const arm of finding.arms) {
        const run = armRunSettings(finding, arm, DEFAULT_SETTINGS, { steps: 50, seeds: 2 });
        expect(armSettings(finding, arm, 4, DEFAULT_SETTINGS, { steps: 50, seeds: 2 })).toEqual({ ...run, seed: 4, seeds: 1 });
        expect(run.seeds).toBe(2);
      }
    }
  });

});

describe('live records into assess()\'s input', () => {
  const split = (pass1: number, seed: number) => ({ passAtK: [pass1, 0.6], rewardObserved: 0.4, entropy: 0.5, kl: 0, fnRate: null, fpRate: null, problems: 8, samplesPerProblem: 2, seed });
  /** A two-seed eval record: the combined record carries each seed's own in perSeed. */
  function evalRec(step: number, pass1: [number, number]): EvalRecord {
    const one = (i: 0 | 1) => ({ type: 'eval', step, rollouts: step * 64, seed: i + 1, test: split(pass1[i], i + 1), ood: split(pass1[i], i + 1), k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 1 });
    return { ...one(0), test: split((pass1[0] + pass1[1]) / 2, 1), perSeed: [one(0), one(1)] } as unknown as EvalRecord;
  }
  function step(n: number): StepRecord {
    const one = (seed: number) => ({ type: 'step', step: n, rollouts: n * 64, rewardObserved: 0.4, rewardTrue: 0.4, fracZeroStd: 0.1, seed });
    return { ...one(1), perSeed: [one(1), one(2)] } as unknown as StepRecord;
  }

  it('one summary per seed under each arm id, in arm order; an arm without a run or an evaluation is left out', () => {
    const run = { evals: [evalRec(0, [0.3, 0.32]), evalRec(3, [0.5, 0.54])], steps: [step(1), step(2), step(3)], info: { promptPool: 99 }, activeMs: 10 };
    const arms = recordedArmSummaries(['a', 'b', 'c'], [run, { evals: [], steps: [] }]);
    expect(Object.keys(arms)).toEqual(['a']);
    expect(arms.a.map((s) => [s.basePass1, s.finalPass1, s.promptPool, s.steps])).toEqual([[0.3, 0.5, 99, 3], [0.32, 0.54, 99, 3]]);
    // A seed whose records hold no evaluation cannot be summarised: its arm counts as not run.
    expect(recordedArmSummaries(['a'], [{ ...run, evals: [{ ...run.evals[0], perSeed: undefined, seed: 7 } as unknown as EvalRecord] }])).toEqual({});
  });
});
