import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AssetError, parseDataset, parseModelAssets } from '../../src/engine/assets';
import { generateDataset } from '../../src/engine/datasets';
import { loadBaseModelNode, loadDatasetNode, PUBLIC_DIR } from '../../scripts/lib/node-assets';
import { BASE_STRENGTHS, TASKS } from '../../src/engine/settings';
import { tracesFor, TRACE_STYLES } from '../../src/engine/traces';

describe('datasets', () => {
  it('splits are disjoint, answers are exact, OOD has one more digit', () => {
    for (const task of TASKS) {
      const ds = generateDataset(task, 2, 1);
      const train = new Set(ds.splits.train.map((p) => p.prompt));
      expect(ds.splits.test.some((p) => train.has(p.prompt))).toBe(false);
      for (const p of [...ds.splits.train, ...ds.splits.test]) expect(Math.max(...p.operands.slice(0, task === 'mod' ? 3 : 2))).toBeLessThan(100);
      expect(ds.splits.ood.every((p) => p.operands.slice(0, task === 'mod' ? 3 : 2).some((x) => x >= 100 && x < 1000))).toBe(true);
      const [a, b, c, m] = ds.splits.test[0].operands;
      const expected = task === 'add' || task === 'addTrace' ? a + b : task === 'mul' ? a * b : (a * b + c) % m;
      expect(ds.splits.test[0].answer).toBe(String(expected));
    }
  });
  it('addTrace: every problem carries each style\'s trace and its assigned style, uniform over styles', async () => {
    const ds = generateDataset('addTrace', 2, 3);
    expect(generateDataset('addTrace', 2, 3)).toEqual(ds);
    const counts: Record<string, number> = {};
    for (const p of [...ds.splits.train, ...ds.splits.test, ...ds.splits.ood]) {
      const [a, b] = p.operands;
      expect(p.traces).toEqual(tracesFor(a, b));
      expect(TRACE_STYLES).toContain(p.style);
      counts[p.style!] = (counts[p.style!] ?? 0) + 1;
    }
    for (const s of TRACE_STYLES) expect(counts[s] / ds.splits.train.length).toBeGreaterThan(0.3); // ~1/3 each of 4400
    for (const d of [1, 2]) {
      const shipped = await loadDatasetNode('addTrace', d);
      expect(generateDataset('addTrace', d, shipped.seed)).toEqual(shipped);
    }
  });
  it('generation is deterministic and the shipped files match the generator', async () => {
    expect(generateDataset('add', 2, 5)).toEqual(generateDataset('add', 2, 5));
    const shipped = await loadDatasetNode('add', 2);
    expect(generateDataset('add', 2, shipped.seed)).toEqual(shipped);
  });
});

describe('corrupt assets give clear errors', () => {
  it('dataset: wrong format, bad prompt, not an object', () => {
    expect(() => parseDataset({ format: 'x' })).toThrow(/Corrupt dataset: format/);
    const ds = generateDataset('add', 1, 1);
    const bad = structuredClone(ds) as unknown as { splits: { train: { prompt: string }[] } };
    bad.splits.train[0].prompt = '<script>alert(1)</script>';
    expect(() => parseDataset(bad)).toThrow(AssetError);
    expect(() => parseDataset(null)).toThrow(/Corrupt dataset/);
  });
  it('weights: truncated, NaN, bad manifest', async () => {
    const base = await loadBaseModelNode('add');
    expect(() => parseModelAssets(base.modelJson, base.weights.slice(0, 100))).toThrow(/expected \d+ bytes, got 100/);
    const nan = new Float32Array(base.weights.slice(0));
    nan[5] = NaN;
    expect(() => parseModelAssets(base.modelJson, nan.buffer)).toThrow(/non-finite value at index 5/);
    expect(() => parseModelAssets({ ...base.modelJson, format: 'keras' }, base.weights)).toThrow(/Corrupt base model model.json: format/);
    expect(() => parseModelAssets({ ...base.modelJson, strength: 'huge' }, base.weights)).toThrow(/Corrupt base model model.json: strength/);
  });
  it('a missing or non-JSON file names the file and the fix', async () => {
    await expect(loadDatasetNode('add', 2, '/nonexistent')).rejects.toThrow(/Missing dataset .*npm run datasets/);
    const text = await readFile(path.join(PUBLIC_DIR, 'models/add/mid/model.json'), 'utf8');
    expect(text.length).toBeGreaterThan(10);
  });
  it('the shipped base models are small', async () => {
    for (const task of TASKS) {
      for (const strength of BASE_STRENGTHS) {
        const m = await loadBaseModelNode(task, strength);
        expect(m.weights.byteLength).toBeLessThan(2 * 1024 * 1024);
      }
    }
  });
});

describe('base-model strengths', () => {
  it('every task x strength loads, validates and records its checkpoint', async () => {
    for (const task of TASKS) {
      const models = await Promise.all(BASE_STRENGTHS.map((b) => loadBaseModelNode(task, b)));
      models.forEach((m, i) => {
        expect(m.modelJson.task).toBe(task);
        expect(m.modelJson.strength).toBe(BASE_STRENGTHS[i]);
        const p = m.modelJson.provenance as Record<string, unknown>;
        expect(p.strength).toBe(BASE_STRENGTHS[i]);
        expect(p.seed).toBe(7);
        expect(typeof p.stopRule).toBe('string');
        expect(typeof p.stoppedBy).toBe('string');
        for (const k of ['steps', 'monitorPass1', 'monitorPass8']) expect(typeof p[k], `${task}/${BASE_STRENGTHS[i]} ${k}`).toBe('number');
      });
      // One trajectory: later checkpoints, higher monitor pass@1, different weights.
      const prov = models.map((m) => m.modelJson.provenance as { steps: number; monitorPass1: number });
      for (let i = 1; i < prov.length; i++) {
        expect(prov[i].steps, task).toBeGreaterThan(prov[i - 1].steps);
        expect(prov[i].monitorPass1, task).toBeGreaterThan(prov[i - 1].monitorPass1);
      }
      const hashes = models.map((m) => sha256(m.weights));
      expect(new Set(hashes).size).toBe(hashes.length);
    }
  });
  it('mid is the base model shipped before strengths existed, byte for byte', async () => {
    // sha256 of public/models/<task>/weights.bin before the weak/mid/strong layout.
    const before = {
      add: '1a51ab587c7bb29c8b964f43b27c586c8bd4a6edb12647c945ce4954f5d91ec9',
      mod: 'ca5b92aa8f899fb7e9dd59dcdb412c87bed333b2a059f1f89ceaad9cf3bd0bd1',
      mul: '5903d4a54ca52a3b5e96bff8de8de73c5a1141f42cae6cbd4f108cef3f75dd00',
    };
    for (const task of ['add', 'mod', 'mul'] as const) expect(sha256((await loadBaseModelNode(task, 'mid')).weights), task).toBe(before[task]);
    expect(sha256((await loadBaseModelNode('add')).weights)).toBe(before.add); // mid is the default
  });
});

function sha256(buf: ArrayBuffer): string {
  return createHash('sha256').update(new Uint8Array(buf)).digest('hex');
}
