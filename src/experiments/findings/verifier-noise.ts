// Findings about verifier noise: noise against compute (1), false negatives against false
// positives across bases (2), correcting noise (9), random against systematic errors (10)
// and why false negatives starve GRPO of signal (12).
import type { Diff } from '../stats';
import { fixed, ppSigned } from '../format';
import { all, armDiff, armMean, armMeanText, CLEAN, diffText, FN3, FP3, undecided, verdict, type Field } from './assess';
import { BINDING_BETA, FINDING_BUDGET, REGIME_BUDGET, type Finding, type FindingArm } from './finding';

const STRENGTHS = ['weak', 'mid', 'strong'] as const;
type Strength = (typeof STRENGTHS)[number];

function regimeArms(): FindingArm[] {
  const out: FindingArm[] = [];
  for (const base of STRENGTHS) {
    for (const std of [true, false]) {
      for (const [noise, label, settings] of [['clean', 'clean', CLEAN], ['fn', 'FN 0.3', FN3], ['fp', 'FP 0.3', FP3]] as const) {
        out.push({
          id: `${base}-${std ? 'std' : 'nostd'}-${noise}`,
          label: `${base} base, ${std ? 'std norm' : 'no std norm'}, ${label}`,
          settings: { ...settings, base, ...(std ? {} : { stdNorm: false }) },
        });
      }
    }
  }
  return out;
}

/** The predicted sign of (FN final pass@1 - FP final pass@1) per base with std normalisation: FP worse below 0.5 (weak, mid), FN worse above (strong). */
const FN_MINUS_FP_PREDICTED: Record<Strength, -1 | 1> = { weak: 1, mid: 1, strong: -1 };

