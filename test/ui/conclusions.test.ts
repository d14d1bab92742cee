// The presets' closing sentences, exactly, on hand-made records.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import type { EvalRecord, SplitEval, StepRecord } from '../../src/engine/types';
import {
  compareArms, concludeCompression, concludeEntropy, concludeMeasuredErrors, concludePartial, concludePass1, concludeRandom,
  concludeStyles, concludeUnteach, finalDiff, passChange, type ArmRun,
} from '../../src/ui/conclusions';
import { ppChange as pp } from '../../src/experiments/format';
import { PRESETS, presetById } from '../../src/ui/presets';

function split(passAtK: number[], extra: Partial<SplitEval> = {}): SplitEval {
  return { passAtK, rewardObserved: 0, entropy: 0.5, kl: 0, fnRate: null, fpRate: null, problems: 64, samplesPerProblem: passAtK.length, ...extra };
}

/** One evaluation; with several seeds, the mean record with each seed in perSeed. */
function ev(step: number, seeds: { pass: number[]; extra?: Partial<SplitEval> }[]): EvalRecord {
  const per = seeds.map((s, i): EvalRecord => ({
    type: 'eval', step, rollouts: step * 128, test: split(s.pass, s.extra), ood: split(s.pass), k: 8, compressionRatio: null, capabilityGain: 0, evalMs: 1, seed: i + 1,
  }));
  if (per.length === 1) return per[0];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const n = seeds[0].pass.length;
  return {
    ...per[0], seed: undefined, perSeed: per,
    test: split(Array.from({ length: n }, (_, k) => mean(seeds.map((s) => s.pass[k])))),
  };
}

function stepRec(n: number, observed: number, truth: number): StepRecord {
  return { type: 'step', step: n, rollouts: n * 128, rewardObserved: observed, rewardTrue: truth } as Partial<StepRecord> as StepRecord;
}

function run(label: string, evals: EvalRecord[], settings: Partial<Settings> = {}, steps: StepRecord[] = []): ArmRun {
  return { label, settings: { ...DEFAULT_SETTINGS, ...settings }, evals, steps };
}

// pass@1 at index 0, pass@2 at index 1 (n = 2 samples).
const base3 = ev(0, [{ pass: [0.3, 0.6] }, { pass: [0.35, 0.62] }, { pass: [0.4, 0.64] }]);

