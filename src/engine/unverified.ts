// Tasks the verifier never checks. A run from the generalist base (family mix) trains on one
// task of the mixture; every evaluation also samples the held-out split of each other task and
// measures pass@k and the KL to the base there, with the exact check (these tasks have no
// verifier in the loop: what is measured is the truth). Built on evaluateSplit, per task.
import type { Dataset, Problem } from './assets';
import type { Policy } from './policy';
import type { SplitEval } from './types';
import { evaluateSplit } from './evaluate';
import { encodePrompt, vocabFor } from './tokenizer';
import { rngFor } from './rng';
import { AssetError } from './assets';
import { MIX_TASKS, type MixTask } from './names';

export interface UnverifiedSplit {
  task: MixTask;
  problems: Problem[];
  rows: number[][];
}

/** The exact check: unverified tasks have no noise channel, pass@k is correctness. */
const EXACT = { mode: 'noisy' as const, fnRate: 0, fpRate: 0, randomRate: 0 };

/** The mixture's tasks other than the one RL trains on, in MIX_TASKS order. */
export function unverifiedTasks(trained: string): MixTask[] {
  return MIX_TASKS.filter((t) => t !== trained);
}

/** Each unverified task's held-out split (its first `count` problems), encoded for the policy. */
export function encodeUnverified(policy: Pick<Policy, 'task' | 'config'>, datasets: readonly Dataset[], count: number): UnverifiedSplit[] {
  const vocab = vocabFor(policy.task);
  return datasets.map((ds) => {
    const problems = ds.splits.test.slice(0, count);
    try {
      return { task: ds.task as MixTask, problems, rows: problems.map((p) => encodePrompt(p.prompt, policy.config.promptLength, vocab)) };
    } catch (e) {
      throw new AssetError(`Dataset ${ds.task}-${ds.digits} does not fit the base model: ${(e as Error).message}`);
    }
  });
}

/**
 * Evaluate every unverified split: n samples per problem at the run's temperature, each task on
 * its own evaluation stream (the same at every evaluation, so curves differ by the policy only,
 * and separate from the verified splits' stream, which stays as it was).
 */
export async function evaluateUnverified(
  policy: Policy, base: Policy, splits: readonly UnverifiedSplit[], n: number, temperature: number, seed: number,
): Promise<Record<string, SplitEval>> {
  const out: Record<string, SplitEval> = {};
  for (const s of splits) out[s.task] = await evaluateSplit(policy, base, s.problems, s.rows, n, temperature, EXACT, rngFor(seed, `eval-unverified-${s.task}`));
  return out;
}
