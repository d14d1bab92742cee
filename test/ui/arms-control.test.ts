// The store's side of a comparison's arms (src/ui/arms-control.ts) with a fake runner: pins
// take their place by arm number whatever order the arms finish in, keeping the colours they
// ran in; Pause pauses the arms running and every arm started after it (a freed lane, the next
// arm one after the other), and Run resumes them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import type { EvalRecord, StepRecord } from '../../src/engine/types';
import type { ArmSpec } from '../../src/ui/arms-queue';
import { PIN_COLORS, attachRunner, useStore } from '../../src/ui/store';
import { FakeRunner, evalRec, step } from './arms-fixtures';

const TINY: Partial<Settings> = { steps: 3, evalEvery: 3, evalProblems: 8, evalSamples: 2, seeds: 1, backend: 'wasm' };
const arm = (label: string, s: Partial<Settings>): ArmSpec => ({ label, settings: { ...DEFAULT_SETTINGS, ...TINY, ...s } });
const ARMS: ArmSpec[] = [arm('FN 0.3', { fnRate: 0.3 }), arm('FP 0.3', { fpRate: 0.3 })];
const THREE: ArmSpec[] = [...ARMS, arm('clean', {})];

const receive = (runId: number, phase: 'loading' | 'running' | 'paused' | 'finished', records: (StepRecord | EvalRecord)[] = [], stepsDone = 0) =>
  useStore.getState().receive({ runId, records, phase, stepsDone, activeMs: 1 });

/** Run `id` streams a whole tiny run and finishes. */
function finish(id: number) {
  receive(id, 'running', [evalRec(0, 0.35), step(1), step(2)], 2);
  receive(id, 'finished', [step(3), evalRec(3, 0.4)], 3);
}

const slotStates = () => useStore.getState().queue!.slots.map((s) => s.state);

