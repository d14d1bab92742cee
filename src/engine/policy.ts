// The policy: a tiny decoder-only transformer over the character vocabulary.
// Prompts are left-padded to a fixed window, so every answer starts at the same
// position and a whole batch generates in lockstep with one tensor shape.
import * as tf from '@tensorflow/tfjs';
import { MODEL_FORMAT, type BaseModelAssets, type ModelJson, type PolicyConfig } from './assets';
import type { ModelTask } from './names';
import { EOS, PAD } from './tokenizer';
import { randNormal, rngFor, type Rng } from './rng';
import { attendHeads, attention, layerNorm, linear, mergeHeads, residualAdd, sampleTokens, splitHeads } from './layers';
import { distinctRows, repeatRows, rowBlocks, type SharedPrefix } from './prompt-blocks';

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

/**
 * Keys and values of past positions per layer ([N, H, length, dh]) and the additive attention
 * bias of those keys ([N, 1, 1, length]: -1e9 for padding, 0 elsewhere).
 */
interface KvCache {
  k: tf.Tensor4D[];
  v: tf.Tensor4D[];
  keyBias: tf.Tensor4D;
  length: number;
}

function disposeCache(c: KvCache): void {
  tf.dispose([...c.k, ...c.v, c.keyBias]);
}

/** Additive bias that keeps the padding token out of sampling: softmax gives it probability 0. */
const NEG = -1e9;

/** Sums over the sampled tokens of a batch: per-token entropy and k3 KL, and the token count. */
export interface TokenStatSums {
  entropySum: number;
  klSum: number;
  tokens: number;
}

export interface SampleResult {
  /** [rows * contextLength] token ids: prompt, generated answer, PAD after the end token. */
  tokens: Int32Array;
  rows: number;
  /** With sample()'s `scoreAgainst`: the batch's entropy and KL sums. */
  stats?: TokenStatSums;
}

export class Policy {
  readonly vars: Map<string, tf.Variable>;
  /** Causal mask bias [T, T]: 0 where a query may attend, -1e9 elsewhere. Kept, not rebuilt per call. */
  private readonly causal: tf.Tensor2D;
  /** -1e9 off the diagonal, 0 on it [T, T]: a padding key's bias, except to its own query (so all-padding rows stay finite). */
  private readonly padKeyBias: tf.Tensor2D;

  private constructor(readonly config: PolicyConfig, readonly task: ModelTask, vars: Map<string, tf.Variable>, readonly trainable: boolean) {
    this.vars = vars;
    const T = config.contextLength;
    const bias = new Float32Array(T * T);
    const offDiag = new Float32Array(T * T).fill(NEG);
    for (let i = 0; i < T; i++) {
      offDiag[i * T + i] = 0;
      for (let j = i + 1; j < T; j++) bias[i * T + j] = NEG;
    }
    this.causal = tf.tensor2d(bias, [T, T]);
    this.padKeyBias = tf.tensor2d(offDiag, [T, T]);
  }

