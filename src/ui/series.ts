// Turns a run's records into chart points. Pure and memoised on the record arrays,
// which the store replaces (never mutates) when a batch arrives.
import type { EvalRecord, StepRecord } from '../engine/types';

export interface Point {
  step: number;
  rollouts: number;
  [key: string]: number;
}

/** Most points drawn per step-series; longer runs are averaged into buckets. */
export const MAX_STEP_POINTS = 250;

const evalCache = new WeakMap<EvalRecord[], Point[]>();
const stepCache = new WeakMap<StepRecord[], Point[]>();

/** Keys: t<k> = held-out pass@k, o<k> = OOD pass@k, tr = held-out observed reward. */
export function evalPoints(evals: EvalRecord[]): Point[] {
  const hit = evalCache.get(evals);
  if (hit) return hit;
  const pts = evals.map((e) => {
    const p: Point = { step: e.step, rollouts: e.rollouts };
    e.test.passAtK.forEach((v, i) => { p[`t${i + 1}`] = v; });
    e.ood.passAtK.forEach((v, i) => { p[`o${i + 1}`] = v; });
    return p;
  });
  evalCache.set(evals, pts);
  return pts;
}

const STEP_KEYS = ['rewardObserved', 'rewardTrue', 'rewardUsed', 'keptFraction', 'entropy', 'kl', 'fracZeroStd', 'fracAllRejected', 'fracAllAccepted'] as const;

export function stepPoints(steps: StepRecord[]): Point[] {
  const hit = stepCache.get(steps);
  if (hit) return hit;
  const size = Math.max(1, Math.ceil(steps.length / MAX_STEP_POINTS));
  const pts: Point[] = [];
  for (let i = 0; i < steps.length; i += size) {
    const bucket = steps.slice(i, i + size);
    const last = bucket[bucket.length - 1];
    const p: Point = { step: last.step, rollouts: last.rollouts };
    for (const k of STEP_KEYS) {
      let sum = 0;
      for (const r of bucket) sum += (r[k] as number | undefined) ?? NaN;
      p[k] = sum / bucket.length;
    }
    pts.push(p);
  }
  stepCache.set(steps, pts);
  return pts;
}
