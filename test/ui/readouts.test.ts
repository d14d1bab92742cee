import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import type { EvalRecord, StepRecord } from '../../src/engine/types';
import { niceTicks } from '../../src/ui/components/Charts';
import { runSpeed } from '../../src/ui/components/Readouts';
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
