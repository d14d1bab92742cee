import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AssetError, parseDataset, parseModelAssets } from '../../src/engine/assets';
import { generateDataset } from '../../src/engine/datasets';
import { loadBaseModelNode, loadDatasetNode, PUBLIC_DIR } from '../../scripts/lib/node-assets';
import { TASKS } from '../../src/engine/settings';

describe('datasets', () => {
  it('splits are disjoint, answers are exact, OOD has one more digit', () => {
    for (const task of TASKS) {
      const ds = generateDataset(task, 2, 1);
      const train = new Set(ds.splits.train.map((p) => p.prompt));
      expect(ds.splits.test.some((p) => train.has(p.prompt))).toBe(false);
      for (const p of [...ds.splits.train, ...ds.splits.test]) expect(Math.max(...p.operands.slice(0, task === 'mod' ? 3 : 2))).toBeLessThan(100);
      expect(ds.splits.ood.every((p) => p.operands.slice(0, task === 'mod' ? 3 : 2).some((x) => x >= 100 && x < 1000))).toBe(true);
      const [a, b, c, m] = ds.splits.test[0].operands;
      const expected = task === 'add' ? a + b : task === 'mul' ? a * b : (a * b + c) % m;
      expect(ds.splits.test[0].answer).toBe(String(expected));
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
  });
  it('a missing or non-JSON file names the file and the fix', async () => {
    await expect(loadDatasetNode('add', 2, '/nonexistent')).rejects.toThrow(/Missing dataset .*npm run datasets/);
    const text = await readFile(path.join(PUBLIC_DIR, 'models/add/mid/model.json'), 'utf8');
    expect(text.length).toBeGreaterThan(10);
  });
  it('the shipped base models are small', async () => {
    for (const task of TASKS) {
      const m = await loadBaseModelNode(task);
      expect(m.weights.byteLength).toBeLessThan(2 * 1024 * 1024);
    }
  });
});
