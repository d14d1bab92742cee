// The catalogue of findings, in the order of shared/findings.md (by number), gathered from
// the files that hold them by theme.
import { COMPUTE_AND_DATA_FINDINGS } from './compute-and-data';
import type { Finding } from './finding';
import { FORGETTING_FINDINGS } from './forgetting';
import { RATE_OR_FATE_FINDINGS } from './rate-or-fate';
import { VERIFIER_NOISE_FINDINGS } from './verifier-noise';
import { WHAT_RL_LEARNS_FINDINGS } from './what-rl-learns';

export const FINDINGS: readonly Finding[] = [...RATE_OR_FATE_FINDINGS, ...VERIFIER_NOISE_FINDINGS, ...WHAT_RL_LEARNS_FINDINGS, ...COMPUTE_AND_DATA_FINDINGS, ...FORGETTING_FINDINGS]
  .sort((a, b) => a.number - b.number);

export function findingById(id: string | number): Finding | undefined {
  return FINDINGS.find((f) => f.id === id || f.number === id);
}
