// Turns a run's records into chart points. Pure and memoised on the record arrays,
// which the store replaces (never mutates) when a batch arrives.
//
// Multi-seed runs: each point holds, per series key `k`, the mean over seeds (`k`), the
// band of one standard error across seeds (`k~lo`, `k~hi`, mean -/+ SE) and each seed's
// own value (`k~s0`, `k~s1`, ...). A single-seed run has no band or seed keys.
// Step series can be smoothed (a view option, see smoothing.ts): each seed's per-step
// series is smoothed first, then bucketed; the mean, band and seed lines are taken over the
// smoothed seeds, and `k~raw` holds the unsmoothed mean to draw faintly behind.
import { meanSe, seedRecords } from '../engine/seeds';
import type { EvalRecord, StepRecord } from '../engine/types';
import { clampSmoothing, ema } from './smoothing';

export interface Point {
  step: number;
  rollouts: number;
  [key: string]: number;
}

/** Most points drawn per step-series; longer runs are averaged into buckets. */
export const MAX_STEP_POINTS = 250;

export const loKey = (k: string) => `${k}~lo`;
export const hiKey = (k: string) => `${k}~hi`;
export const rawKey = (k: string) => `${k}~raw`;
export const seedKey = (k: string, i: number) => `${k}~s${i}`;

/** Seeds behind a run's records: the length of the first record's perSeed, 1 without one. */
export function seedCount(records: readonly (StepRecord | EvalRecord)[]): number {
  return records.length ? seedRecords(records[0]).length : 0;
}

/** Fill `p` with the mean of `values` under `k` and, for several values, the band and each value. */
function putAcrossSeeds(p: Point, k: string, values: number[]): void {
  if (values.length === 1) {
    p[k] = values[0];
    return;
  }
  const m = meanSe(values);
  p[k] = m.mean;
  p[loKey(k)] = m.mean - m.se;
  p[hiKey(k)] = m.mean + m.se;
  values.forEach((v, i) => { p[seedKey(k, i)] = v; });
}

const evalCache = new WeakMap<EvalRecord[], Point[]>();

/** Keys: t<k> = held-out pass@k, o<k> = OOD pass@k, each with band and seed keys for a multi-seed run. */
export function evalPoints(evals: EvalRecord[]): Point[] {
  const hit = evalCache.get(evals);
  if (hit) return hit;
  const pts = evals.map((e) => {
    const p: Point = { step: e.step, rollouts: e.rollouts };
    const recs = seedRecords(e);
    for (const [split, prefix] of [['test', 't'], ['ood', 'o']] as const) {
      const n = Math.min(...recs.map((r) => r[split].passAtK.length));
      for (let i = 0; i < n; i++) putAcrossSeeds(p, `${prefix}${i + 1}`, recs.map((r) => r[split].passAtK[i]));
    }
    return p;
  });
  evalCache.set(evals, pts);
  return pts;
}

export const STEP_KEYS = ['rewardObserved', 'rewardTrue', 'rewardUsed', 'keptFraction', 'entropy', 'kl', 'fracZeroStd', 'fracAllRejected', 'fracAllAccepted'] as const;

const stepCache = new WeakMap<StepRecord[], Map<number, Point[]>>();

function bucketMean(xs: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += xs[i];
  return sum / (to - from);
}

/**
 * Step points, at most MAX_STEP_POINTS (consecutive steps averaged into buckets), with the
 * step series smoothed by an EMA of weight `smoothing` (0 = raw).
 */