  /** Fresh weights from a seeded stream: identical on every backend. */
  static init(config: PolicyConfig, task: ModelTask, seed: number): Policy {
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



  /** Logits [N, T, V] for token ids [N, T] (T up to the context length). Call inside tf.tidy. */
  logits(tokens: tf.Tensor2D): tf.Tensor3D {
    const [N, L] = tokens.shape;
    return this.forward(tokens, null, 0, this.weightView()).logits.reshape([N, L, this.config.vocabSize]);
  }

  /**
   * The weights as a forward pass uses them: the matrices as [1, K, N], the rank the fused
   * matmul kernel takes, so each linear layer is one kernel call (the tfjs op would add three
   * reshapes). Inside a gradient tape the reshapes are taped and pass gradients through.
   */
  private weightView(): Map<string, tf.Tensor> {
    const view = new Map<string, tf.Tensor>();
    for (const [name, v] of this.vars) view.set(name, v.rank === 2 && name !== 'tok_emb' && name !== 'pos_emb' ? v.reshape([1, ...v.shape]) : v);
    return view;
  }

  /**
   * Transformer forward over `tokens` [N, L] placed after the `past` positions held in a
   * key/value cache. With no cache this is the ordinary full forward (training, scoring);
   * with one, sampling feeds a single new position per step instead of the whole prefix, and
   * scoring with shared prompts feeds each row's answer positions after its prompt's keys.
   * `keepCache` returns the keys and values (the cache) of a forward without one.
   * Logits [N * (L - from), V] are computed for positions from..L-1 only (row-major by row,
   * then position). The residual stream stays [1, N*L, d] so the layers need no reshapes.
   */
  private forward(tokens: tf.Tensor2D, past: KvCache | null, from: number, W: Map<string, tf.Tensor>, keepCache = false): { logits: tf.Tensor2D; cache: KvCache } {
    const w = (name: string) => W.get(name) ?? this.w(name);
    const { dModel: d, heads: H, layers, vocabSize: V, contextLength } = this.config;
    const [N, L] = tokens.shape;
    const start = past?.length ?? 0;
    const total = start + L;
    if (total > contextLength) throw new Error(`sequence of ${total} tokens exceeds the context of ${contextLength}`);
    const dh = d / H;
    const whole = start === 0 && L === contextLength;
    const posEmb = whole ? this.w('pos_emb') : this.w('pos_emb').slice([start, 0], [L, d]);
    // One-hot matmul instead of gather: gather's gradient needs a kernel the WASM backend
    // lacks, and on WASM gather measured slower than this matmul at these sizes anyway.
    const emb = tf.oneHot(tokens.reshape([-1]) as tf.Tensor1D, V).matMul(this.w('tok_emb')) as tf.Tensor2D; // int32 one-hot: see tokenLogProbs
    let x = (L === 1 ? emb.add(posEmb) : emb.reshape([N, L, d]).add(posEmb)).reshape([1, N * L, d]) as tf.Tensor3D;
    let keyBias: tf.Tensor4D;
    let mask: tf.Tensor4D;
    if (past && L === 1) {
      // The new key is the query's own position, always visible; sampling never feeds padding
      // to a row it still samples for, so the key's bias is 0 for every row that matters.
      keyBias = tf.concat([past.keyBias, tf.zeros([N, 1, 1, 1])], 3) as tf.Tensor4D;
      mask = keyBias;
    } else if (past) {
      // Several new positions after a shared prefix: the past keys' bias for every query, then
      // the causal, padding-aware mask among the new positions (as in the full forward).
      const isPad = tokens.equal(PAD).toFloat().reshape([N, 1, 1, L]) as tf.Tensor4D;
      keyBias = tf.concat([past.keyBias, isPad.mul(NEG)], 3) as tf.Tensor4D;
      const own = this.causal.slice([0, 0], [L, L]).add(isPad.mul(this.padKeyBias.slice([0, 0], [L, L])));
      mask = tf.concat([past.keyBias.add(tf.zeros([1, 1, L, 1])), own], 3) as tf.Tensor4D; // [N,1,L,start+L]
    } else {
      const isPad = tokens.equal(PAD).toFloat().reshape([N, 1, 1, L]) as tf.Tensor4D;
      keyBias = isPad.mul(NEG) as tf.Tensor4D;
      const causal = whole ? this.causal : this.causal.slice([0, 0], [L, L]);
      const padKey = whole ? this.padKeyBias : this.padKeyBias.slice([0, 0], [L, L]);
      mask = causal.add(isPad.mul(padKey)) as tf.Tensor4D; // [N,1,L,L]
    }
    const ks: tf.Tensor4D[] = [];
    const vs: tf.Tensor4D[] = [];
    for (let l = 0; l < layers; l++) {
      const h = layerNorm(x, w(`l${l}.ln1.g`), w(`l${l}.ln1.b`));
      const qkv = linear(h, w(`l${l}.attn.wqkv`), w(`l${l}.attn.bqkv`)); // [1, N*L, 3d]
      let o: tf.Tensor3D;
      if (!past && !keepCache) {
        o = attention(qkv, mask, N, L, H);
      } else {
        // Keys and values are kept for the next positions. One new position: [N, 1, H, dh]
        // and [N, H, 1, dh] are the same layout, no transpose.
        const [q, kNew, vNew] = past && L === 1
          ? tf.split(qkv, 3, -1).map((t) => t.reshape([N, H, 1, dh]) as tf.Tensor4D)
          : splitHeads(qkv, N, L, H);
        const k = past ? tf.concat([past.k[l], kNew], 2) as tf.Tensor4D : kNew;
        const v = past ? tf.concat([past.v[l], vNew], 2) as tf.Tensor4D : vNew;
        ks.push(k);
        vs.push(v);
        o = mergeHeads(attendHeads(q, k, v, mask), N, L);
      }
      x = residualAdd(x, linear(o, w(`l${l}.attn.wo`), w(`l${l}.attn.bo`)));
      const m = linear(layerNorm(x, w(`l${l}.ln2.g`), w(`l${l}.ln2.b`)), w(`l${l}.mlp.w1`), w(`l${l}.mlp.b1`), true);
      x = residualAdd(x, linear(m, w(`l${l}.mlp.w2`), w(`l${l}.mlp.b2`)));
    }
    const xs = from === 0 ? x : x.reshape([N, L, d]).slice([0, from, 0], [N, L - from, d]).reshape([1, N * (L - from), d]) as tf.Tensor3D;
    const out = linear(layerNorm(xs, w('lnf.g'), w('lnf.b')), w('head.w'), w('head.b'));
    return { logits: out.reshape([N * (L - from), V]), cache: { k: ks, v: vs, keyBias, length: total } };
  }

  /**
   * Log-probabilities [N, A, V] of the answer-position distributions, at a temperature, where
   * A = tokens' length - promptLength (the full answer window or a trimmed one).
   * Position j predicts answer token j. Call inside tf.tidy.
   */
  answerLogProbs(tokens: tf.Tensor2D, temperature: number, prefix?: SharedPrefix | null): tf.Tensor3D {
    const { promptLength: P, vocabSize: V } = this.config;
    // The answer window may be trimmed to the longest answer in the batch (see answerWindow).
    const [N, L] = tokens.shape;
    const A = L - P;
    let logits: tf.Tensor3D;
    if (prefix) {
      // Rows that share a prompt share its activations (the model is causal): the prompt runs
      // once per distinct prompt, its keys, values and last-position logits are copied to the
      // rows by a one-hot matmul (differentiable, unlike gather on WASM), and only the answer
      // positions run per row.
      const W = this.weightView();
      const U = prefix.ids.shape[0];
      const pre = this.forward(prefix.ids, null, P - 1, W, true);
      const expand = <R extends tf.Rank>(t: tf.Tensor<R>): tf.Tensor<R> => prefix.repeat
        ? repeatRows(t, prefix.repeat)
        : prefix.expand.matMul(t.reshape([U, -1])).reshape([N, ...t.shape.slice(1)]) as tf.Tensor<R>;
      const first = expand(pre.logits).reshape([N, 1, V]) as tf.Tensor3D;
      if (A === 1) {
        logits = first;
      } else {
        const keyBias = prefix.repeat ? repeatRows(pre.cache.keyBias, prefix.repeat) : tf.gather(pre.cache.keyBias, prefix.index);
        const past: KvCache = { k: pre.cache.k.map(expand), v: pre.cache.v.map(expand), keyBias, length: P };
        const rest = this.forward(tokens.slice([0, P], [N, A - 1]) as tf.Tensor2D, past, 0, W).logits.reshape([N, A - 1, V]);
        logits = tf.concat([first, rest], 1) as tf.Tensor3D;
      }
    } else {
      // Only positions P-1 .. P+A-2 predict answer tokens; the last position predicts nothing.
      const ids = tokens.shape[1] > P + A - 1 ? tokens.slice([0, 0], [N, P + A - 1]) as tf.Tensor2D : tokens;
      logits = this.forward(ids, null, P - 1, this.weightView()).logits.reshape([N, A, V]);
    }
    return tf.logSoftmax(temperature === 1 ? logits : logits.div(temperature)) as tf.Tensor3D;
  }

  /**
   * The distinct prompts of a batch of token rows ([rows * contextLength], prompt first), for
   * answerLogProbs to run each once; null when no two rows share a prompt. The caller disposes
   * it (disposePrefix).
   */
  sharedPrefix(tokens: Int32Array, rows: number): SharedPrefix | null {
    const { promptLength: P, contextLength: T } = this.config;
    const prompts = Array.from({ length: rows }, (_, r) => Array.from(tokens.subarray(r * T, r * T + P)));
    const blocks = rowBlocks(prompts);
    const { unique, index } = blocks
      ? { unique: blocks.unique, index: prompts.map((_, r) => Math.floor(r / blocks.repeat)) }
      : distinctRows(prompts);
    if (unique.length === rows) return null;
    const at = tf.tensor1d(index, 'int32');
    return {
      ids: tf.tensor2d(unique.flat(), [unique.length, P], 'int32'),
      index: at,
      // int32 one-hot: see tokenLogProbs. tf.oneHot refuses depth 1 (every row the same prompt,
      // e.g. B=1, or B=2 drawing one problem twice): then every row takes the one prompt.
      expand: tf.tidy(() => (unique.length === 1 ? tf.ones([rows, 1]) : tf.oneHot(at, unique.length).toFloat())) as tf.Tensor2D,
      repeat: blocks?.repeat ?? null,
    };
  }

  /**
   * The weights as sampling uses them (see weightView), reshaped once per sample() call. With
   * `padBias` the head's bias keeps PAD out of the logits (training's sampling, which reads
   * nothing else of them); without, the logits stay the model's own and the caller adds the bias.
   */
  private samplingWeights(padBias: boolean): Map<string, tf.Tensor> {
    const V = this.config.vocabSize;
    const kept = tf.tidy(() => {
      const view = this.weightView();
      if (padBias) view.set('head.b', this.w('head.b').add(tf.oneHot([PAD], V).reshape([V]).mul(NEG)));
      // An object, not the Map: tidy keeps only the tensors it can see in what is returned.
      const own: Record<string, tf.Tensor> = {};
      for (const [name, t] of view) if (t !== this.vars.get(name)) own[name] = t;
      return own;
    });
    return new Map(Object.entries(kept));
  }

  /**
   * Logits [N, V] of the first answer position and the key/value cache of the prompts, for
   * prompt rows [N][P]: each distinct prompt runs once (GRPO repeats every prompt K times,
   * evaluation n times), then its cache and logits are copied to the rows that share it.
   * Call inside tf.tidy.
   */
  private prefill(promptRows: readonly number[][], W: Map<string, tf.Tensor>): { logits: tf.Tensor2D; cache: KvCache } {
    const P = this.config.promptLength;
    const N = promptRows.length;
    const blocks = rowBlocks(promptRows);
    const distinct = blocks ? null : distinctRows(promptRows);
    const unique = blocks ? blocks.unique : distinct!.unique;
    const ids = tf.tensor2d(unique.flat(), [unique.length, P], 'int32');
    const f = this.forward(ids, null, P - 1, W, true);
    if (unique.length === N) return f;
    const R = blocks?.repeat ?? null;
    const at = R ? null : tf.tensor1d(distinct!.index, 'int32');
    const copy = <T extends tf.Tensor>(t: T): T => (R ? repeatRows(t, R) : tf.gather(t, at!) as T);
    const c = f.cache;
    return { logits: copy(f.logits), cache: { k: c.k.map(copy), v: c.v.map(copy), keyBias: copy(c.keyBias), length: c.length } };
  }

  /**
   * Sample answers token by token for prompt rows (each already left-padded to promptLength).
   * Each step draws one uniform per row from the seeded stream and picks the token on the
   * device by inverse CDF (sampleTokens); only the sampled ids are read back, so it is
   * reproducible per backend and never uses synchronous GPU reads.
   *
   * With `scoreAgainst` (evaluation) it also returns the policy's mean-entropy and k3-KL sums
   * over the sampled tokens, KL against that model: the policy's log-probabilities come from
   * the logits sampling computes anyway, and the other model decodes the same tokens in
   * lockstep with its own cache, so no second pass over the samples is needed. The same sums
   * as tokenStats (evaluate.ts) up to float rounding.
   */
  async sample(promptRows: readonly number[][], temperature: number, rng: Rng, scoreAgainst?: Policy | null): Promise<SampleResult> {
    const { promptLength: P, answerLength: A, contextLength: T, vocabSize: V } = this.config;
    const N = promptRows.length;
    const tokens = new Int32Array(N * T); // PAD = 0
    promptRows.forEach((row, r) => tokens.set(row, r * T));
    const done = new Uint8Array(N);
    let open = N;
    const scoring = scoreAgainst ?? null;
    let cache: KvCache | null = null;
    let refCache: KvCache | null = null;
    const last = new Int32Array(N);
    const u = new Float32Array(N);
    // Reshaped once for the whole sampling. PAD is never a valid output: without scoring the
    // head's bias keeps it at -1e9; with scoring the logits stay the model's own (the entropy
    // and log-probs are of the model) and the bias is added before the draw.
    const weights = this.samplingWeights(!scoring);
    const refWeights = scoring ? scoring.samplingWeights(false) : null;
    const padBias = scoring ? tf.tidy(() => tf.oneHot([PAD], V).reshape([V]).mul(NEG)) : null;
    const perStep: tf.Tensor[] = []; // [2, N] per step when scoring: entropy, k3 KL
    try {
      for (let j = 0; j < A && open > 0; j++) {
        for (let r = 0; r < N; r++) u[r] = rng();
        const past: KvCache | null = cache;
        const refPast: KvCache | null = refCache;
        const stepOut = tf.tidy(() => {
          // Later steps feed only the newest token.
          const step = (p: Policy, c: KvCache | null, W: Map<string, tf.Tensor>) =>
            c ? p.forward(tf.tensor2d(last, [N, 1], 'int32'), c, 0, W, true) : p.prefill(promptRows, W);
          const f = step(this, past, weights);
          const next = sampleTokens(padBias ? f.logits.add(padBias) as tf.Tensor2D : f.logits, tf.tensor2d(u, [N, 1]), temperature);
          if (!scoring) return { next, cache: f.cache } as unknown as tf.TensorContainer;
          const g = step(scoring, refPast, refWeights!);
          const scaled = (x: tf.Tensor2D) => tf.logSoftmax(temperature === 1 ? x : x.div(temperature));
          const logp = scaled(f.logits);
          const pick = tf.oneHot(next, V); // int32 one-hot: see tokenLogProbs
          const d = scaled(g.logits).mul(pick).sum(-1).sub(logp.mul(pick).sum(-1)); // log base - log policy of the token
          const stats = tf.stack([logp.exp().mul(logp).sum(-1).neg(), d.exp().sub(d).sub(1)]);
          return { next, cache: f.cache, refCache: g.cache, stats } as unknown as tf.TensorContainer;
        }) as unknown as { next: tf.Tensor1D; cache: KvCache; refCache?: KvCache; stats?: tf.Tensor };
        if (past) disposeCache(past);
        if (refPast) disposeCache(refPast);
        cache = stepOut.cache;
        refCache = stepOut.refCache ?? null;
        if (stepOut.stats) perStep.push(stepOut.stats);
        const next = await stepOut.next.data();
        stepOut.next.dispose();
        for (let r = 0; r < N; r++) {
          if (done[r]) { last[r] = PAD; continue; }
          const tok = next[r];
          tokens[r * T + P + j] = tok;
          last[r] = tok;
          if (tok === EOS) { done[r] = 1; open--; }
        }
      }
      if (!scoring) return { tokens, rows: N };
      // A row's token j counts when it was sampled (the row had not ended before step j).
      const all = tf.stack(perStep);
      const vals = await all.data();
      all.dispose();
      let entropySum = 0;
      let klSum = 0;
      let count = 0;
      for (let j = 0; j < perStep.length; j++) {
        for (let r = 0; r < N; r++) {
          if (tokens[r * T + P + j] === PAD) continue;
          entropySum += vals[(2 * j) * N + r];
          klSum += vals[(2 * j + 1) * N + r];
          count++;
        }
      }
      return { tokens, rows: N, stats: { entropySum, klSum, tokens: count } };
    } finally {
      if (cache) disposeCache(cache);
      if (refCache) disposeCache(refCache);
      tf.dispose([...weights.values(), ...(refWeights?.values() ?? []), ...perStep]);
      if (padBias) padBias.dispose();
    }
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
    this.padKeyBias.dispose();
  }
}

let idCounter = 0;
/** A variable holding `t`'s values; `t` itself is released (the variable keeps the data). */
function toVariable(t: tf.Tensor, trainable: boolean, name: string): tf.Variable {
  const v = tf.variable(t, trainable, `${name}_${++idCounter}`);
  t.dispose();
  return v;
}

