// The policy's layers with hand-written gradients, and on-device token sampling. Each piece
// exists to cut tfjs kernel dispatches per GRPO step (the step is dispatch-bound on WASM):
// autodiff through composite ops taps, clones and reshapes far more than the closed forms.
import * as tf from '@tensorflow/tfjs';
import { hasFusedLayerNorm, LAYER_NORM, LAYER_NORM_EPS, LAYER_NORM_GRAD } from './wasm-fused';

/**
 * Token choice by inverse CDF: logits [N, V] (already carrying any bias against forbidden
 * tokens), one uniform per row in `u` [N, 1] -> int32 ids [N]. The id is the number of
 * cumulative probabilities at or below u * total, so a token of probability 0 is never
 * chosen (its cumulative value equals its predecessor's). Call inside tf.tidy.
 */
export function sampleTokens(logits: tf.Tensor2D, u: tf.Tensor2D, temperature: number): tf.Tensor1D {
  const V = logits.shape[1];
  const cdf = tf.cumsum(tf.softmax(temperature === 1 ? logits : logits.div(temperature)), 1);
  const threshold = cdf.slice([0, V - 1], [-1, 1]).mul(u);
  // cdf - threshold <= 0 is cdf <= threshold exactly (a float32 difference of two distinct
  // values is never rounded to 0, subnormals included), and WASM compares against a scalar
  // ~10x faster than against a broadcast column (22 against 256 us at [128, 18]).
  // u < 1 keeps the count below V except for rounding at the very top; clamp for that case.
  return cdf.sub(threshold).lessEqual(0).sum(1).minimum(tf.scalar(V - 1, 'int32')) as tf.Tensor1D; // int32 both sides: no casts
}

/**
 * Layer norm over the last axis of x [1, M, d] with gain g and bias b [d], with a hand-written
 * gradient: autodiff through tf.moments runs ~30 small kernels (mean's gradient broadcasts
 * with ones, casts and clones); this backward is the closed form in 12. On WASM, for small
 * inputs, each direction is one fused kernel (wasm-fused.ts).
 */
