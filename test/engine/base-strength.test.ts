// The base-model strength setting: each strength is its own checkpoint, the trainer refuses the
// wrong one, and the step-0 evaluation shows a clearly different starting point per strength.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type BaseStrength, type Settings } from '../../src/engine/settings';
import { selectBackend } from '../../src/engine/backend';
import { createTrainer } from '../../src/engine/trainer';
import type { EvalRecord } from '../../src/engine/types';
import { loadBaseModelNode, loadDatasetNode } from '../../scripts/lib/node-assets';
import { nodeTrainer } from '../../scripts/lib/run';

const small: Settings = { ...DEFAULT_SETTINGS, seeds: 1, promptsPerStep: 4, rolloutsPerPrompt: 4, steps: 1, evalEvery: 1, evalProblems: 64, evalSamples: 4 };

describe('base-model strength', () => {
  it('a checkpoint of another strength is refused', async () => {
    const b = await selectBackend('wasm');
    const [dataset, base] = await Promise.all([loadDatasetNode('add', 2), loadBaseModelNode('add', 'strong')]);
    await expect(createTrainer({ ...small, base: 'weak' }, { dataset, base }, b)).rejects.toThrow(/"strong" checkpoint, not "weak"/);
  });

  it('step-0 held-out pass@1 is ordered weak < mid < strong by a clear margin', async () => {
    const b = await selectBackend('wasm');
    const pass1: Record<string, number> = {};
    for (const base of ['weak', 'mid', 'strong'] as BaseStrength[]) {
      const t = await nodeTrainer({ ...small, base }, b, { workers: 1 });
      const rec = (await t.next())[0] as EvalRecord;
      t.dispose();
      expect(rec.type).toBe('eval');
      expect(rec.step).toBe(0);
      pass1[base] = rec.test.passAtK[0];
    }
    expect(pass1.mid - pass1.weak, JSON.stringify(pass1)).toBeGreaterThan(0.1);
    expect(pass1.strong - pass1.mid, JSON.stringify(pass1)).toBeGreaterThan(0.1);
  });
});
