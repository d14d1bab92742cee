// Messages between the ?bench=1 page and its worker (src/workers/bench-role.ts).
import type { BackendFigure, BenchTiming } from '../engine/backend-bench';
import type { Settings } from '../engine/settings';

/** What the benchmark page shows and what `npm run bench:browser` reads (the JSON to copy). */
export interface BrowserBenchReport {
  format: 'rlvr-browser-bench-v1';
  date: string;
  userAgent: string;
  tfjs: string;
  /** The model size benchmarked (the run settings' `model`, 'tiny' until that setting exists). */
  model: string;
  /** The settings key the figures depend on (model, task, B, K, seeds). */
  settingsKey: string;
  settings: Settings;
  timing: Required<Omit<BenchTiming, 'now'>>;
  /** The WebGPU adapter, if the browser has one (software = SwiftShader or another fallback). */
  adapter: { vendor: string; architecture: string; device: string; description: string; software: boolean } | null;
  /** Every seed runs in the benchmark's one worker (a real WASM run spreads seeds over the cores). */
  seedsInOneWorker: true;
  results: BackendFigure[];
  pick: string | null;
  summary: string;
}

export interface BenchOptions {
  baseUrl: string;
  wasmPath: string;
  /** Backends to time, in order; null = every one this browser offers (WebGPU, WASM, WebGL). */
  backends: string[] | null;
  timing: Required<Omit<BenchTiming, 'now'>>;
}

export interface BenchWorkerApi {
  run(settings: Settings, options: BenchOptions, onFigure: (f: BackendFigure) => void): Promise<BrowserBenchReport>;
}
