// The generalist (family mix): which base model it is and how it was made. One base, pretrained
// on the mixture of names.ts MIX_TASKS; RL trains on addition and the other tasks are the ones the
// verifier never checks (unverified.ts). Its size was chosen by measurement (docs/base-models.md).
import type { BaseStrength, Family, ModelSize, ModelTask, TaskName } from './names';
import { resolveModel } from './models';

export const MIX_BASE: { model: ModelSize; strength: BaseStrength } = { model: 'tiny', strength: 'mid' };

/** Pretraining recipe of the generalist (scripts/lib/mix-base.ts). */
export const MIX_RECIPE = {
  seed: 7,
  batchSize: 128,
  levelWeights: [0.2, 0.5, 0.3],
  checkEvery: 50,
  /** Addition's held-out pass@1 at the mid target, as the single add base. */
  addTarget: 0.35,
  /** Every other task must be measurable: at least this held-out pass@1. */
  minPass1: 0.15,
  capSteps: 4000,
} as const;

/** The base model a run starts from: which file (task, strength, size), and what differs from the request. */
export interface BaseChoice {
  task: ModelTask;
  strength: BaseStrength;
  model: ModelSize;
  note?: string;
}

/**
 * family single: the task's own base at the requested strength and size (resolveModel's fallback);
 * family mix: the one generalist, whatever the strength and size settings say (with a note when
 * they ask for something else).
 */
export function baseChoice(s: { family: Family; task: TaskName; model: ModelSize; base: BaseStrength }): BaseChoice {
  if (s.family !== 'mix') {
    const r = resolveModel(s.task, s.model, s.base);
    return { task: s.task, strength: s.base, model: r.model, ...(r.note ? { note: r.note } : {}) };
  }
  const asked = s.base !== MIX_BASE.strength || s.model !== MIX_BASE.model;
  return {
    task: 'mix', strength: MIX_BASE.strength, model: MIX_BASE.model,
    ...(asked ? { note: `The generalist ships one base (${MIX_BASE.strength} strength, ${MIX_BASE.model} size); base ${s.base} and size ${s.model} do not apply to it.` } : {}),
  };
}
