// View models of the noise mechanism (../shared/regimes.md, src/engine/mechanism.ts): the
// per-prompt success histograms (held-out problems at an evaluation, training groups over
// the last steps), Youden's J and what it means, the J = 0 line of an FN x FP sweep grid,
// and the per-step "why noise hurts" series. Pure; every number comes from the records.
import { shareBelowHalf } from '../engine/mechanism';
import { seedRecords } from '../engine/seeds';
import { meanSe } from '../experiments/stats';
import type { Settings } from '../engine/settings';
import type { EvalRecord, StepRecord } from '../engine/types';
import { clampSmoothing, ema } from './charts/smoothing';

export interface HistBin {
  /** Successes c out of n. */
  c: number;
  /** c / n. */
  x: number;
  /** Mean over seeds of the share of problems (or groups) in this bin. */
  share: number;
  /** Standard error of that share over seeds (0 with one seed). */
  se: number;
}

export interface SuccessHistogram {
  /** Samples per problem (n), or rollouts per group (K). */
  n: number;
  bins: HistBin[];
  /** Share of problems (groups) whose success rate is below 0.5: mean and SE over seeds. */
  below: { mean: number; se: number; seeds: number };
  /** Problems (groups) counted per seed, summed over the window for training groups. */
  count: number;
}

function normalise(h: readonly number[]): number[] | null {
  const total = h.reduce((a, b) => a + b, 0);
  return total > 0 ? h.map((x) => x / total) : null;
}

/** Combine each seed's histogram (raw counts) into shares per bin, mean ± SE over the seeds. */
function combineHists(hists: (readonly number[] | undefined)[]): SuccessHistogram | null {
  const ok = hists.filter((h): h is readonly number[] => !!h && h.length >= 2);
  if (!ok.length) return null;
  const len = ok[0].length;
  const same = ok.filter((h) => h.length === len);
  const shares = same.map(normalise).filter((h): h is number[] => h !== null);
  if (!shares.length) return null;
  const n = len - 1;
  const bins = Array.from({ length: len }, (_, c) => {
    const m = meanSe(shares.map((s) => s[c]));
    // One seed has no standard error: its band collapses onto the mean (se 0).
    return { c, x: c / n, share: m.mean ?? NaN, se: m.se ?? 0 };
  });
  const b = meanSe(same.map((h) => shareBelowHalf(h)));
  return {
    n, bins, below: { mean: b.mean ?? NaN, se: b.se ?? 0, seeds: b.n },
    count: same[0].reduce((a, x) => a + x, 0),
  };
}

/** The held-out (or OOD) per-problem success histogram of one evaluation, over its seeds. */
export function evalHistogram(e: EvalRecord | undefined, split: 'test' | 'ood' = 'test'): SuccessHistogram | null {
  if (!e) return null;
  return combineHists(seedRecords(e).map((r) => r[split].successHist));
}

/** Steps averaged for the training-group histogram. */
export const GROUP_WINDOW = 10;

export interface GroupHistogram extends SuccessHistogram {
  /** The steps the histogram sums over (inclusive). */
  fromStep: number;
  toStep: number;
  steps: number;
}

/**
 * True success of the training groups over the last `window` steps that logged it: per seed
 * the groups of those steps are pooled (so each step weighs by its groups), then mean ± SE
 * over the seeds of the share per bin and of the share below 0.5.
 */
export function groupHistogram(steps: readonly StepRecord[], window = GROUP_WINDOW): GroupHistogram | null {
  const recent: StepRecord[] = [];
  for (let i = steps.length - 1; i >= 0 && recent.length < window; i--) if (steps[i].groupSuccessHist) recent.push(steps[i]);
  if (!recent.length) return null;
  recent.reverse();
  const seeds = seedRecords(recent[recent.length - 1]).length;
  const pooled: (number[] | undefined)[] = [];
  for (let j = 0; j < seeds; j++) {
    let sum: number[] | undefined;
    for (const r of recent) {
      const h = (seeds === 1 ? r : r.perSeed?.[j])?.groupSuccessHist;
      if (!h) continue;
      if (!sum) sum = h.slice();
      else if (h.length === sum.length) h.forEach((x, c) => { sum![c] += x; });
    }
    pooled.push(sum);
  }
  const out = combineHists(pooled);
  if (!out) return null;
  return { ...out, fromStep: recent[0].step, toStep: recent[recent.length - 1].step, steps: recent.length };
}

