// The findings of shared/findings.md as data: for each, the contrasting arms (partial
// settings over a shared budget) and an assess() that states the outcome from the runs'
// numbers. Pure and typed: the Node tests, `npm run findings` and the browser findings view
// run the same arms and call the same assess().
import { assertValidSettings, DEFAULT_SETTINGS, type Settings } from '../engine/settings';
import { meanSe, stableKey, type RunSummary, type Stat } from './sweep';

export interface FindingArm {
  /** Key of the arm in assess()'s input. */
  id: string;
  label: string;
  settings: Partial<Settings>;
}

export interface Assessment {
  /** What the runs show, with their numbers (means over seeds). */
  sentence: string;
  /** Whether the runs go in the direction the finding claims; null when they cannot tell. */
  holds: boolean | null;
  /** The key numbers behind the sentence. */
  metrics: Record<string, number | null>;
}

/** Per arm id, one summary per seed. */
export type ArmSummaries = Record<string, readonly RunSummary[]>;

export interface Finding {
  /** Short stable id, e.g. `fn-vs-fp`. */
  id: string;
  /** Number in shared/findings.md. */
  number: number;
  title: string;
  /** One sentence: what to look at. */
  guide: string;
  /** The direction assess() checks, in words, fixed before any run. */
  expectation: string;
  /** Settings shared by every arm (on top of the engine defaults). */
  budget: Partial<Settings>;
  arms: FindingArm[];
  assess(arms: ArmSummaries): Assessment;
}

/**
 * The budget every finding runs at unless it says otherwise: engine defaults (B 16, K 8, lr,
 * beta, ...) for 80 steps, evaluated at the start and the end on 64 held-out (and 64 OOD)
 * problems x 8 samples. Chosen before any finding was run; small enough for CI on 2 cores.
 */
export const FINDING_BUDGET: Partial<Settings> = { steps: 80, evalEvery: 80, evalProblems: 64, evalSamples: 8 };

export const DEFAULT_FINDING_SEEDS = [1, 2, 3] as const;

// ---------------------------------------------------------------------------------------
// Helpers

const CLEAN: Partial<Settings> = {};
const FN3: Partial<Settings> = { fnRate: 0.3 };
const FP3: Partial<Settings> = { fpRate: 0.3 };

type Field = keyof RunSummary;

/** Mean and standard error over seeds of one field (or a derived value) of one arm. */
export function armStat(arms: ArmSummaries, arm: string, f: Field | ((s: RunSummary) => number | null)): Stat {
  const runs = arms[arm] ?? [];
  return meanSe(runs.map((s) => (typeof f === 'function' ? f(s) : ((s[f] ?? null) as number | null))));
}

function m(arms: ArmSummaries, arm: string, f: Field | ((s: RunSummary) => number | null)): number | null {
  return armStat(arms, arm, f).mean;
}

const gain = (s: RunSummary) => s.finalPass1 - s.basePass1;
const gainK = (s: RunSummary) => s.finalPassK - s.basePassK;

