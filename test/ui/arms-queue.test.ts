// The comparison presets' queue: its pure transitions (arms-queue.ts), and in the store: arms
// run at the same time on two or more cores (one after the other on one), each finished arm is
// pinned with its colour and label, a failed arm keeps its records and reruns, the finding's
// assessment reads the arms' runs, and a user action drops the queue cleanly.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import {
  NO_RUNNER, armFailed, armFinished, armLanes, armLaunched, armOfRun, armRerun, armResults, armsProgress, armsToLaunch, armsWaiting, startArms, type ArmRun, type ArmSpec,
} from '../../src/ui/arms-queue';
import type { WorkerUpdate } from '../../src/workers/protocol';
import { PIN_COLORS, attachRunner, useStore } from '../../src/ui/store';
import { FakeRunner, evalRec, step } from './arms-fixtures';
import { presetArms, presetAssessment, presetById } from '../../src/ui/presets';

/** A tiny custom budget: 3 steps per arm, evaluations at 0 and 3. */
const TINY: Partial<Settings> = { steps: 3, evalEvery: 3, evalProblems: 8, evalSamples: 2, seeds: 1 };
const ARMS: ArmSpec[] = [
  { label: 'FN 0.3', settings: { ...DEFAULT_SETTINGS, ...TINY, fnRate: 0.3 } },
  { label: 'FP 0.3', settings: { ...DEFAULT_SETTINGS, ...TINY, fpRate: 0.3 } },
];

/** Stream a whole tiny run for run `id` (default: the live one) and finish it. */
function finishLive(pass1: number, id = useStore.getState().live!.id) {
  const { receive } = useStore.getState();
  receive({ runId: id, records: [evalRec(0, 0.35), step(1), step(2)], phase: 'running', stepsDone: 2, activeMs: 10 });
  receive({ runId: id, records: [step(3), evalRec(3, pass1)], phase: 'finished', stepsDone: 3, activeMs: 20 });
}

