// What a run leaves behind for sweeps, findings and heatmaps: a compact summary per run (and
// per seed of a multi-seed run), and mean and standard error over seeds per field and per cell.
import type { Settings } from '../engine/settings';
import { plateauOfRecords } from '../engine/plateau';
import { seedRecords } from '../engine/seeds';
import { STOP_REASONS, type EvalRecord, type MetricRecord, type RunInfo, type StepRecord, type StopReason } from '../engine/types';
import { SweepError, type AxisValue, type GridAxis } from './grid';
import { meanOf, meanSe, type Stat } from './stats';
import { aggregateUnverified, summarizeUnverified, type UnverifiedField, type UnverifiedSummary } from './unverified-summary';

/** The compact outcome of one run: what sweeps, findings and heatmaps read. */
export interface RunSummary {
  steps: number;
  rollouts: number;
  /** The readout k of pass@k (largest power of two <= samples per problem, at most 8). */
  readoutK: number;
  basePass1: number;
  finalPass1: number;
  basePassK: number;
  finalPassK: number;
  baseOodPass1: number;
  finalOodPass1: number;
  /** Mean per-token entropy of held-out samples, base model and end of training. */
  baseEntropy: number;
  finalEntropy: number;
  /** Mean per-token k3 KL to the base model on held-out samples at the end. */
  finalKl: number;
  /** Held-out reward the verifier reported (as opposed to pass@1, the truth). */
  baseObserved: number;
  finalObserved: number;
  /** Verifier error rates measured on the final held-out samples (null without such samples). */
  fnRate: number | null;
  fpRate: number | null;
  compressionRatio: number | null;
  capabilityGain: number;
  /** Training rollouts over the first and the last 20% of steps: verifier reward and truth. */
  observedEarly: number;
  trueEarly: number;
  observedLate: number;
  trueLate: number;
  /** Mean fraction of groups with all-equal observed rewards (no gradient), over all steps. */
  fracZeroStd: number;
  /** Of those, groups where every rollout was rejected, and where every rollout was accepted (null for records without the split). */
  fracAllRejected?: number | null;
  fracAllAccepted?: number | null;
  /** Share of held-out problems whose success rate c/n is below 0.5, base model and end (null for records without it). */
  baseShareBelowHalf?: number | null;
  shareBelowHalf?: number | null;
  /** Over training: share of training groups truly below 0.5, and the share of FN and of FP flips that became their group's lone minority (mechanism.ts). */
  groupShareBelowHalf?: number | null;
  fnLoneShare?: number | null;
  fpLoneShare?: number | null;
  /** Over training: mean share of the most common wrong answer among a group's wrong answers (how concentrated wrong answers are; null without any). */
  wrongTopShare?: number | null;
  /** Youden's J measured on the final held-out samples. */
  youdenJ?: number | null;
  /** Training prompts the run drew from (after curation); null when unknown. */
  promptPool: number | null;
  /** Worked-step tasks: trace pass@1 (answer and every step right), held-out and OOD, base and end (null elsewhere). */
  baseTracePass1?: number | null;
  finalTracePass1?: number | null;
  baseOodTracePass1?: number | null;
  finalOodTracePass1?: number | null;
  /** Worked-step tasks: the largest share of one trace style among the final held-out samples ('other' excluded). */
  finalTopStyleShare?: number | null;
  /** Tokens that entered the loss over the whole run (null for records without it). */
  trainedTokens?: number | null;
  // Where the run ended and how fast it got there (absent in summaries made before they existed).
  /** The seed of a one-seed run (from its records); null for the mean over several seeds. Findings pair arms by it. */
  seed?: number | null;
  /**
   * Why the run ended: 'plateau' (the plateau rule fired) or 'cap' (it ran all its steps), from
   * its closing evaluation; null when it did not end on its own (or predates stop reasons).
   */
  stopReason?: StopReason | null;
  /** The step of the run's last evaluation: where it stopped. */
  stopStep?: number;
  /**
   * Held-out pass@1 where the run ended: the mean of its last W evaluations after the base,
   * W = max(3, ⌊n/4⌋) of its n (all of them when fewer), the window the plateau rule compares
   * (src/engine/plateau.ts). The same definition whether the rule fired or the run reached its
   * cap still rising (stopReason tells which). Null without an evaluation after the base.
   */
  plateauPass1?: number | null;
  /** Its standard error from the evaluations' sampling noise (aggregates over seeds give the seed spread). */
  plateauPass1Se?: number | null;
  /** Time to half the run's own gain: the first step at which held-out pass@1 reached base + (plateau - base) / 2 (null without a gain). */
  halfGainStep?: number | null;
  /** Every evaluation's step and held-out pass@1, the base included: for time to a level set elsewhere (timeToLevel), such as another arm's. */
  pass1Curve?: Pass1Point[];
  /** family mix: per task the verifier never checks, pass@1 and pass@k at the base and the end and the final KL there (absent otherwise). */
  unverified?: Record<string, UnverifiedSummary>;
  wallMs: number;
}