describe('arms control', () => {
  let runner: FakeRunner;
  const use = (cores: number) => {
    runner = new FakeRunner(cores);
    attachRunner(runner);
  };
  beforeEach(() => {
    useStore.setState({ settings: { ...DEFAULT_SETTINGS }, live: null, ghost: null, pinned: [], notices: [], autoRestart: true, activePreset: null, queue: null });
  });
  afterEach(() => attachRunner(null));

  it('arm 2 finishing before arm 1 is pinned after it: pins stand in arm order, each in the colour it ran in', () => {
    use(2);
    useStore.getState().pinImported({ settings: DEFAULT_SETTINGS, info: null, steps: [], evals: [evalRec(0, 0.3)] }, 'recorded: clean');
    useStore.getState().runArms('fn-hurts-more', ARMS);
    expect(runner.places).toEqual([{ lane: 0, cores: 2 }, { lane: 1, cores: 2 }]);
    const ran = useStore.getState().queue!.slots.map((s) => [s.run!.label, s.run!.color]);
    expect(ran).toEqual([['FN 0.3', PIN_COLORS[1]], ['FP 0.3', PIN_COLORS[2]]]);
    // Arm 2 finishes first, then arm 1.
    finish(2);
    expect(useStore.getState().pinned.map((p) => p.label)).toEqual(['recorded: clean', 'arm 2: FP 0.3']);
    finish(1);
    const s = useStore.getState();
    expect(s.queue!.status).toBe('done');
    expect(s.pinned.map((p) => [p.label, p.color])).toEqual([
      ['recorded: clean', PIN_COLORS[0]], ['arm 1: FN 0.3', PIN_COLORS[1]], ['arm 2: FP 0.3', PIN_COLORS[2]],
    ]);
  });

  it('three arms finishing 3, 1, 2 end pinned in arm order', () => {
    use(4);
    useStore.getState().runArms('fn-hurts-more', THREE);
    expect(slotStates()).toEqual(['running', 'running', 'running']);
    finish(3);
    finish(1);
    expect(useStore.getState().pinned.map((p) => p.label)).toEqual(['arm 1: FN 0.3', 'arm 3: clean']);
    finish(2);
    expect(useStore.getState().pinned.map((p) => p.label)).toEqual(['arm 1: FN 0.3', 'arm 2: FP 0.3', 'arm 3: clean']);
  });

  it('Pause pauses the arms running and the arm that takes a freed lane after it; Run resumes them, and later arms start unpaused', () => {
    use(2);
    useStore.getState().runArms('fn-hurts-more', THREE);
    expect(runner.places).toEqual([{ lane: 0, cores: 2 }, { lane: 1, cores: 2 }]);
    receive(1, 'running', [evalRec(0, 0.35)]);
    receive(2, 'running', [evalRec(0, 0.35)]);
    useStore.getState().pause();
    expect(runner.calls).toEqual(['pause']);
    expect(useStore.getState().live).toMatchObject({ id: 1, status: 'paused' });
    expect(useStore.getState().queue!.paused).toBe(true);
    // Arm 1 finishes the step it had in flight: arm 3 takes its lane, paused.
    receive(1, 'finished', [step(1), step(2), step(3), evalRec(3, 0.4)], 3);
    expect(runner.places[2]).toEqual({ lane: 0, cores: 2, paused: true });
    expect(slotStates()).toEqual(['done', 'running', 'running']);
    // The page follows arm 2, shown paused (the Resume button) though its worker's word is still on its way,
    // and a 'running' it sent before it heard of the pause does not unpause the page.
    expect(useStore.getState().live).toMatchObject({ id: 2, status: 'paused' });
    receive(2, 'running', [step(1)], 1);
    expect(useStore.getState().live).toMatchObject({ id: 2, status: 'paused' });
    receive(2, 'paused', [], 1);
    receive(3, 'loading');
    receive(3, 'paused');
    expect(useStore.getState().queue!.slots[2].run!.status).toBe('paused');
    useStore.getState().resume();
    expect(runner.calls).toEqual(['pause', 'resume']);
    expect(useStore.getState().live).toMatchObject({ id: 2, status: 'running' });
    expect(useStore.getState().queue!.paused).toBe(false);
    finish(3);
    finish(2);
    expect(useStore.getState().queue!.status).toBe('done');
    expect(useStore.getState().pinned.map((p) => p.label)).toEqual(['arm 1: FN 0.3', 'arm 2: FP 0.3', 'arm 3: clean']);
  });

  it('one after the other (one core): the next arm after a Pause starts paused; after Run the next one starts unpaused', () => {
    use(1);
    useStore.getState().runArms('fn-hurts-more', THREE);
    expect(runner.places).toEqual([{ lane: 0, cores: 1 }]);
    receive(1, 'running', [evalRec(0, 0.35)]);
    useStore.getState().pause();
    receive(1, 'finished', [step(1), step(2), step(3), evalRec(3, 0.4)], 3);
    expect(runner.places[1]).toEqual({ lane: 0, cores: 1, paused: true });
    expect(useStore.getState().live).toMatchObject({ id: 2, status: 'loading' });
    receive(2, 'loading');
    receive(2, 'paused');
    expect(useStore.getState().live).toMatchObject({ id: 2, status: 'paused' });
    useStore.getState().resume();
    expect(runner.calls).toEqual(['pause', 'resume']);
    finish(2);
    expect(runner.places[2]).toEqual({ lane: 0, cores: 1 });
  });

  it('Pause with no arm running (a plain run beside arms queued by a link) leaves the queued arms to start unpaused', () => {
    use(2);
    useStore.getState().start();
    receive(1, 'running', [evalRec(0, 0.35)]);
    useStore.getState().runArms('fn-hurts-more', ARMS, undefined, { start: false });
    useStore.getState().pause();
    expect(useStore.getState().queue!.paused).toBe(false);
    useStore.getState().start();
    expect(runner.places.slice(1)).toEqual([{ lane: 0, cores: 2 }, { lane: 1, cores: 2 }]);
  });
});
