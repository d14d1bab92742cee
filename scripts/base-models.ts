// npm run base-models [-- --task add]: supervised pretraining of each task's base model, stopped
// early on purpose (see src/engine/pretrain.ts). Deterministic on the WASM backend in Node.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { pretrain } from '../src/engine/pretrain';
import { modelPaths } from '../src/engine/assets';
import { selectBackend } from '../src/engine/backend';
import { TASKS, type TaskName } from '../src/engine/settings';
import { loadDatasetNode, PUBLIC_DIR } from './lib/node-assets';
import { runMain } from './lib/main';

runMain(async () => {
  /** Per task: the sampled pass@1 on the digits-2 held-out split at which pretraining stops. */
  const PRETRAIN_RECIPE: Record<TaskName, { targetPass1: number; maxSteps: number }> = {
    add: { targetPass1: 0.35, maxSteps: 3000 },
    mul: { targetPass1: 0.3, maxSteps: 3000 },
    mod: { targetPass1: 0.35, maxSteps: 3000 },
  };
  const SEED = 7;
  const LEVEL_WEIGHTS = [0.2, 0.5, 0.3]; // digits 1, 2, 3

  const { values } = parseArgs({ options: { task: { type: 'string' } } });
  const tasks = values.task ? [values.task as TaskName] : [...TASKS];
  const backend = await selectBackend('wasm');
  console.log(`backend: ${backend.backend} (${backend.reason})`);

  for (const task of tasks) {
    if (!TASKS.includes(task)) throw new Error(`--task must be one of ${TASKS.join(', ')}`);
    const levels = await Promise.all([1, 2, 3].map((d) => loadDatasetNode(task, d)));
    const heldOut = new Set(levels.flatMap((ds) => [...ds.splits.test, ...ds.splits.ood].map((p) => p.prompt)));
    const corpus = levels.map((ds, i) => ({ problems: ds.splits.train.filter((p) => !heldOut.has(p.prompt)), weight: LEVEL_WEIGHTS[i] }));
    const recipe = PRETRAIN_RECIPE[task];
    const t0 = Date.now();
    const res = await pretrain({
      task, seed: SEED, corpus, monitor: levels[1].splits.test, targetPass1: recipe.targetPass1, maxSteps: recipe.maxSteps,
      batchSize: 128, lr: 3e-3, checkEvery: 50,
      onProgress: (p) => { if (p.pass1 !== undefined) console.log(`${task} step ${p.step} loss ${p.loss.toFixed(3)} pass@1 ${p.pass1.toFixed(3)} pass@8 ${p.passK?.toFixed(3)}`); },
    });
    const { modelJson, weights } = await res.policy.serialize({
      command: `npm run base-models -- --task ${task}`,
      seed: SEED,
      steps: res.steps,
      batchSize: 128,
      lr: 3e-3,
      levelWeights: LEVEL_WEIGHTS,
      stopRule: `sampled pass@1 (T=1) on ${task}-2 test >= ${recipe.targetPass1}, checked every 50 steps`,
      monitorPass1: res.pass1,
      monitorPass8: res.pass8,
      backend: backend.backend,
    });
    const p = modelPaths(task);
    await mkdir(path.join(PUBLIC_DIR, path.dirname(p.json)), { recursive: true });
    await writeFile(path.join(PUBLIC_DIR, p.json), JSON.stringify(modelJson, null, 1));
    await writeFile(path.join(PUBLIC_DIR, p.weights), Buffer.from(weights));
    console.log(`${task}: ${res.steps} steps in ${((Date.now() - t0) / 1000).toFixed(0)} s, pass@1 ${res.pass1.toFixed(3)}, pass@8 ${res.pass8.toFixed(3)}, ${res.policy.parameterCount} parameters, ${weights.byteLength} bytes`);
    res.policy.dispose();
    if (tf.memory().numTensors > 50) console.warn(`tensors left: ${tf.memory().numTensors}`);
  }
});
