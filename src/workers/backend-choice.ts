// The browser side of the measured backend choice (src/engine/backend-bench.ts does the
// timing and the pick): find which backends this browser offers, time a few real GRPO
// steps of the run's settings on each, and reuse figures the page saved for this adapter
// and these settings. A forced backend is honoured without measuring.
import * as tf from '@tensorflow/tfjs';
import { isSoftwareAdapter, selectBackend, type BackendResult, type GpuAdapterLike } from '../engine/backend';
import {
  adapterKey, autoCandidates, backendName, benchCacheKey, benchEntry, findCached, measureBackends,
  type BackendBenchResult, type BackendFigure, type BenchCache, type BenchTiming, type CachedBench,
} from '../engine/backend-bench';
import type { Settings } from '../engine/settings';
import { createTrainer } from '../engine/trainer';
import type { TrainerAssets } from '../engine/trainer';

/** How the backend of a run was chosen; exported with the run so a curve can be reproduced. */
export type BackendHow = 'forced' | 'fallback' | 'measured' | 'cached' | 'only';

export interface BackendDecision extends BackendResult {
  how: BackendHow;
  /** The benchmark's figures behind a measured or cached choice. */
  figures?: BackendFigure[];
  /** The adapter the figures belong to ('no-webgpu' without a hardware WebGPU adapter). */
  adapter?: string;
  /** A new measurement for the page to save under `key`. */
  save?: { key: string; entry: CachedBench };
}

export interface AdapterProbe {
  /** 'no-webgpu', or vendor/architecture/description of the adapter. */
  key: string;
  /** A WebGPU adapter exists and is hardware. */
  hardware: boolean;
  /** A WebGPU adapter exists but is a software fallback (SwiftShader). */
  software: boolean;
  info: Record<string, string | boolean> | null;
}


/** The WebGPU adapter, if any: its identity (the cache key) and whether it is software. */
export async function probeAdapter(): Promise<AdapterProbe> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } } }).navigator?.gpu;
  let adapter: GpuAdapterLike | null = null;
  try {
    adapter = gpu ? await gpu.requestAdapter() : null;
  } catch {
    adapter = null;
  }
  if (!adapter) return { key: 'no-webgpu', hardware: false, software: false, info: null };
  const i = adapter.info ?? {};
  const software = isSoftwareAdapter(adapter);
  const info = { vendor: i.vendor ?? '', architecture: i.architecture ?? '', device: i.device ?? '', description: i.description ?? '', software };
  // A software adapter does not take part in `auto`, so its figures are not the adapter's.
  return { key: software ? 'no-webgpu' : adapterKey(i), hardware: !software, software, info };
}

/** Backends this worker can try at all (whether they initialise is found out by trying). */
export function browserHas(): { wasm: boolean; webgl: boolean } {
  return {
    wasm: typeof WebAssembly === 'object',
    webgl: typeof OffscreenCanvas !== 'undefined' || typeof document !== 'undefined',
  };
}

/** Renderers that draw on the CPU: WebGL on them is 5-10x slower than WASM (shared/browser-testing.md). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render/i;

/**
 * The WebGL renderer's name and whether it is software. A software renderer is skipped by
 * `auto` as a software WebGPU adapter is: setting it up alone (shader compiles on the CPU)
 * took about 13 s of a 26 s start-up on a machine without a GPU, to learn it is the slowest.
 */
export function probeWebgl(): { available: boolean; software: boolean; renderer: string } {
  try {
    const canvas: { getContext(kind: string): unknown } | null = typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(1, 1)
      : typeof document !== 'undefined' ? document.createElement('canvas') : null;
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return { available: false, software: false, renderer: '' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, software: SOFTWARE_RENDERER.test(renderer), renderer };
  } catch {
    return { available: false, software: false, renderer: '' };
  }
}

/** Make `backend` tfjs's active backend; false when it is not the one that came up. */
export async function activateBackend(backend: string, wasmPath: string): Promise<boolean> {
  const r = await selectBackend(backend as Settings['backend'], { wasmPath });
  return r.backend === backend && tf.getBackend() === backend;
}

