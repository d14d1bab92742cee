import { describe, expect, it } from 'vitest';
import { INITIAL_VISIBILITY, inViewFromRatio, stepVisibility, type VisibilityInput, type VisibilityState } from '../../src/ui/visibility';
import type { Status } from '../../src/ui/store';

/** Drive the machine through a list of observations; the run's status follows the actions like the store's does. */
function drive(autoplay: boolean, events: Partial<VisibilityInput>[], status0: Status = 'idle') {
  let state: VisibilityState = INITIAL_VISIBILITY;
  let input: VisibilityInput = { inView: false, pageVisible: true, status: status0, autoplay };
  const actions: (string | null)[] = [];
  for (const e of events) {
    input = { ...input, ...e };
    const r = stepVisibility(state, input);
    state = r.state;
    actions.push(r.action);
    if (r.action === 'start') input = { ...input, status: 'loading' };
    if (r.action === 'pause') input = { ...input, status: 'paused' };
    if (r.action === 'resume') input = { ...input, status: 'running' };
  }
  return { actions, status: input.status, state };
}

describe('embed visibility', () => {
  it('autoplay starts the first time the embed is shown, not before', () => {
    expect(drive(true, [{}, { inView: true }]).actions).toEqual([null, 'start']);
    // In view but the tab hidden: wait.
    expect(drive(true, [{ inView: true, pageVisible: false }, { pageVisible: true }]).actions).toEqual([null, 'start']);
  });

  it('without autoplay nothing starts on its own', () => {
    expect(drive(false, [{ inView: true }, { inView: false }, { inView: true }]).actions).toEqual([null, null, null]);
  });

  it('leaving the view pauses a running run and coming back resumes it', () => {
    const r = drive(true, [{ inView: true }, { status: 'running' }, { inView: false }, { inView: true }]);
    expect(r.actions).toEqual(['start', null, 'pause', 'resume']);
    expect(r.status).toBe('running');
  });

  it('a hidden tab pauses and a visible one resumes', () => {
    const r = drive(true, [{ inView: true }, { status: 'running' }, { pageVisible: false }, { pageVisible: true }]);
    expect(r.actions).toEqual(['start', null, 'pause', 'resume']);
  });

  it('a run still loading when the embed leaves is paused once it runs', () => {
    const r = drive(true, [{ inView: true }, { inView: false }, { status: 'running' }, { inView: true }]);
    expect(r.actions).toEqual(['start', null, 'pause', 'resume']);
  });

  it('a comparison\'s next arm, started paused after the embed left the view, is resumed when it comes back', () => {
    // Arm 1 ends its last step after the pause; arm 2 loads and waits, paused (arms-control.ts).
    const r = drive(true, [{ inView: true }, { status: 'running' }, { inView: false }, { status: 'finished' }, { status: 'loading' }, { inView: true }, { status: 'paused' }]);
    expect(r.actions).toEqual(['start', null, 'pause', null, null, null, 'resume']);
    expect(r.status).toBe('running');
    expect(r.state.autoPaused).toBe(false);
  });

  it('a pause by the reader stays when the embed comes back into view', () => {
    const r = drive(true, [{ inView: true }, { status: 'running' }, { status: 'paused' }, { inView: false }, { inView: true }]);
    expect(r.actions).toEqual(['start', null, null, null, null]);
    expect(r.status).toBe('paused');
  });

  it('after a reset (idle again) autoplay does not start another run', () => {
    const r = drive(true, [{ inView: true }, { status: 'running' }, { status: 'idle' }, { inView: false }, { inView: true }]);
    expect(r.actions).toEqual(['start', null, null, null, null]);
  });

  it('a run started by the reader is paused and resumed the same way; a finished run is left alone', () => {
    const r = drive(false, [{ inView: true }, { status: 'running' }, { inView: false }, { inView: true }, { status: 'finished' }, { inView: false }]);
    expect(r.actions).toEqual([null, null, 'pause', 'resume', null, null]);
    expect(r.state.autoPaused).toBe(false);
  });

  it('three embeds scrolled past in turn: at most one trains at a time', () => {
    const states = [INITIAL_VISIBILITY, INITIAL_VISIBILITY, INITIAL_VISIBILITY];
    const status: Status[] = ['idle', 'idle', 'idle'];
    for (let shown = 0; shown < 3; shown++) {
      for (let i = 0; i < 3; i++) {
        const r = stepVisibility(states[i], { inView: i === shown, pageVisible: true, status: status[i], autoplay: true });
        states[i] = r.state;
        if (r.action === 'start' || r.action === 'resume') status[i] = 'running';
        if (r.action === 'pause') status[i] = 'paused';
      }
      expect(status.filter((s) => s === 'running').length).toBe(1);
      expect(status[shown]).toBe('running');
    }
  });

  it('counts an embed in view from 30% of it', () => {
    expect(inViewFromRatio(0.5, true)).toBe(true);
    expect(inViewFromRatio(0.1, true)).toBe(false);
    expect(inViewFromRatio(1, false)).toBe(false);
  });
});