export function stepPoints(steps: StepRecord[], smoothing = 0): Point[] {
  const w = clampSmoothing(smoothing);
  let byWeight = stepCache.get(steps);
  const hit = byWeight?.get(w);
  if (hit) return hit;

  const seeds = Math.max(1, seedCount(steps));
  const size = Math.max(1, Math.ceil(steps.length / MAX_STEP_POINTS));
  const pts: Point[] = [];
  for (let i = 0; i < steps.length; i += size) {
    const last = steps[Math.min(steps.length, i + size) - 1];
    pts.push({ step: last.step, rollouts: last.rollouts });
  }
  // Per seed, the per-step series of each key; a record short of a seed counts as missing (NaN).
  const perSeed = steps.map((r) => r.perSeed);
  for (const k of STEP_KEYS) {
    const raw: number[][] = [];
    const smooth: number[][] = [];
    for (let j = 0; j < seeds; j++) {
      const xs = steps.map((r, t) => {
        const rec = seeds === 1 ? r : perSeed[t]?.[j];
        const v = rec?.[k] as number | undefined;
        return typeof v === 'number' ? v : NaN;
      });
      raw.push(xs);
      smooth.push(w > 0 ? ema(xs, w) : xs);
    }
    pts.forEach((p, b) => {
      const from = b * size;
      const to = Math.min(steps.length, from + size);
      putAcrossSeeds(p, k, smooth.map((xs) => bucketMean(xs, from, to)));
      if (w > 0) {
        const r = raw.map((xs) => bucketMean(xs, from, to));
        p[rawKey(k)] = r.length === 1 ? r[0] : meanSe(r).mean;
      }
    });
  }
  if (!byWeight) {
    byWeight = new Map();
    stepCache.set(steps, byWeight);
  }
  byWeight.set(w, pts);
  return pts;
}

// ---- Drawing helpers (pure): SVG paths from points, and the hover lookup. ----

/** Maps a data value to a pixel; undefined where the chart has no scale yet. */
export type ScaleFn = (v: number) => number | undefined;

const px = (v: number) => Math.round(v * 10) / 10;

/**
 * One SVG path through the finite values of `yKey` (gaps are bridged, as recharts'
 * connectNulls did), e.g. "M0,10L5,8". Empty when fewer than one finite point.
 */
export function linePath(pts: readonly Point[], xKey: string, yKey: string, sx: ScaleFn, sy: ScaleFn): string {
  let d = '';
  for (const p of pts) {
    const v = p[yKey];
    if (!Number.isFinite(v)) continue;
    const x = sx(p[xKey]);
    const y = sy(v);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    d += `${d ? 'L' : 'M'}${px(x)},${px(y)}`;
  }
  return d;
}

/**
 * A closed band between `lo(p)` and `hi(p)`: along the top left to right, back along the
 * bottom. Points where either bound is not finite are skipped. Empty with under two points.
 */
export function bandPath(pts: readonly Point[], xKey: string, lo: (p: Point) => number, hi: (p: Point) => number, sx: ScaleFn, sy: ScaleFn): string {
  const top: string[] = [];
  const bottom: string[] = [];
  for (const p of pts) {
    const a = lo(p);
    const b = hi(p);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const x = sx(p[xKey]);
    const ya = sy(a);
    const yb = sy(b);
    if (x === undefined || ya === undefined || yb === undefined || !Number.isFinite(x) || !Number.isFinite(ya) || !Number.isFinite(yb)) continue;
    top.push(`${px(x)},${px(yb)}`);
    bottom.push(`${px(x)},${px(ya)}`);
  }
  if (top.length < 2) return '';
  return `M${top.join('L')}L${bottom.reverse().join('L')}Z`;
}

/**
 * The point of `pts` (sorted by `xKey`) nearest to `x`, or null when `x` lies outside the
 * run's span by more than the spacing of its points there, or `minTolerance` if larger (a
 * run that stopped at step 100 shows nothing at step 1,500), or the run has no points.
 * Ties go to the earlier point.
 */
export function nearestPoint(pts: readonly Point[], xKey: string, x: number, minTolerance = 0): Point | null {
  const n = pts.length;
  if (!n || !Number.isFinite(x)) return null;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pts[mid][xKey] < x) lo = mid + 1;
    else hi = mid;
  }
  // lo: the first point at or after x (or the last point).
  let i = lo;
  if (i > 0 && Math.abs(pts[i - 1][xKey] - x) <= Math.abs(pts[i][xKey] - x)) i = i - 1;
  const first = pts[0][xKey];
  const last = pts[n - 1][xKey];
  const gapStart = Math.max(minTolerance, n > 1 ? pts[1][xKey] - first : 0);
  const gapEnd = Math.max(minTolerance, n > 1 ? last - pts[n - 2][xKey] : 0);
  if (x < first - gapStart || x > last + gapEnd) return null;
  return pts[i];
}
