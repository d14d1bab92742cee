// A comparison preset's queue: its arms run one after the other; each finished arm is pinned
// (label "arm i: <label>") and kept in `results`. Pure state transitions, so the rules are
// tested without React or a worker; the store holds the queue and does what a transition
// says (launch the next arm, pin the finished one). Any user action on the run or the
// settings (a setting, Reset, Run again, another preset) drops the queue: the store sets it
// to null.
import type { Settings } from '../engine/settings';

/** One arm of a comparison preset: a label and the complete settings it runs. */
export interface ArmSpec {
  label: string;
  settings: Settings;
}

/** `R` is the finished run kept per arm (the store's RunData); generic so this module needs no store. */
export interface ArmsQueue<R> {
  presetId: string;
  arms: ArmSpec[];
  /** The arm running now; arms.length once all finished. */
  index: number;
  /** The live run of the current arm. */
  runId: number | null;
  /** The finished arms' runs, in arm order. */
  results: R[];
  status: 'running' | 'done' | 'failed';
  error: string | null;
}

export const NO_RUNNER = 'No training worker is attached.';

/** A queue at its first arm, before that arm's run has started. */
export function startArms<R>(presetId: string, arms: ArmSpec[]): ArmsQueue<R> {
  return { presetId, arms, index: 0, runId: null, results: [], status: 'running', error: null };
}

/** The current arm's run started with this id, or (null) could not start. */
export function armLaunched<R>(q: ArmsQueue<R>, runId: number | null): ArmsQueue<R> {
  return runId === null ? armFailed(q, NO_RUNNER) : { ...q, runId };
}

/** Queued and not started: a preset link's arms wait for start() (Run, autoplay, the embed in view). */
export function armsWaiting<R>(q: ArmsQueue<R> | null): boolean {
  return !!q && q.status === 'running' && q.index === 0 && q.runId === null && q.results.length === 0;
}

/** Whether an update of this run is the running queue's current arm (a late update of a finished arm is not). */
export function isCurrentArm<R>(q: ArmsQueue<R> | null, runId: number): q is ArmsQueue<R> {
  return !!q && q.status === 'running' && q.runId === runId;
}

/** The pin label of arm `index` (0-based). */
export function armPinLabel(index: number, label: string): string {
  return `arm ${index + 1}: ${label}`;
}

export interface ArmDone<R> {
  /** The queue on its next arm (no run yet), or done. */
  queue: ArmsQueue<R>;
  /** Label to pin the finished arm's run with. */
  pinLabel: string;
  /** The arm to launch next; null when that was the last. */
  next: ArmSpec | null;
}

/** The current arm finished with `result`: keep it, and move on to the next arm or end the queue. */
export function armFinished<R>(q: ArmsQueue<R>, result: R): ArmDone<R> {
  const pinLabel = armPinLabel(q.index, q.arms[q.index].label);
  const results = [...q.results, result];
  const index = q.index + 1;
  if (index >= q.arms.length) return { queue: { ...q, index, results, runId: null, status: 'done' }, pinLabel, next: null };
  return { queue: { ...q, index, results, runId: null }, pinLabel, next: q.arms[index] };
}

/** The current arm stopped (an error, a crashed worker): the queue ends there. */
export function armFailed<R>(q: ArmsQueue<R>, error: string): ArmsQueue<R> {
  return { ...q, status: 'failed', error };
}

/**
 * "Arm 2 of 2: FP 0.3 · step 40 of 100 (paused)", from the live run of a running queue;
 * "2 arms queued, press Run: FN 0.3, FP 0.3" while they wait.
 */
export function armsProgress<R>(q: ArmsQueue<R>, live: { status: string; stepsDone: number }): string {
  if (armsWaiting(q)) return `${q.arms.length} arms queued, press Run: ${q.arms.map((a) => a.label).join(', ')}`;
  const arm = q.arms[Math.min(q.index, q.arms.length - 1)];
  const where = live.status === 'loading' ? 'loading' : `step ${live.stepsDone} of ${arm.settings.steps}`;
  return `Arm ${q.index + 1} of ${q.arms.length}: ${arm.label} · ${where}${live.status === 'paused' ? ' (paused)' : ''}`;
}
