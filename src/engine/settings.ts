// The one schema for every run setting. Sliders, share links and the CLI all read
// names, defaults and ranges from here, so a setting cannot drift between them.
import { z } from 'zod';
import { MODEL_LABELS, shippedSummary } from './models';
import { MIX_BASE } from './mix';
import { BASE_STRENGTHS, FAMILIES, MIX_TASKS, MODEL_SIZES, TASKS, type TaskName } from './names';

// The task and strength names live in the leaf names.ts (it breaks an import circle); the
// settings, which choose among them, pass them on.
export { BASE_STRENGTHS, FAMILIES, TASKS, type BaseStrength, type Family, type TaskName } from './names';

export const VERIFIER_MODES = ['noisy', 'random', 'lastDigit', 'format', 'sysFnLong', 'sysFn7', 'sysFpOffByOne', 'sysFpOperand'] as const;
export type VerifierMode = (typeof VERIFIER_MODES)[number];

/** What the verifier checks (before the noise channel) on tasks whose completions are worked traces. */
export const CHECKS = ['answer', 'trace'] as const;
export type CheckMode = (typeof CHECKS)[number];

/** Tasks whose completions are a worked trace then the final answer (see traces.ts). */
export const TRACE_TASKS: readonly TaskName[] = ['addTrace'];
export function isTraceTask(task: TaskName): boolean {
  return TRACE_TASKS.includes(task);
}
/** Largest difficulty a task supports (its OOD split, one digit more, must fit its model's window). */
export function maxDigitsFor(task: TaskName): number {
  return task === 'addTrace' ? 2 : 3;
}

export const BASELINES = ['mean', 'median'] as const;
export type Baseline = (typeof BASELINES)[number];

