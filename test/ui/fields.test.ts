import { describe, expect, it } from 'vitest';
import { SETTING_KEYS, fieldOf, type NumberField } from '../../src/engine/settings';
import { nearestIndex, sliderValues } from '../../src/ui/fields';

describe('slider values from the schema', () => {
  const numeric = SETTING_KEYS.filter((k) => k !== 'seed').map(fieldOf).filter((f): f is NumberField => f.kind === 'number' || f.kind === 'int');

  it('span [min, max], ascending, inside the range, and reach the default', () => {
    for (const f of numeric) {
      const v = sliderValues(f);
      expect(v[0]).toBe(f.min);
      expect(v[v.length - 1]).toBe(f.max);
      for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThan(v[i - 1]);
      if (f.kind === 'int') for (const x of v) expect(Number.isInteger(x)).toBe(true);
      expect(v).toContain(f.default);
    }
  });

  it('gives round values', () => {
    const steps = sliderValues(fieldOf('steps') as NumberField);
    expect(steps.slice(0, 4)).toEqual([1, 10, 20, 30]);
    const fn = sliderValues(fieldOf('fnRate') as NumberField);
    expect(fn).toContain(0.15);
    expect(fn).toContain(0.3);
    const lr = sliderValues(fieldOf('lr') as NumberField);
    expect(lr).toEqual(expect.arrayContaining([0.0001, 0.001, 0.002, 0.005, 0.01]));
  });

  it('finds the nearest position', () => {
    expect(nearestIndex([0, 0.05, 0.1], 0.06)).toBe(1);
  });
});

describe('contextual controls', () => {
  it('hide a control that does nothing while it holds its default, and keep it visible (with the reason) otherwise', async () => {
    const { fieldContext } = await import('../../src/ui/fields');
    const { DEFAULT_SETTINGS } = await import('../../src/engine/settings');
    const d = DEFAULT_SETTINGS;
    expect(fieldContext('randomRate', d)).toMatchObject({ active: false, shown: false });
    expect(fieldContext('randomRate', { ...d, verifier: 'random' })).toMatchObject({ active: true, shown: true, note: null });
    expect(fieldContext('randomRate', { ...d, randomRate: 0.5 })).toMatchObject({ active: false, shown: true });
    expect(fieldContext('fnRate', { ...d, verifier: 'random' }).active).toBe(false);
    expect(fieldContext('fnRate', { ...d, verifier: 'sysFn7' }).active).toBe(true);
    expect(fieldContext('assumedFn', { ...d, correction: 'forward' }).active).toBe(true);
    expect(fieldContext('assumedFp', { ...d, correction: 'forward' }).active).toBe(false);
    expect(fieldContext('assumedFp', { ...d, correction: 'backward' }).active).toBe(true);
    expect(fieldContext('bandLow', { ...d, curation: 'band' }).active).toBe(true);
    expect(fieldContext('lr', d)).toMatchObject({ active: true, shown: true });
    // What the verifier checks matters only on tasks with worked steps.
    expect(fieldContext('check', d)).toMatchObject({ active: false, shown: false, note: expect.stringMatching(/worked steps/) });
    expect(fieldContext('check', { ...d, task: 'addTrace' })).toMatchObject({ active: true, shown: true });
    expect(fieldContext('check', { ...d, check: 'trace' })).toMatchObject({ active: false, shown: true });
  });
  it('a model size with no base model for the task and strength is dimmed with the fallback, and its option says so', async () => {
    const { fieldContext, optionNote } = await import('../../src/ui/fields');
    const { DEFAULT_SETTINGS } = await import('../../src/engine/settings');
    const d = DEFAULT_SETTINGS;
    expect(fieldContext('model', d)).toMatchObject({ active: true, shown: true });
    expect(fieldContext('model', { ...d, model: 'small' })).toMatchObject({ active: true, note: null });
    const mul = fieldContext('model', { ...d, model: 'small', task: 'mul' });
    expect(mul).toMatchObject({ active: false, shown: true });
    expect(mul.note).toMatch(/No small base model ships for mul at mid strength.*running the tiny model instead/);
    expect(optionNote('model', 'tiny', { ...d, task: 'mul' })).toBeNull();
    expect(optionNote('model', 'small', d)).toBeNull();
    expect(optionNote('model', 'small', { ...d, task: 'mul' })).toBe('not shipped for mul mid: runs tiny');
    expect(optionNote('model', 'medium', d)).toBeNull();
    expect(optionNote('model', 'medium', { ...d, base: 'strong' })).toBe('not shipped for add strong: runs tiny');
    expect(optionNote('task', 'mul', d)).toBeNull();
  });
});
