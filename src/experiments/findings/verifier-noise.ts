// Findings about verifier noise beyond rate or fate (findings 1 and 2 are in rate-or-fate.ts):
// correcting noise (9), random against systematic errors (10) and why false negatives starve
// GRPO of signal (12).
import { fixed, ppSigned } from '../format';
import { all, armDiff, armMean, armMeanText, CLEAN, diffText, FN3, FP3, undecided, verdict, type Field } from './assess';
import { FINDING_BUDGET, REGIME_BUDGET, type Finding, type FindingArm } from './finding';

/** Finding 12's arms: clean, FN 0.3 and FP 0.3 from the weak and the strong base (group std normalisation on, the default). */
function zeroSignalArms(): FindingArm[] {
  return (['weak', 'strong'] as const).flatMap((base) => ([['clean', 'clean', CLEAN], ['fn', 'FN 0.3', FN3], ['fp', 'FP 0.3', FP3]] as const).map(([noise, label, settings]) => ({
    id: `${base}-std-${noise}`,
    label: `${base} base, std norm, ${label}`,
    settings: { ...settings, base },
  })));
}

export const VERIFIER_NOISE_FINDINGS: readonly Finding[] = [
  {
    id: 'corrections',
    number: 9,
    title: 'Noise can be corrected, partly',
    guide: 'At FN 0.3, compare no correction, backward correction and forward correction, each assuming the true rates.',
    expectation: 'backward or forward correction ends at least as high as uncorrected training in held-out pass@1',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'none', label: 'FN 0.3, no correction', settings: FN3 },
      { id: 'backward', label: 'FN 0.3, backward', settings: { ...FN3, correction: 'backward', assumedFn: 0.3, assumedFp: 0 } },
      { id: 'forward', label: 'FN 0.3, forward', settings: { ...FN3, correction: 'forward', assumedFn: 0.3, assumedFp: 0 } },
      { id: 'clean', label: 'clean (reference)', settings: CLEAN },
    ],
    assess(arms) {
      const u = undecided(['none', 'backward', 'forward'], arms);
      if (u) return u;
      const n = armMean(arms, 'none', 'finalPass1')!, b = armMean(arms, 'backward', 'finalPass1')!, f = armMean(arms, 'forward', 'finalPass1')!;
      const c = arms.clean?.length ? armMean(arms, 'clean', 'finalPass1') : null;
      const best = b >= f ? 'backward' : 'forward';
      return {
        sentence: `Final held-out pass@1 at FN 0.3: none ${armMeanText(arms, 'none', 'finalPass1')}, backward ${armMeanText(arms, 'backward', 'finalPass1')} (${ppSigned(b - n)}), forward ${armMeanText(arms, 'forward', 'finalPass1')} (${ppSigned(f - n)})${c !== null ? `; clean ${fixed(c)}` : ''}. `
          + (Math.max(b, f) >= n ? `The ${best} correction recovered ${c !== null && c > n ? `${fixed((100 * (Math.max(b, f) - n)) / (c - n), 0)}% of the gap to clean` : 'ground'}.` : 'Neither correction beat uncorrected training.'),
        holds: Math.max(b, f) >= n,
        metrics: { none: n, backward: b, forward: f, clean: c, backwardMinusNone: b - n, forwardMinusNone: f - n },
      };
    },
  },
  {
    id: 'systematic',
    number: 10,
    title: 'Random vs systematic errors',
    guide: 'Compare random FN/FP noise with verifiers that are wrong in a pattern; the effective FN and FP rates are measured on held-out samples.',
    expectation: 'systematic-FN runs still learn (end above the base), and systematic-FP runs end below the random-FP run on average',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'fn', label: 'random FN 0.3', settings: FN3 },
      { id: 'sysFnLong', label: 'systematic FN: 3+ digits', settings: { verifier: 'sysFnLong' } },
      { id: 'sysFn7', label: 'systematic FN: contains 7', settings: { verifier: 'sysFn7' } },
      { id: 'fp', label: 'random FP 0.3', settings: FP3 },
      { id: 'sysFpOffByOne', label: 'systematic FP: last digit off by one', settings: { verifier: 'sysFpOffByOne' } },
      { id: 'sysFpOperand', label: 'systematic FP: equals an operand', settings: { verifier: 'sysFpOperand' } },
    ],
    assess(arms) {
      const ids = ['fn', 'sysFnLong', 'sysFn7', 'fp', 'sysFpOffByOne', 'sysFpOperand'];
      const u = undecided(ids, arms);
      if (u) return u;
      const f = (id: string) => armMean(arms, id, 'finalPass1')!;
      const base = armMean(arms, 'fn', 'basePass1')!;
      const sysFn = (f('sysFnLong') + f('sysFn7')) / 2;
      const sysFp = (f('sysFpOffByOne') + f('sysFpOperand')) / 2;
      const part = (id: string, rate: 'fnRate' | 'fpRate') => `${id} ${fixed(f(id))} (${rate === 'fnRate' ? 'FN' : 'FP'} ${fixed(armMean(arms, id, rate), 2)})`;
      const fnLearn = f('sysFnLong') > base && f('sysFn7') > base;
      return {
        sentence: `Final held-out pass@1 from base ${fixed(base)}: ${part('fn', 'fnRate')}, ${part('sysFnLong', 'fnRate')}, ${part('sysFn7', 'fnRate')}; ${part('fp', 'fpRate')}, ${part('sysFpOffByOne', 'fpRate')}, ${part('sysFpOperand', 'fpRate')} (effective rates measured on the final held-out samples). `
          + `Systematic FN ${fnLearn ? 'still learned' : 'did not learn'}; systematic FP averaged ${fixed(sysFp)} vs random FP ${fixed(f('fp'))} (${ppSigned(sysFp - f('fp'))}).`,
        holds: all(fnLearn, sysFp < f('fp')),
        metrics: {
          base, randomFn: f('fn'), sysFnLong: f('sysFnLong'), sysFn7: f('sysFn7'), randomFp: f('fp'), sysFpOffByOne: f('sysFpOffByOne'), sysFpOperand: f('sysFpOperand'),
          sysFnMean: sysFn, sysFpMean: sysFp,
          fnRateSysFnLong: armMean(arms, 'sysFnLong', 'fnRate'), fnRateSysFn7: armMean(arms, 'sysFn7', 'fnRate'),
          fpRateSysFpOffByOne: armMean(arms, 'sysFpOffByOne', 'fpRate'), fpRateSysFpOperand: armMean(arms, 'sysFpOperand', 'fpRate'),
        },
      };
    },
  },
  {
    id: 'zero-signal',
    number: 12,
    title: 'Why false negatives starve GRPO',
    guide: 'Track the fraction of groups whose observed rewards are all equal (no gradient), split into all-rejected and all-accepted, under FN 0.3, FP 0.3 and clean, from the weak and the strong base.',
    expectation: 'from the weak base FN 0.3 raises the zero-signal fraction above clean (it empties groups with a few correct answers) while FP 0.3 lowers it; from the strong base FN 0.3 lowers it (it breaks all-correct groups); each beyond two standard errors',
    budget: REGIME_BUDGET,
    arms: zeroSignalArms(),
    assess(arms) {
      const u = undecided(this.arms.map((x) => x.id), arms);
      if (u) return u;
      const z = (a: string, b: string) => armDiff(arms, a, b, 'fracZeroStd');
      const weakFn = z('weak-std-fn', 'weak-std-clean'), weakFp = z('weak-std-fp', 'weak-std-clean'), strongFn = z('strong-std-fn', 'strong-std-clean');
      const f = (id: string, k: Field) => fixed(armMean(arms, id, k), 3);
      const side = (id: string) => `${f(id, 'fracZeroStd')} (all-rejected ${f(id, 'fracAllRejected')}, all-accepted ${f(id, 'fracAllAccepted')})`;
      const v = [verdict(weakFn, 1), verdict(weakFp, -1), verdict(strongFn, -1)];
      return {
        sentence: `Mean zero-signal fraction over training. Weak base: clean ${side('weak-std-clean')}, FN 0.3 ${side('weak-std-fn')} (${diffText(weakFn)}), FP 0.3 ${side('weak-std-fp')} (${diffText(weakFp)}). `
          + `Strong base: clean ${side('strong-std-clean')}, FN 0.3 ${side('strong-std-fn')} (${diffText(strongFn)}), FP 0.3 ${side('strong-std-fp')}. `
          + 'Zero-signal groups alone do not measure harm: compare the final pass@1 in finding 2.',
        holds: v.some((x) => x === false) ? false : v.every((x) => x === true) ? true : null,
        metrics: {
          weakClean: armMean(arms, 'weak-std-clean', 'fracZeroStd'), weakFn: armMean(arms, 'weak-std-fn', 'fracZeroStd'), weakFp: armMean(arms, 'weak-std-fp', 'fracZeroStd'),
          strongClean: armMean(arms, 'strong-std-clean', 'fracZeroStd'), strongFn: armMean(arms, 'strong-std-fn', 'fracZeroStd'), strongFp: armMean(arms, 'strong-std-fp', 'fracZeroStd'),
          weakFnMinusClean: weakFn.diff, weakFnMinusCleanSe: weakFn.se, strongFnMinusClean: strongFn.diff, strongFnMinusCleanSe: strongFn.se,
        },
      };
    },
  },
];
