// One-click questions for the playground. A preset is a finding's question at a browser
// budget: it names the finding (src/experiments/findings/) and the arms of it the page runs,
// adds only its budget (steps, seeds, evaluation) and its text, and when its runs end shows
// that finding's own assess() of them. So a preset and a finding cannot disagree about what
// an arm is or how it is judged. A comparison preset's arms run at the same time (one after the
// other on one core) and are pinned as they finish (arms-queue.ts); a single-run preset is one multi-seed run. The
// catalogue is grouped by the question its presets answer (PRESET_GROUPS), and a link opens a
// preset by its id (?preset=<id>, share.ts), with settings of its own on top (overrides).
import { DEFAULT_SETTINGS, SETTING_KEYS, parseSettings, type Settings, type SettingsIssue } from '../engine/settings';
import { findingById } from '../experiments/findings';
import type { Assessment, Finding } from '../experiments/findings/finding';
import { armRunSettings, recordedArmSummaries, type RecordedRun } from '../experiments/findings/runs';
import type { ArmSpec } from './arms-queue';

/** What a preset may set: how long and how often its runs are evaluated, never what they train. */
export const PRESET_BUDGET_KEYS = ['steps', 'seeds', 'evalEvery', 'evalProblems', 'evalSamples'] as const;
export type PresetBudget = Partial<Pick<Settings, (typeof PRESET_BUDGET_KEYS)[number]>>;

/** The questions the presets answer, in the order the page lists them; each preset names one. */
export const PRESET_GROUPS = [
  { id: 'noise', title: 'Verifier noise', question: 'Does a noisy verifier change where training ends, or only how fast it gets there?' },
  { id: 'compute', title: 'Compute', question: 'Can more rollouts buy back what a worse verifier costs?' },
  { id: 'learns', title: 'What RL learns', question: 'Does GRPO teach new answers, or sharpen the ones the base model could already sample?' },
  { id: 'drift', title: 'Drift and forgetting', question: 'How far does training pull the policy from its base, and what does it lose on the way?' },
  { id: 'design', title: 'Verifier design', question: 'What do a partial, systematic, random or corrected verifier do to training?' },
] as const;
export type PresetGroupId = (typeof PRESET_GROUPS)[number]['id'];

export interface Preset {
  id: string;
  /** The question of PRESET_GROUPS this preset answers. */
  group: PresetGroupId;
  name: string;
  /** The question the preset asks, one short sentence. */
  question: string;
  /** What to watch while it runs, one short sentence. */
  lookFor: string;
  /** Id of the finding whose arms it runs and whose assess() judges them. */
  finding: string;
  /** The finding's arm ids the page runs, in order: two or three for a comparison, one for a single run. */
  arms: readonly string[];
  /** The browser budget, over the finding's own. */
  budget: PresetBudget;
  /** Turn on iso-compute mode (C = B x K x steps held fixed while B or K move). */
  iso?: boolean;
  /** Open with the recorded runs of these arms (results/recorded-runs.json, from npm run findings) pinned. */
  recorded?: boolean;
}

/** Budget of the comparison presets: 100 steps, 3 seeds, evaluations every 25 steps on 64 problems x 8 samples. */
export const COMPARISON_BUDGET: PresetBudget = { steps: 100, seeds: 3, evalEvery: 25, evalProblems: 64, evalSamples: 8 };

/**
 * Budget of the rate-or-fate presets: the finding's own (each arm to its plateau, capped per
 * anchor, evaluated every 50 steps on 128 problems x 8 samples) with its 3 seeds in one run, so
 * a live run sits on the same settings as the recorded ones.
 */
export const PLATEAU_PRESET_BUDGET: PresetBudget = { seeds: 3 };

/** Budget of a single-run preset: the page's defaults (3 seeds, evaluations every 20 steps on 64 problems x 16 samples) for `steps` steps. */
const single = (steps: number): PresetBudget => ({
  steps, seeds: DEFAULT_SETTINGS.seeds, evalEvery: DEFAULT_SETTINGS.evalEvery, evalProblems: DEFAULT_SETTINGS.evalProblems, evalSamples: DEFAULT_SETTINGS.evalSamples,
});