export const VERIFIER_NOISE_FINDINGS: readonly Finding[] = [
  {
    id: 'noise-vs-compute',
    number: 1,
    title: 'Verifier noise is not a speed bump',
    guide: 'Clean against FN 0.3 at K=4 and K=16 rollouts per prompt, at the default KL beta 0.02 and at a beta that binds (1): does compute close the gap, and does the anchor make noise move the end point?',
    expectation: 'at beta 1 the clean-minus-noisy gap at K=16 exceeds two standard errors and is at least the gap at K=4 (more rollouts do not close it); at beta 0.02 the K=16 gap is smaller than at beta 1 (without a binding anchor noise mostly costs speed)',
    budget: REGIME_BUDGET,
    arms: [0.02, BINDING_BETA].flatMap((beta) => [4, 16].flatMap((K) => [
      { id: `clean-k${K}-b${beta}`, label: `clean, K=${K}, beta ${beta}`, settings: { ...CLEAN, rolloutsPerPrompt: K, klBeta: beta } },
      { id: `noisy-k${K}-b${beta}`, label: `FN 0.3, K=${K}, beta ${beta}`, settings: { ...FN3, rolloutsPerPrompt: K, klBeta: beta } },
    ])),
    assess(arms) {
      const ids = this.arms.map((x) => x.id);
      const u = undecided(ids, arms);
      if (u) return u;
      const gap = (K: number, beta: number) => armDiff(arms, `clean-k${K}-b${beta}`, `noisy-k${K}-b${beta}`, 'finalPass1');
      const g = { free4: gap(4, 0.02), free16: gap(16, 0.02), bind4: gap(4, BINDING_BETA), bind16: gap(16, BINDING_BETA) };
      const f = (id: string) => fixed(armMean(arms, id, 'finalPass1'));
      const within = (d: Diff) => (d.sign === 0 ? ' (within noise)' : '');
      const bindHolds = g.bind16.sign === 1 && g.bind16.diff >= g.bind4.diff;
      const freeSmaller = g.free16.diff < g.bind16.diff;
      return {
        sentence: `Final held-out pass@1, clean vs FN 0.3. Beta 0.02: K=4 ${f('clean-k4-b0.02')} vs ${f('noisy-k4-b0.02')} (gap ${diffText(g.free4)}${within(g.free4)}), K=16 ${f('clean-k16-b0.02')} vs ${f('noisy-k16-b0.02')} (gap ${diffText(g.free16)}${within(g.free16)}). `
          + `Beta ${BINDING_BETA}: K=4 ${f(`clean-k4-b${BINDING_BETA}`)} vs ${f(`noisy-k4-b${BINDING_BETA}`)} (gap ${diffText(g.bind4)}${within(g.bind4)}), K=16 ${f(`clean-k16-b${BINDING_BETA}`)} vs ${f(`noisy-k16-b${BINDING_BETA}`)} (gap ${diffText(g.bind16)}${within(g.bind16)}). `
          + (bindHolds ? 'With a binding anchor four times the rollouts did not close the gap.' : g.bind16.sign === 0 ? 'With a binding anchor the K=16 gap is within seed noise.' : 'With a binding anchor four times the rollouts shrank the gap.'),
        holds: g.bind16.sign === -1 ? false : bindHolds && freeSmaller ? true : g.bind16.sign === 0 ? null : false,
        metrics: {
          gapK4Beta002: g.free4.diff, gapK16Beta002: g.free16.diff, gapK4Bind: g.bind4.diff, gapK16Bind: g.bind16.diff,
          seGapK16Bind: g.bind16.se, seGapK16Beta002: g.free16.se,
          cleanK16Bind: armMean(arms, `clean-k16-b${BINDING_BETA}`, 'finalPass1'), noisyK16Bind: armMean(arms, `noisy-k16-b${BINDING_BETA}`, 'finalPass1'),
          finalKlBeta002: armMean(arms, 'clean-k16-b0.02', 'finalKl'), finalKlBind: armMean(arms, `clean-k16-b${BINDING_BETA}`, 'finalKl'),
        },
      };
    },
  },
  {
    id: 'fn-vs-fp',
    number: 2,
    title: 'False negatives hurt more than false positives',
    guide: 'Clean, FN 0.3 and FP 0.3 from a weak, the default and a strong base model, with group std normalisation on and off. Which noise ends lower, and does it depend on where per-prompt success sits relative to 0.5?',
    expectation: 'with std normalisation FP ends below FN from the weak and the mid base and FN ends below FP from the strong base (each beyond two standard errors); without std normalisation FN and FP are within noise of each other at every base',
    budget: REGIME_BUDGET,
    arms: regimeArms(),
    assess(arms) {
      const u = undecided(this.arms.map((x) => x.id), arms);
      if (u) return u;
      const parts: string[] = [];
      const verdicts: (boolean | null)[] = [];
      const metrics: Record<string, number | null> = {};
      for (const base of STRENGTHS) {
        const on = armDiff(arms, `${base}-std-fn`, `${base}-std-fp`, 'finalPass1');
        const off = armDiff(arms, `${base}-nostd-fn`, `${base}-nostd-fp`, 'finalPass1');
        const below = armMean(arms, `${base}-std-clean`, (x) => x.shareBelowHalf ?? null);
        const worse = (d: Diff) => (d.sign === 1 ? 'FP worse' : d.sign === -1 ? 'FN worse' : 'within noise');
        parts.push(`${base} base (pass@1 ${fixed(armMean(arms, `${base}-std-clean`, 'basePass1'), 2)}${below !== null ? `, ${fixed(100 * below, 0)}% of held-out problems below 0.5 at the end of clean training` : ''}): clean ${fixed(armMean(arms, `${base}-std-clean`, 'finalPass1'))}, FN ${fixed(armMean(arms, `${base}-std-fn`, 'finalPass1'))}, FP ${fixed(armMean(arms, `${base}-std-fp`, 'finalPass1'))}, FN - FP ${diffText(on)} (${worse(on)}); without std norm ${diffText(off)} (${worse(off)})`);
        verdicts.push(verdict(on, FN_MINUS_FP_PREDICTED[base]));
        // Without std normalisation the prediction is no difference: a shown difference refutes it.
        verdicts.push(off.sign === 0 ? true : false);
        metrics[`${base}FnMinusFpStd`] = on.diff;
        metrics[`${base}FnMinusFpStdSe`] = on.se;
        metrics[`${base}FnMinusFpNoStd`] = off.diff;
        metrics[`${base}FnMinusFpNoStdSe`] = off.se;
        metrics[`${base}Base`] = armMean(arms, `${base}-std-clean`, 'basePass1');
      }
      const holds = verdicts.some((v) => v === false) ? false : verdicts.every((v) => v === true) ? true : null;
      return { sentence: `${parts.join('. ')}.`, holds, metrics };
    },
  },
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
    arms: regimeArms().filter((x) => /^(weak|strong)-std-/.test(x.id)),
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
