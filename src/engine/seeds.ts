// Multi-seed runs: a run with seed s and S seeds trains seeds s, s+1, ..., s+S-1, each an
// independent policy. Downstream code reads one record per step or evaluation whose fields
// are the mean over the seeds and whose perSeed holds each seed's own record, so a chart
// or summary that only wants the mean needs no change, and bands come from perSeed.
import type { EvalRecord, SplitEval, StepRecord } from './types';
import type { Settings } from './settings';

/** The seeds a run trains. */
export function seedList(s: Pick<Settings, 'seed' | 'seeds'>): number[] {
  return Array.from({ length: s.seeds }, (_, i) => s.seed + i);
}

/** The per-seed records behind a record (itself for a single-seed record). */
export function seedRecords<R extends StepRecord | EvalRecord>(r: R): R[] {
  return ((r.perSeed as R[] | undefined) ?? [r]);
}

export interface MeanSe {
  mean: number;
  /** Standard error of the mean: sample standard deviation / sqrt(n); 0 for one value. */
  se: number;
  n: number;
}

/** Mean and standard error of the finite values (NaN mean when there are none). */
export function meanSe(values: readonly (number | null | undefined)[]): MeanSe {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, se: NaN, n };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, se: 0, n };
  const ss = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0);
  return { mean, se: Math.sqrt(ss / (n - 1)) / Math.sqrt(n), n };
}

function meanOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Mean of nullable values: null when any is null (a ratio undefined for one seed is undefined for the mean). */
function meanOrNull(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : meanOf(values as number[]);
}

/** Mean of the values that exist: a measured rate that one seed had no samples for is left out. */
function meanOfPresent(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length ? meanOf(xs) : null;
}

const STEP_MEAN_FIELDS = [
  'rewardObserved', 'rewardUsed', 'keptFraction', 'rewardTrue', 'rewardStd', 'fracZeroStd', 'fracAllRejected', 'fracAllAccepted',
  'lossPolicy', 'lossKl', 'lossEntropy', 'loss', 'kl', 'entropy', 'clipFraction', 'gradNorm', 'advantageAbsMean', 'completionLength', 'tokens',
] as const satisfies readonly (keyof StepRecord)[];

/** Diagnostics that a seed may lack (null: nothing to measure that step; undefined: older records). */
const STEP_OPTIONAL_FIELDS = [
  'groupShareBelowHalf', 'flippedFraction', 'flipLoneShare', 'flipLoneAdvAbs', 'fnLoneShare', 'fpLoneShare', 'wrongDistinct', 'wrongTopShare',
  'traceTrue', 'trainedTokens',
] as const satisfies readonly (keyof StepRecord)[];

/** Element-wise mean of arrays of one length (histograms bin-wise, pass@k per k); undefined if any seed lacks one. */
function meanArray(xs: readonly (number[] | undefined)[]): number[] | undefined {
  if (xs.some((h) => !h || h.length !== xs[0]!.length)) return undefined;
  return xs[0]!.map((_, i) => meanOf(xs.map((h) => h![i])));
}

/** Key-wise mean of share records (a key a seed lacks counts as 0 there); undefined if any seed lacks one. */
function meanShares(xs: readonly (Record<string, number> | undefined)[]): Record<string, number> | undefined {
  if (xs.length === 0 || xs.some((x) => !x)) return undefined;
  const keys = [...new Set(xs.flatMap((x) => Object.keys(x!)))];
  return Object.fromEntries(keys.map((k) => [k, meanOf(xs.map((x) => x![k] ?? 0))]));
}

/** One step of several seeds: the mean of every field, each seed's record in perSeed. */
export function combineSteps(perSeed: StepRecord[], stepMs: number): StepRecord {
  if (perSeed.length === 1) return { ...perSeed[0], stepMs };
  const first = perSeed[0];
  const out: StepRecord = { ...first, stepMs, perSeed };
  delete out.seed;
  for (const k of STEP_MEAN_FIELDS) out[k] = meanOf(perSeed.map((r) => r[k]));
  for (const k of STEP_OPTIONAL_FIELDS) {
    if (perSeed.some((r) => r[k] === undefined)) delete out[k];
    else (out as unknown as Record<string, number | null>)[k] = meanOfPresent(perSeed.map((r) => r[k] as number | null));
  }
  const hist = meanArray(perSeed.map((r) => r.groupSuccessHist));
  if (hist) out.groupSuccessHist = hist; else delete out.groupSuccessHist;
  const shares = meanShares(perSeed.map((r) => r.styleShares));
  if (shares) out.styleShares = shares; else delete out.styleShares;
  return out;
}

function combineSplits(splits: SplitEval[]): SplitEval {
  const n = Math.min(...splits.map((s) => s.passAtK.length));
  const successHist = meanArray(splits.map((s) => s.successHist));
  const tracePassAtK = meanArray(splits.map((s) => s.tracePassAtK));
  const styleShares = meanShares(splits.map((s) => s.styleShares));
  return {
    passAtK: Array.from({ length: n }, (_, i) => meanOf(splits.map((s) => s.passAtK[i]))),
    rewardObserved: meanOf(splits.map((s) => s.rewardObserved)),
    entropy: meanOf(splits.map((s) => s.entropy)),
    kl: meanOf(splits.map((s) => s.kl)),
    fnRate: meanOfPresent(splits.map((s) => s.fnRate)),
    fpRate: meanOfPresent(splits.map((s) => s.fpRate)),
    ...(splits.every((s) => s.youdenJ !== undefined) ? { youdenJ: meanOfPresent(splits.map((s) => s.youdenJ!)) } : {}),
    ...(splits.every((s) => s.shareBelowHalf !== undefined) ? { shareBelowHalf: meanOfPresent(splits.map((s) => s.shareBelowHalf!)) } : {}),
    ...(successHist ? { successHist } : {}),
    ...(tracePassAtK ? { tracePassAtK } : {}),
    ...(styleShares ? { styleShares } : {}),
    problems: splits[0].problems,
    samplesPerProblem: splits[0].samplesPerProblem,
  };
}

/** One evaluation of several seeds, as combineSteps. */
export function combineEvals(perSeed: EvalRecord[], evalMs: number): EvalRecord {
  if (perSeed.length === 1) return { ...perSeed[0], evalMs };
  const first = perSeed[0];
  const out: EvalRecord = {
    type: 'eval',
    step: first.step,
    rollouts: first.rollouts,
    test: combineSplits(perSeed.map((r) => r.test)),
    ood: combineSplits(perSeed.map((r) => r.ood)),
    k: first.k,
    compressionRatio: meanOrNull(perSeed.map((r) => r.compressionRatio)),
    capabilityGain: meanOf(perSeed.map((r) => r.capabilityGain)),
    evalMs,
    perSeed,
  };
  return out;
}
