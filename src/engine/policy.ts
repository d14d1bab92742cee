// The policy: a tiny decoder-only transformer over the character vocabulary.
// Prompts are left-padded to a fixed window, so every answer starts at the same
// position and a whole batch generates in lockstep with one tensor shape.
import * as tf from '@tensorflow/tfjs';
import { MODEL_FORMAT, type BaseModelAssets, type ModelJson, type PolicyConfig } from './assets';
import type { TaskName } from './settings';
import { EOS, PAD } from './tokenizer';
import { randNormal, rngFor, sampleCategorical, type Rng } from './rng';

interface WeightSpec {
  name: string;
  shape: number[];
  /** Initial standard deviation; 'one' and 'zero' for layer-norm gains and biases. */
  init: number | 'one' | 'zero';
}

function weightSpecs(c: PolicyConfig): WeightSpec[] {
  const d = c.dModel;
  const specs: WeightSpec[] = [
    { name: 'tok_emb', shape: [c.vocabSize, d], init: 0.1 },
    { name: 'pos_emb', shape: [c.contextLength, d], init: 0.1 },
  ];
  const proj = 1 / Math.sqrt(d);
  for (let l = 0; l < c.layers; l++) {
    specs.push(
      { name: `l${l}.ln1.g`, shape: [d], init: 'one' },
      { name: `l${l}.ln1.b`, shape: [d], init: 'zero' },
      { name: `l${l}.attn.wqkv`, shape: [d, 3 * d], init: proj },
      { name: `l${l}.attn.bqkv`, shape: [3 * d], init: 'zero' },
      { name: `l${l}.attn.wo`, shape: [d, d], init: proj / Math.sqrt(2 * c.layers) },
      { name: `l${l}.attn.bo`, shape: [d], init: 'zero' },
      { name: `l${l}.ln2.g`, shape: [d], init: 'one' },
      { name: `l${l}.ln2.b`, shape: [d], init: 'zero' },
      { name: `l${l}.mlp.w1`, shape: [d, 4 * d], init: proj },
      { name: `l${l}.mlp.b1`, shape: [4 * d], init: 'zero' },
      { name: `l${l}.mlp.w2`, shape: [4 * d, d], init: 1 / Math.sqrt(4 * d) / Math.sqrt(2 * c.layers) },
      { name: `l${l}.mlp.b2`, shape: [d], init: 'zero' },
    );
  }
  specs.push(
    { name: 'lnf.g', shape: [d], init: 'one' },
    { name: 'lnf.b', shape: [d], init: 'zero' },
    { name: 'head.w', shape: [d, c.vocabSize], init: proj },
    { name: 'head.b', shape: [c.vocabSize], init: 'zero' },
  );
  return specs;
}

/** Keys and values of past positions per layer ([N, H, length, dh]) and which of them are padding. */
interface KvCache {
  k: tf.Tensor4D[];
  v: tf.Tensor4D[];
  keyPad: tf.Tensor4D;
  length: number;
}

function disposeCache(c: KvCache): void {
  tf.dispose([...c.k, ...c.v, c.keyPad]);
}

export interface SampleResult {
  /** [rows * contextLength] token ids: prompt, generated answer, PAD after the end token. */
  tokens: Int32Array;
  rows: number;
}

export class Policy {
  readonly vars: Map<string, tf.Variable>;
  /** Causal mask bias [T, T]: 0 where a query may attend, -1e9 elsewhere. Kept, not rebuilt per call. */
  private readonly causal: tf.Tensor2D;
  private readonly eye: tf.Tensor2D;

  private constructor(readonly config: PolicyConfig, readonly task: TaskName, vars: Map<string, tf.Variable>, readonly trainable: boolean) {
    this.vars = vars;
    const T = config.contextLength;
    const bias = new Float32Array(T * T);
    const eye = new Float32Array(T * T);
    for (let i = 0; i < T; i++) {
      eye[i * T + i] = 1;
      for (let j = i + 1; j < T; j++) bias[i * T + j] = -1e9;
    }
    this.causal = tf.tensor2d(bias, [T, T]);
    this.eye = tf.tensor2d(eye, [T, T]);
  }

  /** Fresh weights from a seeded stream: identical on every backend. */
  static init(config: PolicyConfig, task: TaskName, seed: number): Policy {
    const rng = rngFor(seed, 'policy-init');
    const vars = new Map<string, tf.Variable>();
    for (const s of weightSpecs(config)) {
      const n = s.shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(n);
      if (s.init === 'one') data.fill(1);
      else if (typeof s.init === 'number') for (let i = 0; i < n; i++) data[i] = randNormal(rng) * s.init;
      vars.set(s.name, toVariable(tf.tensor(data, s.shape), true, s.name));
    }
    return new Policy(config, task, vars, true);
  }

