// Turns a run's records into chart points. Pure and memoised on the record arrays,
// which the store replaces (never mutates) when a batch arrives.
//
// Multi-seed runs: each point holds, per series key `k`, the mean over seeds (`k`), the
// band of one standard error across seeds (`k~lo`, `k~hi`, mean -/+ SE) and each seed's
// own value (`k~s0`, `k~s1`, ...). A single-seed run has no band or seed keys.
// Step series can be smoothed (a view option, see smoothing.ts): each seed's per-step
// series is smoothed first, then bucketed; the mean, band and seed lines are taken over the
// smoothed seeds, and `k~raw` holds the unsmoothed mean to draw faintly behind.
import { seedRecords } from '../../engine/seeds';
import type { EvalRecord, StepRecord } from '../../engine/types';
import { meanSe } from '../../experiments/stats';
import { clampSmoothing, ema } from './smoothing';
import { STYLE_PREFIX, orderStyles, styleKey } from './trace-styles';
import { unverifiedKey } from './catalogue';

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
  // One finite value has no spread: the band collapses onto it; none leaves NaN (no point).
  const mean = m.mean ?? NaN, se = m.se ?? 0;
  p[k] = mean;
  p[loKey(k)] = mean - se;
  p[hiKey(k)] = mean + se;
  values.forEach((v, i) => { p[seedKey(k, i)] = v; });
}

const evalCache = new WeakMap<EvalRecord[], Point[]>();

/**
 * Keys: t<k> = held-out pass@k, o<k> = OOD pass@k, tkl / okl = that split's KL to the base
 * model, each with band and seed keys for a multi-seed run. Worked-trace tasks add tt<k> /
 * ot<k> (trace-pass@k: answer and every step right) and the split's style shares under
 * `t` / `o` + styleKey(id); a record without them adds no key, so other tasks' points are unchanged.
 * Runs from the generalist add u<task>1 / u<task>kl per task the verifier never checks (catalogue.ts unverifiedKey).
 */
export function evalPoints(evals: EvalRecord[]): Point[] {
  const hit = evalCache.get(evals);
  if (hit) return hit;
  const pts = evals.map((e) => {
    const p: Point = { step: e.step, rollouts: e.rollouts };
    const recs = seedRecords(e);
    for (const [split, prefix] of [['test', 't'], ['ood', 'o']] as const) {
      const n = Math.min(...recs.map((r) => r[split].passAtK.length));
      for (let i = 0; i < n; i++) putAcrossSeeds(p, `${prefix}${i + 1}`, recs.map((r) => r[split].passAtK[i]));
      putAcrossSeeds(p, `${prefix}kl`, recs.map((r) => r[split].kl));
      // Every seed must carry the trace fields: a mean over some seeds would pass for all of them.
      const nt = Math.min(...recs.map((r) => r[split].tracePassAtK?.length ?? 0));
      for (let i = 0; i < nt; i++) putAcrossSeeds(p, `${prefix}t${i + 1}`, recs.map((r) => r[split].tracePassAtK![i]));
      if (recs.every((r) => r[split].styleShares)) {
        for (const id of styleIdsOf(recs.map((r) => r[split].styleShares!))) {
          putAcrossSeeds(p, `${prefix}${styleKey(id)}`, recs.map((r) => r[split].styleShares![id] ?? 0));
        }
      }
    }
    // The generalist: each task the verifier never checks (every seed must have measured it).
    for (const t of Object.keys(e.unverified ?? {})) {
      if (!recs.every((r) => r.unverified?.[t])) continue;
      putAcrossSeeds(p, unverifiedKey(t, '1'), recs.map((r) => r.unverified![t].passAtK[0]));
      putAcrossSeeds(p, unverifiedKey(t, 'kl'), recs.map((r) => r.unverified![t].kl));
    }
    return p;
  });
  evalCache.set(evals, pts);
  return pts;
}

/** The x key of a chart against training time rescaled by Youden's J (steps × J), and the J behind it. */
export const STEP_J = 'stepJ';
export const J_KEY = 'j';

const scaledCache = new WeakMap<Point[], Map<number, Point[]>>();

/**
 * The points with time rescaled by a run's J: each point's `stepJ` = step × j and `j` = j
 * (new points: the ones given are cached and shared). Only x moves, so means, bands and
 * seed values are the points' own.
 */
export function scaledPoints(pts: Point[], j: number): Point[] {
  let byJ = scaledCache.get(pts);
  const hit = byJ?.get(j);
  if (hit) return hit;
  const out = pts.map((p) => ({ ...p, [STEP_J]: p.step * j, [J_KEY]: j }));
  if (!byJ) {
    byJ = new Map();
    scaledCache.set(pts, byJ);
  }
  byJ.set(j, out);
  return out;
}

export const STEP_KEYS = ['rewardObserved', 'rewardTrue', 'rewardUsed', 'keptFraction', 'entropy', 'kl', 'fracZeroStd', 'fracAllRejected', 'fracAllAccepted'] as const;

/** The style ids in a set of share maps, in display order (orderStyles). */
function styleIdsOf(maps: readonly (Record<string, number> | undefined)[]): string[] {
  const ids = new Set<string>();
  for (const m of maps) if (m) for (const id of Object.keys(m)) ids.add(id);
  return orderStyles([...ids]);
}

