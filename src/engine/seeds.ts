// Multi-seed runs: a run with seed s and S seeds trains seeds s, s+1, ..., s+S-1, each an
// independent policy. Downstream code reads one record per step or evaluation whose fields
// are the mean over the seeds and whose perSeed holds each seed's own record, so a chart
// or summary that only wants the mean needs no change, and bands come from perSeed.
import type { EvalRecord, MetricRecord, SplitEval, StepRecord } from './types';
import type { Settings } from './settings';

/** The seeds a run trains. */
export function seedList(s: Pick<Settings, 'seed' | 'seeds'>): number[] {
  return Array.from({ length: s.seeds }, (_, i) => s.seed + i);
}

/** The per-seed records behind a record (itself for a single-seed record). */
export function seedRecords<R extends StepRecord | EvalRecord>(r: R): R[] {
  return ((r.perSeed as R[] | undefined) ?? [r]);
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

/**
 * How a step record's fields merge over seeds:
 * - same: one value for every seed (the step and the rollouts spent), taken from the first;
 * - mean: the mean over the seeds;
 * - optional: a diagnostic a seed may lack: the mean of the seeds that measured it (null when
 *   none did), and absent when any seed's record predates the field;
 * - array: element-wise mean (absent when any seed lacks it); shares: key-wise mean (likewise);
 * - own: set by combineSteps itself (stepMs is the unit's wall clock, seed goes, perSeed holds the seeds).
 */
type StepMerge = 'same' | 'mean' | 'optional' | 'array' | 'shares' | 'own';

/** The rules a field of type T may have: a mean only of numbers, an array mean only of arrays, and so on. */
type MergeFor<T> = [T] extends [number] ? 'mean' | 'same' | 'own'
  : [T] extends [number | null | undefined] ? 'optional' | 'own'
  : [T] extends [number[] | undefined] ? 'array'
  : [T] extends [Record<string, number> | undefined] ? 'shares'
  : 'same' | 'own';

/**
 * Every field of StepRecord with its rule. The mapped type makes the table exhaustive: a field
 * added to StepRecord does not compile until it is given a rule here, so no field can quietly
 * keep the first seed's value.
 */
const STEP_MERGE: { readonly [K in keyof StepRecord]-?: MergeFor<StepRecord[K]> } = {
  type: 'same', step: 'same', rollouts: 'same',
  rewardObserved: 'mean', rewardUsed: 'mean', keptFraction: 'mean', rewardTrue: 'mean', rewardStd: 'mean',
  fracZeroStd: 'mean', fracAllRejected: 'mean', fracAllAccepted: 'mean',
  lossPolicy: 'mean', lossKl: 'mean', lossEntropy: 'mean', loss: 'mean', kl: 'mean', entropy: 'mean', clipFraction: 'mean', gradNorm: 'mean',
  advantageAbsMean: 'mean', completionLength: 'mean', tokens: 'mean',
  groupSuccessHist: 'array',
  groupShareBelowHalf: 'optional', flippedFraction: 'optional', flipLoneShare: 'optional', flipLoneAdvAbs: 'optional',
  fnLoneShare: 'optional', fpLoneShare: 'optional', wrongDistinct: 'optional', wrongTopShare: 'optional',
  traceTrue: 'optional', styleShares: 'shares', trainedTokens: 'optional',
  stepMs: 'own', seed: 'own', perSeed: 'own',
};

/** StepRecord's fields whose type is T. */
type StepFieldsOf<T> = { [K in keyof StepRecord]-?: StepRecord[K] extends T ? K : never }[keyof StepRecord];

/** The fields with one rule (MergeFor guarantees their types, hence the cast). */
function stepFields<T>(rule: StepMerge): StepFieldsOf<T>[] {
  return (Object.keys(STEP_MERGE) as (keyof StepRecord)[]).filter((k) => STEP_MERGE[k] === rule) as StepFieldsOf<T>[];
}

const STEP_MEAN_FIELDS = stepFields<number>('mean');
const STEP_OPTIONAL_FIELDS = stepFields<number | null | undefined>('optional');
const STEP_ARRAY_FIELDS = stepFields<number[] | undefined>('array');
const STEP_SHARES_FIELDS = stepFields<Record<string, number> | undefined>('shares');

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

/** One step of several seeds: each field merged by its STEP_MERGE rule, each seed's record in perSeed. */
export function combineSteps(perSeed: StepRecord[], stepMs: number): StepRecord {
  if (perSeed.length === 1) return { ...perSeed[0], stepMs };
  // Copied from the first seed for the 'same' fields and the key order (records are written
  // to files as they stand); every other field is overwritten or removed below.
  const out: StepRecord = { ...perSeed[0], stepMs, perSeed };
  delete out.seed;
  for (const k of STEP_MEAN_FIELDS) out[k] = meanOf(perSeed.map((r) => r[k]));
  for (const k of STEP_OPTIONAL_FIELDS) {
    if (perSeed.some((r) => r[k] === undefined)) delete out[k];
    else (out as unknown as Record<string, number | null>)[k] = meanOfPresent(perSeed.map((r) => r[k] as number | null));
  }
  for (const k of STEP_ARRAY_FIELDS) {
    const mean = meanArray(perSeed.map((r) => r[k]));
    if (mean) out[k] = mean; else delete out[k];
  }
  for (const k of STEP_SHARES_FIELDS) {
    const mean = meanShares(perSeed.map((r) => r[k]));
    if (mean) out[k] = mean; else delete out[k];
  }
  return out;
}

/**
 * Merge what several seeds (or several shards of seeds) returned for the same unit of work:
 * record i of every part is the same step or evaluation of a different seed. Parts may be
 * multi-seed records themselves (their perSeed are flattened, in part order).
 */
export function combineUnits(parts: MetricRecord[][], ms: number): MetricRecord[] {
  const n = parts[0]?.length ?? 0;
  if (parts.some((p) => p.length !== n)) throw new Error('seeds of one run fell out of step');
  const out: MetricRecord[] = [];
  for (let i = 0; i < n; i++) {
    const recs = parts.map((p) => p[i]);
    if (recs.every((r) => r.type === 'step')) {
      out.push(combineSteps((recs as StepRecord[]).flatMap((r) => r.perSeed ?? [r]), ms));
    } else if (recs.every((r) => r.type === 'eval')) {
      out.push(combineEvals((recs as EvalRecord[]).flatMap((r) => r.perSeed ?? [r]), ms));
    } else {
      throw new Error('seeds of one run fell out of step');
    }
  }
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

/** The unverified tasks' splits, task by task (absent unless every seed measured the same tasks). */
function combineUnverified(perSeed: EvalRecord[]): Pick<EvalRecord, 'unverified'> {
  const tasks = Object.keys(perSeed[0].unverified ?? {});
  if (!tasks.length || perSeed.some((r) => !r.unverified || Object.keys(r.unverified).join() !== tasks.join())) return {};
  return { unverified: Object.fromEntries(tasks.map((t) => [t, combineSplits(perSeed.map((r) => r.unverified![t]))])) };
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
    ...combineUnverified(perSeed),
    k: first.k,
    compressionRatio: meanOrNull(perSeed.map((r) => r.compressionRatio)),
    capabilityGain: meanOf(perSeed.map((r) => r.capabilityGain)),
    evalMs,
    // Where the run ended is one fact for all its seeds.
    ...(first.stopReason && perSeed.every((r) => r.stopReason === first.stopReason) ? { stopReason: first.stopReason } : {}),
    perSeed,
  };
  return out;
}
