// GRPO: group-relative advantages and the clipped, KL-regularised policy loss.
// Every term of the loss is returned by name so it can be logged (TRL naming where it exists).
import * as tf from '@tensorflow/tfjs';
import type { Baseline } from './settings';
import type { StepRecord } from './types';
import { mean, median, sampleStd } from './metrics';

/** Added to the group std before dividing, as in TRL. */
export const STD_EPS = 1e-4;
/** Gradients are clipped to this global norm before the Adam step (TRL's max_grad_norm default). */
export const MAX_GRAD_NORM = 1;

/**
 * A_i = r_i - baseline(group), optionally divided by (std(group) + eps).
 * `rewards` holds consecutive groups of `groupSize`.
 */
export function groupAdvantages(rewards: readonly number[], groupSize: number, baseline: Baseline, stdNorm: boolean): number[] {
  if (groupSize < 1 || rewards.length % groupSize !== 0) {
    throw new RangeError(`rewards (${rewards.length}) must be whole groups of ${groupSize}`);
  }
  const out = new Array<number>(rewards.length);
  for (let g = 0; g < rewards.length; g += groupSize) {
    const group = rewards.slice(g, g + groupSize);
    const b = baseline === 'median' ? median(group) : mean(group);
    const scale = stdNorm ? sampleStd(group) + STD_EPS : 1;
    for (let i = 0; i < groupSize; i++) out[g + i] = (group[i] - b) / scale;
  }
  return out;
}

/** Per group: is every observed reward equal (zero advantage, so no gradient)? */
export function zeroSignalGroups(rewards: readonly number[], groupSize: number): boolean[] {
  const out: boolean[] = [];
  for (let g = 0; g < rewards.length; g += groupSize) {
    const group = rewards.slice(g, g + groupSize);
    out.push(group.every((r) => r === group[0]));
  }
  return out;
}

/** Identity in the forward pass, zero gradient in the backward pass (tfjs has no stop_gradient op). */
export const stopGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: x.clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as <T extends tf.Tensor>(x: T) => T;

/** Log-prob of each target token: logp [N,A,V], targets [N,A] -> [N,A]. */
export function tokenLogProbs(logp: tf.Tensor3D, targets: tf.Tensor2D): tf.Tensor2D {
  const V = logp.shape[2];
  // int32 one-hot, cast by the multiply: WASM's OneHot kernel ignores a float32 dtype and
  // writes integer bits (1 reads as 1.4e-45).
  return logp.mul(tf.oneHot(targets, V)).sum(-1) as tf.Tensor2D;
}

/** Entropy of each position's distribution: -sum_v p log p, [N,A,V] -> [N,A]. */
export function tokenEntropy(logp: tf.Tensor3D): tf.Tensor2D {
  return logp.exp().mul(logp).sum(-1).neg() as tf.Tensor2D;
}

/** k3 estimator of KL(policy || base) per token: exp(q - p) - (q - p) - 1. */
export function tokenKlK3(policyLogp: tf.Tensor2D, baseLogp: tf.Tensor2D): tf.Tensor2D {
  const d = baseLogp.sub(policyLogp);
  return d.exp().sub(d).sub(1) as tf.Tensor2D;
}

/** Mean over the masked tokens of the whole batch. */
export function maskedMean(x: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return x.mul(mask).sum().div(mask.sum().maximum(1)) as tf.Scalar;
}

export interface LossHyper {
  clipEps: number;
  klBeta: number;
  entropyBonus: number;
}

export interface LossInputs {
  /** Policy log-probs of all answer positions, [N,A,V] (with gradient). */
  logp: tf.Tensor3D;
  targets: tf.Tensor2D;
  /** 1 for generated tokens (end token included), 0 for padding after it. [N,A] */
  mask: tf.Tensor2D;
  /** [N,1] */
  advantages: tf.Tensor2D;
  /** Log-probs of the sampled tokens under the policy that generated them; null = this policy, detached. */
  oldLogp: tf.Tensor2D | null;
  /** Log-probs of the sampled tokens under the frozen base model. */
  refLogp: tf.Tensor2D;
}

/**
 * The logged terms of the loss, named as on StepRecord. The order is the one the trainer packs
 * them in, so that a single read brings every term (and the gradient norm) back.
 */
export const LOSS_TERMS = ['loss', 'lossPolicy', 'lossKl', 'lossEntropy', 'kl', 'entropy', 'clipFraction'] as const satisfies readonly (keyof StepRecord)[];
export type LossTerm = (typeof LOSS_TERMS)[number];
export type LossTerms = Record<LossTerm, tf.Scalar>;

/** What one update reports: the loss terms and the global gradient norm, as numbers. */
export type UpdateStats = Pick<StepRecord, LossTerm | 'gradNorm'>;

/** The terms as one 1-D tensor in LOSS_TERMS order (namedStats reads it back, with the gradient norm appended). */
export function packTerms(terms: LossTerms): tf.Tensor1D {
  return tf.stack(LOSS_TERMS.map((k) => terms[k])) as tf.Tensor1D;
}

