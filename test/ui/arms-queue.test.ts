// The comparison presets' queue: its pure transitions (arms-queue.ts), and in the store: arms
// run one after the other, each finished arm is pinned with its colour and label, the
// finding's assessment reads the arms' runs, and a user action drops the queue cleanly.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import type { EvalRecord, StepRecord } from '../../src/engine/types';
import {
  NO_RUNNER, armFailed, armFinished, armLaunched, armsProgress, isCurrentArm, startArms, type ArmSpec,
} from '../../src/ui/arms-queue';
import { PIN_COLORS, attachRunner, useStore, type Runner } from '../../src/ui/store';
import { presetArms, presetAssessment, presetById } from '../../src/ui/presets';

function step(n: number): StepRecord {
  return { type: 'step', step: n, rollouts: n * 64, rewardObserved: 0.4, rewardTrue: 0.4 } as Partial<StepRecord> as StepRecord;
}
function evalRec(n: number, pass1: number): EvalRecord {
  const split = { passAtK: [pass1, 0.6], rewardObserved: 0.4, entropy: 0.5, kl: 0, fnRate: null, fpRate: null, problems: 8, samplesPerProblem: 2 };
  return { type: 'eval', step: n, rollouts: n * 64, test: split, ood: split, k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 1 } as EvalRecord;
}

class FakeRunner implements Runner {
  starts: Settings[] = [];
  calls: string[] = [];
  start(s: Settings) { this.starts.push(s); return this.starts.length; }
  pause() { this.calls.push('pause'); }
  resume() { this.calls.push('resume'); }
  reset() { this.calls.push('reset'); }
}

/** A tiny custom budget: 3 steps per arm, evaluations at 0 and 3. */
const TINY: Partial<Settings> = { steps: 3, evalEvery: 3, evalProblems: 8, evalSamples: 2, seeds: 1 };
const ARMS: ArmSpec[] = [
  { label: 'FN 0.3', settings: { ...DEFAULT_SETTINGS, ...TINY, fnRate: 0.3 } },
  { label: 'FP 0.3', settings: { ...DEFAULT_SETTINGS, ...TINY, fpRate: 0.3 } },
];

/** Stream a whole tiny run for the live arm and finish it. */
function finishLive(pass1: number) {
  const id = useStore.getState().live!.id;
  const { receive } = useStore.getState();
  receive({ runId: id, records: [evalRec(0, 0.35), step(1), step(2)], phase: 'running', stepsDone: 2, activeMs: 10 });
  receive({ runId: id, records: [step(3), evalRec(3, pass1)], phase: 'finished', stepsDone: 3, activeMs: 20 });
}

describe('arms queue', () => {
  let runner: FakeRunner;
  beforeEach(() => {
    vi.useFakeTimers();
    runner = new FakeRunner();
    attachRunner(runner);
    useStore.setState({ settings: { ...DEFAULT_SETTINGS }, live: null, ghost: null, pinned: [], notices: [], autoRestart: true, activePreset: null, queue: null });
  });
  afterEach(() => {
    vi.useRealTimers();
    attachRunner(null);
  });

  it('runs the arms one after the other, pins each with its own colour and label, and ends done', () => {
    useStore.getState().runArms('fn-hurts-more', ARMS);
    expect(runner.starts).toHaveLength(1);
    expect(runner.starts[0].fnRate).toBe(0.3);
    let q = useStore.getState().queue!;
    expect(q).toMatchObject({ presetId: 'fn-hurts-more', index: 0, status: 'running', runId: 1 });
    expect(useStore.getState().activePreset).toBe('fn-hurts-more');

    finishLive(0.4);
    expect(runner.starts).toHaveLength(2);
    expect(runner.starts[1]).toMatchObject({ fpRate: 0.3, fnRate: 0, steps: 3 });
    expect(useStore.getState().settings.fpRate).toBe(0.3);
    q = useStore.getState().queue!;
    expect(q).toMatchObject({ index: 1, status: 'running', runId: 2 });
    expect(useStore.getState().pinned.map((p) => p.label)).toEqual(['arm 1: FN 0.3']);
    // The pinned arm is not also drawn as the ghost.
    expect(useStore.getState().ghost).toBeNull();
    // No debounced restart sneaks in.
    vi.advanceTimersByTime(2000);
    expect(runner.starts).toHaveLength(2);

    finishLive(0.3);
    q = useStore.getState().queue!;
    expect(q.status).toBe('done');
    expect(q.results.map((r) => r.label)).toEqual(['FN 0.3', 'FP 0.3']);
    const pinned = useStore.getState().pinned;
    expect(pinned.map((p) => p.label)).toEqual(['arm 1: FN 0.3', 'arm 2: FP 0.3']);
    expect(pinned.map((p) => p.color)).toEqual([PIN_COLORS[0], PIN_COLORS[1]]);
    expect(runner.starts).toHaveLength(2);
    // The finding's own assessment of the two arms (finding 2, mid base with std norm), one seed each.
    const a = presetAssessment(presetById('fn-hurts-more')!, q.results);
    expect(a.sentence).toBe('Held-out pass@1 at the plateau, differences unpaired (the arms\' seeds differ). mid base (pass@1 0.35): beta 1, K=4: FN 0.400 (stopped at the plateau 0/1, step 3), '
      + 'FP 0.300 (stopped at the plateau 0/1, step 3); FN - FP +10.0pp (within noise).');
    expect(a.holds).toBeNull();
    expect(a.metrics['mid beta 1 K4 fn - fp']).toBeCloseTo(0.1, 12);
  });

  it('pins keep the colours of runs pinned before, and a stale update of a finished arm does nothing', () => {
    useStore.getState().start();
    useStore.getState().receive({ runId: 1, records: [evalRec(0, 0.35)], phase: 'running', stepsDone: 0, activeMs: 1 });
    useStore.getState().pinLive();
    useStore.getState().runArms('fn-hurts-more', ARMS);
    finishLive(0.4);
    // The first arm's run sends one more (late) update: ignored, the queue stays on arm 2.
    useStore.getState().receive({ runId: 2, records: [], phase: 'finished', stepsDone: 3, activeMs: 20 });
    expect(useStore.getState().queue!.index).toBe(1);
    expect(useStore.getState().pinned.map((p) => p.color)).toEqual([PIN_COLORS[0], PIN_COLORS[1]]);
    expect(runner.starts).toHaveLength(3);
  });

  it.each([
    ['changing a setting', () => useStore.getState().setSetting('lr', 0.001)],
    ['Reset', () => useStore.getState().reset()],
    ['Run again', () => useStore.getState().start()],
    ['another preset', () => useStore.getState().applySettings({ ...DEFAULT_SETTINGS, base: 'strong' }, 'strong-base')],
  ])('%s cancels the queue: the next finish starts no arm', (_name, act) => {
    useStore.getState().runArms('fn-hurts-more', ARMS);
    act();
    expect(useStore.getState().queue).toBeNull();
    vi.advanceTimersByTime(1000);
    const starts = runner.starts.length;
    if (useStore.getState().live) finishLive(0.4);
    expect(runner.starts.length).toBe(starts);
    expect(useStore.getState().pinned).toEqual([]);
  });

  it('an arm that fails ends the queue as failed and starts nothing more', () => {
    useStore.getState().runArms('fn-hurts-more', ARMS);
    const id = useStore.getState().live!.id;
    useStore.getState().receive({ runId: id, records: [], phase: 'error', stepsDone: 1, activeMs: 1, error: { message: 'NaN loss', step: 1 } });
    expect(useStore.getState().queue).toMatchObject({ status: 'failed', index: 0 });
    expect(runner.starts).toHaveLength(1);
  });

  it('presetArms builds full settings for each arm on the defaults, keeping the backend', () => {
    const arms = presetArms(presetById('fn-fp-strong')!, 'wasm');
    expect(arms.map((a) => a.label)).toEqual(['strong base, beta 1, K=4, FN 0.3', 'strong base, beta 1, K=4, FP 0.3']);
    expect(arms[0].settings).toMatchObject({ base: 'strong', fnRate: 0.3, fpRate: 0, backend: 'wasm', steps: 400, plateau: true, seeds: 3 });
    expect(arms[1].settings).toMatchObject({ base: 'strong', fnRate: 0, fpRate: 0.3, backend: 'wasm' });
    const single = presetArms(presetById('j-negative')!);
    expect(single).toHaveLength(1);
    expect(single[0].settings).toMatchObject({ fnRate: 0.5, fpRate: 0.6 });
  });
});

