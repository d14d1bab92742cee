// The records the engine emits. These are the seam between the engine, the worker,
// the store and the CLI: everything downstream renders or writes these, nothing else.

/** One GRPO step. Names follow TRL's GRPO trainer where a counterpart exists. */
export interface StepRecord {
  type: 'step';
  /** 1-based index of the completed step. */
  step: number;
  /** Cumulative rollouts (sampled answers) spent so far, including this step. */
  rollouts: number;
  /** Mean reward the verifier reported. */
  rewardObserved: number;
  /** Mean reward the learner used after the noise correction (equals rewardObserved without one). */
  rewardUsed: number;
  /** Fraction of rollouts that entered the loss (top-half filtering, or accepted samples for RFT). */
  keptFraction: number;
  /** Mean true correctness of the same rollouts (exact match, no noise). */
  rewardTrue: number;
  /** Mean within-group standard deviation of the observed reward. */
  rewardStd: number;
  /** Fraction of groups whose observed rewards are all equal: zero advantage, no gradient (TRL: frac_reward_zero_std). */
  fracZeroStd: number;
  /** Of those, groups where every rollout was rejected (false negatives create these from groups with a few correct answers). */
  fracAllRejected: number;
  /** ...and groups where every rollout was accepted. fracZeroStd = fracAllRejected + fracAllAccepted. */
  fracAllAccepted: number;
  /** Clipped surrogate term of the loss (policy-gradient part). */
  lossPolicy: number;
  /** beta * KL term of the loss. */
  lossKl: number;
  /** -entropyBonus * entropy term of the loss. */
  lossEntropy: number;
  /** Total loss that was minimised. */
  loss: number;
  /** Mean per-token k3 KL estimate to the frozen base model on the rollouts. */
  kl: number;
  /** Mean per-token entropy of the policy on the rollouts. */
  entropy: number;
  /** Fraction of tokens whose importance ratio was clipped (0 when updatesPerBatch = 1). */
  clipFraction: number;
  /** Global L2 norm of the gradient (before the Adam update). */
  gradNorm: number;
  /** Mean absolute advantage over rollouts. */
  advantageAbsMean: number;
  /** Mean generated length in tokens, end token included. */
  completionLength: number;
  /** Tokens sampled in this step. */
  tokens: number;
  // Diagnostics of the noise mechanism (mechanism.ts); absent in records made before they existed.
  /** Histogram of true successes per training group: groupSuccessHist[c] = groups with c of K correct (see mechanism.ts). */
  groupSuccessHist?: number[];
  /** Share of training groups whose true success rate is below 0.5. */
  groupShareBelowHalf?: number | null;
  /** Rollouts whose observed reward differs from the truth (FN or FP flips), as a fraction of all rollouts. */
  flippedFraction?: number;
  /** Share of flipped rollouts that became their group's lone minority outcome (null without flips). */
  flipLoneShare?: number | null;
  /** Their mean |advantage| (about sqrt(K-1) with std normalisation; null without any). */
  flipLoneAdvAbs?: number | null;
  /** flipLoneShare for false negatives alone and for false positives alone. */
  fnLoneShare?: number | null;
  fpLoneShare?: number | null;
  /** Mean number of distinct wrong answers per group (groups with a wrong answer). */
  wrongDistinct?: number | null;
  /** Mean share of the most common wrong answer among a group's wrong answers. */
  wrongTopShare?: number | null;
  // Worked-step tasks (absent elsewhere).
  /** Mean trace-correctness of the step's rollouts: final answer and every step right (rewardTrue stays the answer's). */
  traceTrue?: number;
  /** Share of the step's rollouts by trace style (TRACE_STYLES ids and 'other'); sums to 1. */
  styleShares?: Record<string, number>;
  /**
   * Tokens that entered the loss this step (end tokens included; for RFT the accepted samples',
   * for SFT the reference completions'), for comparisons at equal trained tokens.
   */
  trainedTokens?: number;
  /** Wall-clock milliseconds this step took (for a multi-seed record: all its seeds together). */
  stepMs: number;
  /** The seed of a per-seed record; absent on a multi-seed record, which holds the mean over its seeds. */
  seed?: number;
  /** Multi-seed runs: this step of every seed, in seed order (the fields above are their mean). */
  perSeed?: StepRecord[];
}

