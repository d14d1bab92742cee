// Asset loading shared by the trainer worker and the sweep worker: the tfjs backend (chosen
// once per worker), datasets and base-model weights (fetched once per worker and validated).
import { selectBackend, type BackendResult } from '../engine/backend';
import { datasetPath, modelPaths, parseDataset, parseModelAssets, type BaseModelAssets, type Dataset } from '../engine/assets';
import type { Settings } from '../engine/settings';
import type { ProblemTask } from '../engine/names';
import type { TrainerAssets } from '../engine/trainer';
import { baseChoice } from '../engine/mix';
import { unverifiedTasks } from '../engine/unverified';

let backendCache: { choice: string; result: BackendResult } | null = null;
const datasetCache = new Map<string, Dataset>();
const modelCache = new Map<string, BaseModelAssets>();

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

async function fetchOk(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`Could not download ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new Error(`Could not download ${url}: HTTP ${res.status}`);
  // A static host that answers a missing file with its index page would otherwise fail later as "bad JSON".
  if ((res.headers.get('content-type') ?? '').includes('text/html')) throw new Error(`Could not download ${url}: not found (the server sent a web page)`);
  return res;
}

export async function loadDataset(baseUrl: string, task: ProblemTask, digits: number): Promise<Dataset> {
  const path = datasetPath(task, digits);
  const hit = datasetCache.get(path);
  if (hit) return hit;
  const res = await fetchOk(new URL(path, baseUrl).href);
  const ds = parseDataset(await res.json(), path);
  datasetCache.set(path, ds);
  return ds;
}

/** The base model a run with these settings starts from (baseChoice: the requested size if it ships, else tiny; the generalist for family mix). */
export async function loadModel(baseUrl: string, s: Pick<Settings, 'family' | 'task' | 'model' | 'base'>): Promise<BaseModelAssets> {
  const { task, strength: base, model } = baseChoice(s);
  const key = `${task}/${model}/${base}`;
  const hit = modelCache.get(key);
  if (hit) return hit;
  const paths = modelPaths(task, base, model);
  const [jsonRes, binRes] = await Promise.all([
    fetchOk(new URL(paths.json, baseUrl).href),
    fetchOk(new URL(paths.weights, baseUrl).href),
  ]);
  const assets = parseModelAssets(await jsonRes.json(), await binRes.arrayBuffer(), model === 'tiny' ? `${task} ${base} base model` : `${task} ${model} ${base} base model`);
  modelCache.set(key, assets);
  return assets;
}

/** Everything a run needs: its dataset, its base model and (family mix) the unverified tasks' datasets. */
export async function loadTrainerAssets(baseUrl: string, s: Settings): Promise<TrainerAssets> {
  const others = s.family === 'mix' ? unverifiedTasks(s.task) : [];
  const [dataset, base, ...unverified] = await Promise.all([
    loadDataset(baseUrl, s.task, s.digits),
    loadModel(baseUrl, s),
    ...others.map((t) => loadDataset(baseUrl, t, s.digits)),
  ]) as [Dataset, BaseModelAssets, ...Dataset[]];
  return others.length ? { dataset, base, unverified } : { dataset, base };
}

export async function ensureBackend(choice: Settings['backend'], wasmPath: string): Promise<BackendResult> {
  if (backendCache && backendCache.choice === choice) return backendCache.result;
  const result = await selectBackend(choice, { wasmPath });
  backendCache = { choice, result };
  return result;
}

