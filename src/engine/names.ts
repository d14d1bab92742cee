// The names everything else is keyed by: tasks, base-model strengths and model sizes. A leaf
// that imports nothing, so settings, models, assets, tasks and the tokenizer can all read
// them without importing one another in a circle.

export const TASKS = ['add', 'mul', 'mod', 'addTrace'] as const;
export type TaskName = (typeof TASKS)[number];

/** Base-model strengths: checkpoints of one pretraining trajectory per task (docs/base-models.md). */
export const BASE_STRENGTHS = ['weak', 'mid', 'strong'] as const;
export type BaseStrength = (typeof BASE_STRENGTHS)[number];

/** Model sizes, smallest first (their architectures are in models.ts). */
export const MODEL_SIZES = ['tiny', 'small', 'medium'] as const;
export type ModelSize = (typeof MODEL_SIZES)[number];

/**
 * Which base models a run starts from: `single` (one task per base, the shipped bases above) or
 * `mix` (one generalist pretrained on a mixture of tasks; docs/base-models.md, the generalist).
 */
export const FAMILIES = ['single', 'mix'] as const;
export type Family = (typeof FAMILIES)[number];

/**
 * The generalist's tasks: addition (the task RL trains on and the verifier checks) and three that
 * only the generalist knows. Subtraction a-b with a >= b, the larger of two numbers (a m b), and
 * digit reversal (r a, leading zeros dropped).
 */
export const MIX_TASKS = ['add', 'sub', 'max', 'rev'] as const;
export type MixTask = (typeof MIX_TASKS)[number];
/** Every task a problem can come from. */
export type ProblemTask = TaskName | MixTask;
/** What a model was trained on: one task, or the mixture. */
export type ModelTask = TaskName | 'mix';