/** Evaluation of one split: n samples per problem. */
export interface SplitEval {
  /** passAtK[k-1] = unbiased pass@k, for k = 1..n (final-answer correctness). */
  passAtK: number[];
  /** Worked-step tasks: unbiased pass@k where a sample counts only if its answer and every step are right. */
  tracePassAtK?: number[];
  /** Worked-step tasks: share of the samples by trace style (TRACE_STYLES ids and 'other'); sums to 1. */
  styleShares?: Record<string, number>;
  /** Mean observed (verifier) reward on the samples. */
  rewardObserved: number;
  /** Mean per-token entropy on the samples. */
  entropy: number;
  /** Mean per-token k3 KL to the base model on the samples. */
  kl: number;
  /** Measured verifier error rates on these samples: P(rejected | correct), P(accepted | wrong); null without such samples. */
  fnRate: number | null;
  fpRate: number | null;
  /** Youden's index measured on these samples: 1 - fnRate - fpRate (null when a rate is unknown). */
  youdenJ?: number | null;
  /** successHist[c] = problems with c of n samples correct (c = 0..n). */
  successHist?: number[];
  /** Share of problems whose success rate c/n is below 0.5. */
  shareBelowHalf?: number | null;
  problems: number;
  samplesPerProblem: number;
}

export interface EvalRecord {
  type: 'eval';
  /** Steps completed when this evaluation ran (0 = the base model). */
  step: number;
  rollouts: number;
  test: SplitEval;
  ood: SplitEval;
  /**
   * The generalist (family mix): the held-out split of every task of the mixture the verifier
   * never checks, by task (src/engine/unverified.ts). Absent on single-task runs.
   */
  unverified?: Record<string, SplitEval>;
  /** The k used for the readouts below (largest power of two <= n, at most 8). */
  k: number;
  /** (pass@1 - base pass@1) / (base pass@k - base pass@1) on the test split; null where undefined. */
  compressionRatio: number | null;
  /** pass@k - base pass@k on the test split. */
  capabilityGain: number;
  evalMs: number;
  /**
   * Set on the evaluation that ends a run (and on each of its perSeed records): why it ended
   * there (src/engine/plateau.ts). Absent on every other evaluation, and on the last one of a
   * run that did not end on its own (stopped by its user, failed, or recorded before stop
   * reasons existed).
   */
  stopReason?: StopReason;
  /** As on StepRecord: the seed of a per-seed record, absent on a mean over seeds. */
  seed?: number;
  /** Multi-seed runs: this evaluation of every seed, in seed order (the fields above are their mean). */
  perSeed?: EvalRecord[];
}

export type MetricRecord = StepRecord | EvalRecord;

/**
 * Why a run ended: 'plateau' (the `plateau` setting was on and held-out pass@1 stopped rising
 * beyond its noise; src/engine/plateau.ts) or 'cap' (it ran all its `steps`). A run that a
 * non-finite loss stops throws a TrainingError instead, and one its user stops simply ends:
 * neither leaves a reason in the records.
 */
export type StopReason = 'plateau' | 'cap';
export const STOP_REASONS: readonly StopReason[] = ['plateau', 'cap'];

export interface RunInfo {
  /** The tfjs backend actually in use. */
  backend: string;
  /** Why that backend (for example "WebGPU unavailable: no adapter; using WASM"). */
  backendReason: string;
  /** Trainable parameters of the policy. */
  parameters: number;
  /** The model size that ran (tiny when the requested size has no base model for this task and strength; notes say so). */
  model: string;
  task: string;
  digits: number;
  algorithm: string;
  /** Training prompts the run samples from (after curation; the first seed's where curation depends on the seed). */
  promptPool: number;
  /** The seeds this run trains (seed, seed+1, ...). */
  seeds: number[];
  /** Processes (worker threads or Web Workers) the seeds are spread over; 1 = all in one. */
  shards: number;
  /** What the engine decided on the user's behalf (curation fallbacks and the like). */
  notes: string[];
}

/** Thrown when training produces a non-finite value; names the step. */
export class TrainingError extends Error {
  constructor(message: string, readonly step: number) {
    super(message);
    this.name = 'TrainingError';
  }
}
