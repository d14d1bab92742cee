// Backend choice and the reason for it. A software WebGPU adapter (SwiftShader) is
// about 45x slower than WASM here, so "WebGPU first" means a hardware adapter only.
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from './settings';
import { registerWasmKernels } from './wasm-kernels';
import { registerFusedKernels } from './wasm-fused';

export interface BackendResult {
  backend: string;
  reason: string;
}

export interface BackendOptions {
  /** Directory (with trailing slash) holding the tfjs-backend-wasm .wasm files, for browsers. */
  wasmPath?: string;
}

/** What this code reads of a WebGPU adapter. */
export interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

/** A software adapter (the browser's fallback, or SwiftShader): ~45x slower than WASM here. */
export function isSoftwareAdapter(adapter: GpuAdapterLike): boolean {
  return Boolean(adapter.isFallbackAdapter ?? adapter.info?.isFallbackAdapter) || adapter.info?.architecture === 'swiftshader';
}

async function registerWasm(opts: BackendOptions): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (opts.wasmPath) wasm.setWasmPaths(opts.wasmPath);
  registerWasmKernels();
  registerFusedKernels();
}

async function trySet(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Why WebGPU is not usable here, or null when a hardware adapter is present. */
export async function webgpuUnavailableReason(): Promise<string | null> {
  const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
  if (!gpu) return 'WebGPU unavailable: this browser has no navigator.gpu';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'WebGPU unavailable: no adapter';
    if (isSoftwareAdapter(adapter)) {
      return 'WebGPU adapter is a software fallback (slower than WASM)';
    }
    return null;
  } catch (e) {
    return `WebGPU unavailable: ${(e as Error).message}`;
  }
}

/**
 * Pick and initialise a tfjs backend. `auto` tries a hardware WebGPU adapter, then WASM,
 * then WebGL, then CPU; a forced choice that fails falls through the same chain and says so.
 */
export async function selectBackend(choice: BackendChoice, opts: BackendOptions = {}): Promise<BackendResult> {
  const isBrowser = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== 'string';
  const notes: string[] = [];

  const attempt = async (name: string): Promise<boolean> => {
    if (name === 'webgpu') {
      if (!isBrowser) { notes.push('WebGPU unavailable in Node'); return false; }
      const why = await webgpuUnavailableReason();
      if (why && choice !== 'webgpu') { notes.push(why); return false; }
      if (why) notes.push(`${why}; forced anyway`);
      await import('@tensorflow/tfjs-backend-webgpu');
    }
    if (name === 'wasm') await registerWasm(opts);
    if (name === 'webgl' && !isBrowser) { notes.push('WebGL unavailable in Node'); return false; }
    const ok = await trySet(name);
    if (!ok) notes.push(`${name} failed to initialise`);
    return ok;
  };

  const chain = choice === 'auto'
    ? ['webgpu', 'wasm', 'webgl', 'cpu']
    : [choice, ...['wasm', 'webgl', 'cpu'].filter((b) => b !== choice)];
  for (const name of chain) {
    if (await attempt(name)) {
      const lead = choice === 'auto' || choice === name ? '' : `${choice} requested; `;
      const why = notes.length ? `${notes.join('; ')}; using ${name.toUpperCase()}` : `${name.toUpperCase()}${choice === 'auto' ? ' (best available)' : ' (requested)'}`;
      return { backend: name, reason: lead + why };
    }
  }
  throw new Error(`No tfjs backend could be initialised: ${notes.join('; ')}`);
}
