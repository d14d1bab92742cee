// Training health rules and the pass@1 / pass@k verdict, exactly, on hand-made records.
import { describe, expect, it } from 'vitest';
import type { EvalRecord, SplitEval, StepRecord } from '../../src/engine/types';
import {
  DEFAULT_HEALTH, clampHealth, direction, entropyLow, healthSigns, klClimb, passKFalling, passVerdict, problemPassAtK, problemSe, seedChange,
  slope, spreadCollapse, verdictK, type HealthThresholds,
} from '../../src/ui/health';

const TH: HealthThresholds = { window: 4, zeroSignal: 0.9, entropyFloor: 0.1, klSlope: 0.05, tolerance: 0.02 };

function step(n: number, p: Partial<StepRecord> = {}): StepRecord {
  return { type: 'step', step: n, rollouts: n * 128, fracZeroStd: 0.2, rewardStd: 0.4, entropy: 0.4, kl: 0.1, ...p } as Partial<StepRecord> as StepRecord;
}

function split(passAtK: number[], successHist?: number[]): SplitEval {
  return {
    passAtK, rewardObserved: 0, entropy: 0.4, kl: 0, fnRate: null, fpRate: null, problems: successHist ? successHist.reduce((a, b) => a + b, 0) : 64,
    samplesPerProblem: passAtK.length, ...(successHist ? { successHist } : {}),
  };
}

/** One evaluation with n = 2 samples (pass@1, pass@2); several seeds: the mean record with each seed in perSeed. */
function ev(stepN: number, seeds: number[][], hists?: number[][]): EvalRecord {
  const per = seeds.map((pass, i): EvalRecord => ({
    type: 'eval', step: stepN, rollouts: stepN * 128, test: split(pass, hists?.[i]), ood: split(pass), k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 1, seed: i + 1,
  }));
  if (per.length === 1) return per[0];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { ...per[0], seed: undefined, perSeed: per, test: split([0, 1].map((k) => mean(seeds.map((s) => s[k])))) };
}

describe('health thresholds', () => {
  it('are clamped to their ranges; bad values keep the current value', () => {
    expect(clampHealth({ window: 3.6, zeroSignal: 2, entropyFloor: -1, klSlope: Number.NaN, tolerance: 'x' })).toEqual({
      window: 4, zeroSignal: 1, entropyFloor: 0, klSlope: DEFAULT_HEALTH.klSlope, tolerance: DEFAULT_HEALTH.tolerance,
    });
    expect(clampHealth({ window: 1 }, TH).window).toBe(2);
  });
});

describe('step signs', () => {
  it('reward spread collapsed only when every one of the recent steps is at or above the share', () => {
    const steps = [step(1), step(2, { fracZeroStd: 0.9, rewardStd: 0.02 }), step(3, { fracZeroStd: 1, rewardStd: 0 }), step(4, { fracZeroStd: 0.94, rewardStd: 0.01 }), step(5, { fracZeroStd: 1, rewardStd: 0.01 })];
    const s = spreadCollapse(steps, TH)!;
    expect(s.id).toBe('spread');
    expect(s.step).toBe(5);
    expect(s.detail).toBe('In each of steps 2-5, at least 90.0% of the groups had the same reward for every rollout (mean 96.0%, mean within-group reward std 0.010): those groups have zero advantage and give no gradient.');
    // One recent step below the share: no sign.
    expect(spreadCollapse([...steps, step(6, { fracZeroStd: 0.85 })], TH)).toBeNull();
    // Fewer steps than the window: no sign yet.
    expect(spreadCollapse(steps.slice(2), TH)).toBeNull();
  });

  it('entropy below the floor on the mean of the recent steps', () => {
    const steps = [step(1, { entropy: 0.42 }), step(2, { entropy: 0.12 }), step(3, { entropy: 0.09 }), step(4, { entropy: 0.08 }), step(5, { entropy: 0.07 })];
    expect(entropyLow(steps, TH)!.detail).toBe('Mean entropy over steps 2-5 is 0.090 nats, below the floor of 0.1 (step 1: 0.420): the policy samples nearly the same tokens every time and explores little.');
    expect(entropyLow(steps, { ...TH, entropyFloor: 0.09 })).toBeNull();
  });

  it('KL climbing: least-squares slope over the recent steps', () => {
    expect(slope([1, 2, 3, 4], [0, 0.1, 0.2, 0.3])).toBeCloseTo(0.1, 12);
    expect(slope([1], [1])).toBeNaN();
    const steps = [step(1, { kl: 0 }), step(2, { kl: 0.1 }), step(3, { kl: 0.2 }), step(4, { kl: 0.3 })];
    expect(klClimb(steps, TH)!.detail).toBe('KL rose by 0.1000 per step over steps 1-4 (least-squares slope; threshold 0.05), to 0.300 at step 4: the policy is moving away from the base model quickly.');
    expect(klClimb(steps, { ...TH, klSlope: 0.1 })).toBeNull();
    // Noisy but flat KL is no sign.
    expect(klClimb([0.2, 0.05, 0.22, 0.06].map((kl, i) => step(i + 1, { kl })), TH)).toBeNull();
  });

  it('step signs of a multi-seed run read the mean record and say so', () => {
    const per = [step(1, { seed: 1 }), step(1, { seed: 2 })];
    const steps = [1, 2, 3, 4].map((n) => step(n, { fracZeroStd: 1, rewardStd: 0, perSeed: per }));
    expect(spreadCollapse(steps, TH)!.detail).toContain('(mean 100.0%, mean within-group reward std 0.000 (mean over 2 seeds))');
  });
});