export const PRESETS: readonly Preset[] = [
  {
    id: 'fn-hurts-more', group: 'noise',
    name: 'FN 0.3 against FP 0.3',
    question: 'Run to where training ends with a binding KL anchor, do false negatives or false positives end lower from the default base?',
    lookFor: 'Two arms, FN 0.3 and FP 0.3 from the mid base at KL beta 1, run side by side to their plateau and are pinned as they finish.',
    finding: 'fn-vs-fp', arms: ['mid-b1-k4-fn', 'mid-b1-k4-fp'], budget: PLATEAU_PRESET_BUDGET,
  },
  {
    id: 'noise-binding-anchor', group: 'noise',
    name: 'Noise at a binding anchor',
    question: 'With a KL anchor that binds (beta 1), does noise lower where training ends (fate)?',
    lookFor: 'The recorded runs of npm run findings are pinned at once; on the steps × J chart noisy curves that stay below clean moved the end point.',
    finding: 'noise-vs-compute', arms: ['mid-b1-k4-clean', 'mid-b1-k4-fn', 'mid-b1-k4-fp'], budget: PLATEAU_PRESET_BUDGET, recorded: true,
  },
  {
    id: 'noise-loose-anchor', group: 'noise',
    name: 'Noise at a loose anchor',
    question: 'With a loose KL anchor (beta 0.02), does noise only delay training, by about 1/J (rate)?',
    lookFor: 'The recorded runs of npm run findings are pinned at once; on the steps × J chart noisy curves that fall onto clean were only slowed.',
    finding: 'noise-vs-compute', arms: ['mid-b0.02-k4-clean', 'mid-b0.02-k4-fn', 'mid-b0.02-k4-fp'], budget: PLATEAU_PRESET_BUDGET, recorded: true,
  },
  {
    id: 'fn-fp-strong', group: 'noise',
    name: 'FN 0.3 against FP 0.3 from the strong base',
    question: 'From a strong base, where most prompts succeed more than half the time, which noise ends lower?',
    lookFor: 'Watch the training-group histogram: most mass sits above 0.5, where a false negative becomes a lone, heavily weighted failure.',
    finding: 'fn-vs-fp', arms: ['strong-b1-k4-fn', 'strong-b1-k4-fp'], budget: PLATEAU_PRESET_BUDGET,
  },
  {
    id: 'compute-binding', group: 'compute',
    name: 'Compute against a binding gap',
    question: 'With a KL anchor that binds (beta 1), does FN 0.3 still end below clean at 16 rollouts per prompt?',
    lookFor: 'KL to the base stays small under beta 1, so both arms level off; compare where they level off, not how fast they get there.',
    finding: 'noise-vs-compute', arms: ['mid-b1-k16-clean', 'mid-b1-k16-fn'], budget: PLATEAU_PRESET_BUDGET,
  },
  {
    id: 'compute-cant-buy-supervision', group: 'compute',
    name: "Compute can't buy supervision",
    question: 'Do four times the rollouts per prompt make up for a noisy verifier?',
    lookFor: 'Switch the x-axis to rollouts spent: the noisy arm at K=16 spends four times what the clean arm at K=4 does.',
    finding: 'noise-vs-compute', arms: ['mid-b1-k4-clean', 'mid-b1-k16-fn'], budget: PLATEAU_PRESET_BUDGET,
  },
  {
    id: 'j-negative', group: 'noise',
    name: 'J < 0: the verifier unteaches',
    question: "With FN 0.5 and FP 0.6, Youden's J = 1 - FN - FP = -0.1: does training push pass@1 down?",
    lookFor: 'The verifier now rewards wrong answers more often than right ones, so the gradient points away from the answers.',
    finding: 'random-reward', arms: ['inverted'], budget: single(150),
  },
  {
    id: 'sampler-not-thinker', group: 'learns',
    name: 'Sampler, not thinker',
    question: 'Does GRPO teach new answers, or make the base model pick the ones it could already find?',
    lookFor: 'Compare how far pass@1 climbs with how far pass@16 moves on the chart; the result reads pass@8, as the findings do.',
    finding: 'compression', arms: ['clean'], budget: single(200),
  },
  {
    id: 'entropy-collapse', group: 'drift',
    name: 'Entropy collapse',
    question: 'Without a KL penalty and with a 3x higher learning rate, does the policy narrow?',
    lookFor: 'Watch entropy and KL to the base, and whether pass@k falls while pass@1 rises.',
    finding: 'entropy', arms: ['unanchored'], budget: single(200),
  },
  {
    id: 'style-collapse', group: 'learns',
    name: 'One route or many?',
    question: 'Each sum has three correct worked routes: does GRPO keep them all, or collapse onto one style?',
    lookFor: 'Watch the stacked style shares: one layer swelling to fill the chart is the policy dropping correct routes.',
    finding: 'grpo-vs-sft-trace', arms: ['grpo'], budget: single(200),
  },
  {
    id: 'rl-vs-cloning-traces', group: 'learns',
    name: 'RL or cloning the expert?',
    question: 'With several correct traces per problem, does GRPO beat fine-tuning on the reference traces of every style?',
    lookFor: 'Compare the arms\' final pass@1; SFT sees reference traces of all styles, about as many tokens per step as GRPO.',
    finding: 'grpo-vs-sft-trace', arms: ['grpo', 'sft'], budget: COMPARISON_BUDGET,
  },
  {
    id: 'random-reward', group: 'design',
    name: 'Random reward',
    question: 'Does a reward that ignores the answer, at the base rate, improve held-out pass@1?',
    lookFor: 'Observed reward sits near the 35% rate whatever the policy does.',
    finding: 'random-reward', arms: ['random'], budget: single(150),
  },
  {
    id: 'partial-verifier', group: 'design',
    name: 'Reward hacking a partial verifier',
    question: 'If the verifier checks only the last digit, does observed reward run ahead of true accuracy?',
    lookFor: 'Compare the observed reward with the true reward on the reward chart.',
    finding: 'partial-verifier', arms: ['lastDigit'], budget: single(200),
  },
  {
    id: 'correcting-noise', group: 'design',
    name: 'Correcting a noisy verifier',
    question: 'Does the forward correction recover pass@1 lost to FN 0.3?',
    lookFor: 'Two arms at FN 0.3, without and with the forward correction (dotted: the reward the learner used).',
    finding: 'corrections', arms: ['none', 'forward'], budget: COMPARISON_BUDGET,
  },
  {
    id: 'random-vs-systematic', group: 'design',
    name: 'Random vs systematic errors',
    question: 'What does a verifier that accepts answers off by one in the last digit do to training?',
    lookFor: 'Read its measured FP rate beside the verifier controls; a noisy verifier at that rate is the random counterpart.',
    finding: 'systematic', arms: ['sysFpOffByOne'], budget: single(150),
  },
  {
    id: 'fixed-budget', group: 'compute',
    name: 'Spending a fixed budget',
    question: 'How far does a fixed budget of 12,800 rollouts take pass@1 at B=16, K=8?',
    lookFor: 'Iso-compute mode holds C = B x K x steps: moving K moves the steps, so pin a few points and compare them on the rollouts x-axis.',
    finding: 'iso-compute', arms: ['large-k8'], budget: single(100),
    iso: true,
  },
  {
    id: 'forgetting', group: 'drift',
    name: 'Forgetting',
    question: 'Trained and verified on addition only, does the generalist keep subtraction, max and reversal as the policy drifts?',
    lookFor: 'Loose anchor at a high learning rate, the default, a binding anchor: watch "Not checked by the verifier" and pass@1 against KL.',
    finding: 'forgetting-kl', arms: ['loose-hi-lr', 'default', 'binding'], budget: COMPARISON_BUDGET,
  },
  {
    id: 'strong-base', group: 'learns',
    name: 'From a strong base',
    question: 'From a base that already solves most problems, how much is left for pass@1 and pass@k to gain?',
    lookFor: 'Only the base model changes; pin it and switch Base model to Weak to compare.',
    finding: 'compression', arms: ['strong'], budget: single(200),
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The catalogue by group, in PRESET_GROUPS order, each group's presets in catalogue order. */
export function presetsByGroup(): { group: (typeof PRESET_GROUPS)[number]; presets: Preset[] }[] {
  return PRESET_GROUPS.map((group) => ({ group, presets: PRESETS.filter((p) => p.group === group.id) }));
}

/** The finding a preset shows (the catalogue test checks every preset names one). */
export function presetFinding(p: Preset): Finding {
  const f = findingById(p.finding);
  if (!f) throw new Error(`preset ${p.id}: no finding ${p.finding}`);
  return f;
}

/** Settings a link sets on top of a preset: every arm runs them in place of its own. */
export type PresetOverrides = Partial<Settings>;

/**
 * Full settings of each arm, run as the finding runs it (armRunSettings): the defaults with the
 * given backend, the finding's budget, the preset's budget, then the arm, then the link's
 * `overrides` (checked against the schema again, so a combination the task cannot hold falls
 * back as any link's does). A comparison's arms carry the finding's arm labels; a single run is
 * named after the preset.
 */
export function presetArms(p: Preset, backend: Settings['backend'] = DEFAULT_SETTINGS.backend, overrides: PresetOverrides = {}): ArmSpec[] {
  return presetArmsChecked(p, backend, overrides).arms;
}

/** presetArms, with what the schema said about the overrides on any arm (each message once). */
export function presetArmsChecked(p: Preset, backend: Settings['backend'], overrides: PresetOverrides): { arms: ArmSpec[]; issues: SettingsIssue[] } {
  const f = presetFinding(p);
  const base = { ...DEFAULT_SETTINGS, backend };
  const issues: SettingsIssue[] = [];
  const arms = p.arms.map((id) => {
    const arm = f.arms.find((a) => a.id === id);
    if (!arm) throw new Error(`preset ${p.id}: finding ${f.id} has no arm ${id}`);
    const own = armRunSettings(f, arm, base, p.budget);
    const checked = Object.keys(overrides).length ? parseSettings(overrides, own) : { settings: own, issues: [] };
    for (const i of checked.issues) if (!issues.some((x) => x.key === i.key && x.message === i.message)) issues.push(i);
    return { label: p.arms.length > 1 ? arm.label : p.name, settings: checked.settings };
  });
  return { arms, issues };
}

/**
 * What the overrides change, one line per setting, for the link's notice: "steps: 50 (the
 * preset runs 100)", or "correction: forward for every arm (the preset's arms run none, forward)".
 */
export function overrideLines(p: Preset, overrides: PresetOverrides): string[] {
  const own = presetArms(p);
  return SETTING_KEYS.flatMap((k) => {
    if (!Object.prototype.hasOwnProperty.call(overrides, k)) return [];
    const values = [...new Set(own.map((a) => String(a.settings[k])))];
    const mine = String(overrides[k]);
    if (own.length > 1 && values.length > 1) return [`${k}: ${mine} for every arm (the preset's arms run ${values.join(', ')})`];
    return [values[0] === mine ? `${k}: ${mine} (as the preset has it)` : `${k}: ${mine} (the preset runs ${values[0]})`];
  });
}

/** Whether a run's settings are this single-run preset's, with the link's overrides (so its assessment applies to it); the backend aside. */
export function isPresetRun(p: Preset, s: Settings, overrides: PresetOverrides = {}): boolean {
  if (p.arms.length !== 1) return false;
  const want = presetArms(p, s.backend, overrides)[0].settings;
  return SETTING_KEYS.every((k) => s[k] === want[k]);
}

/** The finding's own assessment of the preset's finished runs (runs[i] is arm i's run). */
export function presetAssessment(p: Preset, runs: readonly (RecordedRun | null | undefined)[]): Assessment {
  return presetFinding(p).assess(recordedArmSummaries(p.arms, runs));
}
