// Where a run ends: the plateau rule behind the `plateau` setting, and the stop rule every
// trainer applies after each unit of work (plateau, or the step cap). Pure: a trainer feeds it
// the evaluation records it emits; summaries call plateauTest on the same records, so a
// run's plateau is read with the same windows the rule decided with.
//
// The rule (documented in docs/engine.md#where-a-run-ends). Let n be the evaluations after
// training began (the step-0 evaluation of the base model is left out) and W = max(3, ⌊n/4⌋).
// The run has plateaued when n >= 6 and the mean held-out pass@1 of the last W evaluations
// (`recent`) is not above the mean of the W before them (`prior`) by more than two standard
// errors: recent - prior <= 2 SE. With several seeds in one run, pass@1 is the mean over its
// seeds. SE is the evaluations' sampling noise: an evaluation scores fixed problems with n
// samples each, so its pass@1 varies by sum_i p_i (1 - p_i) / (n P^2) (p_i (1 - p_i) estimated
// without bias from the problem's c of n correct as c (n - c) / (n (n - 1))); evaluations and
// seeds are treated as independent, so a window's mean over S seeds has variance (sum of its
// S W variances) / (S W)^2, and the two windows' variances add.
// Why not the seed spread too: the question is whether this run's curve (the mean over its
// own seeds, on its fixed evaluation problems) still rises, and between that curve and the
// measured one stands only the evaluation's sampling. How far other seeds would land is what
// comparisons between arms need (findings pair arms by seed), not where these seeds stopped;
// from 2 or 3 seeds it is also a rough estimate. Tried: with the larger of the two, a 2-seed
// run whose mean was still climbing (0.47, 0.50, 0.53, 0.54, 0.58, 0.58, 0.60 every 20
// steps) stopped at step 140 because its seeds rose by different amounts.
// Evaluations share their dice (the same evaluation stream every time), so differences
// between them are, if anything, less noisy than this: the bar errs towards stopping, which
// the growing windows make up for.
// Why windows that grow with the run: learning curves here rise roughly with log(steps). With
// windows a fixed number of evaluations wide, the rise between them shrinks as the run goes on
// while the noise does not, so a run that is still climbing slowly (KL beta 0.02 at step 600)
// would be stopped early. With W proportional to n the two windows' centres stay a fixed
// ratio of steps apart (7/8 and 5/8 of the run), so a log-linear climb keeps a constant rise
// while the noise falls as 1/sqrt(W); a curve that is truly flat from step T stops by about
// step 2T. The minimum of 6 evaluations (two windows of 3) keeps one lucky evaluation from
// deciding.
import type { Settings } from './settings';
import type { EvalRecord, MetricRecord, SplitEval, StopReason } from './types';
import { seedRecords } from './seeds';

/** The smallest window: the rule needs two of them (6 evaluations after the base) before it can fire. */
export const PLATEAU_MIN_WINDOW = 3;

/** Window width for n evaluations after the base: max(3, ⌊n/4⌋), so the two windows cover the last half of a long run. */
export function plateauWindow(evals: number): number {
  return Math.max(PLATEAU_MIN_WINDOW, Math.floor(evals / 4));
}

/**
 * Sampling variance of one evaluation's pass@1 (the mean over its fixed problems of c/n):
 * sum_i p_i (1 - p_i) / (n P^2), each p_i (1 - p_i) estimated without bias from the success
 * histogram as c (n - c) / (n (n - 1)). Without a histogram, or with one sample per problem,
 * the binomial bound p (1 - p) / (n P) (equal problems).
 */
export function pass1NoiseVar(split: Pick<SplitEval, 'passAtK' | 'successHist' | 'problems' | 'samplesPerProblem'>): number {
  const n = split.samplesPerProblem;
  const P = split.problems;
  if (!(n >= 1 && P >= 1)) return 0;
  if (split.successHist && n >= 2) {
    let sum = 0;
    split.successHist.forEach((count, c) => { sum += (count * c * (n - c)) / (n * (n - 1)); });
    return sum / (n * P * P);
  }
  const p = split.passAtK[0];
  return (p * (1 - p)) / (n * P);
}

/** One evaluation as the rule reads it: every seed's held-out pass@1 and its sampling variance, in seed order. */
export interface PlateauPoint {
  step: number;
  pass1: readonly number[];
  noiseVar: readonly number[];
}

