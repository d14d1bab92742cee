// Model sizes: the architecture table, parameter counts, where each size's base models live,
// which combinations ship, and the fallback to tiny for any other request.
import { describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FALLBACK_MODEL, isShipped, MODEL_ARCH, MODEL_SIZES, parameterCount, resolveModel, SHIPPED_LARGER, type ModelSize } from '../../src/engine/models';
import { modelPaths } from '../../src/engine/assets';
import { policyConfigFor } from '../../src/engine/pretrain';
import { Policy } from '../../src/engine/policy';
import { encodePrompt } from '../../src/engine/tokenizer';
import { selectBackend } from '../../src/engine/backend';
import { createTrainer } from '../../src/engine/trainer';
import { BASE_STRENGTHS, DEFAULT_SETTINGS, TASKS, type Settings } from '../../src/engine/settings';
import { loadBaseModelNode, loadDatasetNode, PUBLIC_DIR } from '../../scripts/lib/node-assets';
import { nodeTrainer } from '../../scripts/lib/run';

const quick: Settings = { ...DEFAULT_SETTINGS, seeds: 1, promptsPerStep: 4, rolloutsPerPrompt: 4, steps: 2, evalEvery: 2, evalProblems: 8, evalSamples: 2 };

describe('architecture and parameter counts', () => {
  it('tiny is the original model and the stated counts hold for addition', () => {
    expect(MODEL_ARCH.tiny).toEqual({ dModel: 32, heads: 4, layers: 2 });
    const add = (m: ModelSize) => { const c = policyConfigFor('add', m); return parameterCount(c, c.vocabSize, c.contextLength); };
    expect(add('tiny')).toBe(27_154);
    expect(add('small')).toBe(203_410);
    expect(add('medium')).toBe(998_290);
  });
  it('parameterCount is exactly what the policy allocates, for every size and task', () => {
    tf.setBackend('cpu');
    for (const m of MODEL_SIZES) {
      for (const task of TASKS) {
        const c = policyConfigFor(task, m);
        expect(c.dModel % c.heads).toBe(0);
        const p = Policy.init(c, task, 1);
        expect(p.parameterCount, `${task} ${m}`).toBe(parameterCount(MODEL_ARCH[m], c.vocabSize, c.contextLength));
        p.dispose();
      }
    }
  });
});

describe('paths', () => {
  it('tiny stays where it always was; other sizes sit one level down', () => {
    expect(modelPaths('add', 'mid')).toEqual({ json: 'models/add/mid/model.json', weights: 'models/add/mid/weights.bin' });
    expect(modelPaths('add', 'mid', 'tiny')).toEqual(modelPaths('add', 'mid'));
    expect(modelPaths('mul', 'weak', 'small')).toEqual({ json: 'models/mul/small/weak/model.json', weights: 'models/mul/small/weak/weights.bin' });
  });
  it('the shipped list and the files on disk agree', async () => {
    for (const task of TASKS) {
      const entries = await readdir(path.join(PUBLIC_DIR, 'models', task));
      // Only strengths (tiny) and listed sizes live under a task.
      for (const e of entries) expect([...BASE_STRENGTHS, ...MODEL_SIZES], `${task}/${e}`).toContain(e);
      for (const m of MODEL_SIZES.filter((x) => x !== 'tiny')) {
        const onDisk = entries.includes(m) ? (await readdir(path.join(PUBLIC_DIR, 'models', task, m))).sort() : [];
        expect(onDisk, `${task}/${m}`).toEqual([...(SHIPPED_LARGER[m as Exclude<ModelSize, 'tiny'>][task] ?? [])].sort());
      }
    }
  });
});

