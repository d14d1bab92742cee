import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import type { EvalRecord, StepRecord } from '../../src/engine/types';
import { niceTicks } from '../../src/ui/charts/axes';
import { formatAcrossSeeds, readoutValues, runSpeed } from '../../src/ui/components/Readouts';
import type { RunData } from '../../src/ui/store';

const step = (n: number, stepMs: number) => ({ type: 'step', step: n, stepMs }) as StepRecord;
const evalAt = (n: number, evalMs: number) => ({ type: 'eval', step: n, evalMs }) as EvalRecord;

function run(partial: Partial<RunData>): RunData {
  return {
    id: 1, label: '', settings: { ...DEFAULT_SETTINGS, steps: 100, evalEvery: 20 }, info: null, backend: null, steps: [], evals: [],
    status: 'running', stepsDone: 0, activeMs: 0, error: null, loadingText: null, color: '#000', ...partial,
  };
}

describe('readouts', () => {
  it('estimates speed from step times and time left including the evaluations to come', () => {
    const r = run({ steps: [step(1, 100), step(2, 100), step(3, 100), step(4, 100), step(5, 100)], evals: [evalAt(0, 1000)], stepsDone: 5 });
    const s = runSpeed(r);
    expect(s.stepsPerSec).toBeCloseTo(10);
    expect(s.progress).toBeCloseTo(0.05);
    // 95 steps * 100 ms + evaluations at 20, 40, 60, 80, 100 * 1000 ms
    expect(s.timeLeftMs).toBeCloseTo(9500 + 5000);
  });

  it('has no estimate before the first step and none left when finished', () => {
    expect(runSpeed(run({})).timeLeftMs).toBeNull();
    expect(runSpeed(run({ status: 'finished', stepsDone: 100 })).timeLeftMs).toBe(0);
    expect(runSpeed(null).progress).toBe(0);
  });

  it('puts axis ticks on round numbers', () => {
    expect(niceTicks(0.29, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0.29, 2)).toEqual([0, 0.2, 0.4]);
    expect(niceTicks(2.6, 4)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(1, 4)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0.021, 4)).toEqual([0, 0.01, 0.02, 0.03]);
    expect(niceTicks(0)).toEqual([0, 0.5, 1]);
  });
});

describe('readouts across seeds', () => {
  const split = (p1: number, fn: number | null) => ({ passAtK: [p1, 0.8], rewardObserved: 0.4, entropy: 1, kl: 0, fnRate: fn, fpRate: 0.05, problems: 16, samplesPerProblem: 2 });
  const rec = (step: number, p1: number, cr: number | null, gain: number, fn: number | null, seed?: number): EvalRecord => ({
    type: 'eval', step, rollouts: 0, test: split(p1, fn), ood: split(p1, fn), k: 2, compressionRatio: cr, capabilityGain: gain, evalMs: 1,
    ...(seed === undefined ? {} : { seed }),
  });

  it('shows plain values for a single-seed run', () => {
    const v = readoutValues([rec(0, 0.3, null, 0, null), rec(10, 0.512, 0.7, -0.031, 0.1)]);
    expect(v).toEqual({ pass1: '51.2%', compression: '70%', capability: '−3.1 pp', fn: '0.10', fp: '0.05' });
  });

  it('shows mean ± standard error over seeds', () => {
    // pass@1 0.5, 0.52, 0.54 -> mean 0.52, sd 0.02, se 0.02 / sqrt(3) = 0.01155
    const perSeed = [rec(10, 0.5, 0.6, 0.01, 0.1, 1), rec(10, 0.52, 0.7, 0.02, 0.2, 2), rec(10, 0.54, 0.8, 0.03, null, 3)];
    const mean = { ...rec(10, 0.52, 0.7, 0.02, 0.15), perSeed };
    const v = readoutValues([mean]);
    expect(v.pass1).toBe('52.0 ± 1.2%');
    expect(v.compression).toBe('70 ± 6%'); // se 0.1 / sqrt(3) = 0.0577
    expect(v.capability).toBe('+2.0 ± 0.6 pp'); // se 0.01 / sqrt(3) = 0.00577
    expect(v.fn).toBe('0.15 ± 0.05'); // the seed without a measurement is left out: 0.1, 0.2 -> se 0.05
    expect(v.fp).toBe('0.05 ± 0.00');
  });

  it('shows a dash where there is nothing to show', () => {
    expect(readoutValues([])).toEqual({ pass1: '—', compression: '—', capability: '—', fn: '—', fp: '—' });
    expect(formatAcrossSeeds(rec(0, 0.3, null, 0, null), (r) => r.compressionRatio, '%')).toBe('—');
    expect(readoutValues([rec(0, 0.3, 0.5, 0.1, null)]).capability).toBe('—');
  });
});
