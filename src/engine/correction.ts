// Corrections for a noisy verifier, modelled as a channel with FP rate rho0 = P(observed 1 |
// truly 0) and FN rate rho1 = P(observed 0 | truly 1) (Cai et al., arXiv 2510.00915).
import type { Settings } from './settings';

/**
 * Backward correction: (r~ - rho0) / (1 - rho0 - rho1). Its expectation under the channel is
 * the clean reward, so the policy gradient built on it is unbiased. It can leave [0, 1] and
 * its variance grows as rho0 + rho1 approaches 1 (the settings refuse sums above 0.9).
 */
export function backwardCorrect(observed: number, rho0: number, rho1: number): number {
  const denom = 1 - rho0 - rho1;
  if (!(denom > 1e-6)) throw new RangeError(`backward correction needs FP + FN < 1 (got ${rho0} + ${rho1})`);
  return (observed - rho0) / denom;
}

/**
 * Forward correction, needing only the FN rate: with false positives assumed absent, an
 * observed 1 is certainly correct, while an observed 0 is correct with posterior probability
 * rho1 p / (rho1 p + 1 - p), p being the group's clean success rate, estimated as
 * mean(r~) / (1 - rho1). Each observed 0 is replaced by that posterior, which down-weights
 * the negative score-function terms exactly where false negatives hide (groups that often
 * succeed). Bounded in [0, 1], so it stays stable when the noise is heavy. This is our
 * reading of the paper's forward correction, not a transcription of its equations.
 */
export function forwardCorrectGroup(observed: readonly number[], rho1: number): number[] {
  const m = observed.reduce((a, b) => a + b, 0) / observed.length;
  const p = Math.min(1, rho1 < 1 ? m / (1 - rho1) : 1);
  const denom = rho1 * p + (1 - p);
  const posterior = denom > 1e-12 ? (rho1 * p) / denom : 1;
  return observed.map((r) => (r >= 1 ? 1 : posterior));
}

/** The rewards the learner uses, after the configured correction. */
export function correctRewards(observed: readonly number[], groupSize: number, s: Pick<Settings, 'correction' | 'assumedFn' | 'assumedFp'>): number[] {
  switch (s.correction) {
    case 'none':
      return [...observed];
    case 'backward':
      return observed.map((r) => backwardCorrect(r, s.assumedFp, s.assumedFn));
    case 'forward': {
      const out: number[] = [];
      for (let g = 0; g < observed.length; g += groupSize) out.push(...forwardCorrectGroup(observed.slice(g, g + groupSize), s.assumedFn));
      return out;
    }
  }
}

/**
 * Keep the better half of each group by (corrected) reward; ties keep the earlier rollout.
 * Returns 1 for kept rollouts, 0 for dropped ones.
 */
export function topHalfMask(rewards: readonly number[], groupSize: number): number[] {
  const keep = new Array<number>(rewards.length).fill(0);
  for (let g = 0; g < rewards.length; g += groupSize) {
    const idx = Array.from({ length: groupSize }, (_, i) => g + i).sort((a, b) => rewards[b] - rewards[a] || a - b);
    for (const i of idx.slice(0, Math.ceil(groupSize / 2))) keep[i] = 1;
  }
  return keep;
}