describe('pass@k changes', () => {
  it('per-problem pass@k and the sampling standard error from the success histogram', () => {
    expect(problemPassAtK(4, 1, 2)).toBeCloseTo(0.5, 12); // 1 - C(3,2)/C(4,2) = 1 - 3/6
    expect(problemPassAtK(4, 3, 2)).toBe(1);
    // 4 problems with n = 2: c = 0, 1, 1, 2 -> pass@1 values 0, 0.5, 0.5, 1: sd 0.40825, se 0.20412.
    const r = ev(0, [[0.5, 0.75]], [[1, 2, 1]]);
    expect(problemSe(r, 1)).toBeCloseTo(0.204124, 6);
    // pass@2 values 0, 1, 1, 1: mean 0.75, sd 0.5, se 0.25.
    expect(problemSe(r, 2)).toBeCloseTo(0.25, 12);
    expect(problemSe(ev(0, [[0.5, 0.75]]), 1)).toBeNull();
  });

  it('several seeds: mean and SE of the per-seed changes, two-SE rule', () => {
    const a = ev(0, [[0.3, 0.6], [0.35, 0.62], [0.4, 0.64]]);
    const b = ev(20, [[0.6, 0.65], [0.6, 0.63], [0.61, 0.64]]);
    const c = seedChange(a, b, 1);
    // Per-seed changes 0.30, 0.25, 0.21: mean 0.25333, se 0.026034.
    expect(c.basis).toBe('seeds');
    expect(c.mean).toBeCloseTo(0.253333, 5);
    expect(c.se).toBeCloseTo(0.026034, 5);
    expect(direction(c, TH)).toBe(1);
    // pass@2 changes 0.05, 0.01, 0.00: mean 0.02, se 0.01528: within two SE.
    expect(direction(seedChange(a, b, 2), TH)).toBe(0);
  });

  it('one seed with histograms: the evaluations\' sampling errors in quadrature; without: the tolerance', () => {
    const a = ev(0, [[0.5, 0.75]], [[1, 2, 1]]);
    const b = ev(10, [[1, 1]], [[0, 0, 4]]);
    const c = seedChange(a, b, 1);
    expect(c.basis).toBe('problems');
    expect(c.mean).toBeCloseTo(0.5, 12);
    expect(c.se).toBeCloseTo(0.204124, 6); // the second evaluation has no spread
    expect(direction(c, TH)).toBe(1);
    const t = seedChange(ev(0, [[0.5, 0.75]]), ev(10, [[0.51, 0.74]]), 2);
    expect(t.basis).toBe('tolerance');
    expect(direction(t, TH)).toBe(0);
    expect(direction(seedChange(ev(0, [[0.5, 0.75]]), ev(10, [[0.51, 0.7]]), 2), TH)).toBe(-1);
  });

  it('pass@k falling while pass@1 rises, between the last two evaluations', () => {
    const evals = [ev(0, [[0.3, 0.8], [0.32, 0.82]]), ev(10, [[0.4, 0.8], [0.42, 0.81]]), ev(20, [[0.5, 0.7], [0.53, 0.71]])];
    const s = passKFalling(evals, TH)!;
    expect(s.title).toBe('pass@2 falling while pass@1 rises');
    expect(s.detail).toBe('From step 10 to step 20, held-out pass@1 changed +10.5pp ± 0.5pp and pass@2 -10.0pp ± 0.0pp (2 seeds; a change counts beyond two standard errors of the per-seed changes): the policy is trading its variety of answers for its top answer, a sign of collapse.');
    // Both falling: not this sign.
    expect(passKFalling([evals[0], ev(10, [[0.2, 0.7], [0.22, 0.71]])], TH)).toBeNull();
  });
});

