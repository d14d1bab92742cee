import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/engine/settings';
import { PRESETS } from '../../src/ui/presets';

describe('presets', () => {
  it('are named after the findings, each with one sentence to look for', () => {
    expect(PRESETS.map((p) => p.name)).toEqual([
      'False negatives hurt more',
      "Compute can't buy supervision",
      'Sampler, not thinker',
      'Entropy collapse',
      'Random reward',
      'Reward hacking a partial verifier',
      'Correcting a noisy verifier',
      'Random vs systematic errors',
      'Spending a fixed budget',
      'From a strong base',
    ]);
    for (const p of PRESETS) {
      expect(p.lookFor.length).toBeGreaterThan(40);
      expect(p.lookFor.trim().split(/[.!?](\s|$)/).filter((x) => x && x.trim()).length).toBe(1);
    }
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });

  it('"From a strong base" changes only the base model', () => {
    const p = PRESETS.find((x) => x.id === 'strong-base')!;
    expect(p.settings).toEqual({ base: 'strong' });
    expect(DEFAULT_SETTINGS.base).toBe('mid');
  });

  it('hold only valid settings from the schema', () => {
    for (const p of PRESETS) {
      const r = parseSettings(p.settings);
      expect(r.issues, p.name).toEqual([]);
      expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, ...p.settings });
    }
  });
});
