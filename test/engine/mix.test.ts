// The generalist (family mix): its tasks, shared vocabulary and layout, datasets, base choice and
// the family setting; family single stays as it was.
import { describe, expect, it } from 'vitest';
import { makeProblem, layoutFor, MIX_LAYOUT, randomOperands, TASK_LAYOUT } from '../../src/engine/tasks';
import { encodeAnswer, encodePrompt, MIX_VOCAB, VOCAB, vocabFor } from '../../src/engine/tokenizer';
import { generateDataset } from '../../src/engine/datasets';
import { MIX_TASKS, TASKS } from '../../src/engine/names';
import { baseChoice, MIX_BASE } from '../../src/engine/mix';
import { resolveModel } from '../../src/engine/models';
import { crossFieldIssues, DEFAULT_SETTINGS, diffFromDefaults, parseSettings } from '../../src/engine/settings';
import { parseDataset } from '../../src/engine/assets';
import { unverifiedTasks } from '../../src/engine/unverified';
import { rngFor } from '../../src/engine/rng';
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { reachesMinimums } from '../../src/engine/pretrain';
import { loadBaseModelNode, loadDatasetNode, loadTrainerAssetsNode } from '../../scripts/lib/node-assets';
import { nodeTrainer, runToEnd } from '../../scripts/lib/run';
import { createTrainer } from '../../src/engine/trainer';
import { selectBackend } from '../../src/engine/backend';
import type { EvalRecord, MetricRecord } from '../../src/engine/types';
import { DATASET_SEED } from '../../scripts/lib/dataset-seed';

describe('the generalist\'s tasks', () => {
  it('subtraction puts the larger operand first; max answers the larger; reversal drops leading zeros', () => {
    expect(makeProblem('sub', [12, 47])).toEqual({ prompt: '47-12=', answer: '35', operands: [47, 12] });
    expect(makeProblem('sub', [5, 5]).answer).toBe('0');
    expect(makeProblem('max', [12, 47])).toEqual({ prompt: '12m47=', answer: '47', operands: [12, 47] });
    expect(makeProblem('rev', [305])).toEqual({ prompt: 'r305=', answer: '503', operands: [305] });
    expect(makeProblem('rev', [120]).answer).toBe('21');
    expect(makeProblem('rev', [0]).answer).toBe('0');
    expect(randomOperands('rev', 3, rngFor(1, 'x'))).toHaveLength(1);
    expect(randomOperands('sub', 3, rngFor(1, 'x'))).toHaveLength(2);
  });

  it('the shared vocabulary keeps the arithmetic ids, so addition encodes the same in both', () => {
    expect(MIX_VOCAB.slice(0, VOCAB.length)).toEqual([...VOCAB]);
    expect(vocabFor('mix')).toBe(MIX_VOCAB);
    expect(vocabFor('add')).toBe(VOCAB);
    expect(encodePrompt('12+34=', MIX_LAYOUT.promptLength, MIX_VOCAB)).toEqual(encodePrompt('12+34=', TASK_LAYOUT.add.promptLength, VOCAB));
    expect(layoutFor('mix')).toEqual(TASK_LAYOUT.add);
    for (const t of TASKS) expect(layoutFor(t)).toBe(TASK_LAYOUT[t]);
  });

  it('every split of every mixture task, OOD included, fits the one layout', async () => {
    for (const task of MIX_TASKS) {
      for (const d of [1, 2, 3]) {
        const ds = await loadDatasetNode(task, d);
        for (const p of [...ds.splits.train, ...ds.splits.test, ...ds.splits.ood]) {
          expect(encodePrompt(p.prompt, MIX_LAYOUT.promptLength, MIX_VOCAB)).toHaveLength(MIX_LAYOUT.promptLength);
          expect(encodeAnswer(p.answer, MIX_VOCAB).length).toBeLessThanOrEqual(MIX_LAYOUT.answerLength);
        }
      }
    }
  });

  it('datasets of the new tasks are deterministic, their splits disjoint by prompt, and shipped as generated', async () => {
    for (const task of ['sub', 'max', 'rev'] as const) {
      for (const d of [1, 2, 3]) {
        const ds = generateDataset(task, d, DATASET_SEED);
        expect(parseDataset(JSON.parse(JSON.stringify(ds)))).toEqual(ds);
        const test = new Set(ds.splits.test.map((p) => p.prompt));
        expect(ds.splits.train.some((p) => test.has(p.prompt)), `${task}-${d}`).toBe(false);
        expect(ds.splits.test.length, `${task}-${d}`).toBeGreaterThan(0);
        expect(await loadDatasetNode(task, d)).toEqual(ds);
      }
    }
    // Reversal at 2 digits has 100 problems: half held out.
    expect(generateDataset('rev', 2, DATASET_SEED).splits.test).toHaveLength(50);
  });
});

