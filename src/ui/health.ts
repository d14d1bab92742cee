// Training health: the failure signs practitioners watch for in a GRPO run, and the verdict
// on the pass@1 / pass@k chart. Pure: records and thresholds in, notices and sentences out.
// The thresholds are view options (store.health): they never change a run or its link.
//
// Step signs read the step records' mean over seeds (the fields every chart draws). The
// pass@k signs compare evaluations seed by seed: the change of each seed, then the mean and
// standard error of those changes; with two or more seeds a change counts when it exceeds
// two standard errors; with one seed, beyond two standard errors of the evaluations'
// sampling error over their problems (from the success histograms), or, for records
// without histograms, beyond the tolerance below.
import { seedRecords } from '../engine/seeds';
import type { EvalRecord, StepRecord } from '../engine/types';
import { pct, ppChange, sePp } from '../experiments/format';
import { pairedDiff, signBeyond } from '../experiments/stats';

export interface HealthThresholds {
  /** Recent steps a step sign looks at (zero spread for a while, the KL slope, mean entropy). */
  window: number;
  /** Share of groups with zero reward spread that counts as collapsed, in every one of the recent steps. */
  zeroSignal: number;
  /** Mean per-token entropy (nats) over the recent steps below which the policy has stopped exploring. */
  entropyFloor: number;
  /** KL to the base per step (least-squares slope over the recent steps) above which KL climbs fast. */
  klSlope: number;
  /** One seed without per-problem counts (older or imported records): a pass@k change smaller than this (0.02 = 2pp) counts as flat. */
  tolerance: number;
}

export const DEFAULT_HEALTH: HealthThresholds = { window: 10, zeroSignal: 0.9, entropyFloor: 0.1, klSlope: 0.05, tolerance: 0.02 };

/** Allowed range of each threshold (the panel's inputs use the same). */
export const HEALTH_LIMITS: Record<keyof HealthThresholds, { min: number; max: number; step: number; label: string; unit: string }> = {
  window: { min: 2, max: 200, step: 1, label: 'Recent steps', unit: 'steps' },
  zeroSignal: { min: 0.05, max: 1, step: 0.05, label: 'Zero-spread groups at least', unit: 'share' },
  entropyFloor: { min: 0, max: 2, step: 0.01, label: 'Entropy floor', unit: 'nats' },
  klSlope: { min: 0, max: 1, step: 0.001, label: 'KL slope above', unit: 'per step' },
  tolerance: { min: 0, max: 0.5, step: 0.005, label: 'Tolerance (one seed, no counts)', unit: 'share' },
};

/** Thresholds from untrusted or partial input: missing or bad values take the default, others are clamped. */
export function clampHealth(p: Partial<Record<keyof HealthThresholds, unknown>>, base: HealthThresholds = DEFAULT_HEALTH): HealthThresholds {
  const out = { ...base };
  for (const k of Object.keys(HEALTH_LIMITS) as (keyof HealthThresholds)[]) {
    const v = p[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const { min, max } = HEALTH_LIMITS[k];
    const c = Math.min(max, Math.max(min, v));
    out[k] = k === 'window' ? Math.round(c) : c;
  }
  return out;
}

export type HealthSignId = 'spread' | 'entropy' | 'kl' | 'passk';

export interface HealthSign {
  id: HealthSignId;
  title: string;
  /** One plain sentence with the numbers behind the sign. */
  detail: string;
  /** The step the sign was read at. */
  step: number;
}

function seedNote(r: StepRecord): string {
  const n = r.perSeed?.length ?? 1;
  return n > 1 ? ` (mean over ${n} seeds)` : '';
}

function recent(steps: readonly StepRecord[], th: HealthThresholds): StepRecord[] | null {
  return steps.length >= th.window ? steps.slice(-th.window) : null;
}

/** Reward spread collapsed: in each of the recent steps, at least `zeroSignal` of the groups had all-equal rewards. */
export function spreadCollapse(steps: readonly StepRecord[], th: HealthThresholds): HealthSign | null {
  const w = recent(steps, th);
  if (!w || !w.every((s) => s.fracZeroStd >= th.zeroSignal)) return null;
  const last = w[w.length - 1];
  const zero = w.reduce((a, s) => a + s.fracZeroStd, 0) / w.length;
  const std = w.reduce((a, s) => a + s.rewardStd, 0) / w.length;
  return {
    id: 'spread', step: last.step, title: 'Reward spread collapsed',
    detail: `In each of steps ${w[0].step}-${last.step}, at least ${pct(th.zeroSignal)} of the groups had the same reward for every rollout `
      + `(mean ${pct(zero)}, mean within-group reward std ${std.toFixed(3)}${seedNote(last)}): those groups have zero advantage and give no gradient.`,
  };
}

/** Entropy below the floor: the mean entropy of the recent steps. */
export function entropyLow(steps: readonly StepRecord[], th: HealthThresholds): HealthSign | null {
  const w = recent(steps, th);
  if (!w) return null;
  const last = w[w.length - 1];
  const mean = w.reduce((a, s) => a + s.entropy, 0) / w.length;
  if (!(mean < th.entropyFloor)) return null;
  const first = steps[0];
  return {
    id: 'entropy', step: last.step, title: 'Entropy below the floor',
    detail: `Mean entropy over steps ${w[0].step}-${last.step} is ${mean.toFixed(3)} nats${seedNote(last)}, below the floor of ${th.entropyFloor} `
      + `(step ${first.step}: ${first.entropy.toFixed(3)}): the policy samples nearly the same tokens every time and explores little.`,
  };
}

/** Least-squares slope of y against x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) * (xs[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/** KL climbing fast: the least-squares slope of KL over the recent steps. */
export function klClimb(steps: readonly StepRecord[], th: HealthThresholds): HealthSign | null {
  const w = recent(steps, th);
  if (!w) return null;
  const s = slope(w.map((r) => r.step), w.map((r) => r.kl));
  if (!(s > th.klSlope)) return null;
  const last = w[w.length - 1];
  return {
    id: 'kl', step: last.step, title: 'KL to the base climbing fast',
    detail: `KL rose by ${s.toFixed(4)} per step over steps ${w[0].step}-${last.step} (least-squares slope; threshold ${th.klSlope}), `
      + `to ${last.kl.toFixed(3)} at step ${last.step}${seedNote(last)}: the policy is moving away from the base model quickly.`,
  };
}

/** pass@k of each seed of an evaluation (k = 1 for pass@1). */
function perSeed(r: EvalRecord, k: number): number[] {
  return seedRecords(r).map((x) => x.test.passAtK[k - 1]);
}

/** Unbiased pass@k of one problem with c of n samples correct: 1 - C(n-c, k) / C(n, k). */
export function problemPassAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1;
  let q = 1;
  for (let i = 0; i < k; i++) q *= (n - c - i) / (n - i);
  return 1 - q;
}