describe('verdict', () => {
  const base = ev(0, [[0.3, 0.6], [0.35, 0.62], [0.4, 0.64]]);

  it('pure compression: pass@1 up beyond noise, pass@k flat', () => {
    const v = passVerdict([base, ev(100, [[0.6, 0.65], [0.6, 0.63], [0.61, 0.64]])], TH)!;
    expect(v.kind).toBe('compression');
    expect(v.sentence).toBe('Pure compression: pass@1 rose, pass@2 stayed within noise. From step 0 to step 100, pass@1 +25.3pp ± 2.6pp, pass@2 +2.0pp ± 1.5pp (3 seeds; a change counts beyond two standard errors of the per-seed changes).');
  });

  it('capability gain plus compression: both up beyond noise', () => {
    const v = passVerdict([base, ev(100, [[0.6, 0.75], [0.6, 0.76], [0.61, 0.8]])], TH)!;
    expect(v.kind).toBe('gain');
    expect(v.label).toBe('Capability gain plus compression');
  });

  it('mode collapse: pass@k down beyond noise, whatever pass@1 does', () => {
    const v = passVerdict([base, ev(100, [[0.6, 0.5], [0.6, 0.52], [0.61, 0.5]])], TH)!;
    expect(v.kind).toBe('collapse');
    expect(v.sentence.startsWith('Mode collapse: pass@2 fell beyond noise. From step 0 to step 100,')).toBe(true);
  });

  it('no verdict while pass@1 has not risen beyond noise; null before a second evaluation', () => {
    expect(passVerdict([base, ev(100, [[0.3, 0.6], [0.36, 0.62], [0.41, 0.64]])], TH)!.kind).toBe('none');
    expect(passVerdict([base], TH)).toBeNull();
  });

  it('one seed: judged against the sampling error over the problems, and says so', () => {
    const v = passVerdict([ev(0, [[0.5, 0.75]], [[1, 2, 1]]), ev(10, [[1, 1]], [[0, 0, 4]])], TH)!;
    expect(v.kind).toBe('compression');
    expect(v.sentence).toBe('Pure compression: pass@1 rose, pass@2 stayed within noise. From step 0 to step 10, pass@1 +50.0pp ± 20.4pp, pass@2 +25.0pp ± 25.0pp (one seed, so judged against the evaluations\' sampling error over their 4 problems: a change counts beyond two standard errors).');
  });

  it('uses the largest drawn k the evaluations have, else the record\'s k', () => {
    const evals = [ev(0, [[0.3, 0.6]])];
    expect(verdictK(evals, [4, 16])).toBe(2);
    expect(verdictK(evals, [2])).toBe(2);
    expect(verdictK([], [2])).toBe(1);
  });
});

describe('healthSigns', () => {
  it('lists every sign in a fixed order', () => {
    const steps = [1, 2, 3, 4].map((n) => step(n, { fracZeroStd: 1, rewardStd: 0, entropy: 0.05, kl: n }));
    const evals = [ev(0, [[0.3, 0.8]]), ev(4, [[0.5, 0.6]])];
    expect(healthSigns({ steps, evals }, TH).map((s) => s.id)).toEqual(['spread', 'entropy', 'kl', 'passk']);
    expect(healthSigns({ steps: steps.slice(0, 2), evals: [] }, TH)).toEqual([]);
  });
});

describe('health thresholds in the store', () => {
  it('are a view option: clamped, never a setting, never in a share link, and they start no run', async () => {
    const { useStore, attachRunner } = await import('../../src/ui/store');
    const { encodeSettings } = await import('../../src/ui/share');
    const starts: unknown[] = [];
    attachRunner({ start: (s) => { starts.push(s); return starts.length; }, pause() {}, resume() {}, reset() {} });
    const settings = useStore.getState().settings;
    expect(useStore.getState().health).toEqual(DEFAULT_HEALTH);
    useStore.getState().setHealth({ window: 500, entropyFloor: 0.2 });
    expect(useStore.getState().health).toEqual({ ...DEFAULT_HEALTH, window: 200, entropyFloor: 0.2 });
    useStore.getState().setHealth({ klSlope: Number.NaN });
    expect(useStore.getState().health.klSlope).toBe(DEFAULT_HEALTH.klSlope);
    expect(useStore.getState().settings).toBe(settings);
    expect(encodeSettings(useStore.getState().settings)).toBe('');
    expect(starts).toEqual([]);
    attachRunner(null);
  });
});
