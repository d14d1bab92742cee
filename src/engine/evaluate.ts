// Held-out and OOD evaluation: n samples per problem, pass@k for every k up to n,
// observed reward, entropy and KL to the base model on those samples.
import * as tf from '@tensorflow/tfjs';
import type { Problem } from './assets';
import type { Policy, TokenStatSums } from './policy';
import type { SplitEval } from './types';
import type { Rng } from './rng';
import { decodeCompletion, PAD, vocabFor } from './tokenizer';
import { verify, type VerifierConfig } from './verifier';
import { passAtKCurve } from './metrics';
import { maskedMean, tokenEntropy, tokenKlK3, tokenLogProbs } from './grpo';
import { shareBelowHalf, successHistogram, youdenJ } from './mechanism';
import { styleSharesOf, type StyleId } from './traces';

/**
 * Rows sampled in one pass: the default split (64 problems x 16 samples) at once. Measured on
 * WASM (2-core VM, tiny model, evaluateSplit of 1,024 rollouts): 128 rows per pass 277 ms,
 * 256: 336, 512: 274, 1,024: 200; beyond, 2,048 gained little more (444 against 545 ms for
 * 2,048 rollouts) for twice the memory. Changing it changes which uniform each sample draws.
 */
export const EVAL_CHUNK = 1024;

export interface SampledBatch {
  tokens: Int32Array;
  rows: number;
  /** Entropy and KL sums of the batch, when scoreSamples was given a model to score against. */
  stats?: TokenStatSums;
}

/** Answer windows at most this long are always used whole (every shipped window but addTrace's). */
export const TRIM_ABOVE = 16;

/**
 * The answer positions a forward pass over these rows needs: the longest answer (end token
 * included) rounded up to a multiple of 8, so WebGPU sees few shapes; the whole window when
 * it is short. Padding after an answer is masked anyway, so the values are the same.
 */
export function answerWindow(tokens: Int32Array, rows: number, T: number, P: number, A: number): number {
  if (A <= TRIM_ABOVE) return A;
  let longest = 0;
  for (let r = 0; r < rows; r++) {
    let len = A;
    while (len > longest && tokens[r * T + P + len - 1] === PAD) len--;
    if (len > longest) longest = len;
  }
  return Math.min(A, Math.max(8, Math.ceil(longest / 8) * 8));
}

/** Rows [rows, T] cut to the prompt and the first `L` answer positions. */
export function trimmedIds(tokens: Int32Array, rows: number, T: number, P: number, L: number): tf.Tensor2D {
  const ids = tf.tensor2d(tokens, [rows, T], 'int32');
  if (P + L === T) return ids;
  const cut = ids.slice([0, 0], [rows, P + L]) as tf.Tensor2D;
  ids.dispose();
  return cut;
}

/**
 * Mean per-token entropy and k3 KL of `policy` vs `base` on sampled rows (sums over tokens, and
 * the token count), by a forward pass of each over the rows: what Policy.sample's scoring
 * computes while decoding, kept as its check and for rows sampled elsewhere.
 */
export async function tokenStats(policy: Policy, base: Policy, batch: SampledBatch, temperature: number): Promise<{ entropySum: number; klSum: number; tokens: number }> {
  const { contextLength: T, promptLength: P, answerLength: A } = policy.config;
  const L = answerWindow(batch.tokens, batch.rows, T, P, A);
  const packed = tf.tidy(() => {
    const ids = trimmedIds(batch.tokens, batch.rows, T, P, L);
    const targets = ids.slice([0, P], [batch.rows, L]) as tf.Tensor2D;
    const mask = targets.notEqual(PAD).toFloat() as tf.Tensor2D;
    const logp = policy.answerLogProbs(ids, temperature);
    const refTok = tokenLogProbs(base.answerLogProbs(ids, temperature), targets);
    const tokLogp = tokenLogProbs(logp, targets);
    const count = mask.sum();
    return tf.stack([
      maskedMean(tokenEntropy(logp), mask).mul(count),
      maskedMean(tokenKlK3(tokLogp, refTok), mask).mul(count),
      count,
    ]);
  });
  // Asynchronous read: synchronous reads break the WebGPU backend.
  const [entropySum, klSum, tokens] = await packed.data();
  packed.dispose();
  return { entropySum, klSum, tokens };
}