const stylesCache = new WeakMap<StepRecord[], string[]>();

/** Trace style ids of a run's training rollouts (any step, any seed), in display order; empty for tasks without traces. */
export function stepStyles(steps: StepRecord[]): string[] {
  let hit = stylesCache.get(steps);
  if (!hit) {
    hit = styleIdsOf(steps.flatMap((r) => [r.styleShares, ...(r.perSeed ?? []).map((q) => q.styleShares)]));
    stylesCache.set(steps, hit);
  }
  return hit;
}

const evalStylesCache = new WeakMap<EvalRecord[], string[]>();

/** Trace style ids of a run's held-out evaluation samples (any evaluation, any seed), in display order. */
export function evalStyles(evals: EvalRecord[]): string[] {
  let hit = evalStylesCache.get(evals);
  if (!hit) {
    hit = styleIdsOf(evals.flatMap((e) => seedRecords(e).map((r) => r.test.styleShares)));
    evalStylesCache.set(evals, hit);
  }
  return hit;
}

/**
 * The value of step-series key `k` in one record: a field, or a style's share (0 for a style
 * this record's rollouts did not use, NaN for a record without shares).
 */
function stepValue(rec: StepRecord | undefined, k: string): number {
  if (!rec) return NaN;
  if (k.startsWith(STYLE_PREFIX)) return rec.styleShares ? (rec.styleShares[k.slice(STYLE_PREFIX.length)] ?? 0) : NaN;
  const v = (rec as unknown as Record<string, unknown>)[k];
  return typeof v === 'number' ? v : NaN;
}

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
  // Worked-trace runs add traceTrue and one share per style; other runs get no extra key.
  const perSeed = steps.map((r) => r.perSeed);
  const traced = steps.some((r) => seedRecords(r).some((q) => q.traceTrue !== undefined));
  const keys: string[] = [...STEP_KEYS, ...(traced ? ['traceTrue'] : []), ...stepStyles(steps).map(styleKey)];
  for (const k of keys) {
    const raw: number[][] = [];
    const smooth: number[][] = [];
    for (let j = 0; j < seeds; j++) {
      const xs = steps.map((r, t) => stepValue(seeds === 1 ? r : perSeed[t]?.[j], k));
      raw.push(xs);
      smooth.push(w > 0 ? ema(xs, w) : xs);
    }
    pts.forEach((p, b) => {
      const from = b * size;
      const to = Math.min(steps.length, from + size);
      putAcrossSeeds(p, k, smooth.map((xs) => bucketMean(xs, from, to)));
      if (w > 0) {
        const r = raw.map((xs) => bucketMean(xs, from, to));
        p[rawKey(k)] = r.length === 1 ? r[0] : meanSe(r).mean ?? NaN;
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
 * One SVG path through the finite values of `yKey` (a key, or an accessor such as a stacked
 * layer's top; gaps are bridged, as recharts' connectNulls did), e.g. "M0,10L5,8". Empty
 * when fewer than one finite point.
 */
export function linePath(pts: readonly Point[], xKey: string, yKey: string | ((p: Point) => number), sx: ScaleFn, sy: ScaleFn): string {
  let d = '';
  const get = typeof yKey === 'string' ? (p: Point) => p[yKey] : yKey;
  for (const p of pts) {
    const v = get(p);
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

/**
 * Stacked shares: for keys [a, b, c], the [low, high] accessors of each layer (a: 0..a,
 * b: a..a+b, c: a+b..a+b+c). A point missing any layer below is non-finite there (bandPath skips it).
 */
export function stackBounds(keys: readonly string[]): [(p: Point) => number, (p: Point) => number][] {
  return keys.map((k, i) => {
    const below = keys.slice(0, i);
    const lo = (p: Point) => below.reduce((sum, b) => sum + p[b], 0);
    return [lo, (p: Point) => lo(p) + p[k]];
  });
}

/** A point of a path chart: its place in data units and what it stands for. */
export interface PathHit<T> {
  x: number;
  y: number;
  ref: T;
}

/**
 * The candidate nearest to (x, y), distances measured in units of the axes' spans (so a
 * KL axis of 0..0.05 and a pass@1 axis of 0..1 weigh alike, as on screen), or null when
 * none lies within `maxDist` of those units. Ties go to the earlier candidate.
 */
export function nearestOnPaths<T>(cands: readonly PathHit<T>[], x: number, y: number, xSpan: number, ySpan: number, maxDist = 0.08): PathHit<T> | null {
  if (!Number.isFinite(x) || !Number.isFinite(y) || !(xSpan > 0) || !(ySpan > 0)) return null;
  let best: PathHit<T> | null = null;
  let bestD = maxDist * maxDist;
  for (const c of cands) {
    if (!Number.isFinite(c.x) || !Number.isFinite(c.y)) continue;
    const dx = (c.x - x) / xSpan;
    const dy = (c.y - y) / ySpan;
    const d = dx * dx + dy * dy;
    if (d < bestD || (best === null && d === bestD)) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
