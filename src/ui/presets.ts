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
      'This run rejects 30% of correct answers; pin it, then move FN to 0 and FP to 0.3: the false-positive run ends with higher pass@1 and fewer zero-std groups.',
    settings: { verifier: 'noisy', fnRate: 0.3, fpRate: 0, steps: 150 },
  },
  {
    id: 'compute-cant-buy-supervision',
    name: "Compute can't buy supervision",
    lookFor:
      'With a noisy verifier, doubling rollouts per prompt to K=16 costs twice the rollouts (switch the x-axis to rollouts) but final pass@1 stays below a clean K=8 run.',
    settings: { verifier: 'noisy', fnRate: 0.3, fpRate: 0.1, rolloutsPerPrompt: 16, steps: 150 },
  },
  {
    id: 'sampler-not-thinker',
    name: 'Sampler, not thinker',
    lookFor:
      'pass@1 climbs toward pass@16 while pass@16 barely moves: the compression ratio readout goes high and the capability gain stays near zero.',
    settings: { verifier: 'noisy', fnRate: 0, fpRate: 0, steps: 200, evalSamples: 16 },
  },
  {
    id: 'entropy-collapse',
    name: 'Entropy collapse',
    lookFor:
      'No KL penalty and a 3x higher learning rate: entropy roughly halves and KL to base keeps climbing; held-out pass@1 rises while pass@8 falls below the base (mode collapse, the red flag), and OOD pass@1 ends lower.',
    settings: { klBeta: 0, entropyBonus: 0, lr: 0.001, rolloutsPerPrompt: 16, steps: 200 },
  },
  {
    id: 'random-reward',
    name: 'Random reward',
    lookFor:
      'Observed reward sits near the 35% base rate while true reward and held-out pass@1 stay flat: a reward unrelated to correctness teaches nothing on a clean task.',
    settings: { verifier: 'random', randomRate: 0.35, steps: 150 },
  },
  {
    id: 'partial-verifier',
    name: 'Reward hacking a partial verifier',
    lookFor:
      'The verifier checks only the last digit: observed reward climbs toward 1 while true reward and held-out pass@1 lag far behind it.',
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
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