/** One evaluation of a run's held-out curve, as summaries keep it. */
export interface Pass1Point {
  step: number;
  pass1: number;
}

/**
 * Time to a level: the first step at which held-out pass@1 reached `level` (at or above it),
 * over a curve in step order (a base already at the level gives its step, 0); null if the
 * curve never reaches it. For example the base plus half of a clean arm's gain.
 */
export function timeToLevel(curve: readonly Pass1Point[], level: number): number | null {
  for (const p of curve) if (p.pass1 >= level) return p.step;
  return null;
}

/** Numeric fields that are aggregated over seeds. */
export const SUMMARY_FIELDS = [
  'steps', 'rollouts', 'readoutK', 'basePass1', 'finalPass1', 'basePassK', 'finalPassK', 'baseOodPass1', 'finalOodPass1',
  'baseEntropy', 'finalEntropy', 'finalKl', 'baseObserved', 'finalObserved', 'fnRate', 'fpRate',
  'compressionRatio', 'capabilityGain', 'observedEarly', 'trueEarly', 'observedLate', 'trueLate',
  'fracZeroStd', 'fracAllRejected', 'fracAllAccepted', 'baseShareBelowHalf', 'shareBelowHalf', 'groupShareBelowHalf', 'fnLoneShare', 'fpLoneShare', 'wrongTopShare', 'youdenJ',
  'promptPool', 'baseTracePass1', 'finalTracePass1', 'baseOodTracePass1', 'finalOodTracePass1', 'finalTopStyleShare', 'trainedTokens',
  'plateauPass1', 'plateauPass1Se', 'stopStep', 'halfGainStep', 'wallMs',
] as const satisfies readonly (keyof RunSummary)[];
export type SummaryField = (typeof SUMMARY_FIELDS)[number];

/** The last (or first) 20% of the steps, at least one. */
export function windowOf<T>(xs: readonly T[], which: 'first' | 'last', frac = 0.2): T[] {
  const n = Math.max(1, Math.ceil(xs.length * frac));
  return which === 'first' ? xs.slice(0, n) : xs.slice(Math.max(0, xs.length - n));
}

