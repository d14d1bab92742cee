// What a drawn run gives a chart: its points for the chart's records (step or evaluation,
// against steps × J for a chart of rescaled time), the seeds behind them, and whether it
// carries the records a chart needs.
import { seedRecords } from '../../engine/seeds';
import { rescalable, runJ, type RunJ } from '../mechanism';
import type { RunData } from '../store';
import type { ChartDef, ChartNeed } from './catalogue';
import { runTag } from './hover';
import { evalPoints, evalStyles, scaledPoints, seedCount, stepPoints, stepStyles, type Point } from './series';

const NO_POINTS: Point[] = [];

/** The run's evaluations carry trace-pass@k (worked-trace tasks); read from the seeds' own records, as the points are. */
export function hasTracePass(run: RunData): boolean {
  const last = run.evals[run.evals.length - 1];
  return !!last && seedRecords(last).every((r) => r.test.tracePassAtK !== undefined);
}

/** The run's training steps carry style shares (worked-trace tasks). */
export function hasStyles(run: RunData): boolean {
  return stepStyles(run.steps).length > 0;
}

/** The run's held-out evaluations carry style shares. */
export function hasEvalStyles(run: RunData): boolean {
  return evalStyles(run.evals).length > 0;
}

/** The run's training steps record trace-correctness (traceTrue): the reward chart adds that series. */
export function hasTraceTrue(run: RunData): boolean {
  const last = run.steps[run.steps.length - 1];
  return !!last && seedRecords(last).some((r) => r.traceTrue !== undefined);
}

/** Whether a run has what each catalogue need names. */
export const NEEDS: Readonly<Record<ChartNeed, (run: RunData) => boolean>> = {
  tracePass: hasTracePass,
  styles: hasStyles,
  evalStyles: hasEvalStyles,
};

/** The run carries what a chart needs (a chart that needs nothing takes every run). */
export function meets(run: RunData, need: ChartNeed | undefined): boolean {
  return need === undefined || NEEDS[need](run);
}

/** The run's J for a chart against steps × J (mechanism.ts's runJ: set rates for the noisy verifier, else the mean measured J). */
export function jOf(run: Pick<RunData, 'settings' | 'evals'>): RunJ {
  return runJ(run.settings, run.evals);
}

/**
 * The run's points for a chart's records (step points smoothed with `smoothing`); for a chart
 * against steps × J, its evaluation points with `stepJ` added, none when its J is not above 0.
 */
export function pointsOf(run: RunData, def: Pick<ChartDef, 'source' | 'x'>, smoothing: number): Point[] {
  if (def.x === 'stepJ') {
    const r = jOf(run);
    return rescalable(r) ? scaledPoints(evalPoints(run.evals), r.j) : NO_POINTS;
  }
  return def.source === 'eval' ? evalPoints(run.evals) : stepPoints(run.steps, smoothing);
}

/**
 * The steps × J axis' length: over the drawn runs that can be rescaled, the larger of their
 * planned steps and last evaluation, times their J; `fallback` (the settings' steps) when none can.
 */
export function stepJMax(runs: readonly RunData[], fallback: number): number {
  let m = 0;
  for (const run of runs) {
    const r = jOf(run);
    if (!rescalable(r)) continue;
    const last = run.evals[run.evals.length - 1];
    m = Math.max(m, Math.max(run.settings.steps, last?.step ?? 0) * r.j);
  }
  // Whole steps × J (100 × 0.7 is 70.00000000000001 in floating point).
  return m > 0 ? Math.ceil(m - 1e-6) : fallback;
}

/** A drawn run as a chart against steps × J names it: its tooltip id and label, its J, and whether it is drawn. */
export interface ScaledRun {
  id: string;
  label: string;
  j: RunJ;
  /** Its J is above 0: drawn. Otherwise left out, and named under the chart. */
  drawn: boolean;
}

/**
 * The live (its J given: the card has its points, not the run), previous and pinned runs
 * with evaluations, as a chart against steps × J names them (labels as the tooltip's).
 */
export function scaledRuns(live: { j: RunJ; evals: number } | null, ghost: RunData | null, pinned: readonly RunData[]): ScaledRun[] {
  const out: ScaledRun[] = [];
  const add = (tag: { id: string; label: string }, j: RunJ, evals: number) => {
    if (evals > 0) out.push({ ...tag, j, drawn: rescalable(j) });
  };
  if (live) add(runTag('live'), live.j, live.evals);
  if (ghost) add(runTag('ghost'), jOf(ghost), ghost.evals.length);
  for (const r of pinned) add(runTag('pin', r), jOf(r), r.evals.length);
  return out;
}

/** Seeds behind the run's points for a chart's records (1 = no band). */
export function runSeeds(run: RunData, source: ChartDef['source']): number {
  return seedCount(source === 'eval' ? run.evals : run.steps);
}

/** The tasks the verifier never checks that a run's evaluations measured (family mix), in record order. */
export function unverifiedTasksOf(run: Pick<RunData, 'evals'>): string[] {
  return Object.keys(run.evals[0]?.unverified ?? {});
}