/**
 * Sampling standard error of a one-seed evaluation's pass@k over its problems, from the
 * success histogram (problems with c of n samples correct): sd of the per-problem pass@k /
 * sqrt(problems). Null without a histogram.
 */
export function problemSe(r: EvalRecord, k: number): number | null {
  const h = r.test.successHist;
  if (!h || h.length < 2) return null;
  const n = h.length - 1;
  if (k > n) return null;
  const total = h.reduce((a, b) => a + b, 0);
  if (total < 2) return null;
  const vals = h.map((_, c) => problemPassAtK(n, c, k));
  const mean = h.reduce((a, m, c) => a + m * vals[c], 0) / total;
  const ss = h.reduce((a, m, c) => a + m * (vals[c] - mean) ** 2, 0);
  return Math.sqrt(ss / (total - 1)) / Math.sqrt(total);
}

/** A change of pass@k between two evaluations and the standard error it is judged against. */
export interface PassChange {
  /** Mean change over the seeds (NaN when no seed has pass@k). */
  mean: number;
  /** Its standard error on the basis below (0 for the tolerance, which judges without one). */
  se: number;
  /** Seeds with a change. */
  n: number;
  /** How `se` was obtained: across seeds, from the problems of one seed's two evaluations, or none (tolerance). */
  basis: 'seeds' | 'problems' | 'tolerance';
  /** Held-out problems per evaluation. */
  problems: number;
}

/**
 * Change of pass@k from evaluation a to b. Two or more seeds: the mean and standard error
 * of the per-seed changes. One seed: the change, with the two evaluations' sampling errors
 * over their problems in quadrature (unpaired, so conservative) when both have histograms.
 */
export function seedChange(a: EvalRecord, b: EvalRecord, k: number): PassChange {
  const d = pairedDiff(perSeed(b, k), perSeed(a, k));
  const mean = d.mean ?? NaN, n = d.n;
  const problems = b.test.problems;
  if (d.se !== null) return { mean, se: d.se, n, basis: 'seeds', problems };
  const sa = problemSe(seedRecords(a)[0], k), sb = problemSe(seedRecords(b)[0], k);
  if (sa !== null && sb !== null) return { mean, se: Math.sqrt(sa * sa + sb * sb), n, basis: 'problems', problems };
  return { mean, se: 0, n, basis: 'tolerance', problems };
}

/**
 * Direction of a change: 1 up, -1 down, 0 flat: beyond two standard errors (across seeds,
 * or over the problems for one seed); for one seed without histograms, beyond the tolerance.
 */
export function direction(c: PassChange, th: HealthThresholds): -1 | 0 | 1 {
  if (!Number.isFinite(c.mean)) return 0;
  return signBeyond(c.mean, c.basis === 'tolerance' ? th.tolerance : 2 * c.se);
}