export interface SampleScores {
  /** Correct samples per problem. */
  correct: number[];
  observedSum: number;
  samples: number;
  /** Correct samples the verifier rejected, wrong samples it accepted, and the totals. */
  falseNegatives: number;
  falsePositives: number;
  correctTotal: number;
  wrongTotal: number;
  /** Worked-step tasks: samples per problem whose answer and every step are right; absent elsewhere. */
  traceCorrect?: number[];
  /** Worked-step tasks: the style of every sample, in sampling order. */
  styles?: StyleId[];
}

/**
 * Sample n answers per problem from `policy` and score them; `onBatch` sees each sampled chunk.
 * With `scoreAgainst`, each chunk also carries the policy's entropy and KL-to-that-model sums,
 * computed while sampling (Policy.sample).
 */
export async function scoreSamples(
  policy: Policy, problems: readonly Problem[], promptRows: readonly number[][],
  n: number, temperature: number, verifier: VerifierConfig, rng: Rng,
  onBatch?: (batch: SampledBatch) => Promise<void>, scoreAgainst?: Policy | null,
): Promise<SampleScores> {
  const { contextLength: T, promptLength: P, answerLength: A } = policy.config;
  const out: SampleScores = { correct: new Array<number>(problems.length).fill(0), observedSum: 0, samples: 0, falseNegatives: 0, falsePositives: 0, correctTotal: 0, wrongTotal: 0 };
  const vocab = vocabFor(policy.task);
  const jobs: number[] = []; // problem index per row
  for (let i = 0; i < problems.length; i++) for (let s = 0; s < n; s++) jobs.push(i);
  for (let start = 0; start < jobs.length; start += EVAL_CHUNK) {
    const chunk = jobs.slice(start, start + EVAL_CHUNK);
    const batch = await policy.sample(chunk.map((i) => promptRows[i]), temperature, rng, scoreAgainst);
    chunk.forEach((pi, r) => {
      const v = verify(verifier, problems[pi], decodeCompletion(batch.tokens, r * T + P, A, vocab), rng);
      out.observedSum += v.observed;
      if (v.traceCorrect !== undefined) {
        out.traceCorrect ??= new Array<number>(problems.length).fill(0);
        if (v.traceCorrect) out.traceCorrect[pi]++;
      }
      if (v.style !== undefined) (out.styles ??= []).push(v.style);
      if (v.correct) {
        out.correct[pi]++;
        out.correctTotal++;
        if (!v.observed) out.falseNegatives++;
      } else {
        out.wrongTotal++;
        if (v.observed) out.falsePositives++;
      }
    });
    out.samples += chunk.length;
    if (onBatch) await onBatch(batch);
  }
  return out;
}

export async function evaluateSplit(
  policy: Policy, base: Policy, problems: readonly Problem[], promptRows: readonly number[][],
  n: number, temperature: number, verifier: VerifierConfig, rng: Rng,
): Promise<SplitEval> {
  let entropySum = 0;
  let klSum = 0;
  let tokens = 0;
  // Entropy and KL come with the samples (Policy.sample scores them against the base while
  // decoding): no second forward pass of either model over the samples.
  const sc = await scoreSamples(policy, problems, promptRows, n, temperature, verifier, rng, async (batch) => {
    const st = batch.stats ?? await tokenStats(policy, base, batch, temperature);
    entropySum += st.entropySum;
    klSum += st.klSum;
    tokens += st.tokens;
  }, base);
  const fnRate = sc.correctTotal ? sc.falseNegatives / sc.correctTotal : null;
  const fpRate = sc.wrongTotal ? sc.falsePositives / sc.wrongTotal : null;
  const successHist = successHistogram(sc.correct, n);
  return {
    passAtK: passAtKCurve(sc.correct, n),
    rewardObserved: sc.observedSum / Math.max(sc.samples, 1),
    entropy: tokens ? entropySum / tokens : 0,
    kl: tokens ? klSum / tokens : 0,
    fnRate,
    fpRate,
    youdenJ: youdenJ(fnRate, fpRate),
    successHist,
    shareBelowHalf: shareBelowHalf(successHist),
    ...(sc.traceCorrect ? { tracePassAtK: passAtKCurve(sc.traceCorrect, n) } : {}),
    ...(sc.styles ? { styleShares: styleSharesOf(sc.styles) } : {}),
    problems: problems.length,
    samplesPerProblem: n,
  };
}
