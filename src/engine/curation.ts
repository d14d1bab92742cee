// Which training prompts a run samples from: all of them, only those whose base pass rate
// lies in a band (prompts the base always or never solves carry no GRPO signal), and in
// which order (easy to hard).
import type { Problem } from './assets';
import type { Policy } from './policy';
import type { Settings } from './settings';
import { encodePrompt, vocabFor } from './tokenizer';
import { scoreSamples } from './evaluate';
import { rngFor } from './rng';

/** Prompts whose base pass rate is estimated, and samples per prompt. */
export const RATE_POOL = 512;
export const RATE_SAMPLES = 8;

export interface PromptPool {
  /** Train indices a step may draw from, given the steps done and the run length. */
  candidates(stepsDone: number, totalSteps: number): readonly number[];
  size: number;
  notes: string[];
  /** Estimated base pass rate per train index, when it was estimated. */
  baseRates?: Map<number, number>;
}

export async function estimateBaseRates(base: Policy, problems: readonly Problem[], temperature: number, seed: number): Promise<Map<number, number>> {
  const idx = problems.slice(0, RATE_POOL).map((_, i) => i);
  const rows = idx.map((i) => encodePrompt(problems[i].prompt, base.config.promptLength, vocabFor(base.task)));
  // True correctness: the base rate is a property of the model, not of the verifier's noise.
  const exact = { mode: 'noisy' as const, fnRate: 0, fpRate: 0, randomRate: 0 };
  const sc = await scoreSamples(base, idx.map((i) => problems[i]), rows, RATE_SAMPLES, temperature, exact, rngFor(seed, 'base-rates'));
  return new Map(idx.map((i, j) => [i, sc.correct[j] / RATE_SAMPLES]));
}

/** Fraction of the (easy-first) pool open at a given point of the run. */
export function scheduleFraction(stepsDone: number, totalSteps: number): number {
  return 0.3 + 0.7 * Math.min(1, stepsDone / Math.max(totalSteps - 1, 1));
}

export async function buildPromptPool(s: Settings, base: Policy, train: readonly Problem[]): Promise<PromptPool> {
  const all = train.map((_, i) => i);
  if (s.curation === 'none' && s.schedule === 'none') {
    return { candidates: () => all, size: all.length, notes: [] };
  }
  const rates = await estimateBaseRates(base, train, s.temperature, s.seed);
  const notes: string[] = [];
  let pool = [...rates.keys()];
  if (s.curation === 'band') {
    const inBand = pool.filter((i) => rates.get(i)! >= s.bandLow && rates.get(i)! <= s.bandHigh);
    const minimum = Math.max(s.promptsPerStep, 8);
    if (inBand.length < minimum) {
      notes.push(`Only ${inBand.length} of ${pool.length} prompts have a base pass rate in [${s.bandLow}, ${s.bandHigh}]; training on all ${pool.length} instead.`);
    } else {
      notes.push(`Curation kept ${inBand.length} of ${pool.length} prompts with base pass rate in [${s.bandLow}, ${s.bandHigh}].`);
      pool = inBand;
    }
  } else {
    notes.push(`Base pass rates estimated on the first ${pool.length} training prompts (${RATE_SAMPLES} samples each).`);
  }
  if (s.schedule === 'easyToHard') {
    // Easiest first; ties keep dataset order so the schedule is deterministic.
    pool.sort((a, b) => rates.get(b)! - rates.get(a)! || a - b);
    const ordered = pool;
    return {
      candidates: (done, total) => ordered.slice(0, Math.max(Math.min(s.promptsPerStep, ordered.length), Math.ceil(ordered.length * scheduleFraction(done, total)))),
      size: ordered.length,
      notes: [...notes, 'Easy-to-hard schedule: the first steps draw from the 30% of prompts the base solves most often, widening to all by the end.'],
      baseRates: rates,
    };
  }
  return { candidates: () => pool, size: pool.length, notes, baseRates: rates };
}
