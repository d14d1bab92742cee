// Run summaries and their aggregates over seeds and cells.
import { describe, expect, it } from 'vitest';
import { parseAxis } from '../../src/experiments/grid';
import { aggregateCells, splitSeeds, summarizeRun, summarizeSeeds, timeToLevel, windowOf } from '../../src/experiments/summary';
import { meanSe } from '../../src/experiments/stats';
import { combineEvals, combineSteps } from '../../src/engine/seeds';
import type { EvalRecord, MetricRecord, SplitEval, StepRecord } from '../../src/engine/types';
import { resultsFor, spec } from './summary-fixtures';

describe('aggregation', () => {
  it('mean and standard error (sample sd / sqrt n); nulls left out; n < 2 has no se', () => {
    const st = meanSe([1, 2, 3, 4]);
    expect(st.mean).toBe(2.5);
    expect(st.se).toBeCloseTo(Math.sqrt(((1.5 ** 2 + 0.5 ** 2) * 2) / 3 / 4), 12);
    expect(st.n).toBe(4);
    expect(meanSe([0.2, null, 0.4])).toEqual({ mean: 0.30000000000000004, se: 0.1, n: 2 });
    expect(meanSe([0.7])).toEqual({ mean: 0.7, se: null, n: 1 });
    expect(meanSe([null])).toEqual({ mean: null, se: null, n: 0 });
  });

  it('aggregates per cell over seeds and counts failures', () => {
    const s = spec({ axes: [parseAxis('k=4,8')], seeds: [1, 2, 3] });
    const values: Record<string, number> = { 'k=4/seed=1': 0.1, 'k=4/seed=2': 0.2, 'k=4/seed=3': 0.6, 'k=8/seed=1': 0.5, 'k=8/seed=2': 0.5, 'k=8/seed=3': 0 };
    const results = resultsFor(s, (id) => values[id]).map((r) => (r.id === 'k=8/seed=3' ? { ...r, summary: null, error: 'x' } : r));
    const cells = aggregateCells(results, s.axes);
    expect(cells.map((c) => c.cell)).toEqual(['k=4', 'k=8']);
    expect(cells[0].values).toEqual({ k: 4 });
    expect(cells[0].stats.finalPass1.mean).toBeCloseTo(0.3, 12);
    expect(cells[0].stats.finalPass1.se).toBeCloseTo(Math.sqrt(0.07 / 3), 12); // sd^2 = (0.04+0.01+0.09)/2
    expect(cells[1]).toMatchObject({ seeds: [1, 2], failed: 1 });
    expect(cells[1].stats.finalPass1).toEqual({ mean: 0.5, se: 0, n: 2 });
  });
});

