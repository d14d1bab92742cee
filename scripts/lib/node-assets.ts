// Node-side asset loading (the engine itself never touches the file system).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { AssetError, datasetPath, modelPaths, parseDataset, parseModelAssets, type BaseModelAssets, type Dataset } from '../../src/engine/assets';
import type { BaseStrength } from '../../src/engine/settings';
import type { ModelTask, ProblemTask } from '../../src/engine/names';
import type { Settings } from '../../src/engine/settings';
import type { TrainerAssets } from '../../src/engine/trainer';
import { baseChoice } from '../../src/engine/mix';
import { unverifiedTasks } from '../../src/engine/unverified';
import type { ModelSize } from '../../src/engine/models';

export const PUBLIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public');

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new AssetError(`Missing ${what} at ${file}: run \`npm run datasets\` and \`npm run base-models\``);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AssetError(`Corrupt ${what} at ${file}: not valid JSON (${(e as Error).message})`);
  }
}

export async function loadDatasetNode(task: ProblemTask, digits: number, dir = PUBLIC_DIR): Promise<Dataset> {
  const file = path.join(dir, datasetPath(task, digits));
  return parseDataset(await readJson(file, 'dataset'), file);
}

/** The base model of this task, strength and size (load the size resolveModel picks for a run). */
export async function loadBaseModelNode(task: ModelTask, base: BaseStrength = 'mid', model: ModelSize = 'tiny', dir = PUBLIC_DIR): Promise<BaseModelAssets> {
  const p = modelPaths(task, base, model);
  const jsonFile = path.join(dir, p.json);
  const json = await readJson(jsonFile, 'base model');
  let buf: Buffer;
  try {
    buf = await readFile(path.join(dir, p.weights));
  } catch {
    throw new AssetError(`Missing base model weights at ${path.join(dir, p.weights)}: run \`npm run base-models\``);
  }
  const weights = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return parseModelAssets(json, weights, jsonFile);
}

/** Everything a run needs: its dataset, its base model (baseChoice) and, for family mix, the unverified tasks' datasets. */
export async function loadTrainerAssetsNode(s: Settings, dir = PUBLIC_DIR): Promise<TrainerAssets> {
  const b = baseChoice(s);
  const others = s.family === 'mix' ? unverifiedTasks(s.task) : [];
  const [dataset, base, unverified] = await Promise.all([
    loadDatasetNode(s.task, s.digits, dir), loadBaseModelNode(b.task, b.strength, b.model, dir),
    Promise.all(others.map((t) => loadDatasetNode(t, s.digits, dir))),
  ]);
  return others.length ? { dataset, base, unverified } : { dataset, base };
}