export function summarizeRun(records: readonly MetricRecord[], info?: Pick<RunInfo, 'promptPool'>, wallMs = 0): RunSummary {
  const evals = records.filter((r): r is EvalRecord => r.type === 'eval');
  const steps = records.filter((r): r is StepRecord => r.type === 'step');
  if (!evals.length) throw new SweepError('a run summary needs at least one evaluation');
  const base = evals[0];
  const last = evals[evals.length - 1];
  const k = last.k;
  const early = windowOf(steps, 'first');
  const late = windowOf(steps, 'last');
  const avg = (xs: readonly StepRecord[], f: (s: StepRecord) => number) => meanOf(xs.map(f));
  const plateau = plateauOfRecords(evals);
  const pass1Curve = evals.map((e) => ({ step: e.step, pass1: e.test.passAtK[0] }));
  const basePass1 = base.test.passAtK[0];
  const unverified = summarizeUnverified(evals);
  return {
    steps: steps.length,
    rollouts: last.rollouts,
    readoutK: k,
    basePass1: base.test.passAtK[0],
    finalPass1: last.test.passAtK[0],
    basePassK: base.test.passAtK[k - 1],
    finalPassK: last.test.passAtK[k - 1],
    baseOodPass1: base.ood.passAtK[0],
    finalOodPass1: last.ood.passAtK[0],
    baseEntropy: base.test.entropy,
    finalEntropy: last.test.entropy,
    finalKl: last.test.kl,
    baseObserved: base.test.rewardObserved,
    finalObserved: last.test.rewardObserved,
    fnRate: last.test.fnRate,
    fpRate: last.test.fpRate,
    compressionRatio: last.compressionRatio,
    capabilityGain: last.capabilityGain,
    observedEarly: steps.length ? avg(early, (s) => s.rewardObserved) : 0,
    trueEarly: steps.length ? avg(early, (s) => s.rewardTrue) : 0,
    observedLate: steps.length ? avg(late, (s) => s.rewardObserved) : 0,
    trueLate: steps.length ? avg(late, (s) => s.rewardTrue) : 0,
    fracZeroStd: steps.length ? avg(steps, (s) => s.fracZeroStd) : 0,
    fracAllRejected: steps.length && steps.every((s) => typeof s.fracAllRejected === 'number') ? avg(steps, (s) => s.fracAllRejected) : null,
    fracAllAccepted: steps.length && steps.every((s) => typeof s.fracAllAccepted === 'number') ? avg(steps, (s) => s.fracAllAccepted) : null,
    baseShareBelowHalf: base.test.shareBelowHalf ?? null,
    shareBelowHalf: last.test.shareBelowHalf ?? null,
    groupShareBelowHalf: meanSe(steps.map((s) => s.groupShareBelowHalf)).mean,
    fnLoneShare: meanSe(steps.map((s) => s.fnLoneShare)).mean,
    fpLoneShare: meanSe(steps.map((s) => s.fpLoneShare)).mean,
    wrongTopShare: meanSe(steps.map((s) => s.wrongTopShare)).mean,
    youdenJ: last.test.youdenJ ?? null,
    promptPool: info?.promptPool ?? null,
    baseTracePass1: base.test.tracePassAtK?.[0] ?? null,
    finalTracePass1: last.test.tracePassAtK?.[0] ?? null,
    baseOodTracePass1: base.ood.tracePassAtK?.[0] ?? null,
    finalOodTracePass1: last.ood.tracePassAtK?.[0] ?? null,
    finalTopStyleShare: last.test.styleShares ? Math.max(...Object.entries(last.test.styleShares).filter(([k]) => k !== 'other').map(([, v]) => v)) : null,
    trainedTokens: steps.length && steps.every((s) => typeof s.trainedTokens === 'number') ? steps.reduce((a, s) => a + s.trainedTokens!, 0) : null,
    seed: typeof last.seed === 'number' ? last.seed : null,
    stopReason: last.stopReason ?? null,
    stopStep: last.step,
    plateauPass1: plateau?.plateau ?? null,
    plateauPass1Se: plateau?.plateauSe ?? null,
    halfGainStep: plateau && plateau.plateau > basePass1 ? timeToLevel(pass1Curve, basePass1 + (plateau.plateau - basePass1) / 2) : null,
    pass1Curve,
    ...(unverified ? { unverified } : {}),
    wallMs,
  };
}

/**
 * One record stream per seed: a multi-seed run's records split through their perSeed, in
 * seed order of first appearance (a single-seed stream comes back whole, seed from its records).
 */
export function splitSeeds(records: readonly MetricRecord[]): { seed: number | null; records: MetricRecord[] }[] {
  const streams = new Map<number | null, MetricRecord[]>();
  for (const r of records) {
    for (const p of seedRecords(r)) {
      const seed = typeof p.seed === 'number' ? p.seed : null;
      const list = streams.get(seed) ?? [];
      list.push(p);
      streams.set(seed, list);
    }
  }
  return [...streams.entries()].map(([seed, recs]) => ({ seed, records: recs }));
}

