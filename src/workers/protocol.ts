// The message shapes between the UI thread and the trainer worker. The worker only
// adapts the engine: it forwards the engine's MetricRecords in batches and says what
// state the run is in. Nothing here is computed for display.
import type { Settings } from '../engine/settings';
import type { MetricRecord, RunInfo } from '../engine/types';

export type RunPhase = 'loading' | 'running' | 'paused' | 'finished' | 'error';

/** One batch pushed to the UI, a few times per second at most. */
export interface WorkerUpdate {
  /** The id the UI gave to start(); updates of superseded runs are dropped by the UI. */
  runId: number;
  /** Records produced since the previous update, in order. */
  records: MetricRecord[];
  phase: RunPhase;
  /** Set once, in the first update after the trainer exists. */
  info?: RunInfo;
  /** Set once the tfjs backend is chosen (before the trainer exists), with the reason. */
  backend?: { backend: string; reason: string };
  stepsDone: number;
  /** Milliseconds spent training (paused time excluded) since the run started. */
  activeMs: number;
  /** Present when phase is 'error'. */
  error?: { message: string; step: number | null };
  /** Progress text while loading assets or initialising the backend. */
  loadingText?: string;
}

export interface StartOptions {
  /** Absolute URL of the site root, with a trailing slash; datasets and models are fetched below it. */
  baseUrl: string;
  /** Absolute URL of the folder holding the tfjs .wasm binaries, with a trailing slash. */
  wasmPath: string;
  /** Minimum milliseconds between two updates (default 250). */
  flushMs?: number;
}

export interface TrainerWorkerApi {
  /** Stop any current run and start a new one. Resolves once the run has begun (or failed to). */
  start(settings: Settings, runId: number, options: StartOptions, onUpdate: (u: WorkerUpdate) => void): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stop and dispose the current run; no further updates for it. */
  reset(): Promise<void>;
}