describe('the generalist base', () => {
  it('its stop rule: the target counts only once every other task reaches its minimum', () => {
    const spec = { name: 'mid', targetPass1: 0.35, minPass1: { sub: 0.15, rev: 0.15 } };
    expect(reachesMinimums(spec, { sub: { pass1: 0.2 }, rev: { pass1: 0.15 } })).toBe(true);
    expect(reachesMinimums(spec, { sub: { pass1: 0.2 }, rev: { pass1: 0.149 } })).toBe(false);
    expect(reachesMinimums(spec, { sub: { pass1: 0.2 } })).toBe(false);
    expect(reachesMinimums(spec, undefined)).toBe(false);
    expect(reachesMinimums({ name: 'mid', targetPass1: 0.35 }, undefined)).toBe(true); // the single bases' rule is unchanged
  });

  it('ships its provenance: recipe, seed, step, per-task pass@1 and pass@8, the stop rule; every task measurable, addition near mid', async () => {
    const b = baseChoice({ ...DEFAULT_SETTINGS, family: 'mix' });
    const m = await loadBaseModelNode(b.task, b.strength, b.model);
    expect(m.modelJson.task).toBe('mix');
    expect(m.modelJson.config.vocabSize).toBe(MIX_VOCAB.length);
    expect(m.modelJson.config.promptLength).toBe(MIX_LAYOUT.promptLength);
    const p = m.modelJson.provenance as { seed: number; steps: number; stopRule: string; stoppedBy: string; perTask: Record<string, { pass1: number; pass8: number }> };
    expect(p.seed).toBe(7);
    expect(p.stoppedBy).toBe('targets reached');
    expect(p.stopRule).toMatch(/add-2 test >= 0\.35 and on each of sub-2, max-2, rev-2 test >= 0\.15/);
    expect(Object.keys(p.perTask)).toEqual([...MIX_TASKS]);
    for (const t of MIX_TASKS) {
      expect(p.perTask[t].pass1, t).toBeGreaterThanOrEqual(0.15);
      expect(p.perTask[t].pass8, t).toBeGreaterThan(p.perTask[t].pass1);
    }
    expect(p.perTask.add.pass1).toBeGreaterThanOrEqual(0.35);
    expect(p.perTask.add.pass1).toBeLessThan(0.45);
    // Pinned, as the single bases' mids are.
    expect(createHash('sha256').update(new Uint8Array(m.weights)).digest('hex')).toBe('c4d1fd79b771b237fae3afefbfe49575e4553060bfcd12122bf5f6462204dfd3');
  });
});

