// The policy's layers with hand-written gradients, and on-device token sampling. Each piece
// exists to cut tfjs kernel dispatches per GRPO step (the step is dispatch-bound on WASM):
// autodiff through composite ops taps, clones and reshapes far more than the closed forms.
import * as tf from '@tensorflow/tfjs';

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
  // u < 1 keeps the count below V except for rounding at the very top; clamp for that case.
  return cdf.lessEqual(threshold).sum(1).minimum(tf.scalar(V - 1, 'int32')) as tf.Tensor1D; // int32 both sides: no casts
}

/**
 * Layer norm over the last axis of x [1, M, d] with gain g and bias b [d], with a hand-written
 * gradient: autodiff through tf.moments runs ~30 small kernels (mean's gradient broadcasts
 * with ones, casts and clones); this backward is the closed form in 12.
 */
export const layerNorm = tf.customGrad(((x: tf.Tensor3D, g: tf.Tensor1D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  const xc = x.sub(x.mean(-1, true));
  const rstd = tf.rsqrt(xc.square().mean(-1, true).add(1e-5));
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

/** x [1,M,K] @ w [1,K,N] + b [N], then relu or not: the fused matmul kernel, called directly. */
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

const linearRelu = tf.customGrad(((x: tf.Tensor3D, w: tf.Tensor3D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  const y = fusedMatMul(x, w, b, true);
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

