// One-click setups, each named after a finding in the project's findings list. A preset
// asks one question, says in one short sentence what to watch, and when its run ends
// states one sentence computed from that run's records (conclusions.ts). A preset is a
// partial Settings applied on top of the defaults (the backend choice is kept); a
// comparison preset also has 2-3 arms, run one after the other and pinned as they finish.
import { DEFAULT_SETTINGS, type Settings } from '../engine/settings';
import {
  compareArms, concludeBudget, concludeCompression, concludeEntropy, concludeMeasuredErrors, concludePartial,
  concludeRandom, concludeStyles, concludeUnteach, type ArmDiff, type Conclude,
} from './conclusions';
import type { ArmSpec } from './store';

export interface PresetArm {
  /** Short name shown in the progress line and the pin, e.g. "FP 0.3". */
  label: string;
  settings: Partial<Settings>;
}

export interface Preset {
  id: string;
  name: string;
  /** The question the preset asks, one short sentence. */
  question: string;
  /** What to watch while it runs, one short sentence. */
  lookFor: string;
  /** Settings common to every arm (all of them for a single-run preset). */
  settings: Partial<Settings>;
  /** Comparison presets: 2-3 arms, each applied on top of `settings`. */
  arms?: PresetArm[];
  /** Turn on iso-compute mode (C = B x K x steps held fixed while B or K move). */
  iso?: boolean;
  /** The closing sentence, from the finished run (or the arms' runs, in order). */
  conclude: Conclude;
}

/** Budget of the comparison presets: 100 steps, 3 seeds, evaluations every 25 steps on 64 problems x 8 samples. */
export const COMPARISON_BUDGET: Partial<Settings> = { steps: 100, seeds: 3, evalEvery: 25, evalProblems: 64, evalSamples: 8 };

const fnVsFp = (base: 'weak' | 'mid' | 'strong'): Pick<Preset, 'settings' | 'arms' | 'conclude'> => ({
  settings: { ...COMPARISON_BUDGET, verifier: 'noisy', base },
  arms: [
    { label: 'FN 0.3', settings: { fnRate: 0.3, fpRate: 0 } },
    { label: 'FP 0.3', settings: { fnRate: 0, fpRate: 0.3 } },
  ],
  conclude: (arms) => compareArms(arms, { context: `from the ${base} base` }),
});

const gapTail = (d: ArmDiff): string =>
  d.sign === 1 ? ', so more compute more than made up for the noise here'
    : d.sign === -1 ? ', so the extra compute did not make up for the noise'
      : '';

