// The findings of shared/findings.md as data: for each, the contrasting arms (partial
// settings over a shared budget) and an assess() that states the outcome from the runs'
// numbers. Pure and typed: the Node tests, `npm run findings` and the browser findings view
// run the same arms and call the same assess().
import { assertValidSettings, DEFAULT_SETTINGS, type Settings } from './settings';
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

// ---------------------------------------------------------------------------------------
// The findings

export const FINDINGS: readonly Finding[] = [
  {
    id: 'noise-vs-compute',
    number: 1,
    title: 'Verifier noise is not a speed bump',
    guide: 'Compare noisy (FN 0.3) against clean training at K=4 and K=16 rollouts per prompt: does the gap shrink as compute grows?',
    expectation: 'noisy ends below clean at both K, and the gap at K=16 is at least half the gap at K=4',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'clean-k4', label: 'clean, K=4', settings: { ...CLEAN, rolloutsPerPrompt: 4 } },
      { id: 'noisy-k4', label: 'FN 0.3, K=4', settings: { ...FN3, rolloutsPerPrompt: 4 } },
      { id: 'clean-k16', label: 'clean, K=16', settings: { ...CLEAN, rolloutsPerPrompt: 16 } },
      { id: 'noisy-k16', label: 'FN 0.3, K=16', settings: { ...FN3, rolloutsPerPrompt: 16 } },
    ],
    assess(arms) {
      const u = undecided(['clean-k4', 'noisy-k4', 'clean-k16', 'noisy-k16'], arms);
      if (u) return u;
      const c4 = m(arms, 'clean-k4', 'finalPass1')!, n4 = m(arms, 'noisy-k4', 'finalPass1')!;
      const c16 = m(arms, 'clean-k16', 'finalPass1')!, n16 = m(arms, 'noisy-k16', 'finalPass1')!;
      const gap4 = c4 - n4, gap16 = c16 - n16;
      const holds = gap4 > 0 && gap16 > 0 && gap16 >= gap4 / 2;
      return {
        sentence: `Final held-out pass@1, clean vs FN 0.3: K=4 ${fmt(c4)} vs ${fmt(n4)} (gap ${pp(gap4)}), K=16 ${fmt(c16)} vs ${fmt(n16)} (gap ${pp(gap16)}). `
          + (gap4 <= 0 || gap16 <= 0 ? 'Noisy training did not end below clean at every K.'
            : gap16 >= gap4 / 2 ? `Four times the rollouts ${gap16 >= gap4 ? 'did not shrink' : 'shrank but did not close'} the gap.` : 'Four times the rollouts closed most of the gap.'),
        holds,
        metrics: { cleanK4: c4, noisyK4: n4, cleanK16: c16, noisyK16: n16, gapK4: gap4, gapK16: gap16 },
      };
    },
  },
  {
    id: 'fn-vs-fp',
    number: 2,
    title: 'False negatives hurt more than false positives',
    guide: 'Same seed and budget: clean, FN 0.3 and FP 0.3. Which noisy run ends lower in held-out pass@1?',
    expectation: 'FN 0.3 ends below FP 0.3 in final held-out pass@1',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'clean', label: 'clean', settings: CLEAN },
      { id: 'fn', label: 'FN 0.3', settings: FN3 },
      { id: 'fp', label: 'FP 0.3', settings: FP3 },
    ],
    assess(arms) {
      const u = undecided(['clean', 'fn', 'fp'], arms);
      if (u) return u;
      const c = m(arms, 'clean', 'finalPass1')!, fn = m(arms, 'fn', 'finalPass1')!, fp = m(arms, 'fp', 'finalPass1')!;
      const base = m(arms, 'clean', 'basePass1')!;
      return {
        sentence: `Held-out pass@1 from base ${fmt(base)}: clean ${pm(arms, 'clean', 'finalPass1')}, FN 0.3 ${pm(arms, 'fn', 'finalPass1')}, FP 0.3 ${pm(arms, 'fp', 'finalPass1')}; `
          + `false negatives ${fn < fp ? 'ended lower' : 'did not end lower'} than false positives (${pp(fn - fp)}). `
          + `Zero-signal groups: FN ${fmt(m(arms, 'fn', 'fracZeroStd'), 2)}, FP ${fmt(m(arms, 'fp', 'fracZeroStd'), 2)}, clean ${fmt(m(arms, 'clean', 'fracZeroStd'), 2)}.`,
        holds: fn < fp,
        metrics: { base, clean: c, fn, fp, fnMinusFp: fn - fp },
      };
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
    guide: 'Track the fraction of groups whose observed rewards are all equal (no gradient) under FN 0.3 and with a clean verifier.',
    expectation: 'the zero-signal fraction is higher under FN 0.3 than clean',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'clean', label: 'clean', settings: CLEAN },
      { id: 'fn', label: 'FN 0.3', settings: FN3 },
    ],
    assess(arms) {
      const u = undecided(['clean', 'fn'], arms);
      if (u) return u;
      const c = m(arms, 'clean', 'fracZeroStd')!, n = m(arms, 'fn', 'fracZeroStd')!;
      const rc = m(arms, 'clean', 'fracAllRejected'), rn = m(arms, 'fn', 'fracAllRejected');
      const ac = m(arms, 'clean', 'fracAllAccepted'), an = m(arms, 'fn', 'fracAllAccepted');
      const split = rc !== null && rn !== null && ac !== null && an !== null
        ? ` All-rejected groups: FN ${fmt(rn)} vs clean ${fmt(rc)}; all-accepted: FN ${fmt(an)} vs clean ${fmt(ac)}.`
        : '';
      return {
        sentence: `Mean fraction of zero-signal groups over training: FN 0.3 ${pm(arms, 'fn', 'fracZeroStd')} vs clean ${pm(arms, 'clean', 'fracZeroStd')}.${split} Final pass@1 ${fmt(m(arms, 'fn', 'finalPass1'))} vs ${fmt(m(arms, 'clean', 'finalPass1'))}.`,
        holds: n > c,
        metrics: { clean: c, fn: n, allRejectedClean: rc, allRejectedFn: rn, allAcceptedClean: ac, allAcceptedFn: an },
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
export function armSummaries(finding: Finding, lookup: (key: string) => RunSummary | undefined, seeds: readonly number[] = DEFAULT_FINDING_SEEDS, base: Settings = DEFAULT_SETTINGS): ArmSummaries {
  const out: Record<string, RunSummary[]> = {};
  for (const r of findingRuns(finding, seeds, base)) {
    const s = lookup(r.key);
    if (s) (out[r.arm] ??= []).push(s);
  }
  return out;
}