  static fromAssets(assets: BaseModelAssets, trainable: boolean): Policy {
    const { modelJson, weights } = assets;
    const floats = new Float32Array(weights);
    const specs = weightSpecs(modelJson.config);
    const listed = modelJson.weightsManifest[0].weights;
    if (listed.length !== specs.length || listed.some((w, i) => w.name !== specs[i].name || w.shape.join() !== specs[i].shape.join())) {
      throw new Error('Corrupt base model: weight names or shapes do not match the policy architecture');
    }
    const vars = new Map<string, tf.Variable>();
    let off = 0;
    for (const s of specs) {
      const n = s.shape.reduce((a, b) => a * b, 1);
      vars.set(s.name, toVariable(tf.tensor(floats.slice(off, off + n), s.shape), trainable, s.name));
      off += n;
    }
    return new Policy(modelJson.config, modelJson.task, vars, trainable);
  }

  /** A frozen copy (the reference model for the KL term). */
  clone(trainable = false): Policy {
    const vars = new Map<string, tf.Variable>();
    for (const [name, v] of this.vars) vars.set(name, toVariable(v.clone(), trainable, name));
    return new Policy(this.config, this.task, vars, trainable);
  }

  get parameterCount(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  trainableVariables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  private w(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`missing weight ${name}`);
    return v;
  }