/** "42%" or "42 ± 3%" (mean ± SE over seeds when there are several). */
export function formatShare(m: { mean: number; se: number; seeds: number }): string {
  if (!Number.isFinite(m.mean)) return '—';
  const head = (m.mean * 100).toFixed(0);
  return m.seeds > 1 && Number.isFinite(m.se) ? `${head} ± ${(m.se * 100).toFixed(0)}%` : `${head}%`;
}

// ---------------------------------------------------------------- Youden's J

/** What a J value means: learns, drifts (J = 0) or unlearns (J < 0). */
export type JKind = 'learns' | 'drifts' | 'inverted';

/** J within this of 0 reads as 0 (the readouts show two decimals). */
export const J_ZERO_TOLERANCE = 0.005;

export function jKind(j: number, tol = J_ZERO_TOLERANCE): JKind {
  if (Math.abs(j) < tol) return 'drifts';
  return j < 0 ? 'inverted' : 'learns';
}

export const J_MESSAGES: Record<Exclude<JKind, 'learns'>, string> = {
  drifts: 'J = 0: the verifier carries no information about correctness: training drifts.',
  inverted: 'J < 0: the verifier is inverted: it rewards wrong answers more often than right ones, and training unlearns.',
};

/** J from the set noise rates; only the noisy verifier has set rates (the others err by the answer's pattern). */
export function setJ(s: Pick<Settings, 'verifier' | 'fnRate' | 'fpRate'>): number | null {
  return s.verifier === 'noisy' ? 1 - s.fnRate - s.fpRate : null;
}

/** Two decimals with a true minus sign; "0.00" for a J that rounds to zero. */
export function formatJ(j: number): string {
  const s = Math.abs(j) < J_ZERO_TOLERANCE ? '0.00' : Math.abs(j).toFixed(2);
  return j < 0 && s !== '0.00' ? `−${s}` : s;
}

/** J measured on the held-out samples of an evaluation: mean (and SE over seeds). */
export function measuredJ(e: EvalRecord | undefined): { mean: number; se: number; seeds: number } | null {
  if (!e) return null;
  const recs = seedRecords(e);
  const m = meanSe(recs.map((r) => r.test.youdenJ ?? null));
  if (m.mean === null) return null;
  return { mean: m.mean, se: m.se ?? 0, seeds: m.n };
}

// ---------------------------------------------------------------- time rescaled by J

/**
 * A run's J for the "held-out pass@1 against steps × J" chart, and where it came from:
 * 'set' (the noisy verifier: J = 1 − FN − FP of its settings; a clean run's is 1) or
 * 'measured' (any other verifier, whose errors follow the answer rather than a rate: the
 * mean, over the run's evaluations that measured one, step 0 included, of the J measured
 * on their held-out samples, each the mean over seeds; null before any). `evals` counts
 * the evaluations behind a measured J (0 for a set one).
 */
export interface RunJ {
  j: number | null;
  rule: 'set' | 'measured';
  evals: number;
}

const measuredMeanCache = new WeakMap<readonly EvalRecord[], { j: number | null; evals: number }>();

/** The run's J for rescaling time (see RunJ for the rule). */
export function runJ(settings: Pick<Settings, 'verifier' | 'fnRate' | 'fpRate'>, evals: readonly EvalRecord[]): RunJ {
  const set = setJ(settings);
  if (set !== null) return { j: set, rule: 'set', evals: 0 };
  let hit = measuredMeanCache.get(evals);
  if (!hit) {
    const js = evals.map((e) => measuredJ(e)?.mean ?? null).filter((j): j is number => j !== null && Number.isFinite(j));
    hit = { j: js.length ? js.reduce((a, b) => a + b, 0) / js.length : null, evals: js.length };
    measuredMeanCache.set(evals, hit);
  }
  return { ...hit, rule: 'measured' };
}

/** Time can be rescaled by this J: known and above 0 (jKind 'learns'); J ≤ 0 would stop or reverse the axis. */
export function rescalable(r: RunJ): r is RunJ & { j: number } {
  return r.j !== null && jKind(r.j) === 'learns';
}

/** "J 0.70 (set: 1 − FN − FP)", "J 0.62 (measured: mean of 6 evaluations)", "J not measured yet". */
export function runJText(r: RunJ): string {
  if (r.j === null) return 'J not measured yet';
  const how = r.rule === 'set' ? 'set: 1 − FN − FP' : `measured: mean of ${r.evals} evaluation${r.evals === 1 ? '' : 's'}`;
  return `J ${formatJ(r.j)} (${how})`;
}

// ---------------------------------------------------------------- J = 0 line on a grid

/**
 * Index-space position of a value on an axis of numeric values (piecewise linear between
 * the values' positions 0..n-1, extended linearly past the ends); null when the axis has
 * fewer than two values or is not strictly monotonic.
 */