describe('arms queue transitions (pure)', () => {
  const q0 = () => startArms<string>('fn-hurts-more', ARMS);

  it('starts at the first arm with no run, then follows the run it launched', () => {
    const q = q0();
    expect(q).toEqual({ presetId: 'fn-hurts-more', arms: ARMS, index: 0, runId: null, results: [], status: 'running', error: null });
    const launched = armLaunched(q, 7);
    expect(launched.runId).toBe(7);
    expect(isCurrentArm(launched, 7)).toBe(true);
    expect(isCurrentArm(launched, 6)).toBe(false);
    expect(isCurrentArm(null, 7)).toBe(false);
    // Without a worker the queue fails at once.
    expect(armLaunched(q, null)).toMatchObject({ status: 'failed', error: NO_RUNNER });
  });

  it('a finished arm is kept and pinned as "arm i: <label>"; the next arm follows, and the last ends the queue', () => {
    const first = armFinished(armLaunched(q0(), 1), 'run 1');
    expect(first.pinLabel).toBe('arm 1: FN 0.3');
    expect(first.next).toBe(ARMS[1]);
    expect(first.queue).toMatchObject({ index: 1, runId: null, results: ['run 1'], status: 'running' });
    // Until the next arm's run starts, no update is the current arm's.
    expect(isCurrentArm(first.queue, 1)).toBe(false);
    const second = armFinished(armLaunched(first.queue, 2), 'run 2');
    expect(second.pinLabel).toBe('arm 2: FP 0.3');
    expect(second.next).toBeNull();
    expect(second.queue).toMatchObject({ index: 2, runId: null, results: ['run 1', 'run 2'], status: 'done' });
    expect(isCurrentArm(second.queue, 2)).toBe(false);
  });

  it('a failed arm ends the queue where it was, and a failed queue takes no more updates', () => {
    const q = armFailed(armLaunched(q0(), 1), 'NaN loss');
    expect(q).toMatchObject({ index: 0, status: 'failed', error: 'NaN loss' });
    expect(isCurrentArm(q, 1)).toBe(false);
  });

  it('progress reads "Arm i of n: <label> · step s of N", loading and paused included', () => {
    const q = armLaunched(q0(), 1);
    expect(armsProgress(q, { status: 'running', stepsDone: 2 })).toBe('Arm 1 of 2: FN 0.3 · step 2 of 3');
    expect(armsProgress(q, { status: 'loading', stepsDone: 0 })).toBe('Arm 1 of 2: FN 0.3 · loading');
    const next = armFinished(q, 'run 1').queue;
    expect(armsProgress(next, { status: 'paused', stepsDone: 1 })).toBe('Arm 2 of 2: FP 0.3 · step 1 of 3 (paused)');
  });
});