describe('run summary', () => {
  const split = (p1: number, pk: number, extra: Partial<SplitEval> = {}): SplitEval => ({
    passAtK: [p1, 0, 0, 0, 0, 0, 0, pk], rewardObserved: p1, entropy: 1, kl: 0, fnRate: null, fpRate: null, problems: 8, samplesPerProblem: 8, ...extra,
  });
  const ev = (step: number, p1: number, pk: number, extra: Partial<EvalRecord> = {}): EvalRecord => ({
    type: 'eval', step, rollouts: step * 10, test: split(p1, pk), ood: split(p1 / 10, pk), k: 8, compressionRatio: null, capabilityGain: 0, evalMs: 1, ...extra,
  });
  const step = (i: number): StepRecord => ({
    type: 'step', step: i, rollouts: i * 10, rewardObserved: i / 10, rewardUsed: i / 10, keptFraction: 1, rewardTrue: i / 20, rewardStd: 0, fracZeroStd: i % 2, fracAllRejected: (i % 2) * 0.25, fracAllAccepted: (i % 2) * 0.75,
    lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0, kl: 0, entropy: 0, clipFraction: 0, gradNorm: 0, advantageAbsMean: 0, completionLength: 3, tokens: 30, stepMs: 1,
  });

  it('reads base and final evaluations and averages the first and last 20% of steps', () => {
    const steps = Array.from({ length: 10 }, (_, i) => step(i + 1));
    const recs = [ev(0, 0.3, 0.8), ...steps.slice(0, 5), ev(5, 0.4, 0.8), ...steps.slice(5), ev(10, 0.5, 0.85, { compressionRatio: 0.4, capabilityGain: 0.05, test: split(0.5, 0.85, { entropy: 0.6, kl: 0.02, rewardObserved: 0.55, fnRate: 0.25, fpRate: 0.1 }) })];
    const s = summarizeRun(recs, { promptPool: 321 }, 1234);
    expect(s).toMatchObject({
      steps: 10, rollouts: 100, readoutK: 8, basePass1: 0.3, finalPass1: 0.5, basePassK: 0.8, finalPassK: 0.85, baseOodPass1: 0.03, finalOodPass1: 0.05,
      baseEntropy: 1, finalEntropy: 0.6, finalKl: 0.02, baseObserved: 0.3, finalObserved: 0.55, fnRate: 0.25, fpRate: 0.1,
      compressionRatio: 0.4, capabilityGain: 0.05, fracZeroStd: 0.5, fracAllRejected: 0.125, fracAllAccepted: 0.375, promptPool: 321, wallMs: 1234,
    });
    expect(s.observedEarly).toBeCloseTo(0.15, 12); // steps 1-2
    expect(s.trueEarly).toBeCloseTo(0.075, 12);
    expect(s.observedLate).toBeCloseTo(0.95, 12); // steps 9-10
    expect(s.trueLate).toBeCloseTo(0.475, 12);
    expect(windowOf([1, 2, 3], 'last')).toEqual([3]);
    expect(() => summarizeRun([step(1)])).toThrow(/evaluation/);
  });

  it('summarizeSeeds: each seed summarised from its own records (perSeed), then mean and standard error per field', () => {
    const seedRun = (seed: number, p: number): MetricRecord[] => {
      const steps = Array.from({ length: 5 }, (_, i) => ({ ...step(i + 1), rewardObserved: p + i / 100, seed }));
      return [ev(0, 0.3, 0.8, { seed }), ...steps, ev(5, p, 0.9, { seed, compressionRatio: p })];
    };
    const runs = [seedRun(4, 0.4), seedRun(5, 0.6), seedRun(6, 0.8)];
    // The multi-seed stream the trainer emits: one record per unit, the mean with perSeed.
    const merged: MetricRecord[] = runs[0].map((r, i) => (r.type === 'step'
      ? combineSteps(runs.map((x) => x[i] as StepRecord), 3)
      : combineEvals(runs.map((x) => x[i] as EvalRecord), 3)));
    expect(splitSeeds(merged).map((x) => x.seed)).toEqual([4, 5, 6]);
    expect(splitSeeds(merged)[1].records).toEqual(runs[1]);
    const out = summarizeSeeds(merged, { promptPool: 100 }, 300);
    expect(out.seeds).toEqual([4, 5, 6]);
    expect(out.perSeed).toEqual(runs.map((r) => summarizeRun(r, { promptPool: 100 }, 100)));
    expect(out.stats.finalPass1.mean).toBeCloseTo(0.6, 12);
    expect(out.stats.finalPass1.se).toBeCloseTo(0.2 / Math.sqrt(3), 12); // sd 0.2 over 3 seeds
    expect(out.stats.compressionRatio).toMatchObject({ n: 3 });
    expect(out.stats.basePass1).toMatchObject({ mean: 0.3, se: 0, n: 3 });
    expect(out.stats.wallMs.mean).toBe(100);
    // A single-seed stream is one seed.
    const one = summarizeSeeds(runs[0]);
    expect(one.seeds).toEqual([4]);
    expect(one.perSeed).toEqual([summarizeRun(runs[0])]);
    expect(one.stats.finalPass1).toEqual({ mean: 0.4, se: null, n: 1 });
  });

  it('where the run ended: seed, stop reason and step, plateau (the rule\'s window) with its SE, half-gain step, the pass@1 curve', () => {
    // Base 0.3, then 8 evaluations every 10 steps: W = max(3, 2) = 3, the plateau is the mean of steps 60-80.
    const p1 = [0.3, 0.4, 0.5, 0.55, 0.6, 0.6, 0.62, 0.6, 0.61];
    const recs: MetricRecord[] = p1.map((p, i) => ev(10 * i, p, 0.8, { seed: 7, ...(i === 8 ? { stopReason: 'plateau' as const } : {}) }));
    const s = summarizeRun(recs);
    expect(s).toMatchObject({ seed: 7, stopReason: 'plateau', stopStep: 80 });
    expect(s.plateauPass1).toBeCloseTo(0.61, 12);
    // No success histogram here: the binomial bound p (1 - p) / (n P) per evaluation, n 8, P 8.
    const v = (p: number) => (p * (1 - p)) / 64;
    expect(s.plateauPass1Se).toBeCloseTo(Math.sqrt(v(0.62) + v(0.6) + v(0.61)) / 3, 12);
    // Half the gain: 0.3 + 0.31 / 2 = 0.455, first reached at step 20 (0.5).
    expect(s.halfGainStep).toBe(20);
    expect(s.pass1Curve).toEqual(p1.map((p, i) => ({ step: 10 * i, pass1: p })));
    // A run that did not end on its own (or predates stop reasons), a mean over seeds, no gain.
    const open = summarizeRun([ev(0, 0.3, 0.8), ev(10, 0.25, 0.8)]);
    expect(open).toMatchObject({ seed: null, stopReason: null, stopStep: 10, plateauPass1: 0.25, halfGainStep: null });
    expect(summarizeRun([ev(0, 0.3, 0.8)])).toMatchObject({ plateauPass1: null, plateauPass1Se: null, halfGainStep: null, stopStep: 0 });
  });

  it('timeToLevel: the first step at or above the level, null if never', () => {
    const c = [{ step: 0, pass1: 0.3 }, { step: 20, pass1: 0.45 }, { step: 40, pass1: 0.5 }, { step: 60, pass1: 0.48 }];
    expect(timeToLevel(c, 0.45)).toBe(20);
    expect(timeToLevel(c, 0.49)).toBe(40);
    expect(timeToLevel(c, 0.2)).toBe(0);
    expect(timeToLevel(c, 0.51)).toBeNull();
    expect(timeToLevel([], 0)).toBeNull();
  });

  it('a multi-seed run: each seed\'s plateau; the mean over seeds is the plateau of the mean curve', () => {
    const seedRun = (seed: number, end: number): MetricRecord[] => [0, 10, 20, 30].map((st, i) => ev(st, i === 0 ? 0.3 : end, 0.8, { seed, ...(i === 3 ? { stopReason: 'cap' as const } : {}) }));
    const runs = [seedRun(1, 0.5), seedRun(2, 0.75)];
    const merged = runs[0].map((_, i) => combineEvals(runs.map((x) => x[i] as EvalRecord), 1));
    const out = summarizeSeeds(merged);
    expect(out.perSeed.map((p) => [p.seed, p.stopReason, p.plateauPass1])).toEqual([[1, 'cap', 0.5], [2, 'cap', 0.75]]);
    expect(out.stats.plateauPass1).toEqual({ mean: 0.625, se: 0.125, n: 2 });
    expect(out.stats.stopStep).toEqual({ mean: 30, se: 0, n: 2 });
    const whole = summarizeRun(merged);
    expect(whole).toMatchObject({ seed: null, stopReason: 'cap' });
    expect(whole.plateauPass1).toBe(0.625);
  });
});
