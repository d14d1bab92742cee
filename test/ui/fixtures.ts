// Hand-made records shared by the UI unit tests: a step record with plain values, one seed's
// (or a mean's, without a seed), any field overridable.
import type { StepRecord } from '../../src/engine/types';

export function step(n: number, seed: number | undefined, v: Partial<StepRecord> = {}): StepRecord {
  return {
    type: 'step', step: n, rollouts: n * 100, rewardObserved: 0.5, rewardUsed: 0.5, keptFraction: 1, rewardTrue: 0.4, rewardStd: 0.3,
    fracZeroStd: 0.2, fracAllRejected: 0.1, fracAllAccepted: 0.1, lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0, kl: 0.01,
    entropy: 1, clipFraction: 0, gradNorm: 1, advantageAbsMean: 0.5, completionLength: 3, tokens: 384, stepMs: 10,
    ...(seed === undefined ? {} : { seed }), ...v,
  };
}