/** `0.512` -> `0.512`; null -> `n/a`. */
export function fmt(x: number | null | undefined, digits = 3): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}
/** Signed, in percentage points: 0.123 -> `+12.3pp`. */
export function pp(x: number | null | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}pp` : 'n/a';
}
function pm(arms: ArmSummaries, arm: string, f: Field | ((s: RunSummary) => number | null)): string {
  const st = armStat(arms, arm, f);
  return st.se === null ? fmt(st.mean) : `${fmt(st.mean)} ± ${fmt(st.se)}`;
}

function missing(arms: ArmSummaries, ids: readonly string[]): string | null {
  const gone = ids.filter((id) => !(arms[id]?.length));
  return gone.length ? `No runs yet for ${gone.join(', ')}.` : null;
}

function undecided(ids: readonly string[], arms: ArmSummaries): Assessment | null {
  const why = missing(arms, ids);
  return why ? { sentence: why, holds: null, metrics: {} } : null;
}

const all = (...xs: (boolean | null)[]) => (xs.some((x) => x === null) ? null : xs.every(Boolean));

/** Difference of two arms' means in one field, with its standard error (independent seeds). */
export interface Diff {
  diff: number;
  se: number | null;
  /** +1 when a - b exceeds two standard errors, -1 when b - a does, 0 within noise (or unknown SE). */
  sign: -1 | 0 | 1;
}

export function armDiff(arms: ArmSummaries, a: string, b: string, f: Field | ((s: RunSummary) => number | null)): Diff {
  const x = armStat(arms, a, f), y = armStat(arms, b, f);
  const diff = (x.mean ?? NaN) - (y.mean ?? NaN);
  const se = x.se === null || y.se === null ? null : Math.sqrt(x.se * x.se + y.se * y.se);
  const sign = se === null || !Number.isFinite(diff) ? 0 : diff > 2 * se ? 1 : diff < -2 * se ? -1 : 0;
  return { diff, se, sign };
}

/** `+3.1pp ± 1.2pp` */
function ppSe(d: Diff): string {
  return d.se === null ? pp(d.diff) : `${pp(d.diff)} ± ${(100 * d.se).toFixed(1)}pp`;
}

/** Verdict of a predicted sign against the 2-SE rule: true shown, false reversed, null within noise. */
function verdict(d: Diff, predicted: -1 | 1): boolean | null {
  return d.sign === 0 ? null : d.sign === predicted;
}

const STRENGTHS = ['weak', 'mid', 'strong'] as const;
type Strength = (typeof STRENGTHS)[number];

/**
 * Budget of the regime findings (1, 2, 12), fixed before they were run: 100 steps at the
 * engine defaults, evaluated at the start and the end on 128 held-out problems x 8 samples
 * (twice the other findings' evaluation, so evaluation noise stays under the seed spread).
 */
export const REGIME_BUDGET: Partial<Settings> = { steps: 100, evalEvery: 100, evalProblems: 128, evalSamples: 8 };

/** KL beta at which the anchor binds: at 0.02 beta x KL is about 0.002 per token against |advantage| about 0.8; at 1 the anchor's pull, beta x |log ratio| (about sqrt(2 KL), 0.45 at KL 0.1), is of the same order. regimes.md's fixed points use beta = 1 too. */
export const BINDING_BETA = 1;

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

// ---------------------------------------------------------------------------------------
// The findings

export const FINDINGS: readonly Finding[] = [
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
      const f = (id: string) => fmt(m(arms, id, 'finalPass1'));
      const within = (d: Diff) => (d.sign === 0 ? ' (within noise)' : '');
      const bindHolds = g.bind16.sign === 1 && g.bind16.diff >= g.bind4.diff;
      const freeSmaller = g.free16.diff < g.bind16.diff;
      return {
        sentence: `Final held-out pass@1, clean vs FN 0.3. Beta 0.02: K=4 ${f('clean-k4-b0.02')} vs ${f('noisy-k4-b0.02')} (gap ${ppSe(g.free4)}${within(g.free4)}), K=16 ${f('clean-k16-b0.02')} vs ${f('noisy-k16-b0.02')} (gap ${ppSe(g.free16)}${within(g.free16)}). `
          + `Beta ${BINDING_BETA}: K=4 ${f(`clean-k4-b${BINDING_BETA}`)} vs ${f(`noisy-k4-b${BINDING_BETA}`)} (gap ${ppSe(g.bind4)}${within(g.bind4)}), K=16 ${f(`clean-k16-b${BINDING_BETA}`)} vs ${f(`noisy-k16-b${BINDING_BETA}`)} (gap ${ppSe(g.bind16)}${within(g.bind16)}). `
          + (bindHolds ? 'With a binding anchor four times the rollouts did not close the gap.' : g.bind16.sign === 0 ? 'With a binding anchor the K=16 gap is within seed noise.' : 'With a binding anchor four times the rollouts shrank the gap.'),
        holds: g.bind16.sign === -1 ? false : bindHolds && freeSmaller ? true : g.bind16.sign === 0 ? null : false,
        metrics: {
          gapK4Beta002: g.free4.diff, gapK16Beta002: g.free16.diff, gapK4Bind: g.bind4.diff, gapK16Bind: g.bind16.diff,
          seGapK16Bind: g.bind16.se, seGapK16Beta002: g.free16.se,
          cleanK16Bind: m(arms, `clean-k16-b${BINDING_BETA}`, 'finalPass1'), noisyK16Bind: m(arms, `noisy-k16-b${BINDING_BETA}`, 'finalPass1'),
          finalKlBeta002: m(arms, 'clean-k16-b0.02', 'finalKl'), finalKlBind: m(arms, `clean-k16-b${BINDING_BETA}`, 'finalKl'),
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
        const below = m(arms, `${base}-std-clean`, (x) => x.shareBelowHalf ?? null);
        const worse = (d: Diff) => (d.sign === 1 ? 'FP worse' : d.sign === -1 ? 'FN worse' : 'within noise');
        parts.push(`${base} base (pass@1 ${fmt(m(arms, `${base}-std-clean`, 'basePass1'), 2)}${below !== null ? `, ${fmt(100 * below, 0)}% of held-out problems below 0.5 at the end of clean training` : ''}): clean ${fmt(m(arms, `${base}-std-clean`, 'finalPass1'))}, FN ${fmt(m(arms, `${base}-std-fn`, 'finalPass1'))}, FP ${fmt(m(arms, `${base}-std-fp`, 'finalPass1'))}, FN - FP ${ppSe(on)} (${worse(on)}); without std norm ${ppSe(off)} (${worse(off)})`);
        verdicts.push(verdict(on, FN_MINUS_FP_PREDICTED[base]));
        // Without std normalisation the prediction is no difference: a shown difference refutes it.
        verdicts.push(off.sign === 0 ? true : false);
        metrics[`${base}FnMinusFpStd`] = on.diff;
        metrics[`${base}FnMinusFpStdSe`] = on.se;
        metrics[`${base}FnMinusFpNoStd`] = off.diff;
        metrics[`${base}FnMinusFpNoStdSe`] = off.se;
        metrics[`${base}Base`] = m(arms, `${base}-std-clean`, 'basePass1');
      }
      const holds = verdicts.some((v) => v === false) ? false : verdicts.every((v) => v === true) ? true : null;
      return { sentence: `${parts.join('. ')}.`, holds, metrics };
    },
  },
  {
    id: 'compression',
    number: 3,
    title: 'Search compression, not capability',
    guide: 'Watch pass@1 and pass@k on held-out problems: pass@1 climbs, pass@k barely moves; the compression ratio says how much of the headroom pass@1 took.',
    expectation: 'pass@1 gains at least twice as much as pass@k (and gains at all)',
    budget: FINDING_BUDGET,
    arms: [{ id: 'clean', label: 'GRPO, clean verifier', settings: CLEAN }],
    assess(arms) {
      const u = undecided(['clean'], arms);
      if (u) return u;
      const k = m(arms, 'clean', 'readoutK')!;
      const b1 = m(arms, 'clean', 'basePass1')!, f1 = m(arms, 'clean', 'finalPass1')!;
      const bk = m(arms, 'clean', 'basePassK')!, fk = m(arms, 'clean', 'finalPassK')!;
      const g1 = f1 - b1, gk = fk - bk;
      const ratio = m(arms, 'clean', 'compressionRatio');
      const regime = gk > 0.02 ? 'healthy (pass@k up too)' : gk < -0.02 ? 'mode collapse (pass@k down)' : 'pure compression (pass@k flat)';
      return {
        sentence: `pass@1 ${fmt(b1)} -> ${fmt(f1)} (${pp(g1)}), pass@${k} ${fmt(bk)} -> ${fmt(fk)} (${pp(gk)}): compression ratio ${fmt(ratio, 2)}${ratio !== null && ratio > 0.7 ? ' (mostly search efficiency)' : ''}, capability gain ${pp(gk)}; ${regime}.`,
        holds: g1 > 0 && g1 >= 2 * Math.max(gk, 0),
        metrics: { k, basePass1: b1, finalPass1: f1, basePassK: bk, finalPassK: fk, pass1Gain: g1, passKGain: gk, compressionRatio: ratio },
      };
    },
  },
  {
    id: 'entropy',
    number: 4,
    title: 'Entropy collapse',
    guide: 'Watch the policy entropy fall and the KL to the base model grow while in-distribution pass@1 rises; check whether OOD (one more digit) follows.',
    expectation: 'held-out entropy ends below the base model\'s and KL to the base ends above zero',
    budget: FINDING_BUDGET,
    arms: [{ id: 'clean', label: 'GRPO, clean verifier', settings: CLEAN }],
    assess(arms) {
      const u = undecided(['clean'], arms);
      if (u) return u;
      const e0 = m(arms, 'clean', 'baseEntropy')!, e1 = m(arms, 'clean', 'finalEntropy')!;
      const kl = m(arms, 'clean', 'finalKl')!;
      const id0 = m(arms, 'clean', 'basePass1')!, id1 = m(arms, 'clean', 'finalPass1')!;
      const o0 = m(arms, 'clean', 'baseOodPass1')!, o1 = m(arms, 'clean', 'finalOodPass1')!;
      return {
        sentence: `Entropy ${fmt(e0)} -> ${fmt(e1)} nats/token (${fmt(e0 > 0 ? (100 * (e1 - e0)) / e0 : null, 0)}%), KL to base 0 -> ${fmt(kl, 4)}; in-distribution pass@1 ${fmt(id0)} -> ${fmt(id1)}, OOD pass@1 ${fmt(o0)} -> ${fmt(o1)}${o1 < o0 ? ' (fell)' : ''}.`,
        holds: e1 < e0 && kl > 0,
        metrics: { baseEntropy: e0, finalEntropy: e1, finalKl: kl, basePass1: id0, finalPass1: id1, baseOod: o0, finalOod: o1 },
      };
    },
  },
  {
    id: 'random-reward',
    number: 5,
    title: 'Spurious rewards',
    guide: 'Reward each rollout at random with the base model\'s success rate (about 0.35 on add-2) and compare with the real verifier.',
    expectation: 'random reward gains less than 3pp of held-out pass@1 over the base',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'clean', label: 'real verifier', settings: CLEAN },
      { id: 'random', label: 'random reward, rate 0.35', settings: { verifier: 'random', randomRate: 0.35 } },
    ],
    assess(arms) {
      const u = undecided(['clean', 'random'], arms);
      if (u) return u;
      const base = m(arms, 'random', 'basePass1')!;
      const gr = m(arms, 'random', gain)!, gc = m(arms, 'clean', gain)!;
      return {
        sentence: `Base pass@1 ${fmt(base)} (reward rate 0.35). Random reward: ${fmt(base)} -> ${fmt(m(arms, 'random', 'finalPass1'))} (${pp(gr)}); real verifier: ${pp(gc)}.`,
        holds: gr < 0.03,
        metrics: { basePass1: base, randomRate: 0.35, randomGain: gr, cleanGain: gc },
      };
    },
  },
  {
    id: 'partial-verifier',
    number: 6,
    title: 'Partial verifiers get exploited',
    guide: 'Train with a verifier that checks only the last digit: observed reward climbs, true accuracy lags behind.',
    expectation: 'held-out observed reward ends at least 0.1 above true pass@1 and rises more than true pass@1 does',
    budget: FINDING_BUDGET,
    arms: [{ id: 'lastDigit', label: 'last-digit verifier', settings: { verifier: 'lastDigit' } }],
    assess(arms) {
      const u = undecided(['lastDigit'], arms);
      if (u) return u;
      const o0 = m(arms, 'lastDigit', 'baseObserved')!, o1 = m(arms, 'lastDigit', 'finalObserved')!;
      const t0 = m(arms, 'lastDigit', 'basePass1')!, t1 = m(arms, 'lastDigit', 'finalPass1')!;
      const lateObs = m(arms, 'lastDigit', 'observedLate')!, lateTrue = m(arms, 'lastDigit', 'trueLate')!;
      return {
        sentence: `Held-out observed reward ${fmt(o0)} -> ${fmt(o1)} (${pp(o1 - o0)}) while true pass@1 went ${fmt(t0)} -> ${fmt(t1)} (${pp(t1 - t0)}); last 20% of training: observed ${fmt(lateObs)} vs true ${fmt(lateTrue)}.`,
        holds: o1 - t1 >= 0.1 && o1 - o0 > t1 - t0,
        metrics: { baseObserved: o0, finalObserved: o1, basePass1: t0, finalPass1: t1, observedLate: lateObs, trueLate: lateTrue, finalGap: o1 - t1 },
      };
    },
  },
  {
    id: 'grpo-vs-rft',
    number: 7,
    title: 'Verifier-based beats verifier-free',
    guide: 'Same budget: GRPO with the verifier against rejection-sampling fine-tuning (cloning the base model\'s accepted samples).',
    expectation: 'GRPO ends above RFT in held-out pass@1',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'grpo', label: 'GRPO', settings: CLEAN },
      { id: 'rft', label: 'rejection-sampling fine-tuning', settings: { algorithm: 'rft' } },
    ],
    assess(arms) {
      const u = undecided(['grpo', 'rft'], arms);
      if (u) return u;
      const g = m(arms, 'grpo', 'finalPass1')!, r = m(arms, 'rft', 'finalPass1')!;
      return {
        sentence: `Final held-out pass@1: GRPO ${pm(arms, 'grpo', 'finalPass1')} (${pp(m(arms, 'grpo', gain))}), RFT ${pm(arms, 'rft', 'finalPass1')} (${pp(m(arms, 'rft', gain))}); pass@k gain GRPO ${pp(m(arms, 'grpo', gainK))}, RFT ${pp(m(arms, 'rft', gainK))}.`,
        holds: g > r,
        metrics: { grpo: g, rft: r, grpoMinusRft: g - r },
      };
    },
  },
  {
    id: 'curation',
    number: 8,
    title: 'Curation and baselines',
    guide: 'Train only on prompts the base solves 30-70% of the time, and try a median group baseline instead of the mean.',
    expectation: 'band curation ends above training on all prompts, and the median baseline ends at least as high as the mean',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'all', label: 'all prompts, mean baseline', settings: CLEAN },
      { id: 'band', label: 'band 30-70%, mean baseline', settings: { curation: 'band', bandLow: 0.3, bandHigh: 0.7 } },
      { id: 'median', label: 'all prompts, median baseline', settings: { baseline: 'median' } },
    ],
    assess(arms) {
      const u = undecided(['all', 'band', 'median'], arms);
      if (u) return u;
      const a = m(arms, 'all', 'finalPass1')!, b = m(arms, 'band', 'finalPass1')!, md = m(arms, 'median', 'finalPass1')!;
      return {
        sentence: `Final held-out pass@1: all prompts ${fmt(a)}, band 30-70% ${fmt(b)} (${pp(b - a)}; pool ${fmt(m(arms, 'band', 'promptPool'), 0)} prompts), median baseline ${fmt(md)} (${pp(md - a)}). `
          + `Zero-signal groups: all ${fmt(m(arms, 'all', 'fracZeroStd'), 2)}, band ${fmt(m(arms, 'band', 'fracZeroStd'), 2)}.`,
        holds: b > a && md >= a,
        metrics: { all: a, band: b, median: md, bandPool: m(arms, 'band', 'promptPool'), fracZeroAll: m(arms, 'all', 'fracZeroStd'), fracZeroBand: m(arms, 'band', 'fracZeroStd') },
      };
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
      const n = m(arms, 'none', 'finalPass1')!, b = m(arms, 'backward', 'finalPass1')!, f = m(arms, 'forward', 'finalPass1')!;
      const c = arms.clean?.length ? m(arms, 'clean', 'finalPass1') : null;
      const best = b >= f ? 'backward' : 'forward';
      return {
        sentence: `Final held-out pass@1 at FN 0.3: none ${pm(arms, 'none', 'finalPass1')}, backward ${pm(arms, 'backward', 'finalPass1')} (${pp(b - n)}), forward ${pm(arms, 'forward', 'finalPass1')} (${pp(f - n)})${c !== null ? `; clean ${fmt(c)}` : ''}. `
          + (Math.max(b, f) >= n ? `The ${best} correction recovered ${c !== null && c > n ? `${fmt((100 * (Math.max(b, f) - n)) / (c - n), 0)}% of the gap to clean` : 'ground'}.` : 'Neither correction beat uncorrected training.'),
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
      const f = (id: string) => m(arms, id, 'finalPass1')!;
      const base = m(arms, 'fn', 'basePass1')!;
      const sysFn = (f('sysFnLong') + f('sysFn7')) / 2;
      const sysFp = (f('sysFpOffByOne') + f('sysFpOperand')) / 2;
      const part = (id: string, rate: 'fnRate' | 'fpRate') => `${id} ${fmt(f(id))} (${rate === 'fnRate' ? 'FN' : 'FP'} ${fmt(m(arms, id, rate), 2)})`;
      const fnLearn = f('sysFnLong') > base && f('sysFn7') > base;
      return {
        sentence: `Final held-out pass@1 from base ${fmt(base)}: ${part('fn', 'fnRate')}, ${part('sysFnLong', 'fnRate')}, ${part('sysFn7', 'fnRate')}; ${part('fp', 'fpRate')}, ${part('sysFpOffByOne', 'fpRate')}, ${part('sysFpOperand', 'fpRate')} (effective rates measured on the final held-out samples). `
          + `Systematic FN ${fnLearn ? 'still learned' : 'did not learn'}; systematic FP averaged ${fmt(sysFp)} vs random FP ${fmt(f('fp'))} (${pp(sysFp - f('fp'))}).`,
        holds: all(fnLearn, sysFp < f('fp')),
        metrics: {
          base, randomFn: f('fn'), sysFnLong: f('sysFnLong'), sysFn7: f('sysFn7'), randomFp: f('fp'), sysFpOffByOne: f('sysFpOffByOne'), sysFpOperand: f('sysFpOperand'),
          sysFnMean: sysFn, sysFpMean: sysFp,
          fnRateSysFnLong: m(arms, 'sysFnLong', 'fnRate'), fnRateSysFn7: m(arms, 'sysFn7', 'fnRate'),
          fpRateSysFpOffByOne: m(arms, 'sysFpOffByOne', 'fpRate'), fpRateSysFpOperand: m(arms, 'sysFpOperand', 'fpRate'),
        },
      };
    },
  },
  {
    id: 'iso-compute',
    number: 11,
    title: 'Where to spend sampling compute',
    guide: 'Fix the sampling budget C = B x K x steps and trade rollouts per problem K against problems per batch B, at a small and a 4x larger budget.',
    expectation: 'the best K at the larger budget is larger than the best K at the small budget',
    // 60 steps at both budgets: C = 60 x 32 and 60 x 128; K x B is held at 32 and 128.
    budget: { ...FINDING_BUDGET, steps: 60, evalEvery: 60 },
    arms: [
      ...[2, 4, 8, 16].map((K) => ({ id: `small-k${K}`, label: `C=1920: K=${K}, B=${32 / K}`, settings: { rolloutsPerPrompt: K, promptsPerStep: 32 / K } })),
      ...[2, 4, 8, 16].map((K) => ({ id: `large-k${K}`, label: `C=7680: K=${K}, B=${128 / K}`, settings: { rolloutsPerPrompt: K, promptsPerStep: 128 / K } })),
    ],
    assess(arms) {
      const ks = [2, 4, 8, 16];
      const u = undecided(ks.flatMap((K) => [`small-k${K}`, `large-k${K}`]), arms);
      if (u) return u;
      const line = (b: string) => ks.map((K) => m(arms, `${b}-k${K}`, 'finalPass1')!);
      const small = line('small'), large = line('large');
      const best = (xs: number[]) => ks[xs.indexOf(Math.max(...xs))];
      const bs = best(small), bl = best(large);
      const show = (b: string, xs: number[]) => xs.map((x, i) => `K=${ks[i]} ${fmt(x)}`).join(', ');
      return {
        sentence: `Final held-out pass@1 along C=1920: ${show('small', small)} (best K=${bs}); along C=7680: ${show('large', large)} (best K=${bl}). `
          + (bl > bs ? 'The best K grew with the budget.' : bl === bs ? 'The best K did not move with the budget.' : 'The best K shrank with the budget.'),
        holds: bl > bs ? true : bl < bs ? false : null,
        metrics: { bestKSmall: bs, bestKLarge: bl, ...Object.fromEntries(ks.flatMap((K, i) => [[`smallK${K}`, small[i]], [`largeK${K}`, large[i]]])) },
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
      const f = (id: string, k: Field) => fmt(m(arms, id, k), 3);
      const side = (id: string) => `${f(id, 'fracZeroStd')} (all-rejected ${f(id, 'fracAllRejected')}, all-accepted ${f(id, 'fracAllAccepted')})`;
      const v = [verdict(weakFn, 1), verdict(weakFp, -1), verdict(strongFn, -1)];
      return {
        sentence: `Mean zero-signal fraction over training. Weak base: clean ${side('weak-std-clean')}, FN 0.3 ${side('weak-std-fn')} (${ppSe(weakFn)}), FP 0.3 ${side('weak-std-fp')} (${ppSe(weakFp)}). `
          + `Strong base: clean ${side('strong-std-clean')}, FN 0.3 ${side('strong-std-fn')} (${ppSe(strongFn)}), FP 0.3 ${side('strong-std-fp')}. `
          + 'Zero-signal groups alone do not measure harm: compare the final pass@1 in finding 2.',
        holds: v.some((x) => x === false) ? false : v.every((x) => x === true) ? true : null,
        metrics: {
          weakClean: m(arms, 'weak-std-clean', 'fracZeroStd'), weakFn: m(arms, 'weak-std-fn', 'fracZeroStd'), weakFp: m(arms, 'weak-std-fp', 'fracZeroStd'),
          strongClean: m(arms, 'strong-std-clean', 'fracZeroStd'), strongFn: m(arms, 'strong-std-fn', 'fracZeroStd'), strongFp: m(arms, 'strong-std-fp', 'fracZeroStd'),
          weakFnMinusClean: weakFn.diff, weakFnMinusCleanSe: weakFn.se, strongFnMinusClean: strongFn.diff, strongFnMinusCleanSe: strongFn.se,
        },
      };
    },
  },
  {
    id: 'grpo-vs-sft-trace',
    number: 13,
    title: 'Verifier-based beats verifier-free on worked traces',
    guide: 'Addition with worked steps, where a problem has three genuinely different correct traces: GRPO with the verifier (final answer) against rejection-sampling fine-tuning and against supervised fine-tuning on the dataset\'s reference traces of every style, at the same B x K and steps (trained tokens reported).',
    // Written before the first run (issue 13): finding 7 cannot show this on bare answers, where
    // each problem has one correct string and cloning it is as good as rewarding it.
    expectation: 'verifier-based ahead when correct traces are heterogeneous (arXiv 2502.12118): GRPO ends above both SFT on reference traces and RFT in held-out pass@1 of the final answer, each beyond two standard errors',
    budget: { ...FINDING_BUDGET, task: 'addTrace' },
    arms: [
      { id: 'grpo', label: 'GRPO (verifier as reward)', settings: CLEAN },
      { id: 'rft', label: 'rejection-sampling fine-tuning', settings: { algorithm: 'rft' } },
      { id: 'sft', label: 'SFT on reference traces of every style (no verifier)', settings: { algorithm: 'sft' } },
    ],
    assess(arms) {
      const u = undecided(['grpo', 'rft', 'sft'], arms);
      if (u) return u;
      const vsSft = armDiff(arms, 'grpo', 'sft', 'finalPass1');
      const vsRft = armDiff(arms, 'grpo', 'rft', 'finalPass1');
      const tok = (id: string) => m(arms, id, 'trainedTokens');
      const g = tok('grpo');
      const ratio = (id: string) => (g && tok(id) !== null ? fmt(tok(id)! / g, 2) : 'n/a');
      const arm = (id: string, name: string) => `${name} ${pm(arms, id, 'finalPass1')} (trace ${fmt(m(arms, id, 'finalTracePass1'))}, OOD ${fmt(m(arms, id, 'finalOodPass1'))}, top style ${fmt(m(arms, id, 'finalTopStyleShare'), 2)})`;
      const v = [verdict(vsSft, 1), verdict(vsRft, 1)];
      return {
        sentence: `Final held-out pass@1 (final answer): ${arm('grpo', 'GRPO')}, ${arm('sft', 'SFT')}, ${arm('rft', 'RFT')}; base ${fmt(m(arms, 'grpo', 'basePass1'))} (trace ${fmt(m(arms, 'grpo', 'baseTracePass1'))}). `
          + `GRPO - SFT ${ppSe(vsSft)}, GRPO - RFT ${ppSe(vsRft)}. Trained tokens relative to GRPO: SFT ${ratio('sft')}, RFT ${ratio('rft')}.`,
        holds: v.some((x) => x === false) ? false : v.every((x) => x === true) ? true : null,
        metrics: {
          grpo: m(arms, 'grpo', 'finalPass1'), sft: m(arms, 'sft', 'finalPass1'), rft: m(arms, 'rft', 'finalPass1'),
          grpoTrace: m(arms, 'grpo', 'finalTracePass1'), sftTrace: m(arms, 'sft', 'finalTracePass1'), rftTrace: m(arms, 'rft', 'finalTracePass1'),
          grpoMinusSft: vsSft.diff, grpoMinusSftSe: vsSft.se, grpoMinusRft: vsRft.diff, grpoMinusRftSe: vsRft.se,
          grpoTokens: g, sftTokens: tok('sft'), rftTokens: tok('rft'),
        },
      };
    },
  },
];

export function findingById(id: string | number): Finding | undefined {
  return FINDINGS.find((f) => f.id === id || f.number === id);
}

/**
 * The full settings of one arm at one seed: defaults, then the finding's budget, then a
 * caller's budget override (the page lets users shrink the budget), then the arm.
 */
export function armSettings(finding: Finding, arm: FindingArm, seed: number, base: Settings = DEFAULT_SETTINGS, budget: Partial<Settings> = {}): Settings {
  // One seed per run: the pool runs an arm's consecutive seeds together (groupSeeds).
  return assertValidSettings({ ...base, ...finding.budget, ...budget, ...arm.settings, seed, seeds: 1 });
}

export interface FindingRun {
  finding: string;
  arm: string;
  seed: number;
  settings: Settings;
  /** Canonical key of the settings: arms with equal settings share one run. */
  key: string;
}

export function findingRuns(finding: Finding, seeds: readonly number[] = DEFAULT_FINDING_SEEDS, base: Settings = DEFAULT_SETTINGS, budget: Partial<Settings> = {}): FindingRun[] {
  return finding.arms.flatMap((arm) => seeds.map((seed) => {
    const settings = armSettings(finding, arm, seed, base, budget);
    return { finding: finding.id, arm: arm.id, seed, settings, key: stableKey(settings) };
  }));
}

/** Distinct settings needed by several findings (shared arms run once). */
export function uniqueRuns(findings: readonly Finding[], seeds: readonly number[] = DEFAULT_FINDING_SEEDS, base: Settings = DEFAULT_SETTINGS): Map<string, Settings> {
  const out = new Map<string, Settings>();
  for (const f of findings) for (const r of findingRuns(f, seeds, base)) if (!out.has(r.key)) out.set(r.key, r.settings);
  return out;
}

/** Group run summaries (looked up by settings key) into assess()'s input. */
export function armSummaries(
  finding: Finding, lookup: (key: string) => RunSummary | undefined, seeds: readonly number[] = DEFAULT_FINDING_SEEDS,
  base: Settings = DEFAULT_SETTINGS, budget: Partial<Settings> = {},
): ArmSummaries {
  const out: Record<string, RunSummary[]> = {};
  for (const r of findingRuns(finding, seeds, base, budget)) {
    const s = lookup(r.key);
    if (s) (out[r.arm] ??= []).push(s);
  }
  return out;
}
