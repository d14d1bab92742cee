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
