// Constructed sweep specs and run summaries shared by the summary and sweep-file tests.
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { expandGrid, parseAxis, type SweepSpec } from '../../src/experiments/grid';
import type { JobResult, RunSummary } from '../../src/experiments/summary';

export const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  axes: [parseAxis('fn=0,0.1,0.2,0.3'), parseAxis('k=4,8,16')],
  seeds: [1, 2, 3],
  base: { ...DEFAULT_SETTINGS, steps: 100 },
  ...over,
});

/** A summary whose final pass@1 (and observed reward) is x; every other field fixed. */
export function fakeSummary(x: number): RunSummary {
  return {
    steps: 10, rollouts: 1280, readoutK: 8, basePass1: 0.3, finalPass1: x, basePassK: 0.8, finalPassK: 0.8, baseOodPass1: 0, finalOodPass1: 0,
    baseEntropy: 1, finalEntropy: 0.5, finalKl: 0.01, baseObserved: 0.3, finalObserved: x, fnRate: null, fpRate: 0,
    compressionRatio: null, capabilityGain: 0, observedEarly: 0, trueEarly: 0, observedLate: 0, trueLate: 0, fracZeroStd: 0.2, fracAllRejected: 0.15, fracAllAccepted: 0.05, promptPool: 2000, wallMs: 5,
  };
}

/** One result per job of the spec, final pass@1 from `value(job id)`. */
export function resultsFor(s: SweepSpec, value: (id: string) => number = () => 0.5): JobResult[] {
  return expandGrid(s).map((j) => ({ id: j.id, cell: j.cell, seed: j.seed, settings: j.settings, summary: fakeSummary(value(j.id)) }));
}
