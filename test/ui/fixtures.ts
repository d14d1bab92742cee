// Hand-made records shared by the UI unit tests: a step record with plain values, one seed's
// (or a mean's, without a seed), any field overridable.
import type { EvalRecord, SplitEval, StepRecord } from '../../src/engine/types';

export function step(n: number, seed: number | undefined, v: Partial<StepRecord> = {}): StepRecord {
  return {
    type: 'step', step: n, rollouts: n * 100, rewardObserved: 0.5, rewardUsed: 0.5, keptFraction: 1, rewardTrue: 0.4, rewardStd: 0.3,
    fracZeroStd: 0.2, fracAllRejected: 0.1, fracAllAccepted: 0.1, lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0, kl: 0.01,
    entropy: 1, clipFraction: 0, gradNorm: 1, advantageAbsMean: 0.5, completionLength: 3, tokens: 384, stepMs: 10,
    ...(seed === undefined ? {} : { seed }), ...v,
  };
}

/** One split's evaluation with the given pass@k and KL; trace tasks add trace-pass@k and style shares. */
export function split(passAtK: number[], v: Partial<SplitEval> = {}): SplitEval {
  return { passAtK, rewardObserved: 0.4, entropy: 1, kl: 0, fnRate: null, fpRate: null, problems: 16, samplesPerProblem: passAtK.length, ...v };
}

/** An evaluation record at step `n` (one seed's, or a mean's without a seed). */
export function evalRecord(n: number, seed: number | undefined, test: SplitEval, ood: SplitEval): EvalRecord {
  return { type: 'eval', step: n, rollouts: n * 100, test, ood, k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 5, ...(seed === undefined ? {} : { seed }) };
}
