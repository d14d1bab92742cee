// Findings about verifier noise: noise against compute (1), false negatives against false
// positives across bases (2), correcting noise (9), random against systematic errors (10)
// and why false negatives starve GRPO of signal (12). Each assess() judges the arms present
// (a playground preset runs a few of them) and names the parts of its claim it could not judge.
import type { Diff } from '../stats';
import { fixed, ppSigned, sePp } from '../format';
import {
  armChange, armDiff, armMean, armMeanText, capitalize, CLEAN, combine, diffText, FN3, FP3, has, noRuns, notJudged, sentences, verdict, type Field,
} from './assess';
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
    guide: 'Clean against FN 0.3 at K=4 and K=16 rollouts per prompt, at the default KL beta 0.02 and at a beta that binds (1): does compute close the gap, and does the anchor make noise move the end point? Beside them, clean at K=8 against FN 0.3 + FP 0.1 at K=16: can twice the rollouts buy the supervision back?',
    expectation: 'at beta 1 the clean-minus-noisy gap at K=16 exceeds two standard errors and is at least the gap at K=4 (more rollouts do not close it); at beta 0.02 the K=16 gap is smaller than at beta 1 (without a binding anchor noise mostly costs speed)',
    budget: REGIME_BUDGET,
    arms: [
      ...[0.02, BINDING_BETA].flatMap((beta) => [4, 16].flatMap((K) => [
        { id: `clean-k${K}-b${beta}`, label: `clean, K=${K}, beta ${beta}`, settings: { ...CLEAN, rolloutsPerPrompt: K, klBeta: beta } },
        { id: `noisy-k${K}-b${beta}`, label: `FN 0.3, K=${K}, beta ${beta}`, settings: { ...FN3, rolloutsPerPrompt: K, klBeta: beta } },
      ])),
      // Not in the claim (the "Compute can't buy supervision" preset): at this budget the clean
      // K=8 arm is the default settings, one run shared with finding 2's mid-base clean arm.
      { id: 'clean-k8-b0.02', label: 'clean, K=8, beta 0.02', settings: { ...CLEAN, rolloutsPerPrompt: 8, klBeta: 0.02 } },
      { id: 'fnfp-k16-b0.02', label: 'FN 0.3 + FP 0.1, K=16, beta 0.02', settings: { fnRate: 0.3, fpRate: 0.1, rolloutsPerPrompt: 16, klBeta: 0.02 } },
    ],
    assess(arms) {
      const none = noRuns(this.arms.map((x) => x.id), arms);
      if (none) return none;
      const clean = (K: number, beta: number) => `clean-k${K}-b${beta}`, noisy = (K: number, beta: number) => `noisy-k${K}-b${beta}`;
      const gap = (K: number, beta: number) => (has(arms, clean(K, beta), noisy(K, beta)) ? armDiff(arms, clean(K, beta), noisy(K, beta), 'finalPass1') : null);
      const g = { free4: gap(4, 0.02), free16: gap(16, 0.02), bind4: gap(4, BINDING_BETA), bind16: gap(16, BINDING_BETA) };
      const f = (id: string) => fixed(armMean(arms, id, 'finalPass1'));
      const within = (d: Diff) => (d.sign === 0 ? ' (within noise)' : '');
      const pair = (K: number, beta: number, d: Diff | null) => (d ? [`K=${K} ${f(clean(K, beta))} vs ${f(noisy(K, beta))} (gap ${diffText(d)}${within(d)})`] : []);
      const atBeta = (beta: number, d4: Diff | null, d16: Diff | null) => {
        const xs = [...pair(4, beta, d4), ...pair(16, beta, d16)];
        return xs.length ? `Beta ${beta}: ${xs.join(', ')}. ` : '';
      };
      const body = atBeta(0.02, g.free4, g.free16) + atBeta(BINDING_BETA, g.bind4, g.bind16);
      const b16 = g.bind16;
      // The claim in parts: the binding K=16 gap beyond two SE, then (where their arms ran) at least the K=4 gap and above the free K=16 gap.
      const bindHolds = !!b16 && b16.sign === 1 && (!g.bind4 || b16.diff >= g.bind4.diff);
      const freeSmaller = !b16 || !g.free16 || g.free16.diff < b16.diff;
      const tail = !b16 ? '' : b16.sign === 0 ? 'With a binding anchor the K=16 gap is within seed noise.'
        : !g.bind4 ? (b16.sign === 1 ? 'With a binding anchor the K=16 gap stays beyond two standard errors.' : 'With a binding anchor FN 0.3 ended above clean at K=16.')
          : bindHolds ? 'With a binding anchor four times the rollouts did not close the gap.' : 'With a binding anchor four times the rollouts shrank the gap.';
      const cheap = has(arms, 'clean-k8-b0.02', 'fnfp-k16-b0.02') ? armDiff(arms, 'clean-k8-b0.02', 'fnfp-k16-b0.02', 'finalPass1') : null;
      const extra = !cheap ? '' : `Twice the rollouts against FN 0.3 + FP 0.1 (beta 0.02): clean K=8 ${f('clean-k8-b0.02')} vs noisy K=16 ${f('fnfp-k16-b0.02')} (gap ${diffText(cheap)}): `
        + (cheap.sign === 1 ? 'the clean arm ended higher on half the rollouts, so compute did not buy the supervision back.'
          : cheap.sign === -1 ? 'the noisy arm ended higher, so here twice the rollouts more than made up for the noise.' : 'within noise.');
      const gone = ([[4, 0.02, g.free4], [16, 0.02, g.free16], [4, BINDING_BETA, g.bind4], [16, BINDING_BETA, g.bind16]] as const).filter(([, , x]) => !x);
      const missing = gone.length === 4 ? [`the claim's pairs, clean against FN 0.3 at K=4 and K=16, beta 0.02 and ${BINDING_BETA}`] : gone.map(([K, beta]) => `clean against FN 0.3 at K=${K}, beta ${beta}`);
      const d = (x: Diff | null) => (x ? x.diff : null);
      return {
        sentence: sentences(body ? `Final held-out pass@1, clean vs FN 0.3. ${body}${tail}`.trim() : '', extra, notJudged(missing)),
        holds: !b16 || b16.sign === 0 ? null : b16.sign === -1 ? false : bindHolds && freeSmaller,
        metrics: {
          gapK4Beta002: d(g.free4), gapK16Beta002: d(g.free16), gapK4Bind: d(g.bind4), gapK16Bind: d(b16),
          seGapK16Bind: b16?.se ?? null, seGapK16Beta002: g.free16?.se ?? null,
          cleanK16Bind: armMean(arms, `clean-k16-b${BINDING_BETA}`, 'finalPass1'), noisyK16Bind: armMean(arms, `noisy-k16-b${BINDING_BETA}`, 'finalPass1'),
          finalKlBeta002: armMean(arms, 'clean-k16-b0.02', 'finalKl'), finalKlBind: armMean(arms, `clean-k16-b${BINDING_BETA}`, 'finalKl'),
          gapCleanK8FnFpK16: d(cheap), seGapCleanK8FnFpK16: cheap?.se ?? null,
        },
      };
    },
  },
  {
    id: 'fn-vs-fp',
    number: 2,
    title: 'False negatives hurt more than false positives',
    guide: 'Clean, FN 0.3 and FP 0.3 from a weak, the default and a strong base model, with group std normalisation on and off. Which noise ends lower, and does it depend on where per-prompt success sits relative to 0.5? Beside them, FN 0.5 + FP 0.6 from the default base, a verifier with J < 0.',
    expectation: 'with std normalisation FP ends below FN from the weak and the mid base and FN ends below FP from the strong base (each beyond two standard errors); without std normalisation FN and FP are within noise of each other at every base',
    budget: REGIME_BUDGET,
    arms: [
      ...regimeArms(),
      // Not in the claim (the "J < 0" preset): Youden's J = 1 - FN - FP = -0.1.
      { id: 'mid-std-jneg', label: 'mid base, std norm, FN 0.5 + FP 0.6 (J = -0.1)', settings: { fnRate: 0.5, fpRate: 0.6, base: 'mid' } },
    ],
    assess(arms) {
      const none = noRuns(this.arms.map((x) => x.id), arms);
      if (none) return none;
      const parts: string[] = [];
      const verdicts: (boolean | null)[] = [];
      const missing: string[] = [];
      const metrics: Record<string, number | null> = {};
      const worse = (d: Diff) => (d.sign === 1 ? 'FP worse' : d.sign === -1 ? 'FN worse' : 'within noise');
      const pair = (base: Strength, std: 'std' | 'nostd') => (has(arms, `${base}-${std}-fn`, `${base}-${std}-fp`) ? armDiff(arms, `${base}-${std}-fn`, `${base}-${std}-fp`, 'finalPass1') : null);
      for (const base of STRENGTHS) {
        const on = pair(base, 'std'), off = pair(base, 'nostd');
        const clean = `${base}-std-clean`;
        const hasClean = has(arms, clean);
        if (!on && !off) missing.push(`${base} base`);
        else if (!on) missing.push(`${base} base with std norm`);
        else if (!off) missing.push(`${base} base without std norm`);
        if (on) {
          const below = armMean(arms, clean, (x) => x.shareBelowHalf ?? null);
          parts.push(`${base} base (pass@1 ${fixed(armMean(arms, hasClean ? clean : `${base}-std-fn`, 'basePass1'), 2)}${below !== null ? `, ${fixed(100 * below, 0)}% of held-out problems below 0.5 at the end of clean training` : ''}): `
            + `${hasClean ? `clean ${fixed(armMean(arms, clean, 'finalPass1'))}, ` : ''}FN ${fixed(armMean(arms, `${base}-std-fn`, 'finalPass1'))}, FP ${fixed(armMean(arms, `${base}-std-fp`, 'finalPass1'))}, FN - FP ${diffText(on)} (${worse(on)})`
            + (off ? `; without std norm ${diffText(off)} (${worse(off)})` : ''));
          verdicts.push(verdict(on, FN_MINUS_FP_PREDICTED[base]));
        } else if (off) {
          parts.push(`${base} base without std norm: FN - FP ${diffText(off)} (${worse(off)})`);
        }
        // Without std normalisation the prediction is no difference: a shown difference refutes it.
        if (off) verdicts.push(off.sign === 0 ? true : false);
        metrics[`${base}FnMinusFpStd`] = on ? on.diff : null;
        metrics[`${base}FnMinusFpStdSe`] = on ? on.se : null;
        metrics[`${base}FnMinusFpNoStd`] = off ? off.diff : null;
        metrics[`${base}FnMinusFpNoStdSe`] = off ? off.se : null;
        metrics[`${base}Base`] = armMean(arms, clean, 'basePass1');
      }
      const j = has(arms, 'mid-std-jneg') ? armChange(arms, 'mid-std-jneg', 'basePass1', 'finalPass1') : null;
      metrics.jNegativeChange = j ? j.mean : null;
      metrics.jNegativeChangeSe = j ? j.se : null;
      const jText = !j ? '' : `FN 0.5 + FP 0.6 (J = -0.1) from the mid base: held-out pass@1 ${fixed(armMean(arms, 'mid-std-jneg', 'basePass1'))} -> ${fixed(armMean(arms, 'mid-std-jneg', 'finalPass1'))} (${ppSigned(j.mean)}${sePp(j.se)}), `
        + (j.sign === -1 ? 'a fall beyond two standard errors: the inverted verifier unteaches.' : j.sign === 1 ? 'a rise beyond two standard errors: at this budget it did not unteach.' : 'within two standard errors of no change.');
      return { sentence: sentences(parts.length ? `${parts.join('. ')}.` : '', jText, notJudged(missing)), holds: combine(verdicts), metrics };
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
    arms: regimeArms().filter((x) => /^(weak|strong)-std-/.test(x.id)),
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
        sentence: sentences(`Mean zero-signal fraction over training. ${at('weak', { fn: weakFn, fp: weakFp })}${at('strong', { fn: strongFn })}`
          + 'Zero-signal groups alone do not measure harm: compare the final pass@1 in finding 2.', notJudged(parts.filter(([x]) => !x).map(([, , what]) => what))),
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
