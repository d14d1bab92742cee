// The global L2 norm of a set of gradients, summed two tensors at a time. Not tf.addN: on
// WebGPU addN binds every input as a storage buffer in one shader, and with the policy's 31
// gradients that exceeds the adapter's limit (8 per stage on SwiftShader, the WebGPU
// default): the pipeline is invalid and the norm comes back as garbage, so clipping and the
// logged gradNorm were wrong on WebGPU. Found by test/e2e/webgpu.test.ts.
import * as tf from '@tensorflow/tfjs';

/** sqrt(sum over tensors of sum(g^2)), as a scalar. Call inside tf.tidy. */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  if (!grads.length) return tf.scalar(0);
  let parts: tf.Tensor[] = grads.map((g) => g.square().sum());
  // Pairwise, so every kernel has two inputs and the sum's rounding does not grow with the count.
  while (parts.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < parts.length; i += 2) next.push(i + 1 < parts.length ? parts[i].add(parts[i + 1]) : parts[i]);
    parts = next;
  }
  return tf.sqrt(parts[0]) as tf.Scalar;
}