/** The first update of an `auto` run: the backend it chose. */
const chose = (runId: number): WorkerUpdate => ({ runId, records: [], phase: 'loading', stepsDone: 0, activeMs: 0, backend: { backend: 'wasm', reason: 'measured', how: 'measured' } });

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

  it('on one core runs the arms one after the other, pins each with its own colour and label, and ends done', () => {
    useStore.getState().runArms('fn-hurts-more', ARMS);
    expect(runner.starts).toHaveLength(1);
    expect(runner.starts[0].fnRate).toBe(0.3);
    expect(runner.places[0]).toEqual({ lane: 0, cores: 1 });
    let q = useStore.getState().queue!;
    expect(q).toMatchObject({ presetId: 'fn-hurts-more', status: 'running', lanes: 1 });
    expect(q.slots.map((x) => x.state)).toEqual(['running', 'waiting']);
    expect(useStore.getState().activePreset).toBe('fn-hurts-more');

    finishLive(0.4);
    expect(runner.starts).toHaveLength(2);
    expect(runner.starts[1]).toMatchObject({ fpRate: 0.3, fnRate: 0, steps: 3 });
    expect(useStore.getState().settings.fpRate).toBe(0.3);
    q = useStore.getState().queue!;
    expect(q.slots.map((x) => [x.state, x.runId])).toEqual([['done', 1], ['running', 2]]);
    expect(useStore.getState().live!.id).toBe(2);
    expect(useStore.getState().pinned.map((p) => p.label)).toEqual(['arm 1: FN 0.3']);
    // The pinned arm is not also drawn as the ghost.
    expect(useStore.getState().ghost).toBeNull();
    // No debounced restart sneaks in.
    vi.advanceTimersByTime(2000);
    expect(runner.starts).toHaveLength(2);

    finishLive(0.3);
    q = useStore.getState().queue!;
    expect(q.status).toBe('done');
    expect(armResults(q).map((r) => r.label)).toEqual(['FN 0.3', 'FP 0.3']);
    const pinned = useStore.getState().pinned;
    expect(pinned.map((p) => p.label)).toEqual(['arm 1: FN 0.3', 'arm 2: FP 0.3']);
    expect(pinned.map((p) => p.color)).toEqual([PIN_COLORS[0], PIN_COLORS[1]]);
    expect(runner.starts).toHaveLength(2);
    // The finding's own assessment of the two arms (finding 2, mid base with std norm), one seed each.
    const a = presetAssessment(presetById('fn-hurts-more')!, armResults(q));
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
    expect(useStore.getState().queue!.slots.map((x) => x.state)).toEqual(['done', 'running']);
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

  it('an arm that fails keeps its records and names itself; the other arm still runs; Rerun runs it again', () => {
    useStore.getState().runArms('fn-hurts-more', ARMS);
    const id = useStore.getState().live!.id;
    useStore.getState().receive({ runId: id, records: [evalRec(0, 0.35), step(1)], phase: 'running', stepsDone: 1, activeMs: 1 });
    useStore.getState().receive({ runId: id, records: [], phase: 'error', stepsDone: 1, activeMs: 1, error: { message: 'seed 3: a seed worker was terminated', step: null } });
    let q = useStore.getState().queue!;
    expect(q.slots[0]).toMatchObject({ state: 'failed', error: 'Arm 1 of 2 (FN 0.3) stopped at step 1: seed 3: a seed worker was terminated' });
    expect(q.slots[0].run!.steps).toHaveLength(1);
    expect(q.slots[0].run!.evals).toHaveLength(1);
    // One core: the second arm takes the freed lane.
    expect(runner.starts).toHaveLength(2);
    finishLive(0.3);
    q = useStore.getState().queue!;
    expect(q.status).toBe('failed');
    expect(useStore.getState().pinned.map((p) => p.label)).toEqual(['arm 2: FP 0.3']);
    useStore.getState().rerunArm(0);
    expect(runner.starts).toHaveLength(3);
    expect(runner.starts[2].fnRate).toBe(0.3);
    finishLive(0.4);
    q = useStore.getState().queue!;
    expect(q.status).toBe('done');
    expect(armResults(q).map((r) => r.id)).toEqual([3, 2]);
    // The rerun arm 1 takes its place before arm 2 (arms-control.test.ts has more on pin order).
    expect(useStore.getState().pinned.map((p) => p.label)).toEqual(['arm 1: FN 0.3', 'arm 2: FP 0.3']);
  });

  it('with two cores runs both arms at once, each on its lane spreading its seeds over both cores, after the first chose the backend; pins each as it finishes', () => {
    runner = new FakeRunner(2);
    attachRunner(runner);
    useStore.getState().pinLive(); // nothing to pin
    useStore.getState().pinImported({ settings: DEFAULT_SETTINGS, info: null, steps: [], evals: [evalRec(0, 0.3)] }, 'recorded: clean');
    useStore.getState().runArms('fn-hurts-more', ARMS);
    // `auto`: the second arm waits until the first says which backend it uses.
    expect(runner.starts).toHaveLength(1);
    useStore.getState().receive(chose(1));
    expect(runner.starts).toHaveLength(2);
    expect(runner.places).toEqual([{ lane: 0, cores: 2 }, { lane: 1, cores: 2 }]);
    expect(runner.starts[1]).toMatchObject({ fpRate: 0.3, backend: 'wasm' });
    let s = useStore.getState();
    expect(s.live!.id).toBe(1);
    expect(s.queue!.slots.map((x) => x.state)).toEqual(['running', 'running']);
    // The running arms take colours no pin has; the recorded pin keeps its own.
    expect(s.queue!.slots.map((x) => x.run!.color)).toEqual([PIN_COLORS[1], PIN_COLORS[2]]);
    expect(armsProgress(s.queue!)).toBe('Arm 1 of 2: FN 0.3 · loading; arm 2 of 2: FP 0.3 · loading');
    // Arm 2 finishes first: pinned at once with its colour; the live run stays arm 1.
    finishLive(0.3, 2);
    s = useStore.getState();
    expect(s.pinned.map((p) => [p.label, p.color])).toEqual([['recorded: clean', PIN_COLORS[0]], ['arm 2: FP 0.3', PIN_COLORS[2]]]);
    expect(s.live!.id).toBe(1);
    expect(s.queue!.status).toBe('running');
    finishLive(0.4, 1);
    s = useStore.getState();
    expect(s.queue!.status).toBe('done');
    // Arm 1 takes its place before arm 2, in its own colour.
    expect(s.pinned.map((p) => [p.label, p.color])).toEqual([['recorded: clean', PIN_COLORS[0]], ['arm 1: FN 0.3', PIN_COLORS[1]], ['arm 2: FP 0.3', PIN_COLORS[2]]]);
    expect(armResults(s.queue!).map((r) => r.id)).toEqual([1, 2]);
    expect(runner.starts).toHaveLength(2);
  });

  it('a forced backend starts every arm at once; a dead trainer worker fails its arm only, named, with its records', () => {
    runner = new FakeRunner(8);
    attachRunner(runner);
    const arms = ARMS.map((a) => ({ ...a, settings: { ...a.settings, backend: 'wasm' as const } }));
    useStore.getState().runArms('fn-hurts-more', arms);
    expect(runner.places).toEqual([{ lane: 0, cores: 8 }, { lane: 1, cores: 8 }]);
    useStore.getState().receive({ runId: 2, records: [evalRec(0, 0.35), step(1), step(2)], phase: 'running', stepsDone: 2, activeMs: 1 });
    useStore.getState().workerCrashed('The training worker crashed: out of memory', 2);
    const s = useStore.getState();
    expect(s.queue!.slots[1]).toMatchObject({ state: 'failed', error: 'Arm 2 of 2 (FP 0.3) stopped at step 2: The training worker crashed: out of memory' });
    expect(s.queue!.slots[1].run!.steps).toHaveLength(2);
    expect(s.queue!.slots[0].state).toBe('running');
    expect(s.live!.id).toBe(1);
    // A user action drops the queue: the other arms stop, the live one carries on.
    useStore.getState().cancelArms();
    expect(runner.calls).toContain('stopOthers 1');
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
  const run = (stepsDone: number, status = 'running'): ArmRun => ({ status, stepsDone });

  it('one lane per core, at most one per arm, each arm spreading its seeds over every core (twice the cores at most); one core runs them one after the other', () => {
    const arms = (id: string) => presetArms(presetById(id)!);
    const equal = arms('fn-hurts-more');
    expect(armLanes(equal, 1)).toEqual({ lanes: 1, coresPerArm: 1 });
    expect(armLanes(equal, undefined)).toEqual({ lanes: 1, coresPerArm: 1 });
    // Two 3-seed arms on 2 cores: each as if it had both, so when one stops the other has them.
    expect(armLanes(equal, 2)).toEqual({ lanes: 2, coresPerArm: 2 });
    expect(armLanes(equal, 4)).toEqual({ lanes: 2, coresPerArm: 4 });
    expect(armLanes([...equal, equal[0]], 2)).toEqual({ lanes: 2, coresPerArm: 2 });
    // Three lanes on 16 cores: 10 cores each, 30 in all, within twice the 16.
    expect(armLanes([...equal, equal[0]], 16)).toEqual({ lanes: 3, coresPerArm: 10 });
    // Unequal arms (clean at K=4 against FN at K=16) run at once too: the cheap arm's cores pass to the dear one when it ends.
    const unequal = arms('compute-cant-buy-supervision');
    expect(unequal.map((a) => a.settings.rolloutsPerPrompt)).toEqual([4, 16]);
    expect(armLanes(unequal, 2)).toEqual({ lanes: 2, coresPerArm: 2 });
  });

  it('launches as many arms as lanes, each on a free lane; holdOthers starts only the first', () => {
    const q = startArms<ArmRun>('fn-hurts-more', ARMS, 2);
    expect(armsWaiting(q)).toBe(true);
    expect(armsToLaunch(q)).toEqual([{ index: 0, lane: 0 }, { index: 1, lane: 1 }]);
    expect(armsToLaunch(q, true)).toEqual([{ index: 0, lane: 0 }]);
    const one = armLaunched(q, 0, 0, 7, run(0));
    expect(armsWaiting(one)).toBe(false);
    expect(armsToLaunch(one, true)).toEqual([]);
    expect(armsToLaunch(one)).toEqual([{ index: 1, lane: 1 }]);
    expect(armOfRun(one, 7)).toBe(0);
    expect(armOfRun(one, 6)).toBe(-1);
    expect(armOfRun(null, 7)).toBe(-1);
    // Without a worker the arm fails at once.
    expect(armLaunched(q, 0, 0, null, null).slots[0]).toMatchObject({ state: 'failed', error: NO_RUNNER });
    const seq = startArms<ArmRun>('fn-hurts-more', ARMS, 1);
    expect(armsToLaunch(seq)).toEqual([{ index: 0, lane: 0 }]);
  });

  it('a finished arm is kept and pinned as "arm i: <label>" before the later arms that finished first; the queue is done when every arm is, in arm order', () => {
    let q = armLaunched(armLaunched(startArms<ArmRun>('fn-hurts-more', ARMS, 2), 0, 0, 1, run(0)), 1, 1, 2, run(0));
    const second = armFinished(q, 1, run(3, 'finished'));
    expect(second.pinLabel).toBe('arm 2: FP 0.3');
    expect(second.pinBefore).toEqual([]);
    q = second.queue;
    expect(q.status).toBe('running');
    expect(armResults(q)).toEqual([]);
    // A late update of the finished arm is no arm's.
    expect(armOfRun(q, 2)).toBe(-1);
    const first = armFinished(q, 0, run(3, 'finished'));
    expect(first.pinLabel).toBe('arm 1: FN 0.3');
    expect(first.pinBefore).toEqual([q.slots[1].run]);
    expect(first.queue.status).toBe('done');
    expect(armResults(first.queue)).toEqual([run(3, 'finished'), run(3, 'finished')]);
  });

  it('a failed arm keeps its run, the queue goes on, ends failed, and a rerun puts the arm back in line', () => {
    let q = armLaunched(armLaunched(startArms<ArmRun>('fn-hurts-more', ARMS, 2), 0, 0, 1, run(0)), 1, 1, 2, run(0));
    q = armFailed(q, 1, 'NaN loss', run(2, 'error'));
    expect(q.slots[1]).toMatchObject({ state: 'failed', error: 'NaN loss', run: run(2, 'error') });
    expect(q.status).toBe('running');
    expect(armsProgress(q)).toBe('Arm 1 of 2: FN 0.3 · step 0 of 3; arm 2 of 2: FP 0.3 · stopped at step 2');
    q = armFinished(q, 0, run(3, 'finished')).queue;
    expect(q.status).toBe('failed');
    q = armRerun(q, 1);
    expect(q.status).toBe('running');
    expect(armsToLaunch(q)).toEqual([{ index: 1, lane: 0 }]);
  });

  it('progress reads "Arm i of n: <label> · step s of N" per arm, running arms first, loading and paused included', () => {
    const q = armLaunched(startArms<ArmRun>('fn-hurts-more', ARMS, 2), 0, 0, 1, run(2));
    expect(armsProgress(q)).toBe('Arm 1 of 2: FN 0.3 · step 2 of 3; arm 2 of 2: FP 0.3 · waiting');
    const both = armLaunched(q, 1, 1, 2, run(0, 'loading'));
    expect(armsProgress(both)).toBe('Arm 1 of 2: FN 0.3 · step 2 of 3; arm 2 of 2: FP 0.3 · loading');
    const later = armFinished(both, 0, run(3, 'finished')).queue;
    expect(armsProgress({ ...later, slots: later.slots.map((x, i) => (i === 1 ? { ...x, run: run(1, 'paused') } : x)) }))
      .toBe('Arm 2 of 2: FP 0.3 · step 1 of 3 (paused); arm 1 of 2: FN 0.3 · done');
  });
});