describe('the family setting', () => {
  it('defaults to single, which picks each task\'s own base exactly as before', () => {
    expect(DEFAULT_SETTINGS.family).toBe('single');
    expect(diffFromDefaults(DEFAULT_SETTINGS)).toEqual({});
    for (const task of TASKS) {
      for (const model of ['tiny', 'small', 'medium'] as const) {
        const r = resolveModel(task, model, 'mid');
        expect(baseChoice({ ...DEFAULT_SETTINGS, task, model })).toEqual({ task, strength: 'mid', model: r.model, ...(r.note ? { note: r.note } : {}) });
      }
    }
  });

  it('mix picks the one generalist, with a note when strength or size ask for another', () => {
    const mix = { ...DEFAULT_SETTINGS, family: 'mix' as const };
    expect(baseChoice(mix)).toEqual({ task: 'mix', strength: MIX_BASE.strength, model: MIX_BASE.model });
    expect(baseChoice({ ...mix, base: 'strong' }).note).toMatch(/ships one base/);
    expect(unverifiedTasks('add')).toEqual(['sub', 'max', 'rev']);
  });

  it('a link or the CLI sets it by name; a task outside the mixture is refused with a reason', () => {
    const p = parseSettings({ family: 'mix' });
    expect(p.issues).toEqual([]);
    expect(p.settings.family).toBe('mix');
    expect(parseSettings({ family: 'both' }).issues[0].message).toMatch(/one of single, mix/);
    expect(crossFieldIssues({ ...DEFAULT_SETTINGS, family: 'mix', task: 'mul' })[0].key).toBe('family');
    expect(crossFieldIssues({ ...DEFAULT_SETTINGS, family: 'mix' })).toEqual([]);
  });
});

describe('a run from the generalist', () => {
  const s = { ...DEFAULT_SETTINGS, family: 'mix' as const, seeds: 1, promptsPerStep: 4, rolloutsPerPrompt: 4, steps: 4, evalEvery: 2, evalProblems: 8, evalSamples: 4 };
  const strip = (rs: MetricRecord[]): MetricRecord[] => rs.map((r) => ({ ...r, ...(r.type === 'step' ? { stepMs: 0 } : { evalMs: 0 }) }));

  it('every evaluation measures each unverified task (pass@k, KL), deterministically', async () => {
    const b = await selectBackend('wasm');
    const run = async () => { const t = await nodeTrainer(s, b); const r = await runToEnd(t); t.dispose(); return strip(r); };
    const a = await run();
    const evals = a.filter((r): r is EvalRecord => r.type === 'eval');
    expect(evals.map((e) => e.step)).toEqual([0, 2, 4]);
    for (const e of evals) {
      expect(Object.keys(e.unverified!)).toEqual(['sub', 'max', 'rev']);
      for (const u of Object.values(e.unverified!)) {
        expect(u.passAtK).toHaveLength(4);
        expect(u.problems).toBe(8);
        expect(u.kl).toBeGreaterThanOrEqual(e.step === 0 ? 0 : -1e-6);
      }
    }
    expect(evals[0].unverified!.max.passAtK[0]).toBeGreaterThan(0);
    expect(evals[0].unverified!.sub.kl).toBeCloseTo(0, 6); // the base against itself
    expect(await run()).toEqual(a);
  }, 120_000);

  it('numTensors stays flat across evaluations of the unverified tasks, and disposing leaves none behind', async () => {
    const b = await selectBackend('wasm');
    const before = tf.memory().numTensors;
    const t = await nodeTrainer({ ...s, steps: 8 }, b);
    const counts: number[] = [];
    while (!t.finished) {
      const recs = await t.next();
      if (recs.some((r) => r.type === 'eval')) counts.push(tf.memory().numTensors);
    }
    t.dispose();
    expect(new Set(counts).size, counts.join()).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('refuses assets that do not match: no unverified datasets, or a single-task run handed some', async () => {
    const b = await selectBackend('wasm');
    const assets = await loadTrainerAssetsNode(s);
    expect(assets.unverified!.map((d) => d.task)).toEqual(['sub', 'max', 'rev']);
    await expect(createTrainer(s, { dataset: assets.dataset, base: assets.base }, b)).rejects.toThrow(/unverified tasks' datasets are none but the settings need sub-2, max-2, rev-2/);
    const single = await loadTrainerAssetsNode(DEFAULT_SETTINGS);
    expect(single.unverified).toBeUndefined();
    await expect(createTrainer({ ...DEFAULT_SETTINGS, seeds: 1 }, { ...single, unverified: assets.unverified }, b)).rejects.toThrow(/but the settings need none/);
    await expect(createTrainer(s, { ...assets, base: single.base }, b)).rejects.toThrow(/trained for task "add", not "mix"/);
  }, 60_000);
});
