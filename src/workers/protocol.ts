// The message shapes between the UI thread and the trainer worker. The worker only
// adapts the engine: it forwards the engine's MetricRecords in batches and says what
// state the run is in. Nothing here is computed for display.
import type { Settings } from '../engine/settings';
import type { MetricRecord, RunInfo } from '../engine/types';
import type { BackendFigure, BenchCache, CachedBench } from '../engine/backend-bench';

/** The backend a run uses, why, and how it was chosen (exported with the run). */
export interface BackendUpdate {
  backend: string;
  reason: string;
  /** forced: the link or control named it; fallback: the forced one failed; measured/cached: `auto` timed each usable backend; only: `auto` had one candidate. */
  how?: 'forced' | 'fallback' | 'measured' | 'cached' | 'only';
  /** The benchmark behind a measured or cached choice. */
  figures?: BackendFigure[];
  /** The WebGPU adapter the figures belong to, or 'no-webgpu'. */
  adapter?: string;
}

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
  backend?: BackendUpdate;
  /** A new backend benchmark for the page to keep (browser storage), so the next run need not measure. */
  saveBench?: { key: string; entry: CachedBench };
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
  /** Backend benchmarks the page saved earlier (see src/ui/backend-cache.ts); none = measure. */
  backendCache?: BenchCache;
  /** `auto` also measures software renderers (the page's `?measureSoftware=1`; for testing without a GPU). */
  measureSoftware?: boolean;
  /** Cores this run may spread its seeds over (a comparison's arm: every core, shared with the other arms); default navigator.hardwareConcurrency. */
  cores?: number;
  /** Start paused: load and build the trainer, then wait for resume() (a comparison's arm started after Pause). */
  paused?: boolean;
  /** The page's `?testHooks=1`: the worker answers testKillSeedWorker (browser tests only). */
  testHooks?: boolean;
}

export interface TrainerWorkerApi {
  /** Stop any current run and start a new one. Resolves once the run has begun (or failed to). */
  start(settings: Settings, runId: number, options: StartOptions, onUpdate: (u: WorkerUpdate) => void): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stop and dispose the current run; no further updates for it. */
  reset(): Promise<void>;
  /**
   * Browser tests only (a run started with testHooks): terminate the current run's last seed
   * worker, as the browser would kill one, and return the seeds it held ([] when there is none).
   */
  testKillSeedWorker(): Promise<number[]>;
}
