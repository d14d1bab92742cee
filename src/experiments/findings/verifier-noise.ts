// Findings about verifier noise beyond rate or fate (findings 1 and 2 are in rate-or-fate.ts):
// correcting noise (9), random against systematic errors (10) and why false negatives starve
// GRPO of signal (12). Each assess() judges the arms present (a playground preset runs a few of
// them) and names the parts of its claim it could not judge.
import type { Diff } from '../stats';
import { fixed, pairingText, ppSigned } from '../format';
import {
  armDiff, armMean, armMeanText, capitalize, CLEAN, combine, diffText, FN3, FP3, has, noRuns, notJudged, sentences, verdict, type Field,
} from './assess';
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
      const none = noRuns(['none', 'backward', 'forward'], arms);
      if (none) return none;
      const fixes = (['backward', 'forward'] as const).filter((id) => has(arms, id));
      const p1 = (id: string) => armMean(arms, id, 'finalPass1');
      const n = p1('none'), b = p1('backward'), f = p1('forward');
      const c = has(arms, 'clean') ? p1('clean') : null;
      // The claim needs uncorrected training and at least one correction.
      const judged = n !== null && fixes.length > 0;
      const best = fixes.reduce((x, y) => (p1(y)! > p1(x)! ? y : x), fixes[0]);
      const top = judged ? p1(best)! : null;
      const arm = (id: 'backward' | 'forward') => `${id} ${armMeanText(arms, id, 'finalPass1')}${n !== null ? ` (${ppSigned(p1(id)! - n)})` : ''}`;
      const list = [...(n !== null ? [`none ${armMeanText(arms, 'none', 'finalPass1')}`] : []), ...fixes.map(arm)];
      const verdictText = !judged ? '' : top! >= n! ? `The ${best} correction recovered ${c !== null && c > n! ? `${fixed((100 * (top! - n!)) / (c - n!), 0)}% of the gap to clean` : 'ground'}.`
        : fixes.length === 2 ? 'Neither correction beat uncorrected training.' : `The ${best} correction did not beat uncorrected training.`;
      const missing = [...(n === null ? ['no correction (the reference)'] : []), ...(['backward', 'forward'] as const).filter((id) => !fixes.includes(id)).map((id) => `${id} correction`)];
      return {
        sentence: sentences(`Final held-out pass@1 at FN 0.3: ${list.join(', ')}${c !== null ? `; clean ${fixed(c)}` : ''}.`, verdictText, notJudged(missing)),
        holds: judged ? top! >= n! : null,
        metrics: { none: n, backward: b, forward: f, clean: c, backwardMinusNone: n !== null && b !== null ? b - n : null, forwardMinusNone: n !== null && f !== null ? f - n : null },
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
      const none = noRuns(ids, arms);
      if (none) return none;
      const present = ids.filter((id) => has(arms, id));
      const f = (id: string) => armMean(arms, id, 'finalPass1')!;
      // Every arm starts from the same base model and held-out set; the random-FN arm's reading is the one the full sentence names.
      const base = armMean(arms, has(arms, 'fn') ? 'fn' : present[0], 'basePass1')!;
      const part = (id: string, rate: 'fnRate' | 'fpRate') => `${id} ${fixed(f(id))} (${rate === 'fnRate' ? 'FN' : 'FP'} ${fixed(armMean(arms, id, rate), 2)})`;
      const group = (xs: readonly string[], rate: 'fnRate' | 'fpRate') => xs.filter((id) => has(arms, id)).map((id) => part(id, rate)).join(', ');
      const fnSide = group(['fn', 'sysFnLong', 'sysFn7'], 'fnRate'), fpSide = group(['fp', 'sysFpOffByOne', 'sysFpOperand'], 'fpRate');
      const fnJudged = has(arms, 'sysFnLong', 'sysFn7'), fpJudged = has(arms, 'fp', 'sysFpOffByOne', 'sysFpOperand');
      const sysFn = fnJudged ? (f('sysFnLong') + f('sysFn7')) / 2 : null;
      const sysFp = has(arms, 'sysFpOffByOne', 'sysFpOperand') ? (f('sysFpOffByOne') + f('sysFpOperand')) / 2 : null;
      const fnLearn = fnJudged ? f('sysFnLong') > base && f('sysFn7') > base : null;
      const fpBelow = fpJudged ? sysFp! < f('fp') : null;
      const verdicts = [...(fnJudged ? [`systematic FN ${fnLearn ? 'still learned' : 'did not learn'}`] : []), ...(fpJudged ? [`systematic FP averaged ${fixed(sysFp)} vs random FP ${fixed(f('fp'))} (${ppSigned(sysFp! - f('fp'))})`] : [])];
      const missing = [...(fnJudged ? [] : ['whether systematic FN still learns (both systematic FN arms)']), ...(fpJudged ? [] : ['systematic against random FP (random FP and both systematic FP arms)'])];
      const opt = (id: string) => (has(arms, id) ? f(id) : null);
      return {
        sentence: sentences(`Final held-out pass@1 from base ${fixed(base)}: ${[fnSide, fpSide].filter(Boolean).join('; ')} (effective rates measured on the final held-out samples).`,
          verdicts.length ? `${capitalize(verdicts.join('; '))}.` : '', notJudged(missing)),
        holds: combine([...(fnJudged ? [fnLearn] : []), ...(fpJudged ? [fpBelow] : [])]),
        metrics: {
          base, randomFn: opt('fn'), sysFnLong: opt('sysFnLong'), sysFn7: opt('sysFn7'), randomFp: opt('fp'), sysFpOffByOne: opt('sysFpOffByOne'), sysFpOperand: opt('sysFpOperand'),
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
      const none = noRuns(this.arms.map((x) => x.id), arms);
      if (none) return none;
      const z = (a: string, b: string) => (has(arms, a, b) ? armDiff(arms, a, b, 'fracZeroStd') : null);
      const weakFn = z('weak-std-fn', 'weak-std-clean'), weakFp = z('weak-std-fp', 'weak-std-clean'), strongFn = z('strong-std-fn', 'strong-std-clean');
      const f = (id: string, k: Field) => fixed(armMean(arms, id, k), 3);
      const side = (id: string) => `${f(id, 'fracZeroStd')} (all-rejected ${f(id, 'fracAllRejected')}, all-accepted ${f(id, 'fracAllAccepted')})`;
      // One base's clause: each arm present, with its difference from clean where the claim names one.
      const at = (base: 'weak' | 'strong', diffs: Record<string, Diff | null>) => {
        const xs = (['clean', 'fn', 'fp'] as const).filter((n) => has(arms, `${base}-std-${n}`)).map((n) => {
          const d = diffs[n];
          return `${n === 'clean' ? 'clean' : n === 'fn' ? 'FN 0.3' : 'FP 0.3'} ${side(`${base}-std-${n}`)}${d ? ` (${diffText(d)})` : ''}`;
        });
        return xs.length ? `${capitalize(base)} base: ${xs.join(', ')}. ` : '';
      };
      const parts: [Diff | null, -1 | 1, string][] = [[weakFn, 1, 'weak-base FN 0.3 against clean'], [weakFp, -1, 'weak-base FP 0.3 against clean'], [strongFn, -1, 'strong-base FN 0.3 against clean']];
      const v = parts.flatMap(([d, sign]) => (d ? [verdict(d, sign)] : []));
      const d = (x: Diff | null, k: 'diff' | 'se') => (x ? x[k] : null);
      return {
        sentence: sentences(`Mean zero-signal fraction over training${(weakFn ?? weakFp ?? strongFn) ? `, differences to clean ${pairingText((weakFn ?? weakFp ?? strongFn)!)}` : ''}. ${at('weak', { fn: weakFn, fp: weakFp })}${at('strong', { fn: strongFn })}`
          + 'Zero-signal groups alone do not measure harm: compare the plateaus in finding 2.', notJudged(parts.filter(([x]) => !x).map(([, , what]) => what))),
        holds: combine(v),
        metrics: {
          weakClean: armMean(arms, 'weak-std-clean', 'fracZeroStd'), weakFn: armMean(arms, 'weak-std-fn', 'fracZeroStd'), weakFp: armMean(arms, 'weak-std-fp', 'fracZeroStd'),
          strongClean: armMean(arms, 'strong-std-clean', 'fracZeroStd'), strongFn: armMean(arms, 'strong-std-fn', 'fracZeroStd'), strongFp: armMean(arms, 'strong-std-fp', 'fracZeroStd'),
          weakFnMinusClean: d(weakFn, 'diff'), weakFnMinusCleanSe: d(weakFn, 'se'), strongFnMinusClean: d(strongFn, 'diff'), strongFnMinusCleanSe: d(strongFn, 'se'),
        },
      };
    },
  },
];