  private layerNorm(x: tf.Tensor, prefix: string): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(this.w(`${prefix}.g`)).add(this.w(`${prefix}.b`));
  }

  /** Logits [N, T, V] for token ids [N, T] (T up to the context length). Call inside tf.tidy. */
  logits(tokens: tf.Tensor2D): tf.Tensor3D {
    return this.forward(tokens, null).logits;
  }

  /**
   * Transformer forward over `tokens` [N, L] placed after the `past` positions held in a
   * key/value cache. With no cache this is the ordinary full forward (training, scoring);
   * with one, sampling feeds a single new position per step instead of the whole prefix.
   */
  private forward(tokens: tf.Tensor2D, past: KvCache | null): { logits: tf.Tensor3D; cache: KvCache } {
    const { dModel: d, heads: H, layers, vocabSize: V, contextLength } = this.config;
    const [N, L] = tokens.shape;
    const start = past?.length ?? 0;
    const total = start + L;
    if (total > contextLength) throw new Error(`sequence of ${total} tokens exceeds the context of ${contextLength}`);
    const dh = d / H;
    const whole = start === 0 && L === contextLength;
    const posEmb = whole ? this.w('pos_emb') : this.w('pos_emb').slice([start, 0], [L, d]);
    const causal = whole ? this.causal : this.causal.slice([start, 0], [L, total]);
    const eye = whole ? this.eye : this.eye.slice([start, 0], [L, total]);
    // One-hot matmul instead of gather: gather's gradient needs a kernel the WASM backend lacks.
    let x = tf.oneHot(tokens.reshape([-1]) as tf.Tensor1D, V).matMul(this.w('tok_emb')).reshape([N, L, d]).add(posEmb);
    // Padding keys are masked, except that every position may attend to itself (so
    // all-padding rows stay finite).
    const newPad = tokens.equal(PAD).toFloat().reshape([N, 1, 1, L]) as tf.Tensor4D;
    const keyPad = past ? tf.concat([past.keyPad, newPad], 3) as tf.Tensor4D : newPad;
    const mask = causal.add(keyPad.mul(tf.scalar(1).sub(eye)).mul(-1e9)); // [N,1,L,total]
    const scale = 1 / Math.sqrt(dh);
    const ks: tf.Tensor4D[] = [];
    const vs: tf.Tensor4D[] = [];
    for (let l = 0; l < layers; l++) {
      const h = this.layerNorm(x, `l${l}.ln1`).reshape([N * L, d]);
      const qkv = linear(h, this.w(`l${l}.attn.wqkv`)).add(this.w(`l${l}.attn.bqkv`));
      // split, not unstack of a 5-D view: unstack takes a slow path (~100x) on WASM.
      const [q, kNew, vNew] = tf.split(qkv, 3, -1).map((t) => t.reshape([N, L, H, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D); // [N,H,L,dh]
      const k = past ? tf.concat([past.k[l], kNew], 2) as tf.Tensor4D : kNew;
      const v = past ? tf.concat([past.v[l], vNew], 2) as tf.Tensor4D : vNew;
      ks.push(k);
      vs.push(v);
      const att = tf.softmax(tf.matMul(q, k, false, true).mul(scale).add(mask), -1);
      const o = tf.matMul(att, v).transpose([0, 2, 1, 3]).reshape([N * L, d]);
      x = x.add(linear(o, this.w(`l${l}.attn.wo`)).add(this.w(`l${l}.attn.bo`)).reshape([N, L, d]));
      const h2 = this.layerNorm(x, `l${l}.ln2`).reshape([N * L, d]);
      const m = tf.relu(linear(h2, this.w(`l${l}.mlp.w1`)).add(this.w(`l${l}.mlp.b1`)));
      x = x.add(linear(m, this.w(`l${l}.mlp.w2`)).add(this.w(`l${l}.mlp.b2`)).reshape([N, L, d]));
    }
    const out = linear(this.layerNorm(x, 'lnf').reshape([N * L, d]), this.w('head.w')).add(this.w('head.b'));
    return { logits: out.reshape([N, L, V]), cache: { k: ks, v: vs, keyPad, length: total } };
  }

  /**
   * Log-probabilities [N, A, V] of the answer-position distributions, at a temperature, where
   * A = tokens' length - promptLength (the full answer window or a trimmed one).
   * Position j predicts answer token j. Call inside tf.tidy.
   */
  answerLogProbs(tokens: tf.Tensor2D, temperature: number): tf.Tensor3D {
    const { promptLength: P, vocabSize: V } = this.config;
    // The answer window may be trimmed to the longest answer in the batch (see answerWindow).
    const [N, L] = tokens.shape;
    const A = L - P;
    const logits = this.logits(tokens).slice([0, P - 1, 0], [N, A, V]);
    return tf.logSoftmax(temperature === 1 ? logits : logits.div(temperature));
  }

  /**
   * Sample answers token by token for prompt rows (each already left-padded to promptLength).
   * Sampling happens in JS from the read-back probabilities with a seeded stream, so it is
   * reproducible and never uses synchronous GPU reads.
   */
  async sample(promptRows: readonly number[][], temperature: number, rng: Rng): Promise<SampleResult> {
    const { promptLength: P, answerLength: A, contextLength: T, vocabSize: V } = this.config;
    const N = promptRows.length;
    const tokens = new Int32Array(N * T); // PAD = 0
    promptRows.forEach((row, r) => tokens.set(row, r * T));
    const done = new Uint8Array(N);
    let open = N;
    let cache: KvCache | null = null;
    const last = new Int32Array(N);
    try {
      for (let j = 0; j < A && open > 0; j++) {
        const past: KvCache | null = cache;
        const stepOut = tf.tidy(() => {
          // First step: the whole left-padded prompt. Later steps: only the newest token.
          const ids = past
            ? tf.tensor2d(last, [N, 1], 'int32')
            : tf.tensor2d(tokens, [N, T], 'int32').slice([0, 0], [N, P]) as tf.Tensor2D;
          const f = this.forward(ids, past);
          const L = ids.shape[1];
          const logits = f.logits.slice([0, L - 1, 0], [N, 1, V]).reshape([N, V]);
          const probs = tf.softmax(temperature === 1 ? logits : logits.div(temperature));
          return { probs, cache: f.cache } as unknown as tf.TensorContainer;
        }) as unknown as { probs: tf.Tensor2D; cache: KvCache };
        if (past) disposeCache(past);
        cache = stepOut.cache;
        const probs = await stepOut.probs.data();
        stepOut.probs.dispose();
        for (let r = 0; r < N; r++) {
          if (done[r]) { last[r] = PAD; continue; }
          // PAD is never a valid output; sample among the rest.
          const tok = 1 + sampleCategorical(rng, probs, r * V + 1, V - 1);
          tokens[r * T + P + j] = tok;
          last[r] = tok;
          if (tok === EOS) { done[r] = 1; open--; }
        }
      }
    } finally {
      if (cache) disposeCache(cache);
    }
    return { tokens, rows: N };
  }

  /** tfjs-style model.json + weights.bin, for shipping the base model. */
  async serialize(provenance: Record<string, unknown>): Promise<{ modelJson: ModelJson; weights: ArrayBuffer }> {
    const specs = weightSpecs(this.config);
    const total = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
    const out = new Float32Array(total);
    let off = 0;
    for (const s of specs) {
      const data = await this.w(s.name).data();
      out.set(data as Float32Array, off);
      off += data.length;
    }
    return {
      modelJson: {
        format: MODEL_FORMAT,
        task: this.task,
        config: this.config,
        provenance,
        weightsManifest: [{ paths: ['weights.bin'], weights: specs.map((s) => ({ name: s.name, shape: s.shape, dtype: 'float32' as const })) }],
      },
      weights: out.buffer,
    };
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.causal.dispose();
    this.eye.dispose();
  }
}

/**
 * x [M,K] @ w [K,N] with a hand-written gradient that transposes explicitly: the WASM
 * backend's transposed matmul is about 3x slower than transpose + plain matmul here.
 */
const linear = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      return [tf.matMul(dy as tf.Tensor2D, ws.transpose()), tf.matMul(xs.transpose(), dy as tf.Tensor2D)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor2D;

let idCounter = 0;
/** A variable holding `t`'s values; `t` itself is released (the variable keeps the data). */
function toVariable(t: tf.Tensor, trainable: boolean, name: string): tf.Variable {
  const v = tf.variable(t, trainable, `${name}_${++idCounter}`);
  t.dispose();
  return v;
}