export const PRESETS: readonly Preset[] = [
  {
    id: 'fn-hurts-more',
    name: 'FN 0.3 against FP 0.3',
    question: 'At the same rate, do false negatives or false positives cost more final pass@1 from the default base?',
    lookFor: 'Two arms run one after the other and are pinned as they finish: FN 0.3, then FP 0.3, from the mid base.',
    ...fnVsFp('mid'),
  },
  {
    id: 'fn-fp-weak',
    name: 'FN 0.3 against FP 0.3 from the weak base',
    question: 'From a weak base, where most prompts succeed less than half the time, which noise costs more?',
    lookFor: 'Watch the training-group histogram: most mass sits below 0.5, where a false positive becomes a lone, heavily weighted success.',
    ...fnVsFp('weak'),
  },
  {
    id: 'fn-fp-strong',
    name: 'FN 0.3 against FP 0.3 from the strong base',
    question: 'From a strong base, where most prompts succeed more than half the time, which noise costs more?',
    lookFor: 'Watch the training-group histogram: most mass sits above 0.5, where a false negative becomes a lone, heavily weighted failure.',
    ...fnVsFp('strong'),
  },
  {
    id: 'compute-binding',
    name: 'Compute against a binding gap',
    question: 'With a KL anchor that binds (beta 1), does FN 0.3 still end below clean at 16 rollouts per prompt?',
    lookFor: 'KL to the base stays small under beta 1, so both arms level off; compare where they level off, not how fast they get there.',
    settings: { ...COMPARISON_BUDGET, verifier: 'noisy', rolloutsPerPrompt: 16, klBeta: 1 },
    arms: [
      { label: 'clean, K=16', settings: { fnRate: 0 } },
      { label: 'FN 0.3, K=16', settings: { fnRate: 0.3 } },
    ],
    conclude: (arms) => compareArms(arms, { context: 'with KL beta 1', then: (d) => (d.sign === -1 ? ', a gap 16 rollouts per prompt did not close' : '') }),
  },
  {
    id: 'compute-cant-buy-supervision',
    name: "Compute can't buy supervision",
    question: 'Do twice the rollouts per prompt make up for a noisy verifier?',
    lookFor: 'Switch the x-axis to rollouts spent: the noisy arm at K=16 spends twice what the clean arm at K=8 does.',
    settings: { ...COMPARISON_BUDGET, verifier: 'noisy' },
    arms: [
      { label: 'clean, K=8', settings: { fnRate: 0, fpRate: 0, rolloutsPerPrompt: 8 } },
      { label: 'FN 0.3 + FP 0.1, K=16', settings: { fnRate: 0.3, fpRate: 0.1, rolloutsPerPrompt: 16 } },
    ],
    conclude: (arms) => compareArms(arms, { then: gapTail }),
  },
  {
    id: 'j-negative',
    name: 'J < 0: the verifier unteaches',
    question: "With FN 0.5 and FP 0.6, Youden's J = 1 - FN - FP = -0.1: does training push pass@1 down?",
    lookFor: 'The verifier now rewards wrong answers more often than right ones, so the gradient points away from the answers.',
    settings: { verifier: 'noisy', fnRate: 0.5, fpRate: 0.6, steps: 150, seeds: 3 },
    conclude: concludeUnteach,
  },
  {
    id: 'sampler-not-thinker',
    name: 'Sampler, not thinker',
    question: 'Does GRPO teach new answers, or make the base model pick the ones it could already find?',
    lookFor: 'Compare how far pass@1 climbs with how far pass@16 moves.',
    settings: { verifier: 'noisy', fnRate: 0, fpRate: 0, steps: 200, evalSamples: 16 },
    conclude: concludeCompression,
  },
  {
    id: 'entropy-collapse',
    name: 'Entropy collapse',
    question: 'Without a KL penalty and with a 3x higher learning rate, does the policy narrow?',
    lookFor: 'Watch entropy and KL to the base, and whether pass@k falls while pass@1 rises.',
    settings: { klBeta: 0, entropyBonus: 0, lr: 0.001, rolloutsPerPrompt: 16, steps: 200 },
    conclude: concludeEntropy,
  },
  {
    id: 'style-collapse',
    name: 'One route or many?',
    question: 'Each sum has three correct worked routes: does GRPO keep them all, or collapse onto one style?',
    lookFor: 'Watch the stacked style shares: one layer swelling to fill the chart is the policy dropping correct routes.',
    settings: { task: 'addTrace', digits: 2, verifier: 'noisy', fnRate: 0, fpRate: 0, steps: 200 },
    conclude: concludeStyles,
  },
  {
    id: 'rl-vs-cloning-traces',
    name: 'RL or cloning the expert?',
    question: 'With several correct traces per problem, does GRPO beat fine-tuning on the reference traces of every style?',
    lookFor: 'Compare the arms\' final pass@1; SFT sees reference traces of all styles, about as many tokens per step as GRPO.',
    settings: { ...COMPARISON_BUDGET, task: 'addTrace', digits: 2, verifier: 'noisy', fnRate: 0, fpRate: 0 },
    arms: [
      { label: 'GRPO', settings: { algorithm: 'grpo' } },
      { label: 'SFT on traces', settings: { algorithm: 'sft' } },
    ],
    conclude: (arms) => compareArms(arms, { context: 'on worked traces' }),
  },
  {
    id: 'random-reward',
    name: 'Random reward',
    question: 'Does a reward that ignores the answer, at the base rate, improve held-out pass@1?',
    lookFor: 'Observed reward sits near the 35% rate whatever the policy does.',
    settings: { verifier: 'random', randomRate: 0.35, steps: 150 },
    conclude: concludeRandom,
  },
  {
    id: 'partial-verifier',
    name: 'Reward hacking a partial verifier',
    question: 'If the verifier checks only the last digit, does observed reward run ahead of true accuracy?',
    lookFor: 'Compare the observed reward with the true reward on the reward chart.',
    settings: { verifier: 'lastDigit', steps: 200 },
    conclude: concludePartial,
  },
  {
    id: 'correcting-noise',
    name: 'Correcting a noisy verifier',
    question: 'Does the forward correction recover pass@1 lost to FN 0.3?',
    lookFor: 'Two arms at FN 0.3, without and with the forward correction (dotted: the reward the learner used).',
    settings: { ...COMPARISON_BUDGET, verifier: 'noisy', fnRate: 0.3, assumedFn: 0.3, assumedFp: 0 },
    arms: [
      { label: 'no correction', settings: { correction: 'none' } },
      { label: 'forward correction', settings: { correction: 'forward' } },
    ],
    conclude: (arms) => compareArms(arms),
  },
  {
    id: 'random-vs-systematic',
    name: 'Random vs systematic errors',
    question: 'What does a verifier that accepts answers off by one in the last digit do to training?',
    lookFor: 'Read its measured FP rate beside the verifier controls; a noisy verifier at that rate is the random counterpart.',
    settings: { verifier: 'sysFpOffByOne', steps: 150 },
    conclude: concludeMeasuredErrors,
  },
  {
    id: 'fixed-budget',
    name: 'Spending a fixed budget',
    question: 'How far does a fixed budget of 12,800 rollouts take pass@1 at B=16, K=8?',
    lookFor: 'Iso-compute mode holds C = B x K x steps: moving K moves the steps, so pin a few points and compare them on the rollouts x-axis.',
    settings: { promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 100 },
    iso: true,
    conclude: concludeBudget,
  },
  {
    id: 'strong-base',
    name: 'From a strong base',
    question: 'From a base that already solves most problems, how much is left for pass@1 and pass@16 to gain?',
    lookFor: 'Only the base model changes; pin it and switch Base model to Weak to compare.',
    settings: { base: 'strong' },
    conclude: concludeCompression,
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** Full settings of each arm (one arm for a single-run preset), on the defaults with the given backend. */
export function presetArms(p: Preset, backend: Settings['backend'] = DEFAULT_SETTINGS.backend): ArmSpec[] {
  const common = { ...DEFAULT_SETTINGS, backend, ...p.settings };
  if (!p.arms?.length) return [{ label: p.name, settings: common }];
  return p.arms.map((a) => ({ label: a.label, settings: { ...common, ...a.settings } }));
}

/** Whether a run's settings are this single-run preset's (so its conclusion applies to it). */
export function isPresetRun(p: Preset, s: Settings): boolean {
  if (p.arms?.length) return false;
  return Object.entries(p.settings).every(([k, v]) => s[k as keyof Settings] === v);
}
