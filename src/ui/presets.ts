// One-click setups, each named after a finding in the project's findings list, with
// one sentence on what to look for. A preset is a partial Settings applied on top of
// the defaults (the backend choice is kept).
import type { Settings } from '../engine/settings';

export interface Preset {
  id: string;
  name: string;
  /** What to look for, one sentence. */
  lookFor: string;
  settings: Partial<Settings>;
  /** Turn on iso-compute mode (C = B x K x steps held fixed while B or K move). */
  iso?: boolean;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'fn-hurts-more',
    name: 'False negatives hurt more',
    lookFor:
      'This run rejects 30% of correct answers: pin it, move FN to 0 and FP to 0.3, and see which ends higher (the papers say FP; this engine at 300 steps ended FP 0.59, FN 0.64, clean 0.68), watching the all-rejected groups.',
    settings: { verifier: 'noisy', fnRate: 0.3, fpRate: 0, steps: 300 },
  },
  {
    id: 'compute-cant-buy-supervision',
    name: "Compute can't buy supervision",
    lookFor:
      'A noisy verifier at K=16 spends twice the default rollouts (switch the x-axis to rollouts spent): pin it, set FN and FP to 0 and K to 8, and see whether the extra compute made up for the noise (at 80 steps the gap here was within noise, so give it more steps).',
    settings: { verifier: 'noisy', fnRate: 0.3, fpRate: 0.1, rolloutsPerPrompt: 16, steps: 150 },
  },
  {
    id: 'sampler-not-thinker',
    name: 'Sampler, not thinker',
    lookFor:
      'pass@1 climbs much faster than pass@16, which starts near 0.9 and barely moves: the compression ratio readout says how much of the base model\'s headroom pass@1 took, the capability gain how much pass@k itself grew.',
    settings: { verifier: 'noisy', fnRate: 0, fpRate: 0, steps: 200, evalSamples: 16 },
  },
  {
    id: 'entropy-collapse',
    name: 'Entropy collapse',
    lookFor:
      'With no KL penalty and a 3x higher learning rate, entropy roughly halves and KL to base keeps climbing while held-out pass@1 rises and pass@8 falls below the base (mode collapse, the red flag).',
    settings: { klBeta: 0, entropyBonus: 0, lr: 0.001, rolloutsPerPrompt: 16, steps: 200 },
  },
  {
    id: 'random-reward',
    name: 'Random reward',
    lookFor:
      'Observed reward sits at the 35% base rate whatever the policy does, and held-out pass@1 does not rise (here it falls, because random advantages push the policy away from the base).',
    settings: { verifier: 'random', randomRate: 0.35, steps: 150 },
  },
  {
    id: 'partial-verifier',
    name: 'Reward hacking a partial verifier',
    lookFor:
      'The verifier checks only the last digit: observed reward climbs well above true reward, and held-out pass@1 gains less than it does with the exact verifier.',
    settings: { verifier: 'lastDigit', steps: 200 },
  },
  {
    id: 'correcting-noise',
    name: 'Correcting a noisy verifier',
    lookFor:
      'FN 0.3 with the forward correction, which lifts each observed zero by its chance of being a false negative (dotted: the reward used); pin it and switch to None, then to Backward: backward rescales rewards affinely, which GRPO\'s group normalisation divides out, so it tracks None almost exactly.',
    settings: { verifier: 'noisy', fnRate: 0.3, correction: 'forward', assumedFn: 0.3, assumedFp: 0, steps: 150 },
  },
  {
    id: 'random-vs-systematic',
    name: 'Random vs systematic errors',
    lookFor:
      'This verifier accepts any answer whose last digit is off by one; read its measured FP rate next to the verifier controls, pin the run, then pick Exact match + noise at that FP rate to compare random and systematic errors at the same rate.',
    settings: { verifier: 'sysFpOffByOne', steps: 150 },
  },
  {
    id: 'fixed-budget',
    name: 'Spending a fixed budget',
    lookFor:
      'Iso-compute mode holds C = B x K x steps at 12,800 rollouts, so raising K to 16 cuts the steps to 50 and lowering it to 2 raises them to 400; pin a few points along the line and compare final pass@1 on the rollouts x-axis.',
    settings: { promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 100 },
    iso: true,
  },
  {
    id: 'strong-base',
    name: 'From a strong base',
    lookFor:
      'Only the base model changes: the strong checkpoint starts at held-out pass@1 about 0.65 and pass@16 near 1 (the default mid one at 0.35 and 0.9, weak at 0.17 and 0.77), so pin it, switch Base model to Weak and compare how far pass@1 climbs and how much pass@k can still gain.',
    settings: { base: 'strong' },
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