/** How a change was judged, for the sentences. */
export function ruleText(c: PassChange, th: HealthThresholds): string {
  if (c.basis === 'seeds') return `${c.n} seeds; a change counts beyond two standard errors of the per-seed changes`;
  if (c.basis === 'problems') {
    return `one seed, so judged against the evaluations' sampling error over their ${c.problems} problems: a change counts beyond two standard errors`;
  }
  return `one seed without per-problem counts: a change counts beyond the ${(100 * th.tolerance).toFixed(1)}pp tolerance`;
}

function changeText(c: PassChange): string {
  return c.basis === 'tolerance' ? ppChange(c.mean) : `${ppChange(c.mean)}${sePp(c.se)}`;
}

/** The readout k for the verdict: the largest of `ks` above 1 that the evaluations have, else the record's own k. */
export function verdictK(evals: readonly EvalRecord[], ks: readonly number[] = []): number {
  const last = evals[evals.length - 1];
  if (!last) return 1;
  const n = last.test.passAtK.length;
  const drawn = ks.filter((k) => k > 1 && k <= n);
  return drawn.length ? Math.max(...drawn) : last.k;
}

/** pass@k fell while pass@1 rose between the last two evaluations. */
export function passKFalling(evals: readonly EvalRecord[], th: HealthThresholds, k: number = verdictK(evals)): HealthSign | null {
  if (evals.length < 2 || k < 2) return null;
  const a = evals[evals.length - 2], b = evals[evals.length - 1];
  const d1 = seedChange(a, b, 1), dk = seedChange(a, b, k);
  if (!(direction(dk, th) === -1 && direction(d1, th) === 1)) return null;
  return {
    id: 'passk', step: b.step, title: `pass@${k} falling while pass@1 rises`,
    detail: `From step ${a.step} to step ${b.step}, held-out pass@1 changed ${changeText(d1)} and pass@${k} ${changeText(dk)} (${ruleText(d1, th)}): `
      + 'the policy is trading its variety of answers for its top answer, a sign of collapse.',
  };
}

/** Every sign the run shows now, in a fixed order. */
export function healthSigns(run: { steps: readonly StepRecord[]; evals: readonly EvalRecord[] }, th: HealthThresholds, ks: readonly number[] = []): HealthSign[] {
  return [
    spreadCollapse(run.steps, th), entropyLow(run.steps, th), klClimb(run.steps, th), passKFalling(run.evals, th, verdictK(run.evals, ks)),
  ].filter((s): s is HealthSign => s !== null);
}

export type VerdictKind = 'gain' | 'compression' | 'collapse' | 'none';

export interface Verdict {
  kind: VerdictKind;
  /** Short label: "Capability gain plus compression", "Pure compression", "Mode collapse", "No verdict yet". */
  label: string;
  /** The numbers and how they were judged. */
  sentence: string;
  k: number;
  d1: PassChange;
  dk: PassChange;
  fromStep: number;
  toStep: number;
}

export const VERDICT_LABELS: Record<VerdictKind, string> = {
  gain: 'Capability gain plus compression',
  compression: 'Pure compression',
  collapse: 'Mode collapse',
  none: 'No verdict yet',
};

/**
 * The verdict from the base evaluation (step 0, else the first) to the latest one:
 * pass@k down beyond noise: mode collapse; pass@k and pass@1 up: capability gain plus
 * compression; pass@1 up, pass@k flat: pure compression; otherwise no verdict yet.
 */
export function passVerdict(evals: readonly EvalRecord[], th: HealthThresholds, ks: readonly number[] = []): Verdict | null {
  if (evals.length < 2) return null;
  const base = evals.find((e) => e.step === 0) ?? evals[0];
  const last = evals[evals.length - 1];
  if (last === base) return null;
  const k = verdictK(evals, ks);
  if (k < 2) return null;
  const d1 = seedChange(base, last, 1), dk = seedChange(base, last, k);
  const u1 = direction(d1, th), uk = direction(dk, th);
  const kind: VerdictKind = uk === -1 ? 'collapse' : uk === 1 && u1 === 1 ? 'gain' : u1 === 1 && uk === 0 ? 'compression' : 'none';
  const why = kind === 'collapse' ? `pass@${k} fell beyond noise`
    : kind === 'gain' ? `pass@${k} and pass@1 both rose beyond noise`
      : kind === 'compression' ? `pass@1 rose, pass@${k} stayed within noise`
        : u1 === 0 ? 'pass@1 has not risen beyond noise' : `pass@1 did not rise while pass@${k} did`;
  const sentence = `${VERDICT_LABELS[kind]}: ${why}. From step ${base.step} to step ${last.step}, pass@1 ${changeText(d1)}, pass@${k} ${changeText(dk)} (${ruleText(d1, th)}).`;
  return { kind, label: VERDICT_LABELS[kind], sentence, k, d1, dk, fromStep: base.step, toStep: last.step };
}