export const ALGORITHMS = ['grpo', 'rft', 'sft'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const CORRECTIONS = ['none', 'backward', 'forward'] as const;
export type Correction = (typeof CORRECTIONS)[number];

export const CURATIONS = ['none', 'band'] as const;
export const SCHEDULES = ['none', 'easyToHard'] as const;

export const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

interface FieldBase {
  label: string;
  help: string;
  /** CLI flag without dashes, e.g. `fn` for --fn. */
  flag: string;
  group: 'task' | 'verifier' | 'correction' | 'rollouts' | 'optimiser' | 'curation' | 'evaluation' | 'run';
}
export interface NumberField extends FieldBase {
  kind: 'number' | 'int';
  default: number;
  min: number;
  max: number;
  step: number;
  /** Sliders for rates spanning decades move on a log scale. */
  log?: boolean;
}
export interface EnumField extends FieldBase {
  kind: 'enum';
  default: string;
  options: readonly string[];
  optionLabels?: Record<string, string>;
}
export interface BoolField extends FieldBase {
  kind: 'bool';
  default: boolean;
}
export type Field = NumberField | EnumField | BoolField;

export const SETTINGS_SPEC = {
  task: {
    kind: 'enum', default: 'add', options: TASKS, flag: 'task', group: 'task',
    optionLabels: { add: 'Addition a+b', mul: 'Multiplication a*b', mod: 'Modular (a*b+c)%m', addTrace: 'Addition with worked steps' },
    label: 'Task', help: 'Toy arithmetic with exact answers. Addition with worked steps writes a derivation (one of several styles) before the answer; it supports 1-2 digits.',
  },
  base: {
    kind: 'enum', default: 'mid', options: BASE_STRENGTHS, flag: 'base', group: 'task',
    optionLabels: { weak: 'Weak (add: pass@1 0.18)', mid: 'Mid (add: pass@1 0.35)', strong: 'Strong (add: pass@1 0.65)' },
    label: 'Base model',
    help: 'Checkpoints of one pretraining run: how often the base model already solves 2-digit held-out problems. Labels show addition; the other tasks\' numbers are in docs/base-models.md.',
  },
  family: {
    kind: 'enum', default: 'single', options: FAMILIES, flag: 'family', group: 'task',
    optionLabels: { single: 'One task per base (the base knows only the task)', mix: 'Generalist (addition, subtraction, max, reversal)' },
    label: 'Base family',
    help: `Single: each task has its own base, and "Base model" and "Model size" pick it. Generalist: one base pretrained on a mixture of tasks (docs/base-models.md); RL trains on addition, the verifier checks only addition, and every evaluation also measures the tasks the verifier never checks. The generalist ships one base (${MIX_BASE.strength} strength, ${MIX_BASE.model} size), so it ignores "Base model" and "Model size".`,
  },
  model: {
    kind: 'enum', default: 'tiny', options: MODEL_SIZES, flag: 'model', group: 'task',
    optionLabels: MODEL_LABELS,
    label: 'Model size',
    help: `Size of the transformer policy (parameter counts for addition). Tiny ships for every task and base model; ${shippedSummary()}. Any other combination runs tiny instead, with a note.`,
  },
  digits: {
    kind: 'int', default: 2, min: 1, max: 3, step: 1, flag: 'digits', group: 'task',
    label: 'Difficulty (digits)', help: 'Operands have up to this many digits; the OOD split has one more.',
  },
  verifier: {
    kind: 'enum', default: 'noisy', options: VERIFIER_MODES, flag: 'verifier', group: 'verifier',
    optionLabels: {
      noisy: 'Exact match + noise', random: 'Random reward', lastDigit: 'Partial: last digit only', format: 'Partial: format only',
      sysFnLong: 'Systematic FN: rejects correct answers of 3+ digits', sysFn7: 'Systematic FN: rejects correct answers containing a 7',
      sysFpOffByOne: 'Systematic FP: accepts last digit off by one', sysFpOperand: 'Systematic FP: accepts an answer equal to an operand',
    },
    label: 'Verifier', help: 'How rollouts are rewarded. True correctness is always recorded separately. On worked-step tasks these modes judge the final answer.',
  },
  check: {
    kind: 'enum', default: 'answer', options: CHECKS, flag: 'check', group: 'verifier',
    optionLabels: { answer: 'Final answer only', trace: 'Every step of the trace' },
    label: 'Verifier checks',
    help: 'Worked-step tasks only (ignored elsewhere): judge only the final answer (a wrong trace with a lucky answer passes), or also require every step to be a correct derivation. The noise channel applies on top of either.',
  },
  fnRate: {
    kind: 'number', default: 0, min: 0, max: 0.9, step: 0.05, flag: 'fn', group: 'verifier',
    label: 'False-negative rate', help: 'Probability a correct answer is rejected.',
  },
  fpRate: {
    kind: 'number', default: 0, min: 0, max: 0.9, step: 0.05, flag: 'fp', group: 'verifier',
    label: 'False-positive rate', help: 'Probability a wrong answer is accepted.',
  },
  randomRate: {
    kind: 'number', default: 0.35, min: 0, max: 1, step: 0.05, flag: 'random-rate', group: 'verifier',
    label: 'Random reward rate', help: 'Random-reward mode: each rollout is rewarded with this probability, ignoring the answer.',
  },
  correction: {
    kind: 'enum', default: 'none', options: CORRECTIONS, flag: 'correction', group: 'correction',
    optionLabels: { none: 'None', backward: 'Backward (unbiased surrogate reward)', forward: 'Forward (reweight negatives; FN rate only)' },
    label: 'Noise correction', help: 'How the learner corrects for the verifier noise rates it assumes.',
  },
  assumedFn: {
    kind: 'number', default: 0, min: 0, max: 0.9, step: 0.05, flag: 'assumed-fn', group: 'correction',
    label: 'Assumed FN rate', help: 'The false-negative rate the correction believes (may differ from the real one).',
  },
  assumedFp: {
    kind: 'number', default: 0, min: 0, max: 0.9, step: 0.05, flag: 'assumed-fp', group: 'correction',
    label: 'Assumed FP rate', help: 'The false-positive rate the backward correction believes.',
  },
  algorithm: {
    kind: 'enum', default: 'grpo', options: ALGORITHMS, flag: 'algorithm', group: 'optimiser',
    optionLabels: { grpo: 'GRPO (verifier as reward)', rft: 'Rejection-sampling fine-tuning (SFT on verified base samples)', sft: 'Supervised fine-tuning on reference traces (no verifier)' },
    label: 'Algorithm', help: 'RL with the verifier; rejection-sampling fine-tuning that clones accepted samples of the base model; or supervised fine-tuning on the dataset\'s reference completions (every style of worked trace, no verifier; on tasks without traces, the bare answers), B x K sequences per step.',
  },
  promptsPerStep: {
    kind: 'int', default: 16, min: 1, max: 64, step: 1, flag: 'b', group: 'rollouts',
    label: 'Prompts per step (B)', help: 'Problems sampled per GRPO step.',
  },
  rolloutsPerPrompt: {
    kind: 'int', default: 8, min: 2, max: 32, step: 1, flag: 'k', group: 'rollouts',
    label: 'Rollouts per prompt (K)', help: 'Group size: answers sampled per problem.',
  },
  steps: {
    kind: 'int', default: 200, min: 1, max: 5000, step: 10, flag: 'steps', group: 'run',
    label: 'Training steps', help: 'GRPO steps in the run; with "Run to the plateau" on, the most it may take.',
  },
  plateau: {
    kind: 'bool', default: false, flag: 'plateau', group: 'run',
    label: 'Run to the plateau',
    help: 'Stop once held-out pass@1 stops rising: the mean of the last quarter of the evaluations (at least 3) is not above the quarter before by more than two standard errors of their noise (decided on the mean over seeds; needs 6 evaluations). Training steps becomes the cap.',
  },
  temperature: {
    kind: 'number', default: 1, min: 0.1, max: 2, step: 0.05, flag: 'temperature', group: 'rollouts',
    label: 'Temperature', help: 'Sampling temperature for rollouts and evaluation.',
  },
  lr: {
    kind: 'number', default: 0.0003, min: 0.00001, max: 0.01, step: 0.00001, log: true, flag: 'lr', group: 'optimiser',
    label: 'Learning rate', help: 'Adam step size.',
  },
  klBeta: {
    kind: 'number', default: 0.02, min: 0, max: 1, step: 0.005, flag: 'beta', group: 'optimiser',
    label: 'KL beta', help: 'Weight of the KL penalty to the frozen base model (k3 estimator).',
  },
  entropyBonus: {
    kind: 'number', default: 0, min: 0, max: 0.1, step: 0.001, flag: 'entropy', group: 'optimiser',
    label: 'Entropy bonus', help: 'Weight of the per-token entropy bonus.',
  },
  clipEps: {
    kind: 'number', default: 0.2, min: 0.01, max: 1, step: 0.01, flag: 'clip', group: 'optimiser',
    label: 'Clip epsilon', help: 'PPO-style clip range of the importance ratio.',
  },
  updatesPerBatch: {
    kind: 'int', default: 1, min: 1, max: 4, step: 1, flag: 'updates', group: 'optimiser',
    label: 'Updates per batch (mu)', help: 'Gradient steps per batch of rollouts; above 1 the clipped ratio moves away from 1.',
  },
  baseline: {
    kind: 'enum', default: 'mean', options: BASELINES, flag: 'baseline', group: 'optimiser',
    label: 'Baseline', help: 'Group baseline subtracted from each reward.',
  },
  stdNorm: {
    kind: 'bool', default: true, flag: 'std-norm', group: 'optimiser',
    label: 'Std normalisation', help: 'Divide advantages by the group standard deviation.',
  },
  curation: {
    kind: 'enum', default: 'none', options: CURATIONS, flag: 'curation', group: 'curation',
    optionLabels: { none: 'All training prompts', band: 'Only prompts whose base pass rate is in the band' },
    label: 'Prompt curation', help: 'Train only where the base model sometimes succeeds (base pass rate estimated on 512 prompts).',
  },
  bandLow: {
    kind: 'number', default: 0.3, min: 0, max: 1, step: 0.05, flag: 'band-low', group: 'curation',
    label: 'Band: lowest base pass rate', help: 'Curation keeps prompts with base pass rate at least this.',
  },
  bandHigh: {
    kind: 'number', default: 0.7, min: 0, max: 1, step: 0.05, flag: 'band-high', group: 'curation',
    label: 'Band: highest base pass rate', help: 'Curation keeps prompts with base pass rate at most this.',
  },
  keepTopHalf: {
    kind: 'bool', default: false, flag: 'top-half', group: 'curation',
    label: 'Keep top half of rollouts', help: 'Train only on the better half of each group by observed reward.',
  },
  schedule: {
    kind: 'enum', default: 'none', options: SCHEDULES, flag: 'schedule', group: 'curation',
    optionLabels: { none: 'Uniform', easyToHard: 'Easy to hard (by base pass rate)' },
    label: 'Difficulty schedule', help: 'Easy to hard: start on the prompts the base solves most often, widen to all by the end.',
  },
  evalEvery: {
    kind: 'int', default: 20, min: 1, max: 500, step: 1, flag: 'eval-every', group: 'evaluation',
    label: 'Evaluate every', help: 'Steps between held-out evaluations.',
  },
  evalProblems: {
    kind: 'int', default: 64, min: 8, max: 500, step: 8, flag: 'eval-problems', group: 'evaluation',
    label: 'Eval problems', help: 'Held-out (and OOD) problems per evaluation.',
  },
  evalSamples: {
    kind: 'int', default: 16, min: 1, max: 32, step: 1, flag: 'eval-samples', group: 'evaluation',
    label: 'Samples per eval problem (n)', help: 'pass@k is estimated for every k up to n.',
  },
  seed: {
    kind: 'int', default: 1, min: 0, max: 2147483647, step: 1, flag: 'seed', group: 'run',
    label: 'Seed', help: 'Same settings and seed on the same backend give the same curves.',
  },
  seeds: {
    kind: 'int', default: 3, min: 1, max: 8, step: 1, flag: 'seeds', group: 'run',
    label: 'Seeds', help: 'Independent runs with seeds seed, seed+1, ...; curves show their mean with a band of one standard error.',
  },
  backend: {
    kind: 'enum', default: 'auto', options: BACKENDS, flag: 'backend', group: 'run',
    label: 'Backend', help: 'auto picks WebGPU on a hardware adapter, else WASM (Node: WASM).',
  },
} as const satisfies Record<string, Field>;

export type SettingKey = keyof typeof SETTINGS_SPEC;
type ValueOf<F> = F extends { kind: 'bool' } ? boolean
  : F extends { kind: 'enum'; options: readonly (infer O)[] } ? O
  : number;
export type Settings = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS_SPEC)[K]> };

