import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import type { EvalRecord, StepRecord } from '../../src/engine/types';
import { toCsv } from '../../src/ui/export';
import { RESTART_DEBOUNCE_MS, attachRunner, describeSettings, useStore, type Runner } from '../../src/ui/store';

// Built loosely and cast, so the fixtures keep compiling as the engine adds fields.
function step(n: number): StepRecord {
  return {
    type: 'step', step: n, rollouts: n * 128, rewardObserved: 0.5, rewardTrue: 0.4, rewardStd: 0.3, fracZeroStd: 0.2,
    lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0, kl: 0.01, entropy: 1, clipFraction: 0, gradNorm: 1,
    advantageAbsMean: 0.5, completionLength: 3, tokens: 384, stepMs: 10,
  } as Partial<StepRecord> as StepRecord;
}
function evalRec(n: number): EvalRecord {
  const split = { passAtK: [0.4, 0.6, 0.7, 0.75], rewardObserved: 0.4, entropy: 1, kl: 0, problems: 16, samplesPerProblem: 4 };
  return { type: 'eval', step: n, rollouts: n * 128, test: split, ood: split, k: 4, compressionRatio: null, capabilityGain: 0, evalMs: 5 } as Partial<EvalRecord> as EvalRecord;
}

class FakeRunner implements Runner {
  starts: Settings[] = [];
  calls: string[] = [];
  start(s: Settings) {
    this.starts.push(s);
    return this.starts.length;
  }
  pause() { this.calls.push('pause'); }
  resume() { this.calls.push('resume'); }
  reset() { this.calls.push('reset'); }
}

describe('store', () => {
  let runner: FakeRunner;
  beforeEach(() => {
    vi.useFakeTimers();
    runner = new FakeRunner();
    attachRunner(runner);
    useStore.setState({ settings: { ...DEFAULT_SETTINGS }, live: null, ghost: null, pinned: [], notices: [], autoRestart: true });
  });
  afterEach(() => {
    vi.useRealTimers();
    attachRunner(null);
  });

  it('files streamed records and ignores updates of superseded runs', () => {
    useStore.getState().start();
    const id = useStore.getState().live!.id;
    useStore.getState().receive({ runId: id, records: [evalRec(0), step(1), step(2)], phase: 'running', stepsDone: 2, activeMs: 100 });
    useStore.getState().receive({ runId: id + 99, records: [step(3)], phase: 'running', stepsDone: 3, activeMs: 100 });
    const live = useStore.getState().live!;
    expect(live.steps.map((s) => s.step)).toEqual([1, 2]);
    expect(live.evals).toHaveLength(1);
    expect(live.status).toBe('running');
  });

  it('debounces restarts on setting changes and keeps the previous run as the ghost', () => {
    useStore.getState().start();
    const first = useStore.getState().live!.id;
    useStore.getState().receive({ runId: first, records: [step(1)], phase: 'running', stepsDone: 1, activeMs: 10 });
    useStore.getState().setSetting('fnRate', 0.1);
    useStore.getState().setSetting('fnRate', 0.2);
    expect(runner.starts).toHaveLength(1);
    vi.advanceTimersByTime(RESTART_DEBOUNCE_MS + 10);
    expect(runner.starts).toHaveLength(2);
    expect(runner.starts[1].fnRate).toBe(0.2);
    expect(useStore.getState().ghost?.id).toBe(first);
    expect(useStore.getState().live?.steps).toEqual([]);
  });

  it('smoothing and seed lines are view options: no restart, no change to the settings or the run label', () => {
    useStore.getState().start();
    const settings = useStore.getState().settings;
    useStore.getState().setSmoothing(0.9);
    useStore.getState().setShowSeeds(true);
    vi.advanceTimersByTime(RESTART_DEBOUNCE_MS * 3);
    expect(runner.starts).toHaveLength(1);
    expect(useStore.getState().settings).toBe(settings);
    expect(useStore.getState().smoothing).toBe(0.9);
    expect(useStore.getState().showSeeds).toBe(true);
    useStore.getState().setSmoothing(5);
    expect(useStore.getState().smoothing).toBe(0.99);
  });

  it('labels a run with its number of seeds when it is not the default', () => {
    expect(describeSettings({ ...DEFAULT_SETTINGS, seeds: 4 })).toBe('seeds 4');
    expect(describeSettings(DEFAULT_SETTINGS)).toBe('defaults');
  });

  it('does not start runs while autoRestart is off (embed without autoplay)', () => {
    useStore.setState({ autoRestart: false });
    useStore.getState().setSetting('fpRate', 0.1);
    vi.advanceTimersByTime(RESTART_DEBOUNCE_MS * 3);
    expect(runner.starts).toHaveLength(0);
  });

  it('keeps records on a training error or a worker crash', () => {
    useStore.getState().start();
    const id = useStore.getState().live!.id;
    useStore.getState().receive({ runId: id, records: [step(1)], phase: 'running', stepsDone: 1, activeMs: 10 });
    useStore.getState().receive({ runId: id, records: [], phase: 'error', stepsDone: 1, activeMs: 10, error: { message: 'NaN loss at step 2', step: 2 } });
    expect(useStore.getState().live!.status).toBe('error');
    expect(useStore.getState().live!.error).toContain('step 2');
    expect(useStore.getState().live!.steps).toHaveLength(1);
    useStore.getState().workerCrashed('gone');
    expect(useStore.getState().live!.status).toBe('crashed');
    expect(useStore.getState().live!.steps).toHaveLength(1);
  });

  it('pins runs with distinct colours and exports CSV', () => {
    useStore.getState().start();
    const id = useStore.getState().live!.id;
    useStore.getState().receive({ runId: id, records: [evalRec(0), step(1)], phase: 'finished', stepsDone: 1, activeMs: 10 });
    useStore.getState().pinLive();
    useStore.getState().start();
    const id2 = useStore.getState().live!.id;
    useStore.getState().receive({ runId: id2, records: [step(1)], phase: 'running', stepsDone: 1, activeMs: 10 });
    useStore.getState().pinLive();
    const pins = useStore.getState().pinned;
    expect(pins).toHaveLength(2);
    expect(new Set(pins.map((p) => p.color)).size).toBe(2);
    const csv = toCsv(pins[0]).trim().split('\n');
    expect(csv[0]).toMatch(/^type,step,rollouts,rewardObserved/);
    expect(csv[0]).toContain('test_pass@4');
    expect(csv[0]).toContain('test_rewardObserved');
    expect(csv[0]).toContain('compressionRatio');
    expect(csv).toHaveLength(3);
    expect(csv[1].startsWith('eval,0,')).toBe(true);
  });
});
