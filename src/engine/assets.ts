// Datasets and base-model weights: where they live under public/ and how untrusted
// bytes become typed objects. Loading (fetch or fs) is the caller's business so the
// engine stays environment-free.
import { z } from 'zod';
import { BASE_STRENGTHS, MIX_TASKS, MODEL_SIZES, TASKS, type BaseStrength, type ModelSize, type ModelTask, type ProblemTask } from './names';

/** Every task a dataset can hold (the single tasks and the generalist's), and every model's task. */
const PROBLEM_TASKS = [...new Set<ProblemTask>([...TASKS, ...MIX_TASKS])] as [ProblemTask, ...ProblemTask[]];
const MODEL_TASKS = [...TASKS, 'mix'] as [ModelTask, ...ModelTask[]];

export const DATASET_FORMAT = 'rlvr-dataset-v1';
export const MODEL_FORMAT = 'rlvr-policy-v1';

export interface Problem {
  /** The prompt text ending in '=', e.g. "12+34=". */
  prompt: string;
  /** The exact answer as decimal digits, e.g. "46". */
  answer: string;
  /** Operands, kept so partial and systematic verifiers can reason about them. */
  operands: number[];
  /** Worked-step tasks: the reference completion (trace, marker, answer) of every style. */
  traces?: Record<string, string>;
  /** Worked-step tasks: the style of this problem's reference trace (the one pretraining sees). */
  style?: string;
}

export interface Dataset {
  format: typeof DATASET_FORMAT;
  task: ProblemTask;
  digits: number;
  seed: number;
  splits: { train: Problem[]; test: Problem[]; ood: Problem[] };
}

export class AssetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssetError';
  }
}

/** Relative to the site root (browser) or public/ (Node). */
export function datasetPath(task: ProblemTask, digits: number): string {
  return `datasets/${task}-${digits}.json`;
}
/**
 * One base model per task, size and strength: checkpoints of one pretraining trajectory per task
 * and size. tiny keeps the original layout (models/<task>/<base>/) so shipped files and old
 * caches stay valid; other sizes sit one level down (models/<task>/<model>/<base>/).
 */
export function modelPaths(task: ModelTask, base: BaseStrength, model: ModelSize = 'tiny'): { json: string; weights: string } {
  const dir = model === 'tiny' ? `models/${task}/${base}` : `models/${task}/${model}/${base}`;
  return { json: `${dir}/model.json`, weights: `${dir}/weights.bin` };
}

const problemSchema = z.object({
  prompt: z.string().min(2).max(64).regex(/^[0-9+*%()mr-]+=$/),
  answer: z.string().min(1).max(16).regex(/^(0|[1-9][0-9]*)$/),
  operands: z.array(z.number().int().nonnegative()).max(4),
  traces: z.record(z.string().max(16), z.string().min(1).max(64).regex(/^[0-9+=,>]+$/)).optional(),
  style: z.string().max(16).optional(),
});
const datasetSchema = z.object({
  format: z.literal(DATASET_FORMAT),
  task: z.enum(PROBLEM_TASKS),
  digits: z.number().int().min(1).max(4),
  seed: z.number().int(),
  splits: z.object({
    train: z.array(problemSchema).min(1),
    test: z.array(problemSchema).min(1),
    ood: z.array(problemSchema).min(1),
  }),
});

export function parseDataset(json: unknown, where = 'dataset'): Dataset {
  const r = datasetSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AssetError(`Corrupt ${where}: ${i?.path.join('.') || '(root)'}: ${i?.message}`);
  }
  return r.data as Dataset;
}

export interface PolicyConfig {
  vocabSize: number;
  /** Total sequence length: left-padded prompt + answer + end token. */
  contextLength: number;
  promptLength: number;
  answerLength: number;
  dModel: number;
  heads: number;
  layers: number;
}

const configSchema = z.object({
  vocabSize: z.number().int().min(2).max(256),
  contextLength: z.number().int().min(2).max(128),
  promptLength: z.number().int().min(1).max(127),
  answerLength: z.number().int().min(1).max(64),
  dModel: z.number().int().min(4).max(512),
  heads: z.number().int().min(1).max(16),
  layers: z.number().int().min(1).max(8),
});
const weightSpecSchema = z.object({
  name: z.string().max(64),
  shape: z.array(z.number().int().min(1).max(1 << 16)).max(4),
  dtype: z.literal('float32'),
});
export const modelJsonSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  task: z.enum(MODEL_TASKS),
  /** Which checkpoint of the task's pretraining trajectory (absent in models made outside base-models). */
  strength: z.enum(BASE_STRENGTHS).optional(),
  /** Model size (absent in models made before sizes existed: tiny). */
  model: z.enum(MODEL_SIZES).optional(),
  config: configSchema,
  /** How the weights were made, so anyone can remake them. */
  provenance: z.record(z.string(), z.unknown()).optional(),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(weightSpecSchema) })).length(1),
});
export type ModelJson = z.infer<typeof modelJsonSchema>;

export interface BaseModelAssets {
  modelJson: ModelJson;
  weights: ArrayBuffer;
}

export function parseModelAssets(json: unknown, weights: ArrayBuffer, where = 'base model'): BaseModelAssets {
  const r = modelJsonSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AssetError(`Corrupt ${where} model.json: ${i?.path.join('.') || '(root)'}: ${i?.message}`);
  }
  const c = r.data.config;
  if (c.promptLength + c.answerLength !== c.contextLength || c.dModel % c.heads !== 0) {
    throw new AssetError(`Corrupt ${where} model.json: inconsistent config`);
  }
  const expected = r.data.weightsManifest[0].weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (weights.byteLength !== expected) {
    throw new AssetError(`Corrupt ${where} weights: expected ${expected} bytes, got ${weights.byteLength}`);
  }
  const floats = new Float32Array(weights);
  for (let i = 0; i < floats.length; i++) {
    if (!Number.isFinite(floats[i])) throw new AssetError(`Corrupt ${where} weights: non-finite value at index ${i}`);
  }
  return { modelJson: r.data, weights };
}