export function axisIndex(values: readonly number[], v: number): number | null {
  const n = values.length;
  if (n < 2) return null;
  const up = values[1] > values[0];
  for (let i = 1; i < n; i++) if (up ? !(values[i] > values[i - 1]) : !(values[i] < values[i - 1])) return null;
  let i = 0;
  while (i < n - 2 && (up ? v > values[i + 1] : v < values[i + 1])) i++;
  return i + (v - values[i]) / (values[i + 1] - values[i]);
}

/** Inverse of axisIndex: the value at a (fractional) index. */
export function axisValue(values: readonly number[], t: number): number {
  const n = values.length;
  const i = Math.max(0, Math.min(n - 2, Math.floor(t)));
  return values[i] + (t - i) * (values[i + 1] - values[i]);
}

/**
 * The line fn + fp = 1 (J = 0) across a grid whose rows hold one rate and columns the other:
 * points in index space (row, col; cell centres at integers, the grid spans -0.5..n-0.5),
 * clipped to the grid; empty when the line misses it (or an axis cannot be placed).
 */
export function jZeroLine(rows: readonly number[], cols: readonly number[], samples = 240): { r: number; c: number }[] {
  if (axisIndex(rows, rows[0]) === null || axisIndex(cols, cols[0]) === null) return [];
  const pts: { r: number; c: number }[] = [];
  const R = rows.length;
  const C = cols.length;
  for (let k = 0; k <= samples; k++) {
    const r = -0.5 + (R * k) / samples;
    const c = axisIndex(cols, 1 - axisValue(rows, r));
    if (c !== null && c >= -0.5 - 1e-9 && c <= C - 0.5 + 1e-9) pts.push({ r, c });
  }
  return pts.length >= 2 ? pts : [];
}

// ---------------------------------------------------------------- "why noise hurts" series

export const MECHANISM_KEYS = ['fnLoneShare', 'fpLoneShare', 'flipLoneShare', 'flipLoneAdvAbs', 'flippedFraction', 'wrongDistinct', 'wrongTopShare', 'groupShareBelowHalf'] as const;
export type MechanismKey = (typeof MECHANISM_KEYS)[number];

export interface MechPoint {
  step: number;
  rollouts: number;
  /** Per key: mean over the seeds that measured it; `key~lo`/`key~hi` = mean -/+ SE with several. */
  [key: string]: number;
}

export const MAX_MECH_POINTS = 250;

function finiteMean(xs: readonly number[], from: number, to: number): number {
  let s = 0;
  let n = 0;
  for (let i = from; i < to; i++) if (Number.isFinite(xs[i])) { s += xs[i]; n++; }
  return n ? s / n : NaN;
}

const mechCache = new WeakMap<readonly StepRecord[], Map<number, MechPoint[]>>();

/**
 * Per-step mechanism diagnostics: each seed's series smoothed with the view's EMA weight
 * (null steps are skipped, not zero), averaged into at most MAX_MECH_POINTS buckets, then
 * mean ± SE over seeds. A key with no value in a bucket is left out of that point.
 */
export function mechanismPoints(steps: readonly StepRecord[], smoothing = 0): MechPoint[] {
  const w = clampSmoothing(smoothing);
  let byW = mechCache.get(steps);
  const hit = byW?.get(w);
  if (hit) return hit;
  const seeds = steps.length ? seedRecords(steps[0]).length : 0;
  const size = Math.max(1, Math.ceil(steps.length / MAX_MECH_POINTS));
  const pts: MechPoint[] = [];
  for (let i = 0; i < steps.length; i += size) {
    const last = steps[Math.min(steps.length, i + size) - 1];
    pts.push({ step: last.step, rollouts: last.rollouts });
  }
  for (const k of MECHANISM_KEYS) {
    const series: number[][] = [];
    for (let j = 0; j < seeds; j++) {
      const xs = steps.map((r) => {
        const v = (seeds === 1 ? r : r.perSeed?.[j])?.[k];
        return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
      });
      series.push(w > 0 ? ema(xs, w) : xs);
    }
    pts.forEach((p, b) => {
      const from = b * size;
      const to = Math.min(steps.length, from + size);
      const m = meanSe(series.map((xs) => finiteMean(xs, from, to)));
      if (m.mean === null) return;
      p[k] = m.mean;
      if (m.se !== null) {
        p[`${k}~lo`] = m.mean - m.se;
        p[`${k}~hi`] = m.mean + m.se;
      }
    });
  }
  if (!byW) {
    byW = new Map();
    mechCache.set(steps, byW);
  }
  byW.set(w, pts);
  return pts;
}