describe('shipped larger models', () => {
  const shipped = MODEL_SIZES.flatMap((m) => TASKS.flatMap((task) => BASE_STRENGTHS.filter((b) => m !== 'tiny' && isShipped(task, m, b)).map((b) => ({ m, task, b }))));
  it('small ships for addition at the mid strength at least', () => {
    expect(shipped).toContainEqual({ m: 'small', task: 'add', b: 'mid' });
  });
  for (const { m, task, b } of shipped) {
    it(`${task} ${m} ${b} loads with its stated config and gives finite logits`, async () => {
      await tf.setBackend('cpu');
      const assets = await loadBaseModelNode(task, b, m);
      expect(assets.modelJson.model).toBe(m);
      expect(assets.modelJson.strength).toBe(b);
      expect(assets.modelJson.config).toEqual(policyConfigFor(task, m));
      const prov = assets.modelJson.provenance as Record<string, unknown>;
      expect(prov.model).toBe(m);
      expect(prov.command).toBe(`npm run base-models -- --task ${task} --model ${m}`);
      expect(typeof prov.monitorPass1).toBe('number');
      const p = Policy.fromAssets(assets, false);
      const c = p.config;
      expect(p.parameterCount).toBe(parameterCount(MODEL_ARCH[m], c.vocabSize, c.contextLength));
      const ids = tf.tensor2d(Int32Array.from([...encodePrompt('12+34=', c.promptLength), ...new Array(c.answerLength).fill(0)]), [1, c.contextLength], 'int32');
      const logits = p.logits(ids);
      const data = await logits.data();
      expect(data.length).toBe(c.contextLength * c.vocabSize);
      expect(Array.from(data).every(Number.isFinite)).toBe(true);
      tf.dispose([ids, logits]);
      p.dispose();
    });
  }
  it('add small mid was stopped by the same rule as tiny mid (monitor pass@1 >= 0.35)', async () => {
    const prov = (await loadBaseModelNode('add', 'mid', 'small')).modelJson.provenance as Record<string, unknown>;
    expect(prov.stoppedBy).toBe('target reached');
    expect(prov.monitorPass1 as number).toBeGreaterThanOrEqual(0.35);
    expect(prov.stopRule).toBe((((await loadBaseModelNode('add', 'mid')).modelJson.provenance) as Record<string, unknown>).stopRule);
  });
});

describe('requests for combinations that do not ship', () => {
  it('resolve to tiny with a note naming what was asked', () => {
    expect(resolveModel('add', 'small', 'mid')).toEqual({ model: 'small' });
    expect(resolveModel('mul', 'tiny', 'weak')).toEqual({ model: 'tiny' });
    const r = resolveModel('mul', 'small', 'mid');
    expect(r.model).toBe(FALLBACK_MODEL);
    expect(r.note).toMatch(/No small base model ships for mul at mid strength.*running the tiny model instead/);
    expect(resolveModel('add', 'medium', 'mid')).toEqual({ model: 'medium' });
    expect(resolveModel('add', 'medium', 'weak').note).toMatch(/No medium base model ships for add at weak strength/);
  });
  it('a run asking for small on multiplication trains tiny and says so in RunInfo.notes', async () => {
    const t = await nodeTrainer({ ...quick, task: 'mul', model: 'small' }, await selectBackend('wasm'));
    expect(t.info.model).toBe('tiny');
    expect(t.info.parameters).toBe(27_250);
    expect(t.info.notes[0]).toMatch(/No small base model ships for mul at mid strength/);
    t.dispose();
  });
  it('a run asking for small on addition trains the small model, without a note', async () => {
    const t = await nodeTrainer({ ...quick, model: 'small' }, await selectBackend('wasm'));
    expect(t.info.model).toBe('small');
    expect(t.info.parameters).toBe(203_410);
    expect(t.info.notes.join(' ')).not.toMatch(/base model ships/);
    t.dispose();
  });
  it('assets of another size than the run needs are refused', async () => {
    const b = await selectBackend('wasm');
    const [dataset, base] = await Promise.all([loadDatasetNode('add', 2), loadBaseModelNode('add', 'mid')]);
    await expect(createTrainer({ ...quick, model: 'small' }, { dataset, base }, b)).rejects.toThrow(/tiny model, but this run needs the small model/);
  });
});