export const SETTING_KEYS = Object.keys(SETTINGS_SPEC) as SettingKey[];

export function fieldOf(key: SettingKey): Field {
  return SETTINGS_SPEC[key] as Field;
}

export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  SETTING_KEYS.map((k) => [k, fieldOf(k).default]),
) as Settings;

function zodFor(f: Field): z.ZodType {
  switch (f.kind) {
    case 'bool': return z.boolean();
    case 'enum': return z.enum(f.options as [string, ...string[]]);
    case 'int': return z.number().int().min(f.min).max(f.max);
    case 'number': return z.number().finite().min(f.min).max(f.max);
  }
}

/** Zod schema of a complete, valid settings object. */
export const settingsSchema = z.object(
  Object.fromEntries(SETTING_KEYS.map((k) => [k, zodFor(fieldOf(k))])) as Record<SettingKey, z.ZodType>,
).strict();

export function describeRange(key: SettingKey): string {
  const f = fieldOf(key);
  if (f.kind === 'enum') return `one of ${f.options.join(', ')}`;
  if (f.kind === 'bool') return 'true or false';
  return `${f.kind === 'int' ? 'an integer' : 'a number'} in [${f.min}, ${f.max}]`;
}

export interface SettingsIssue {
  key: string;
  message: string;
}
export interface ParsedSettings {
  settings: Settings;
  /** Keys that were ignored or replaced by their default, with the reason. */
  issues: SettingsIssue[];
}