/** Name the values of a packed read: LOSS_TERMS in order, then the gradient norm. */
export function namedStats(values: ArrayLike<number>): UpdateStats {
  const terms = Object.fromEntries(LOSS_TERMS.map((k, i) => [k, values[i]])) as Record<LossTerm, number>;
  return { ...terms, gradNorm: values[LOSS_TERMS.length] };
}

/** Every term 0: what a step records when it keeps no rollout and so makes no update. */
export function zeroStats(): UpdateStats {
  return namedStats(new Float32Array(LOSS_TERMS.length + 1));
}

/**
 * Per-token weights of one batch, fixed by its mask: `seq` averages tokens within each
 * sequence and then over the sequences that have any (the original GRPO aggregation; rows
 * with an all-zero mask, dropped rollouts, do not count); `tok` is the token-weighted mean
 * used for the logged KL, entropy and clip fraction. Computed once per batch, outside the
 * gradient tape, so the loss itself is one weighted sum.
 */
export interface LossWeights {
  seq: tf.Tensor2D;
  tok: tf.Tensor2D;
}

export function lossWeights(mask: tf.Tensor2D): LossWeights {
  return tf.tidy(() => {
    const lengths = mask.sum(1, true).maximum(1);
    const rowsUsed = mask.sum(1).greater(0).toFloat().sum().maximum(1);
    return { seq: mask.div(lengths).div(rowsUsed) as tf.Tensor2D, tok: mask.div(mask.sum().maximum(1)) as tf.Tensor2D };
  });
}

/** Per-token quantities [N, A] of the objective that the logged statistics are made from. */
export interface TokenTerms {
  ratio: tf.Tensor2D;
  pgTok: tf.Tensor2D;
  klTok: tf.Tensor2D;
}

/**
 * The differentiable part of the GRPO loss: per token -min(ratio * A, clip(ratio, 1-eps,
 * 1+eps) * A) + beta * KL - bonus * entropy, weighted by `w.seq` and summed. Terms with a zero
 * coefficient stay out of the graph. Call inside tf.variableGrads (or tf.tidy).
 */
export function grpoObjective(inp: LossInputs, hp: LossHyper, w: LossWeights): { loss: tf.Scalar; tok: TokenTerms } {
  const { logp, targets, advantages, refLogp } = inp;
  const tokLogp = tokenLogProbs(logp, targets);
  const old = inp.oldLogp ?? stopGradient(tokLogp);
  const ratio = tokLogp.sub(old).exp() as tf.Tensor2D;
  const clipped = ratio.clipByValue(1 - hp.clipEps, 1 + hp.clipEps);
  const pgTok = tf.minimum(ratio.mul(advantages), clipped.mul(advantages)).neg() as tf.Tensor2D;
  const klTok = tokenKlK3(tokLogp, refLogp);
  let perTok: tf.Tensor = pgTok;
  if (hp.klBeta !== 0) perTok = perTok.add(klTok.mul(hp.klBeta));
  if (hp.entropyBonus !== 0) perTok = perTok.sub(tokenEntropy(logp).mul(hp.entropyBonus));
  return { loss: perTok.mul(w.seq).sum() as tf.Scalar, tok: { ratio, pgTok, klTok } };
}

/** The logged terms, from the objective's per-token values (no gradient: call outside the tape). */
export function grpoStats(logp: tf.Tensor3D, tok: TokenTerms, w: LossWeights, hp: LossHyper): Omit<LossTerms, 'loss'> {
  const entTok = tokenEntropy(logp);
  const outside = tok.ratio.sub(1).abs().greater(hp.clipEps).toFloat();
  const weighted = (x: tf.Tensor, by: tf.Tensor) => x.mul(by).sum() as tf.Scalar;
  return {
    lossPolicy: weighted(tok.pgTok, w.seq),
    lossKl: weighted(tok.klTok, w.seq).mul(hp.klBeta) as tf.Scalar,
    lossEntropy: weighted(entTok, w.seq).mul(-hp.entropyBonus) as tf.Scalar,
    kl: weighted(tok.klTok, w.tok),
    entropy: weighted(entTok, w.tok),
    clipFraction: weighted(outside, w.tok),
  };
}

/**
 * Per token: -min(ratio * A, clip(ratio, 1-eps, 1+eps) * A) + beta * KL - bonus * entropy.
 * Tokens are averaged within each sequence, then sequences are averaged (the original GRPO
 * aggregation). Objective and logged terms together; the trainer calls the two halves
 * separately so that only the objective is taped. Call inside tf.tidy or tf.variableGrads.
 */
export function grpoLoss(inp: LossInputs, hp: LossHyper): LossTerms {
  const w = lossWeights(inp.mask);
  const { loss, tok } = grpoObjective(inp, hp, w);
  return { loss, ...grpoStats(inp.logp, tok, w, hp) };
}

/**
 * Supervised loss for rejection-sampling fine-tuning: negative log-likelihood of the kept
 * samples, averaged per sequence then over sequences.
 */
export function sftLoss(logp: tf.Tensor3D, targets: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  const lengths = mask.sum(1).maximum(1);
  return tokenLogProbs(logp, targets).mul(mask).sum(1).div(lengths).mean().neg() as tf.Scalar;
}
