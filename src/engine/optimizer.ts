// One Adam update over all parameters at once. tfjs' own Adam runs ~11 kernels per variable
// (over 350 for the policy's 32 weights) plus per-variable norms for clipping; here the
// gradients are concatenated once, and the moments, the bias correction and the step run on
// one flat vector. The arithmetic is tfjs' Adam op for op (same order, float32 scalars,
// epsilon added to sqrt(v-hat), bias terms from the running float32 products beta^t), so the
// parameters it produces are the ones tf.train.adam produces from the same gradients.
import * as tf from '@tensorflow/tfjs';

export interface AdamConfig {
  lr: number;
  beta1?: number;
  beta2?: number;
  /** Default: the backend's epsilon (1e-7 in float32), as tf.train.adam. */
  epsilon?: number;
}

export class FlatAdam {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Elements per variable, in `vars` order. */
  readonly sizes: number[];
  readonly size: number;
  private m: tf.Tensor1D;
  private v: tf.Tensor1D;
  /** The variables' values, concatenated; re-read when something else wrote a variable. */
  private params: tf.Tensor1D;
  /** Each variable's tensor data as this optimiser last saw it: a variable's assign replaces it. */
  private seen: object[];
  /** beta^t as tfjs keeps it: a float32 running product, starting at beta. */
  private acc1: number;
  private acc2: number;
  private steps = 0;

  constructor(readonly vars: readonly tf.Variable[], cfg: AdamConfig) {
    this.lr = cfg.lr;
    this.beta1 = cfg.beta1 ?? 0.9;
    this.beta2 = cfg.beta2 ?? 0.999;
    this.epsilon = cfg.epsilon ?? tf.backend().epsilon();
    this.sizes = vars.map((v) => v.size);
    this.size = this.sizes.reduce((a, b) => a + b, 0);
    this.acc1 = Math.fround(this.beta1);
    this.acc2 = Math.fround(this.beta2);
    this.m = tf.zeros([this.size]);
    this.v = tf.zeros([this.size]);
    this.params = this.flatten(vars);
    this.seen = vars.map((v) => v.dataId);
  }

  get iterations(): number {
    return this.steps;
  }

  /** Concatenate tensors shaped like the variables (e.g. their gradients) into one vector. */
  flatten(ts: readonly tf.Tensor[]): tf.Tensor1D {
    if (ts.length !== this.vars.length) throw new Error(`expected ${this.vars.length} tensors, got ${ts.length}`);
    return tf.tidy(() => tf.concat(ts.map((t, i) => {
      if (t.size !== this.sizes[i]) throw new Error(`tensor ${i} has ${t.size} elements, variable has ${this.sizes[i]}`);
      return t.reshape([-1]);
    })) as tf.Tensor1D);
  }

  /** Flat gradient from tf.variableGrads' map, in variable order (a missing gradient counts as zero). */
  flattenGrads(grads: tf.NamedTensorMap): tf.Tensor1D {
    return tf.tidy(() => this.flatten(this.vars.map((v) => grads[v.name] ?? tf.zerosLike(v))));
  }

  /**
   * One Adam step from the flat gradient `g`, first multiplied by `scale` (gradient clipping;
   * 1 skips the multiply). `g` is not disposed.
   */
  apply(g: tf.Tensor1D, scale = 1): void {
    if (g.size !== this.size) throw new Error(`gradient has ${g.size} elements, parameters ${this.size}`);
    if (this.vars.some((v, i) => v.dataId !== this.seen[i])) this.resync();
    const oneMinusAcc1 = Math.fround(1 - this.acc1);
    const oneMinusAcc2 = Math.fround(1 - this.acc2);
    const next = tf.tidy(() => {
      const grad = scale === 1 ? g : g.mul(scale);
      const m = tf.add(tf.mul(this.m, this.beta1), tf.mul(grad, 1 - this.beta1));
      const v = tf.add(tf.mul(this.v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2));
      const mHat = tf.div(m, oneMinusAcc1);
      const vHat = tf.div(v, oneMinusAcc2);
      const p = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.lr), this.params);
      const pieces = tf.split(p, this.sizes);
      return { m, v, p, pieces: pieces.map((t, i) => t.reshape(this.vars[i].shape)) };
    });
    tf.dispose([this.m, this.v, this.params]);
    this.m = next.m as tf.Tensor1D;
    this.v = next.v as tf.Tensor1D;
    this.params = next.p as tf.Tensor1D;
    next.pieces.forEach((t, i) => {
      this.vars[i].assign(t);
      t.dispose(); // the variable keeps its own reference to the data
    });
    this.seen = this.vars.map((v) => v.dataId);
    this.acc1 = Math.fround(this.acc1 * Math.fround(this.beta1));
    this.acc2 = Math.fround(this.acc2 * Math.fround(this.beta2));
    this.steps++;
  }

  /** Re-read the variables (apply does this by itself when one was assigned elsewhere). */
  resync(): void {
    this.params.dispose();
    this.params = this.flatten(this.vars);
    this.seen = this.vars.map((v) => v.dataId);
  }

  dispose(): void {
    tf.dispose([this.m, this.v, this.params]);
  }
}
