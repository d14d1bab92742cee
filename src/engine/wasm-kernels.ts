// Four tfjs-backend-wasm kernels replaced by copies that do the same work without the
// JavaScript-side copies the package's versions make, registered when the WASM backend is
// chosen (backend.ts). A GRPO step dispatches ~220 Identity kernels (tfjs clones every tensor a
// gradient saves) and ~20 splits; on WASM each Identity copied its tensor and each Slice first
// copied its whole input out of the wasm heap into a fresh ArrayBuffer (readSync), once per
// output of a split. In a browser worker those allocations cost several times what they cost
// in Node, which was a large part of the page's gap to Node. Values are copied exactly, so
// nothing computed changes. BatchMatMul is routed here too: its small batched matrices go to
// wasm-matmul.ts, the rest to the package's kernel.
import * as tf from '@tensorflow/tfjs';
import { smallBatchMatMul } from './wasm-matmul';
import type { Heap, Info, KernelArgs as Args, WasmBackendLike } from './wasm-backend';

/** Identity shares the input's buffer (reference counted), as the CPU backend's does and as WASM's own Reshape does. */
function identity({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }): Info {
  const x = inputs.x as Info;
  (backend as WasmBackendLike).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * The whole wasm heap as `view`'s element type, with view's and other views' element offsets
 * into it: runs are then copied by copyWithin, a memmove inside one buffer, instead of a
 * subarray (a new view object) + set per run, which cost ~1 us a run. Splitting the
 * [128, 4, 15, 8] key gradient along positions is 1,024 runs.
 */
function heapOf(view: Heap): Heap {
  const H = view.constructor as Float32ArrayConstructor;
  return new H(view.buffer) as Heap;
}
const offsetOf = (view: Heap) => view.byteOffset / view.BYTES_PER_ELEMENT;

/** Copy the box `begin` + `size` of x into a new tensor, reading the wasm heap in place. */
export function sliceHeap(x: Info, begin: number[], size: number[], backend: WasmBackendLike): Info {
  const out = backend.makeOutput(size, x.dtype);
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return out;
  // Views after makeOutput: its allocation may grow (and so move) the heap.
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const shape = x.shape;
  const rank = shape.length;
  const strides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
  // The innermost run that is contiguous in both: trailing axes taken whole, then one more.
  let inner = rank - 1;
  let run = size[rank - 1] ?? 1;
  while (inner > 0 && size[inner] === shape[inner]) { inner--; run *= size[inner]; }
  if (rank === 0 || run === total) {
    let off = 0;
    for (let i = 0; i < rank; i++) off += begin[i] * strides[i];
    dst.set(src.subarray(off, off + total));
    return out;
  }
  // Odometer over the axes before `inner` (inclusive of `inner` itself: each step is one run).
  const idx = new Array<number>(inner).fill(0);
  const heap = heapOf(dst);
  const d0 = offsetOf(dst);
  const s0 = offsetOf(src);
  let o = 0;
  for (;;) {
    let off = begin[inner] * strides[inner];
    for (let i = 0; i < inner; i++) off += (begin[i] + idx[i]) * strides[i];
    if (run < 32) for (let k = 0; k < run; k++) dst[o + k] = src[off + k];
    else heap.copyWithin(d0 + o, s0 + off, s0 + off + run);
    o += run;
    let i = inner - 1;
    while (i >= 0 && ++idx[i] === size[i]) idx[i--] = 0;
    if (i < 0) break;
  }
  return out;
}

function slice({ inputs, attrs, backend }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): Info {
  const x = inputs.x as Info;
  const [begin, size] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, attrs!.begin as number[], attrs!.size as number[]);
  return sliceHeap(x, begin, size, backend as WasmBackendLike);
}

function splitV({ inputs, attrs, backend }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): Info[] {
  const x = inputs.x as Info;
  const axis = tf.util.parseAxisParam(attrs!.axis as number, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs!.numOrSizeSplits as number[] | number, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const out = sliceHeap(x, [...begin], size, backend as WasmBackendLike);
    begin[axis] += s;
    return out;
  });
}

/**
 * Concatenation as WASM's own (outer blocks, each input's inner run in turn), but runs shorter
 * than 64 values are copied by a loop: sampling's key/value caches grow along their position
 * axis, so each step's concat of [N, H, S, dh] caches is N x H runs of S x dh and of dh values,
 * and a subarray + set per run (WASM's) costs far more than copying 8 floats; longer runs are
 * moved by copyWithin (heapOf).
 */
function concat({ inputs, attrs, backend }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): Info {
  const b = backend as WasmBackendLike;
  const xs = (inputs as unknown as Info[]).filter((t) => t.shape.reduce((a, c) => a * c, 1) > 0);
  const all = inputs as unknown as Info[];
  const axis = tf.util.parseAxisParam(attrs!.axis as number, all[0].shape)[0];
  const outShape = tf.backend_util.computeOutShape(all.map((t) => t.shape), axis);
  const out = b.makeOutput(outShape, all[0].dtype);
  const total = outShape.reduce((a, c) => a * c, 1);
  if (total === 0) return out;
  const dst = b.typedArrayFromHeap(out);
  const srcs = xs.map((t) => b.typedArrayFromHeap(t));
  const outer = all[0].shape.slice(0, axis).reduce((a, c) => a * c, 1);
  const inner = xs.map((t) => t.shape.slice(axis).reduce((a, c) => a * c, 1));
  const heap = heapOf(dst);
  const d0 = offsetOf(dst);
  const s0 = srcs.map(offsetOf);
  let o = 0;
  for (let r = 0; r < outer; r++) {
    for (let i = 0; i < srcs.length; i++) {
      const n = inner[i];
      const src = srcs[i];
      const off = r * n;
      if (n < 32) for (let k = 0; k < n; k++) dst[o + k] = src[off + k];
      else heap.copyWithin(d0 + o, s0[i] + off, s0[i] + off + n);
      o += n;
    }
  }
  return out;
}

let registered = false;

/**
 * Replace WASM's Identity, Slice, SplitV and Concat (once per process; string tensors keep the
 * package's kernels), and route its BatchMatMul's small batched matrices to wasm-matmul.ts.
 */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, kernelFunc] of [['Identity', identity], ['Slice', slice], ['SplitV', splitV], ['Concat', concat]] as const) {
    const config = tf.getKernel(kernelName, 'wasm') as tf.KernelConfig | undefined; // typed as always there; it is not before the package loads
    const own = config?.kernelFunc;
    if (own) tf.unregisterKernel(kernelName, 'wasm');
    // Concat's inputs are a list, the others' a tensor named x.
    const first = (args: Args) => (kernelName === 'Concat' ? (args.inputs as unknown as Info[])[0] : args.inputs.x as Info);
    const func = (args: Args) => (first(args)?.dtype === 'string' && own ? own(args as never) : kernelFunc(args));
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: func as unknown as tf.KernelFunc });
  }
  const mm = tf.getKernel('BatchMatMul', 'wasm') as tf.KernelConfig | undefined;
  if (mm) {
    tf.unregisterKernel('BatchMatMul', 'wasm');
    // The package's setup (binding its WASM function) still runs when the backend starts.
    const own = mm.kernelFunc as unknown as (args: Args) => Info;
    tf.registerKernel({ ...mm, kernelFunc: smallBatchMatMul(own) as unknown as tf.KernelFunc });
  }
}