export interface SeedSummaries {
  /** The seeds, in run order (null for records that do not name theirs). */
  seeds: (number | null)[];
  /** summarizeRun of each seed's own records. */
  perSeed: RunSummary[];
  /** Mean and standard error over the seeds of every summary field. */
  stats: Record<SummaryField, Stat>;
}

/**
 * Summaries of a multi-seed run: each seed's records summarised on their own (summarizeRun,
 * so seed s summarises exactly as the single run with seed s), then mean and standard error
 * over the seeds per field. wallMs is shared out evenly (the seeds ran together); promptPool
 * is the run's (the first seed's where curation depends on the seed).
 */
export function summarizeSeeds(records: readonly MetricRecord[], info?: Pick<RunInfo, 'promptPool'>, wallMs = 0): SeedSummaries {
  const streams = splitSeeds(records);
  const perSeed = streams.map((s) => summarizeRun(s.records, info, wallMs / Math.max(1, streams.length)));
  return { seeds: streams.map((s) => s.seed), perSeed, stats: aggregateSummaries(perSeed) };
}

export function aggregateSummaries(summaries: readonly RunSummary[]): Record<SummaryField, Stat> {
  return Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, meanSe(summaries.map((s) => s[f] ?? null))])) as Record<SummaryField, Stat>;
}

export interface JobResult {
  id: string;
  cell: string;
  seed: number;
  settings: Settings;
  /** Null when the run failed; `error` says why. */
  summary: RunSummary | null;
  error?: string;
}

export interface CellAggregate {
  cell: string;
  /** The axis values of the cell, keyed by flag. */
  values: Record<string, AxisValue>;
  seeds: number[];
  /** Runs that failed in this cell. */
  failed: number;
  /** How many of its runs ended for each reason (absent in files made before stop reasons). */
  stopReasons?: Partial<Record<StopReason, number>>;
  stats: Record<SummaryField, Stat>;
  /** family mix: mean and standard error over the cell's seeds per unverified task (absent otherwise). */
  unverified?: Record<string, Record<UnverifiedField, Stat>>;
}

/** How many runs ended for each reason (runs without one are not counted). */
export function countStopReasons(summaries: readonly RunSummary[]): Partial<Record<StopReason, number>> {
  const out: Partial<Record<StopReason, number>> = {};
  for (const r of STOP_REASONS) {
    const n = summaries.filter((s) => s.stopReason === r).length;
    if (n) out[r] = n;
  }
  return out;
}

export function aggregateCells(results: readonly JobResult[], axes: readonly GridAxis[]): CellAggregate[] {
  const byCell = new Map<string, JobResult[]>();
  for (const r of results) {
    const list = byCell.get(r.cell) ?? [];
    list.push(r);
    byCell.set(r.cell, list);
  }
  return [...byCell.entries()].map(([cell, rs]) => {
    const ok = rs.filter((r) => r.summary).sort((a, b) => a.seed - b.seed);
    const first = rs[0].settings;
    return {
      cell,
      values: Object.fromEntries(axes.map((a) => [a.flag, first[a.key] as AxisValue])),
      seeds: ok.map((r) => r.seed),
      failed: rs.length - ok.length,
      ...(ok.some((r) => r.summary!.stopReason !== undefined) ? { stopReasons: countStopReasons(ok.map((r) => r.summary!)) } : {}),
      stats: aggregateSummaries(ok.map((r) => r.summary!)),
      ...unverifiedOf(ok.map((r) => r.summary!)),
    };
  });
}

/** A cell's unverified-task aggregates, when its runs measured any. */
function unverifiedOf(summaries: readonly RunSummary[]): Pick<CellAggregate, 'unverified'> {
  const u = aggregateUnverified(summaries.map((x) => x.unverified));
  return u ? { unverified: u } : {};
}
