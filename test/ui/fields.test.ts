import { describe, expect, it } from 'vitest';
import { SETTING_KEYS, fieldOf, type NumberField } from '../../src/engine/settings';
import { formatDuration, nearestIndex, sliderValues } from '../../src/ui/fields';

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
    expect(formatDuration(75_000)).toBe('1m 15s');
  });
});
