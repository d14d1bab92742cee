// A run as the store holds it (RunData): created empty when it starts, and filed update by
// update from the worker's batches. Pure, so the store and the arms (arms-control.ts) file a
// run's records the same way; nothing here computes a metric.
import { DEFAULT_SETTINGS, SETTING_KEYS, fieldOf, type Settings } from '../engine/settings';
import type { EvalRecord, MetricRecord, RunInfo, StepRecord } from '../engine/types';
import type { BackendUpdate, RunPhase, WorkerUpdate } from '../workers/protocol';

export type Status = 'idle' | RunPhase | 'crashed';

export interface RunData {
  id: number;
  /** Short description of what differs from the defaults, e.g. "fn 0.3 · k 16". */
  label: string;
  settings: Settings;
  info: RunInfo | null;
  /** The backend in use, why and how it was chosen, known before the trainer exists. */
  backend: BackendUpdate | null;
  steps: StepRecord[];
  evals: EvalRecord[];
  status: Status;
  stepsDone: number;
  activeMs: number;
  error: string | null;
  loadingText: string | null;
  /** Colour used when the run is pinned (and by an arm's run while it runs beside the live one). */
  color: string;
}

// Six pins: a rate-or-fate preset pins its three recorded arms and then its three live ones.
export const PIN_COLORS = ['#8e44ad', '#d35400', '#16a085', '#7f8c8d', '#c2255c', '#5c940d'] as const;

export function describeSettings(s: Settings): string {
  const parts: string[] = [];
  for (const k of SETTING_KEYS) {
    if (k === 'backend' || s[k] === DEFAULT_SETTINGS[k]) continue;
    parts.push(`${fieldOf(k).flag} ${String(s[k])}`);
  }
  return parts.length ? parts.join(' · ') : 'defaults';
}

export function emptyRun(id: number, settings: Settings, status: Status, color: string = PIN_COLORS[0]): RunData {
  return {
    id, label: describeSettings(settings), settings, info: null, backend: null, steps: [], evals: [], status,
    stepsDone: 0, activeMs: 0, error: null, loadingText: null, color,
  };
}

/** The first pin colour none of `runs` has (the first one when all are taken). */
export function freeColor(runs: readonly { color: string }[]): string {
  const used = new Set(runs.map((r) => r.color));
  return PIN_COLORS.find((c) => !used.has(c)) ?? PIN_COLORS[0];
}

/** The run's error line for an update in the 'error' phase (null otherwise). */
export function updateError(u: WorkerUpdate): string | null {
  if (u.phase !== 'error') return null;
  const where = u.error?.step != null ? ` (step ${u.error.step})` : '';
  return `${u.error?.message ?? 'Training stopped with an unknown error.'}${u.error?.message?.includes('step') ? '' : where}`;
}

/** `run` with a worker update filed: its records appended, its phase, counters and backend taken. */
export function applyUpdate(run: RunData, u: WorkerUpdate): RunData {
  let steps = run.steps;
  let evals = run.evals;
  if (u.records.length) {
    const newSteps: StepRecord[] = [];
    const newEvals: EvalRecord[] = [];
    for (const r of u.records as MetricRecord[]) {
      if (r.type === 'step') newSteps.push(r);
      else if (r.type === 'eval') newEvals.push(r);
    }
    if (newSteps.length) steps = steps.concat(newSteps);
    if (newEvals.length) evals = evals.concat(newEvals);
  }
  // A pause or resume requested here wins over an update that was already in flight.
  let status: Status = u.phase;
  if (run.status === 'paused' && u.phase === 'running') status = 'paused';
  return {
    ...run,
    steps,
    evals,
    info: u.info ?? run.info,
    // The worker's own account (with how it chose and any benchmark figures) wins; info says the same backend.
    backend: u.backend ?? run.backend ?? (u.info ? { backend: u.info.backend, reason: u.info.backendReason } : null),
    status,
    stepsDone: u.stepsDone,
    activeMs: u.activeMs,
    error: updateError(u),
    loadingText: u.phase === 'loading' ? u.loadingText ?? null : null,
  };
}