describe('conclusions', () => {
  it('formats signed percentage points', () => {
    expect(pp(0.041)).toBe('+4.1pp');
    expect(pp(-0.0125)).toBe('-1.3pp');
    expect(pp(-0.0001)).toBe('0.0pp');
  });

  it('measures the change seed by seed: mean, standard error of the per-seed differences, and the two-SE rule', () => {
    const last = ev(100, [{ pass: [0.6, 0.65] }, { pass: [0.6, 0.63] }, { pass: [0.61, 0.64] }]);
    const c = passChange(run('x', [base3, last]))!;
    // Per-seed changes 0.30, 0.25, 0.21: mean 0.2533, sd 0.04509, se 0.02603.
    expect(c.change.mean).toBeCloseTo(0.253333, 5);
    expect(c.change.se).toBeCloseTo(0.026034, 5);
    expect(c.sign).toBe(1);
    expect(concludePass1([run('x', [base3, last])])).toBe(
      'Held-out pass@1 went from 0.35 to 0.60 ± 0.00 in 100 steps (+25.3pp ± 2.6pp, 3 seeds): a rise beyond two standard errors.',
    );
  });

  it('compression: pass@1 up, pass@k flat', () => {
    const last = ev(200, [{ pass: [0.6, 0.61] }, { pass: [0.62, 0.62] }, { pass: [0.64, 0.66] }]);
    expect(concludeCompression([run('x', [base3, last])])).toBe(
      'Held-out pass@1 went from 0.35 to 0.62 ± 0.01 while pass@2 moved +1.0pp ± 0.6pp (from 0.62): mostly compression, pass@1 moved toward what the base already found in 2 tries.',
    );
  });

  it('compression: pass@k falling beyond two standard errors is the mode-collapse flag; no rise means nothing to compress', () => {
    const down = ev(200, [{ pass: [0.5, 0.5] }, { pass: [0.52, 0.52] }, { pass: [0.55, 0.55] }]);
    expect(concludeCompression([run('x', [base3, down])])).toMatch(/moved -9\.7pp ± 0\.3pp \(from 0\.62\): pass@2 fell beyond two standard errors, the mode-collapse red flag\.$/);
    const flat = ev(200, [{ pass: [0.3, 0.6] }, { pass: [0.34, 0.62] }, { pass: [0.4, 0.64] }]);
    expect(concludeCompression([run('x', [base3, flat])])).toMatch(/: pass@1 did not rise, so there is nothing to compress\.$/);
  });

  it('styles: the top style\'s held-out share before and after, styles above 5%, answer and trace pass@1', () => {
    const baseShares = { columns: 0.4, places: 0.3, jump: 0.28, other: 0.02 };
    const b = ev(0, [{ pass: [0.2, 0.3], extra: { styleShares: baseShares } }, { pass: [0.25, 0.35], extra: { styleShares: baseShares } }]);
    const l = ev(200, [
      { pass: [0.8, 0.85], extra: { styleShares: { columns: 0.9, places: 0.06, jump: 0.03, other: 0.01 }, tracePassAtK: [0.78, 0.8] } },
      { pass: [0.76, 0.8], extra: { styleShares: { columns: 0.86, places: 0.1, jump: 0.03, other: 0.01 }, tracePassAtK: [0.74, 0.79] } },
    ]);
    const text = concludeStyles([run('x', [b, l], { task: 'addTrace' })]);
    // columns: 0.40 -> mean(0.90, 0.86) = 0.88, SE = |0.90 - 0.86| / 2 = 0.02; trace pass@1 mean(0.78, 0.74) = 0.76 ± 0.02.
    expect(text.startsWith('"columns" went from 0.40 to 0.88 ± 0.02 of held-out traces (3 styles above 5% at the base, 2 at step 200): the policy collapsed onto "columns"; ')).toBe(true);
    expect(text.endsWith(', with 0.76 ± 0.02 of samples right in every step.')).toBe(true);
    expect(concludeStyles([run('x', [ev(0, [{ pass: [0.2, 0.3] }]), ev(10, [{ pass: [0.3, 0.4] }])])])).toMatch(/no worked traces/);
  });

  it('entropy: from the held-out samples of the base and last evaluations', () => {
    const b = ev(0, [{ pass: [0.35, 0.6], extra: { entropy: 0.4 } }]);
    const l = ev(200, [{ pass: [0.55, 0.5], extra: { entropy: 0.1, kl: 0.31 } }]);
    expect(concludeEntropy([run('x', [b, l])])).toBe(
      'Entropy on held-out samples went from 0.40 to 0.10 nats/token (-75%) and KL to the base reached 0.310, while pass@1 went 0.35 to 0.55 and pass@2 0.60 to 0.50: pass@2 stayed within two standard errors of the base\'s.',
    );
  });

  it('random reward: mean observed reward over the steps, and no gain', () => {
    const last = ev(150, [{ pass: [0.31, 0.6] }, { pass: [0.36, 0.6] }, { pass: [0.38, 0.6] }]);
    const steps = [stepRec(1, 0.3, 0.3), stepRec(2, 0.4, 0.3)];
    expect(concludeRandom([run('x', [base3, last], { verifier: 'random', randomRate: 0.35 }, steps)])).toBe(
      "The random verifier's reward averaged 0.35 (rate 0.35) and held-out pass@1 went from 0.35 to 0.35 ± 0.02 in 150 steps (0.0pp ± 1.0pp, 3 seeds): no gain beyond two standard errors.",
    );
  });

  it('partial verifier: observed against true reward over the last 10 steps', () => {
    const steps = Array.from({ length: 12 }, (_, i) => stepRec(i + 1, i < 2 ? 0 : 0.8, i < 2 ? 0 : 0.5));
    const b = ev(0, [{ pass: [0.35, 0.6] }]);
    const l = ev(200, [{ pass: [0.4, 0.6] }]);
    expect(concludePartial([run('x', [b, l], { verifier: 'lastDigit' }, steps)])).toBe(
      'Over the last 10 steps the verifier accepted 0.80 of rollouts while 0.50 were correct (+30.0pp accepted but wrong), and held-out pass@1 went from 0.35 to 0.40 in 200 steps (+5.0pp, one seed, no standard error).',
    );
  });

  it('measured errors: the last evaluation\'s FN and FP rates', () => {
    const b = ev(0, [{ pass: [0.35, 0.6] }]);
    const l = ev(150, [{ pass: [0.3, 0.6], extra: { fpRate: 0.12, fnRate: 0 } }]);
    expect(concludeMeasuredErrors([run('x', [b, l], { verifier: 'sysFpOffByOne' })])).toBe(
      'At the last evaluation this verifier accepted 0.12 of wrong held-out answers and rejected 0.00 of correct ones, and held-out pass@1 went from 0.35 to 0.30 in 150 steps (-5.0pp, one seed, no standard error).',
    );
  });

  it('J < 0: reports the change and whether it fell', () => {
    const fell = ev(150, [{ pass: [0.2, 0.5] }, { pass: [0.22, 0.5] }, { pass: [0.25, 0.5] }]);
    expect(concludeUnteach([run('x', [base3, fell], { fnRate: 0.5, fpRate: 0.6 })])).toBe(
      'With J = -0.10 held-out pass@1 went from 0.35 to 0.22 ± 0.01 in 150 steps (-12.7pp ± 1.5pp, 3 seeds): it fell beyond two standard errors, so the inverted verifier unteaches.',
    );
    const flat = ev(150, [{ pass: [0.3, 0.5] }, { pass: [0.36, 0.5] }, { pass: [0.39, 0.5] }]);
    expect(concludeUnteach([run('x', [base3, flat], { fnRate: 0.5, fpRate: 0.6 })])).toMatch(/: it did not fall beyond two standard errors at this budget\.$/);
  });

  it('compares arms by final pass@1 with standard errors in quadrature', () => {
    const fn = run('FN 0.3', [base3, ev(100, [{ pass: [0.38, 0.6] }, { pass: [0.40, 0.6] }, { pass: [0.42, 0.6] }])]);
    const fp = run('FP 0.3', [base3, ev(100, [{ pass: [0.33, 0.6] }, { pass: [0.34, 0.6] }, { pass: [0.35, 0.6] }])]);
    const d = finalDiff(fn, fp)!;
    // se 0.011547 and 0.005774: sqrt(sum of squares) 0.012910.
    expect(d.diff).toBeCloseTo(-0.06, 10);
    expect(d.se).toBeCloseTo(0.01291, 5);
    expect(d.sign).toBe(-1);
    expect(compareArms([fn, fp], { context: 'from the weak base' })).toBe(
      'FP 0.3 ended 6.0pp ± 1.3pp below FN 0.3 from the weak base (0.34 vs 0.40 held-out pass@1 after 100 steps, 3 seeds): beyond two standard errors.',
    );
    const near = run('FP 0.3', [base3, ev(100, [{ pass: [0.36, 0.6] }, { pass: [0.40, 0.6] }, { pass: [0.43, 0.6] }])]);
    expect(compareArms([fn, near])).toBe(
      'FP 0.3 ended 0.3pp ± 2.3pp below FN 0.3 (0.40 vs 0.40 held-out pass@1 after 100 steps, 3 seeds): within two standard errors.',
    );
    expect(compareArms([fn])).toBe('A comparison needs at least two finished arms.');
  });

  it('the comparison presets put their verdict clause after the numbers', () => {
    const clean = run('clean, K=8', [base3, ev(100, [{ pass: [0.55, 0.6] }, { pass: [0.56, 0.6] }, { pass: [0.57, 0.6] }])]);
    const noisy = run('FN 0.3 + FP 0.1, K=16', [base3, ev(100, [{ pass: [0.45, 0.6] }, { pass: [0.46, 0.6] }, { pass: [0.47, 0.6] }])]);
    expect(presetById('compute-cant-buy-supervision')!.conclude([clean, noisy])).toBe(
      'FN 0.3 + FP 0.1, K=16 ended 10.0pp ± 0.8pp below clean, K=8 (0.46 vs 0.56 held-out pass@1 after 100 steps, 3 seeds): beyond two standard errors, so the extra compute did not make up for the noise.',
    );
    expect(presetById('compute-binding')!.conclude([clean, noisy])).toMatch(/below clean, K=8 with KL beta 1 \(.*\): beyond two standard errors, a gap 16 rollouts per prompt did not close\.$/);
  });

  it('every preset concludes something on a one-seed run without crashing, and says so without evaluations', () => {
    const b = ev(0, [{ pass: [0.35, 0.6] }]);
    const l = ev(10, [{ pass: [0.4, 0.62] }]);
    for (const p of PRESETS) {
      const arms = (p.arms ?? [{ label: p.name, settings: {} }]).map((a) => run(a.label, [b, l], { ...p.settings, ...a.settings }, [stepRec(1, 0.5, 0.4)]));
      const text = p.conclude(arms);
      expect(text, p.id).toMatch(/\.$/);
      expect(text, p.id).not.toMatch(/NaN|undefined/);
    }
    expect(concludePass1([run('x', [b])])).toMatch(/^The run ended without a held-out evaluation/);
  });
});