/** Time the run's settings on each backend in `candidates` (see measureBackends). */
export function benchmarkBackends(
  candidates: readonly string[], settings: Settings, assets: TrainerAssets, wasmPath: string,
  timing: BenchTiming, onFigure?: (f: BackendFigure) => void, noteFor?: (b: string) => string | undefined,
): Promise<BackendBenchResult> {
  return measureBackends(candidates, settings, {
    activate: (b) => activateBackend(b, wasmPath),
    makeTrainer: (s, b) => createTrainer({ ...s, backend: b as Settings['backend'] }, assets, { backend: b, reason: 'benchmark' }),
    onFigure,
    noteFor,
  }, timing);
}

/** Start-up timing for `auto`: enough to tell backends apart, short enough not to be noticed much. */
export const AUTO_TIMING: BenchTiming = { warmupSteps: 1, steps: 3, capMs: 1000 };

/**
 * The backend for a run. A forced choice is set as asked (falling back with a reason when it
 * cannot start). `auto` with one usable candidate takes it; with several it uses saved
 * figures for this adapter and settings, or measures them (returning them to be saved).
 */
export async function decideBackend(
  settings: Settings, wasmPath: string, loadAssets: () => Promise<TrainerAssets>,
  cache: BenchCache | undefined, nowMs: number, onProgress?: (text: string) => void,
  /** Measure software WebGL too (the page's `measureSoftware=1`, for testing on machines without a GPU). */
  measureSoftware = false,
): Promise<BackendDecision> {
  if (settings.backend !== 'auto') {
    const r = await selectBackend(settings.backend, { wasmPath });
    return { ...r, how: r.backend === settings.backend ? 'forced' : 'fallback' };
  }
  const adapter = await probeAdapter();
  const has = browserHas();
  const webgl = has.webgl ? probeWebgl() : { available: false, software: false, renderer: '' };
  const webglUsable = webgl.available && (!webgl.software || measureSoftware);
  const candidates = autoCandidates({ webgpuHardware: adapter.hardware, wasm: has.wasm, webgl: webglUsable });
  const skips = [
    adapter.software ? 'WebGPU adapter is a software fallback, not measured' : '',
    webgl.available && !webglUsable ? `WebGL renderer is software (${webgl.renderer}), not measured` : '',
  ].filter(Boolean);
  const skipped = skips.join('; ');
  const key = benchCacheKey(adapter.key, settings);
  const hit = findCached(cache, adapter.key, settings, candidates, nowMs);
  if (hit && (await activateBackend(hit.entry.pick, wasmPath))) {
    const when = new Date(hit.entry.at).toISOString().slice(0, 10);
    const where = hit.exact ? `measured ${when}` : `measured ${when} at ${hit.entry.shape ?? 'other settings'}`;
    return { backend: hit.entry.pick, reason: `${hit.entry.reason} (${where})`, how: 'cached', figures: hit.entry.figures, adapter: adapter.key };
  }
  if (candidates.length > 1) {
    onProgress?.(`Measuring ${candidates.map(backendName).join(', ')} on this device…`);
    const assets = await loadAssets();
    const r = await benchmarkBackends(candidates, settings, assets, wasmPath, AUTO_TIMING, (f) => onProgress?.(`Measured ${backendName(f.backend)}${f.error ? ': failed' : `: ${f.stepsPerSecond.toFixed(1)} steps/s`}`));
    if (r.pick && (await activateBackend(r.pick, wasmPath))) {
      const reason = skipped ? `${r.reason}; ${skipped}` : r.reason;
      const entry: CachedBench = benchEntry(adapter.key, settings, nowMs, { figures: r.figures, pick: r.pick, reason });
      return { backend: r.pick, reason, how: 'measured', figures: r.figures, adapter: adapter.key, save: { key, entry } };
    }
  }
  // One candidate, or none measured: the fixed preference order (hardware WebGPU, WASM, WebGL, CPU).
  const r = await selectBackend('auto', { wasmPath });
  const reason = skipped && r.backend === candidates[0] ? `${backendName(r.backend)}: the only fast backend here (${skipped})` : r.reason;
  return { ...r, reason, how: 'only', adapter: adapter.key };
}