const layerNormChain = tf.customGrad(((x: tf.Tensor3D, g: tf.Tensor1D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  const xc = x.sub(x.mean(-1, true));
  const rstd = tf.rsqrt(xc.square().mean(-1, true).add(LAYER_NORM_EPS));
  const xhat = xc.mul(rstd);
  save([xhat, rstd, g]);
  return {
    value: xhat.mul(g).add(b),
    gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
      const [xh, rs, gs] = saved;
      const dxhat = dy.mul(gs);
      const dx = dxhat.sub(dxhat.mean(-1, true)).sub(xh.mul(dxhat.mul(xh).mean(-1, true))).mul(rs);
      return [dx, dy.mul(xh).sum([0, 1]), dy.sum([0, 1])];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor3D;

const layerNormFused = tf.customGrad(((x: tf.Tensor3D, g: tf.Tensor1D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  const [y, xhat, rstd] = tf.engine().runKernel(LAYER_NORM, { x, g, b }, {}) as tf.Tensor[];
  save([xhat, rstd, g]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => {
      const [xh, rs, gs] = saved;
      return tf.engine().runKernel(LAYER_NORM_GRAD, { dy, xhat: xh, rstd: rs, g: gs }, {}) as tf.Tensor[];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor3D;

/**
 * Largest input the fused kernel takes. It runs in JavaScript, about 3x slower per element than
 * WASM's SIMD kernels: it saves the chain's dispatches (~5 us each) on sampling's [1, 128, 32]
 * decode steps (28 against 42 us per call, 2-core VM) but loses on the training forward's
 * [1, 640, 32] (127 against 94 us), which keeps the chain.
 */
export const FUSED_LAYER_NORM_MAX = 8192;

export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor3D {
  return x.size <= FUSED_LAYER_NORM_MAX && hasFusedLayerNorm() ? layerNormFused(x, g, b) : layerNormChain(x, g, b);
}

/** x [1,M,K] @ w [1,K,N] + b [N] (then relu or not): the fused matmul kernel, called directly. */
function fusedMatMul(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, relu: boolean): tf.Tensor3D {
  return tf.engine().runKernel('_FusedMatMul', { a: x, b: w, bias: b }, { transposeA: false, transposeB: false, activation: relu ? 'relu' : 'linear', leakyreluAlpha: 0 }) as tf.Tensor3D;
}

/**
 * Gradient of x @ w + b with explicit transposes: the WASM backend's transposed matmul is
 * about 3x slower than transpose + plain matmul here.
 */
function linearGrads(dz: tf.Tensor3D, xs: tf.Tensor3D, ws: tf.Tensor3D): tf.Tensor[] {
  return [tf.matMul(dz, ws.transpose([0, 2, 1])), tf.matMul(xs.transpose([0, 2, 1]), dz), dz.sum([0, 1])];
}

const linearPlain = tf.customGrad(((x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: fusedMatMul(x, w, b, false),
    gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => linearGrads(dy, saved[0] as tf.Tensor3D, saved[1] as tf.Tensor3D),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor3D;

// relu stays its own kernel: WASM's fused relu turns NaN into 0, which would hide a diverged
// run from the non-finite check (the separate relu keeps NaN, as on every other backend).
const linearRelu = tf.customGrad(((x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  const y = tf.relu(fusedMatMul(x, w, b, false));
  save([x, w, y]);
  return {
    value: y,
    // relu's gradient: dy where the output is positive.
    gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => linearGrads(dy.mul(tf.step(saved[2])), saved[0] as tf.Tensor3D, saved[1] as tf.Tensor3D),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor3D;

/** A linear layer on [1, M, K] activations with weights [1, K, N]: one kernel forward. */
export function linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, relu = false): tf.Tensor3D {
  return relu ? linearRelu(x, w, b) : linearPlain(x, w, b);
}

/**
 * qkv [1, N*L, 3d] -> q, k, v [N, H, L, dh]: heads first with two 4-D transposes, then a split
 * along the outermost axis (contiguous copies): splitting the last axis copies row by row
 * and costs ~5x more on WASM.
 */
export function splitHeads(qkv: tf.Tensor, N: number, L: number, H: number): tf.Tensor4D[] {
  const d = qkv.shape[2]! / 3;
  // A custom op so the tape keeps no copies of the reshapes' and transposes' inputs; the
  // gradient is the inverse rearrangement.
  const op = tf.customGrad(((x: tf.Tensor) => {
    const heads = x.reshape([N, L, 3, d]).transpose([2, 0, 1, 3]).reshape([3 * N, L, H, d / H]).transpose([0, 2, 1, 3]);
    return { value: heads, gradFunc: (dy: tf.Tensor) => joinHeads(dy, N, L) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor4D;
  return tf.split(op(qkv), 3, 0) as tf.Tensor4D[];
}

/** [3N, H, L, dh] (q, k, v stacked) -> [1, N*L, 3d]: the inverse of splitHeads' rearrangement. */
function joinHeads(heads: tf.Tensor, N: number, L: number): tf.Tensor3D {
  const [, H, , dh] = heads.shape;
  const d = H! * dh!;
  return heads.transpose([0, 2, 1, 3]).reshape([3, N, L, d]).transpose([1, 2, 0, 3]).reshape([1, N * L, 3 * d]) as tf.Tensor3D;
}

/** Attention weights softmax(q k^T * scale + mask) [N, H, L, total]. */
export function attend(q: tf.Tensor4D, k: tf.Tensor4D, mask: tf.Tensor, scale: number): tf.Tensor4D {
  return tf.softmax(tf.matMul(q, k, false, true).mul(scale).add(mask), -1) as tf.Tensor4D;
}

/** [N, H, L, dh] -> [1, N*L, H*dh]. */
export function mergeHeads(o: tf.Tensor4D, N: number, L: number): tf.Tensor3D {
  const [, H, , dh] = o.shape;
  return (L === 1 ? o : o.transpose([0, 2, 1, 3])).reshape([1, N * L, H * dh]) as tf.Tensor3D;
}

/**
 * Causal multi-head self-attention over whole sequences: qkv [1, N*L, 3d] (queries, keys and
 * values side by side, heads contiguous within each) and an additive mask [N, 1, L, L] ->
 * [1, N*L, d]. One custom op, so the tape saves q, k, v and the attention weights once
 * instead of every intermediate, and the backward is the closed form (softmax' included).
 * Call inside tf.tidy or a gradient tape; the mask gets no gradient.
 */
export function attention(qkv: tf.Tensor, mask: tf.Tensor, N: number, L: number, H: number): tf.Tensor3D {
  const d = qkv.shape[2]! / 3;
  const dh = d / H;
  const scale = 1 / Math.sqrt(dh);
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const [q, k, v] = splitHeads(x, N, L, H);
    const att = attend(q, k, mask, scale);
    save([q, k, v, att]);
    return {
      value: mergeHeads(tf.matMul(att, v), N, L),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [qs, ks, vs, a] = saved as tf.Tensor4D[];
        const dO = dy.reshape([N, L, H, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
        const dAtt = tf.matMul(dO, vs, false, true);
        const dv = tf.matMul(a, dO, true, false);
        // softmax backward: a * (dAtt - sum(dAtt * a)), then the score scale.
        const dS = a.mul(dAtt.sub(dAtt.mul(a).sum(-1, true))).mul(scale) as tf.Tensor4D;
        const dq = tf.matMul(dS, ks);
        const dk = tf.matMul(dS, qs, true, false);
        return joinHeads(tf.concat([dq, dk, dv], 0), N, L);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor3D;
  return op(qkv);
}

/**
 * a + b for two tensors of one shape (the residual stream). tfjs' Add saves copies of both
 * inputs for its gradient (to undo broadcasting); with equal shapes the gradient is dy for
 * both, so nothing needs saving.
 */
export const residualAdd = tf.customGrad(((a: tf.Tensor, b: tf.Tensor) => ({
  value: a.add(b),
  gradFunc: (dy: tf.Tensor) => [dy, dy],
})) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor3D;

/**
 * softmax(q k^T * scale + mask) v for heads already split: q [N, H, L, dh], k and v
 * [N, H, S, dh] (S >= L when earlier positions come from a cache), mask broadcastable to
 * [N, H, L, S] -> [N, H, L, dh]. One custom op like attention(), for the paths that keep keys
 * and values (sampling, shared prompts); the gradient reaches q, k and v.
 */
export function attendHeads(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor): tf.Tensor4D {
  const scale = 1 / Math.sqrt(q.shape[3]);
  const op = tf.customGrad(((qi: tf.Tensor4D, ki: tf.Tensor4D, vi: tf.Tensor4D, save: tf.GradSaveFunc) => {
    const att = attend(qi, ki, mask, scale);
    save([qi, ki, vi, att]);
    return {
      value: tf.matMul(att, vi),
      gradFunc: (dO: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [qs, ks, vs, a] = saved as tf.Tensor4D[];
        const dAtt = tf.matMul(dO, vs, false, true);
        const dS = a.mul(dAtt.sub(dAtt.mul(a).sum(-1, true))).mul(scale) as tf.Tensor4D;
        return [tf.matMul(dS, ks), tf.matMul(dS, qs, true, false), tf.matMul(a, dO, true, false)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.Tensor4D;
  return op(q, k, v);
}
