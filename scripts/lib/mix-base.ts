// The generalist base (family mix): one pretraining trajectory on a mixture of tasks, stopped at
// the first check where addition's held-out pass@1 reaches the mid target and every other task
// of the mixture is measurable. Called by `npm run base-models -- --family mix`.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pretrain } from '../../src/engine/pretrain';
import { modelPaths } from '../../src/engine/assets';
import { MIX_BASE, MIX_RECIPE } from '../../src/engine/mix';
import { MIX_TASKS, type ModelSize } from '../../src/engine/names';
import { loadDatasetNode, PUBLIC_DIR } from './node-assets';

export async function makeMixBase(opts: { backend: string; maxSteps?: number; lr: number; model: ModelSize }): Promise<void> {
  const r = MIX_RECIPE;
  const byTask = await Promise.all(MIX_TASKS.map(async (task) => ({ task, levels: await Promise.all([1, 2, 3].map((d) => loadDatasetNode(task, d))) })));
  const heldOut = new Set(byTask.flatMap(({ levels }) => levels.flatMap((ds) => [...ds.splits.test, ...ds.splits.ood].map((p) => p.prompt))));
  // Every task is drawn equally often; within a task, difficulty levels as the single bases.
  const corpus = byTask.flatMap(({ levels }) => levels.map((ds, i) => ({ problems: ds.splits.train.filter((p) => !heldOut.has(p.prompt)), weight: r.levelWeights[i] / MIX_TASKS.length })))
    .filter((c) => c.problems.length > 0);
  const monitorOf = (task: string) => byTask.find((b) => b.task === task)!.levels[1].splits.test;
  const others = MIX_TASKS.filter((t) => t !== 'add');
  const t0 = Date.now();
  const res = await pretrain({
    task: 'mix', model: opts.model, seed: r.seed, corpus, monitor: monitorOf('add'),
    monitors: Object.fromEntries(others.map((t) => [t, monitorOf(t)])),
    checkpoints: [{ name: MIX_BASE.strength, targetPass1: r.addTarget, minPass1: Object.fromEntries(others.map((t) => [t, r.minPass1])), capSteps: r.capSteps }],
    maxSteps: opts.maxSteps ?? r.capSteps, batchSize: r.batchSize, lr: opts.lr, checkEvery: r.checkEvery,
    onProgress: (p) => {
      if (p.pass1 === undefined) return;
      const rest = Object.entries(p.byMonitor ?? {}).map(([t, v]) => `${t} ${v.pass1.toFixed(3)}`).join(' ');
      console.log(`mix ${opts.model} step ${p.step} loss ${p.loss.toFixed(3)} add pass@1 ${p.pass1.toFixed(3)} pass@8 ${p.passK?.toFixed(3)} | ${rest} | ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    },
    onCheckpoint: async (cp) => {
      const how = cp.reason === 'target' ? 'targets reached' : `targets not reached: step cap ${r.capSteps}`;
      const perTask = { add: { pass1: cp.pass1, pass8: cp.pass8 }, ...cp.byMonitor };
      const { modelJson, weights } = await cp.policy.serialize({
        command: 'npm run base-models -- --family mix',
        strength: MIX_BASE.strength, model: MIX_BASE.model, family: 'mix', tasks: MIX_TASKS,
        seed: r.seed, steps: cp.steps, batchSize: r.batchSize, lr: opts.lr, levelWeights: r.levelWeights,
        taskWeights: 'equal',
        stopRule: `first check (every ${r.checkEvery} steps) with sampled pass@1 (T=1, 8 samples) on add-2 test >= ${r.addTarget} and on each of ${others.map((t) => `${t}-2`).join(', ')} test >= ${r.minPass1}; or step ${r.capSteps}`,
        stoppedBy: how,
        monitorPass1: cp.pass1, monitorPass8: cp.pass8, perTask,
        backend: opts.backend,
      });
      const line = Object.entries(perTask).map(([t, v]) => `${t} ${v.pass1.toFixed(3)}/${v.pass8.toFixed(3)}`).join(', ');
      if (opts.maxSteps !== undefined) {
        console.log(`mix/${opts.model}: step ${cp.steps} (${how}), pass@1/pass@8 ${line}: not saved (--max-steps is a timing run)`);
        return;
      }
      const p = modelPaths('mix', MIX_BASE.strength, MIX_BASE.model);
      await mkdir(path.join(PUBLIC_DIR, path.dirname(p.json)), { recursive: true });
      await writeFile(path.join(PUBLIC_DIR, p.json), JSON.stringify({ ...modelJson, strength: MIX_BASE.strength, model: MIX_BASE.model }, null, 1));
      await writeFile(path.join(PUBLIC_DIR, p.weights), Buffer.from(weights));
      console.log(`mix/${MIX_BASE.model}/${MIX_BASE.strength}: step ${cp.steps} (${how}), pass@1/pass@8 ${line}, ${weights.byteLength} bytes`);
    },
  });
  console.log(`mix ${opts.model}: trajectory of ${res.steps} steps in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  for (const cp of res.checkpoints) cp.policy.dispose();
}
