// Model sizes: the architecture of each size and which (task, size, base strength) combinations
// ship as pretrained base models. Everything that needs either reads it from here.
import { MODEL_SIZES, type BaseStrength, type ModelSize, type TaskName } from './names';
import { TASK_LAYOUT } from './tasks';
import { vocabFor } from './tokenizer';

// The size names live in the leaf names.ts (it breaks an import circle); passed on here beside their architectures.
export { MODEL_SIZES, type ModelSize } from './names';

export interface ModelArch {
  dModel: number;
  heads: number;
  layers: number;
}

/**
 * d_model, heads and layers per size (the MLP is 4 x d_model). tiny is the original model;
 * each larger size keeps a head width of 16 (tiny: 8) so attention stays comparable.
 */
export const MODEL_ARCH: Record<ModelSize, ModelArch> = {
  tiny: { dModel: 32, heads: 4, layers: 2 },
  small: { dModel: 64, heads: 4, layers: 4 },
  medium: { dModel: 128, heads: 8, layers: 5 },
};

/** The one size whose base models exist for every task and strength: the safe fallback. */
export const FALLBACK_MODEL: ModelSize = 'tiny';

/**
 * Which base models ship beyond tiny (tiny ships for every task and strength). Pretraining a
 * larger size is slow on a CPU and medium's weights are 4 MB each, precached for offline use
 * (docs/base-models.md, model sizes), so only these ship; `npm run base-models -- --model <size>` makes these
 * checkpoints. A request for any other combination runs tiny instead, with a note.
 */
export const SHIPPED_LARGER: Record<Exclude<ModelSize, 'tiny'>, Partial<Record<TaskName, readonly BaseStrength[]>>> = {
  small: { add: ['weak', 'mid', 'strong'] },
  medium: { add: ['mid'] },
};

export function isShipped(task: TaskName, model: ModelSize, base: BaseStrength): boolean {
  if (model === 'tiny') return true;
  return SHIPPED_LARGER[model]?.[task]?.includes(base) ?? false;
}

/**
 * Trainable parameters of a decoder of this size: embeddings (token and position), per layer two
 * layer norms, attention (qkv + output, with biases) and the MLP, then the final norm and the head.
 */
export function parameterCount(arch: ModelArch, vocabSize: number, contextLength: number): number {
  const d = arch.dModel;
  const perLayer = 2 * 2 * d + (3 * d * d + 3 * d) + (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d);
  return vocabSize * d + contextLength * d + arch.layers * perLayer + 2 * d + d * vocabSize + vocabSize;
}

export interface ModelResolution {
  /** The size that will actually run. */
  model: ModelSize;
  /** Why it differs from the request (absent when it does not). */
  note?: string;
}

/** The size to run for a request: the requested one if its base model ships, else tiny with a note. */
export function resolveModel(task: TaskName, model: ModelSize, base: BaseStrength): ModelResolution {
  if (isShipped(task, model, base)) return { model };
  return {
    model: FALLBACK_MODEL,
    note: `No ${model} base model ships for ${task} at ${base} strength (${shippedSummary()}); running the ${FALLBACK_MODEL} model instead.`,
  };
}

/** Human-readable list of the shipped larger models, e.g. "small: add mid". */
export function shippedSummary(): string {
  return (Object.keys(SHIPPED_LARGER) as Exclude<ModelSize, 'tiny'>[]).map((m) => `${m}: ${shippedFor(m)}`).join('; ');
}

/** Option labels for the model setting: parameter count (addition's layout) and what ships. */
export const MODEL_LABELS: Record<ModelSize, string> = Object.fromEntries(MODEL_SIZES.map((m) => {
  const a = MODEL_ARCH[m];
  const { promptLength, answerLength } = TASK_LAYOUT.add;
  const k = Math.round(parameterCount(a, vocabFor('add').length, promptLength + answerLength) / 1000); // addition's layout
  const name = m[0].toUpperCase() + m.slice(1);
  const where = m === 'tiny' ? '' : shippedFor(m);
  return [m, `${name} (${k}k parameters: d=${a.dModel}, ${a.layers} layers)${where ? `; ${where}` : ''}`];
})) as Record<ModelSize, string>;

function shippedFor(m: Exclude<ModelSize, 'tiny'>): string {
  const combos = Object.entries(SHIPPED_LARGER[m]).filter(([, bases]) => bases?.length).map(([task, bases]) => `${task} ${bases!.join('/')}`);
  return combos.length ? `${combos.join(', ')} only` : 'not shipped';
}