/** Coerce a raw string (from a URL or a CLI flag) to the field's type; undefined if it cannot be. */
export function coerceFromString(key: SettingKey, raw: string): unknown {
  const f = fieldOf(key);
  const s = raw.trim();
  if (f.kind === 'bool') {
    if (s === 'true' || s === '1' || s === '') return true;
    if (s === 'false' || s === '0') return false;
    return raw;
  }
  if (f.kind === 'enum') return s;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return raw;
  return Number(s);
}

/**
 * Validate untrusted input (a parsed link, a JSON file, CLI flags) field by field.
 * Unknown keys are reported and ignored; invalid values fall back to the default and are reported.
 * Never throws, never copies anything but known keys, so prototype-polluting keys go nowhere.
 */
export function parseSettings(input: unknown, base: Settings = DEFAULT_SETTINGS): ParsedSettings {
  const settings: Settings = { ...base };
  const issues: SettingsIssue[] = [];
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    if (input !== undefined) issues.push({ key: '(root)', message: 'settings must be an object; using defaults' });
    return { settings, issues };
  }
  for (const key of Object.keys(input)) {
    if (!Object.prototype.hasOwnProperty.call(SETTINGS_SPEC, key)) {
      issues.push({ key: key.slice(0, 40), message: 'unknown setting, ignored' });
      continue;
    }
    const k = key as SettingKey;
    const value = (input as Record<string, unknown>)[key];
    const r = zodFor(fieldOf(k)).safeParse(value);
    if (r.success) {
      (settings as Record<string, unknown>)[k] = r.data;
    } else {
      issues.push({ key: k, message: `must be ${describeRange(k)}; using default ${String(base[k])}` });
    }
  }
  // A difficulty the task cannot hold falls back to the task's largest, with the reason.
  if (settings.digits > maxDigitsFor(settings.task)) {
    issues.push({ key: 'digits', message: `${settings.task} supports at most ${maxDigitsFor(settings.task)} digits; using ${maxDigitsFor(settings.task)}` });
    settings.digits = maxDigitsFor(settings.task);
  }
  return { settings, issues };
}

