// What a drawn run gives a chart: its points for the chart's records (step or evaluation),
// the seeds behind them, and whether it carries the records a chart needs.
import { seedRecords } from '../../engine/seeds';
import type { RunData } from '../store';
import type { ChartDef, ChartNeed } from './catalogue';
import { evalPoints, evalStyles, seedCount, stepPoints, stepStyles, type Point } from './series';

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

/** The run's points for a chart's records (step points smoothed with `smoothing`). */
export function pointsOf(run: RunData, source: ChartDef['source'], smoothing: number): Point[] {
  return source === 'eval' ? evalPoints(run.evals) : stepPoints(run.steps, smoothing);
}

/** Seeds behind the run's points for a chart's records (1 = no band). */
export function runSeeds(run: RunData, source: ChartDef['source']): number {
  return seedCount(source === 'eval' ? run.evals : run.steps);
}
