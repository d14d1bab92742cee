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