/**
 * Constraints between settings. Returned as messages so the UI can show them next to the
 * controls and the engine can refuse to start.
 */
export function crossFieldIssues(s: Settings): SettingsIssue[] {
  const out: SettingsIssue[] = [];
  if (s.correction === 'backward' && 1 - s.assumedFn - s.assumedFp < 0.1) {
    out.push({ key: 'assumedFn', message: `backward correction divides by 1 - FN - FP = ${(1 - s.assumedFn - s.assumedFp).toFixed(2)}; keep assumed FN + FP below 0.9` });
  }
  if (s.digits > maxDigitsFor(s.task)) {
    out.push({ key: 'digits', message: `${s.task} supports at most ${maxDigitsFor(s.task)} digits (its out-of-distribution split has one more); use ${maxDigitsFor(s.task)}` });
  }
  if (s.family === 'mix' && !(MIX_TASKS as readonly string[]).includes(s.task)) {
    out.push({ key: 'family', message: `the generalist knows ${MIX_TASKS.join(', ')}; RL on ${s.task} needs family single (or task add)` });
  }
  if (s.curation === 'band' && s.bandLow > s.bandHigh) {
    out.push({ key: 'bandLow', message: `curation band is empty: lowest (${s.bandLow}) is above highest (${s.bandHigh})` });
  }
  return out;
}

/** Strict validation for code paths where a bad value is a programming error (engine entry). */
export function assertValidSettings(s: Settings): Settings {
  const r = settingsSchema.safeParse(s);
  if (!r.success) {
    const first = r.error.issues[0];
    const key = String(first?.path[0] ?? '?') as SettingKey;
    const range = key in SETTINGS_SPEC ? describeRange(key) : 'a known setting';
    throw new RangeError(`Invalid setting "${key}": ${JSON.stringify((s as Record<string, unknown>)[key])} — must be ${range}`);
  }
  const cross = crossFieldIssues(r.data as Settings);
  if (cross.length) throw new RangeError(`Invalid settings: ${cross.map((c) => c.message).join('; ')}`);
  return r.data as Settings;
}

/** Only the settings that differ from the defaults, for short share links. */
export function diffFromDefaults(s: Settings): Partial<Settings> {
  const out: Partial<Settings> = {};
  for (const k of SETTING_KEYS) {
    if (s[k] !== DEFAULT_SETTINGS[k]) (out as Record<string, unknown>)[k] = s[k];
  }
  return out;
}
