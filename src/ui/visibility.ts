// Several embeds on one page must not train at once. An embed trains only while it is
// shown: in view (IntersectionObserver) and its tab visible (visibilitychange). This is
// the pure state machine; the DOM side (App.tsx) feeds it observations and the run's
// status and carries out the action it returns through the store.
import type { Status } from './store';

export interface VisibilityInput {
  /** Enough of the embed is inside the (top-level) viewport. */
  inView: boolean;
  /** document.visibilityState === 'visible'. */
  pageVisible: boolean;
  /** The live run's status ('idle' when there is none). */
  status: Status;
  /** The link asked for autoplay: the first time the embed is shown, it starts. */
  autoplay: boolean;
}

export interface VisibilityState {
  /** A run has been started (by autoplay or the reader): autoplay never starts another. */
  started: boolean;
  /** The run is paused because the embed was hidden, so it resumes when shown again. A pause by the reader stays. */
  autoPaused: boolean;
}

export type VisibilityAction = 'start' | 'pause' | 'resume' | null;

export const INITIAL_VISIBILITY: VisibilityState = { started: false, autoPaused: false };

/** Share of the embed that must be in the viewport to count as in view. */
export const IN_VIEW_RATIO = 0.3;

export function isShown(input: Pick<VisibilityInput, 'inView' | 'pageVisible'>): boolean {
  return input.inView && input.pageVisible;
}

/**
 * The next state and what to do. Shown: autoplay starts the first run; a run paused here is
 * resumed. Hidden: a running run is paused (one still loading is paused once it runs: call
 * again on every status change). A run the reader paused stays paused.
 */
export function stepVisibility(state: VisibilityState, input: VisibilityInput): { state: VisibilityState; action: VisibilityAction } {
  const started = state.started || input.status !== 'idle';
  // The reader can pause only a running run, so only 'running' clears the mark: a comparison's
  // next arm, started paused after our pause (arms-control.ts, through 'finished' and 'loading'),
  // is ours to resume too.
  const autoPaused = state.autoPaused && input.status !== 'running';
  if (isShown(input)) {
    if (input.status === 'idle' && input.autoplay && !started) return { state: { started: true, autoPaused: false }, action: 'start' };
    if (input.status === 'paused' && autoPaused) return { state: { started, autoPaused: false }, action: 'resume' };
    return { state: { started, autoPaused }, action: null };
  }
  if (input.status === 'running') return { state: { started, autoPaused: true }, action: 'pause' };
  return { state: { started, autoPaused }, action: null };
}

/** In view from an IntersectionObserver entry's ratio (with a little slack for rounding). */
export function inViewFromRatio(ratio: number, isIntersecting: boolean): boolean {
  return isIntersecting && ratio >= IN_VIEW_RATIO - 0.01;
}
