// Fused kernels for the WASM backend: layer norm forward and backward, each one kernel call
// where the tfjs op chain dispatches 9 (forward) and 12 (backward). They run in JavaScript on
// the wasm heap, slower per element than WASM's SIMD kernels, so layers.ts uses them only below
// a size where the saved dispatches outweigh that (sampling's decode steps: 25-30 layer norms a
// GRPO step).
// Rounding: the row mean, variance (as E[x^2] - mean^2, one pass) and the backward's two row
// means are summed in float64 here (tfjs sums in float32), so values differ from the op chain's
// in the last float32 bits.
// layers.ts calls these only where they are registered (the WASM backend); every other backend
// keeps the op chain.
import * as tf from '@tensorflow/tfjs';
import { f32View, type Info, type WasmBackendLike } from './wasm-backend';

export const LAYER_NORM = 'RlvrLayerNorm';
export const LAYER_NORM_GRAD = 'RlvrLayerNormGrad';
export const LAYER_NORM_EPS = 1e-5;

/**
 * x [..., d], g and b [d] -> y = xhat * g + b, xhat = (x - mean) * rstd (both [..., d]) and
 * rstd = 1 / sqrt(var + eps) ([..., 1]), per row of the last axis.
 */
function layerNorm({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }): Info[] {
  const b = backend as WasmBackendLike;
  const { x, g, b: bias } = inputs as unknown as { x: Info; g: Info; b: Info };
  const d = x.shape[x.shape.length - 1];
  const rows = x.shape.slice(0, -1).reduce((a, c) => a * c, 1);
  const yI = b.makeOutput(x.shape, 'float32');
  const xhI = b.makeOutput(x.shape, 'float32');
  const rsI = b.makeOutput([...x.shape.slice(0, -1), 1], 'float32');
  // Views after every makeOutput: an allocation may grow (and so move) the heap.
  const [xs, gs, bs, y, xh, rs] = [x, g, bias, yI, xhI, rsI].map((t) => f32View(b, t));
  for (let r = 0, o = 0; r < rows; r++, o += d) {
    // One pass for both moments: in float64, E[x^2] - mean^2 loses nothing at float32 inputs.
    let s = 0;
    let q = 0;
    for (let i = o; i < o + d; i++) { const v = xs[i]; s += v; q += v * v; }
    const mean = s / d;
    const rstd = 1 / Math.sqrt(Math.max(q / d - mean * mean, 0) + LAYER_NORM_EPS);
    rs[r] = rstd;
    for (let i = 0; i < d; i++) {
      const h = (xs[o + i] - mean) * rstd;
      xh[o + i] = h;
      y[o + i] = h * gs[i] + bs[i];
    }
  }
  return [yI, xhI, rsI];
}

/**
 * The closed-form backward from dy, xhat [..., d], rstd [..., 1] and g [d]:
 * dx = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) * rstd with dxhat = dy * g,
 * dg = sum over rows of dy * xhat, db = sum over rows of dy.
 */
function layerNormGrad({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }): Info[] {
  const b = backend as WasmBackendLike;
  const { dy, xhat, rstd, g } = inputs as unknown as { dy: Info; xhat: Info; rstd: Info; g: Info };
  const d = dy.shape[dy.shape.length - 1];
  const rows = dy.shape.slice(0, -1).reduce((a, c) => a * c, 1);
  const dxI = b.makeOutput(dy.shape, 'float32');
  const dgI = b.makeOutput([d], 'float32');
  const dbI = b.makeOutput([d], 'float32');
  const [dys, xh, rs, gs, dx, dgOut, dbOut] = [dy, xhat, rstd, g, dxI, dgI, dbI].map((t) => f32View(b, t));
  const dg = new Float64Array(d);
  const db = new Float64Array(d);
  for (let r = 0, o = 0; r < rows; r++, o += d) {
    let m1 = 0;
    let m2 = 0;
    for (let i = 0; i < d; i++) {
      const u = dys[o + i];
      const dxh = u * gs[i];
      m1 += dxh;
      m2 += dxh * xh[o + i];
      dg[i] += u * xh[o + i];
      db[i] += u;
    }
    m1 /= d;
    m2 /= d;
    const rstdR = rs[r];
    for (let i = 0; i < d; i++) dx[o + i] = (dys[o + i] * gs[i] - m1 - xh[o + i] * m2) * rstdR;
  }
  dgOut.set(dg);
  dbOut.set(db);
  return [dxI, dgI, dbI];
}

let registered = false;

/** Register the fused kernels on the WASM backend (once per process). */
export function registerFusedKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({ kernelName: LAYER_NORM, backendName: 'wasm', kernelFunc: layerNorm as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: LAYER_NORM_GRAD, backendName: 'wasm', kernelFunc: layerNormGrad as unknown as tf.KernelFunc });
}

/** Whether the active backend has the fused layer norm (WASM, once registered). */
export function hasFusedLayerNorm(): boolean {
  return tf.getKernel(LAYER_NORM, tf.getBackend()) !== undefined;
}
