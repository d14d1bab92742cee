// Kernel calls of one unit of work, counted by tfjs' own profiler on the active backend.
// customGrad ops appear in a profile under their scope name as well as through the kernels
// they run; only registered kernels are counted, so a wrapper is not counted twice.
import * as tf from '@tensorflow/tfjs';

export interface KernelCount {
  /** Registered-kernel invocations. */
  calls: number;
  /** Summed kernel time as the backend reports it (ms); on WASM this is wall time per kernel. */
  kernelMs: number;
  /** Per kernel name: calls and time, most calls first. */
  byKernel: { name: string; calls: number; ms: number }[];
}

interface ProfiledKernel { name: string; kernelTimeMs: number | { error: string } }

/** Summarise profiled kernels; `isKernel` tells registered kernels from customGrad scopes. */
export function summariseKernels(kernels: readonly ProfiledKernel[], isKernel: (name: string) => boolean): KernelCount {
  const by = new Map<string, { name: string; calls: number; ms: number }>();
  let calls = 0;
  let kernelMs = 0;
  for (const k of kernels) {
    if (!isKernel(k.name)) continue;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    calls++;
    kernelMs += ms;
    const e = by.get(k.name) ?? { name: k.name, calls: 0, ms: 0 };
    e.calls++;
    e.ms += ms;
    by.set(k.name, e);
  }
  const byKernel = [...by.values()].sort((a, b) => b.calls - a.calls || b.ms - a.ms);
  return { calls, kernelMs, byKernel };
}

/** Run `work` under tf.profile and count the kernels it dispatched on the current backend. */
export async function countKernels<T>(work: () => Promise<T>): Promise<{ result: T; count: KernelCount }> {
  let result: T | undefined;
  const backend = tf.getBackend();
  const info = await tf.profile(async () => { result = await work(); return [] as unknown as tf.TensorContainer; });
  const count = summariseKernels(info.kernels as unknown as ProfiledKernel[], (name) => tf.getKernel(name, backend) !== undefined);
  return { result: result as T, count };
}
