// The part of tfjs-wasm's backend that the engine's own WASM kernels (wasm-kernels.ts,
// wasm-fused.ts, wasm-matmul.ts) use: the package does not export its backend's type.
import type * as tf from '@tensorflow/tfjs';

export type Info = tf.TensorInfo;
/** What tfjs hands a kernel function. */
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown };
/** A tensor's data as a view of the wasm heap, by dtype. */
export type Heap = Float32Array | Int32Array | Uint8Array;

export interface WasmBackendLike {
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(t: Info): Heap;
  /** The Emscripten module: its memory is an export (asm.memory), or wasmMemory with threads. */
  wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown };
}

/** A float32 tensor's data as a view of the wasm heap. */
export function f32View(backend: WasmBackendLike, t: Info): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** tfjs-wasm's memory, where its tensors lie, or null if this build hides it. */
export function memoryOf(backend: WasmBackendLike): WebAssembly.Memory | null {
  const m = backend.wasm?.asm?.memory ?? backend.wasm?.wasmMemory;
  return m instanceof WebAssembly.Memory ? m : null;
}