/** An evaluation record (one seed, or the mean of several with perSeed) as a PlateauPoint. */
export function plateauPoint(e: EvalRecord): PlateauPoint {
  const seeds = seedRecords(e);
  return { step: e.step, pass1: seeds.map((r) => r.test.passAtK[0]), noiseVar: seeds.map((r) => pass1NoiseVar(r.test)) };
}

/** The rule's reading of a run's evaluations after the base (see the comment at the top). */
export interface PlateauTest {
  /** Evaluations after the base. */
  evals: number;
  /** W for that many evaluations. */
  window: number;
  /** Enough evaluations for the rule (n >= 2 x PLATEAU_MIN_WINDOW). */
  ready: boolean;
  /** Mean pass@1 (over the seeds) of the last W evaluations, and of the W before (null when not ready). */
  recent: number;
  prior: number | null;
  /** recent - prior and its standard error (null when not ready). */
  rise: number | null;
  riseSe: number | null;
  /** ready and rise <= 2 riseSe: held-out pass@1 stopped rising. */
  flat: boolean;
  /**
   * The plateau: mean pass@1 of the last W evaluations (all of them when fewer), the same
   * window the rule compares; with its standard error from the evaluations' sampling noise
   * (the spread over seeds is what aggregates over seeds add).
   */
  plateau: number;
  plateauSe: number;
  /** Step of the first evaluation in the plateau window. */
  plateauFrom: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean pass@1 over a window of points and all their seeds, and its sampling variance. */
function windowStats(points: readonly PlateauPoint[]): { mean: number; variance: number } {
  const all = points.flatMap((p) => p.pass1);
  let v = 0;
  for (const p of points) for (const x of p.noiseVar) v += x;
  return { mean: mean(all), variance: v / all.length ** 2 };
}

/**
 * The plateau rule on a run's evaluations after the base, oldest first (every point with the
 * same seeds in the same order). Null without any.
 */
export function plateauTest(points: readonly PlateauPoint[]): PlateauTest | null {
  const n = points.length;
  if (!n) return null;
  const W = plateauWindow(n);
  const last = points.slice(Math.max(0, n - W));
  const r = windowStats(last);
  const recent = r.mean;
  const plateauSe = Math.sqrt(r.variance);
  const base = { evals: n, window: W, recent, plateau: recent, plateauSe, plateauFrom: last[0].step };
  if (n < 2 * PLATEAU_MIN_WINDOW) return { ...base, ready: false, prior: null, rise: null, riseSe: null, flat: false };
  const p = windowStats(points.slice(n - 2 * W, n - W));
  const prior = p.mean;
  const rise = recent - prior;
  const riseSe = Math.sqrt(r.variance + p.variance);
  return { ...base, ready: true, prior, rise, riseSe, flat: rise <= 2 * riseSe };
}

/** The plateau test of a run's records (the evaluations after step 0); null without any. */
export function plateauOfRecords(records: readonly MetricRecord[]): PlateauTest | null {
  return plateauTest(records.filter((r): r is EvalRecord => r.type === 'eval' && r.step > 0).map(plateauPoint));
}

/**
 * Why a run ends, decided after each unit of work by the trainer that sees all of the run's
 * seeds (a shard or a seed inside a multi-seed trainer never decides: it runs with plateau
 * off). The evaluation that ends the run is marked with the reason (its perSeed records too):
 * 'plateau' when the setting is on and the rule fires (also at the cap's evaluation), else
 * 'cap' at the last step.
 */
export class StopRule {
  private readonly points: PlateauPoint[] = [];
  reason: StopReason | null = null;

  constructor(private readonly s: Pick<Settings, 'plateau' | 'steps'>) {}

  /** Read a unit's records; the stop reason once the run has ended (null while it goes on). */
  observe(records: readonly MetricRecord[]): StopReason | null {
    for (const r of records) {
      if (this.reason || r.type !== 'eval' || r.step === 0) continue;
      let why: StopReason | null = null;
      if (this.s.plateau) {
        this.points.push(plateauPoint(r));
        if (plateauTest(this.points)!.flat) why = 'plateau';
      }
      if (!why && r.step >= this.s.steps) why = 'cap';
      if (why) {
        this.reason = why;
        r.stopReason = why;
        for (const p of r.perSeed ?? []) p.stopReason = why;
      }
    }
    return this.reason;
  }
}
