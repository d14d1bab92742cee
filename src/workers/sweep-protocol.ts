// Messages between the UI's worker pool and a sweep worker. A sweep worker runs one whole
// job (a settings object) through the engine and returns the run's summary plus the
// held-out curve, so sweeps and findings never stream per-step records to the page.
import type { Settings } from '../engine/settings';
import type { RunSummary } from '../experiments/sweep';
import type { RunInfo } from '../engine/types';

/** One held-out evaluation, reduced to what the sweep and findings charts draw. */
export interface CurvePoint {
  step: number;
  rollouts: number;
  pass1: number;
  /** pass@k at the run's readout k. */
  passK: number;
  fnRate: number | null;
  fpRate: number | null;
}

/** One seed of a multi-seed job: its own summary (summarizeRun of its records) and curve. */
export interface SeedOutcome {
  seed: number;
  summary: RunSummary;
  curve: CurvePoint[];
}

export interface JobOutcome {
  /** The run's summary (of the mean over seeds for a multi-seed run). */
  summary: RunSummary;
  curve: CurvePoint[];
  info: RunInfo;
  wallMs: number;
  backend: string;
  /** Multi-seed runs (the seeds of one cell run together): each seed's own outcome, in seed order. */
  perSeed?: SeedOutcome[];
}

export interface JobProgress {
  stepsDone: number;
  steps: number;
}

export interface SweepWorkerOptions {
  /** Absolute URL of the site root, with a trailing slash. */
  baseUrl: string;
  /** Absolute URL of the folder holding the tfjs .wasm binaries. */
  wasmPath: string;
}

export interface SweepWorkerApi {
  /** Run one job to the end; progress is reported a few times per second at most. */
  run(settings: Settings, options: SweepWorkerOptions, onProgress: (p: JobProgress) => void): Promise<JobOutcome>;
}
