import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/engine/settings';
import { PRESETS, presetArms, presetById } from '../../src/ui/presets';

describe('presets', () => {
  it('are named after the findings, each with a question and one short sentence to look for', () => {
    expect(PRESETS.map((p) => p.name)).toEqual([
      'FN 0.3 against FP 0.3',
      'FN 0.3 against FP 0.3 from the weak base',
      'FN 0.3 against FP 0.3 from the strong base',
      'Compute against a binding gap',
      "Compute can't buy supervision",
      'J < 0: the verifier unteaches',
      'Sampler, not thinker',
      'Entropy collapse',
      'One route or many?',
      'RL or cloning the expert?',
      'Random reward',
      'Reward hacking a partial verifier',
      'Correcting a noisy verifier',
      'Random vs systematic errors',
      'Spending a fixed budget',
      'From a strong base',
    ]);
    const sentences = (t: string) => t.trim().split(/[.!?](\s|$)/).filter((x) => x && x.trim()).length;
    for (const p of PRESETS) {
      expect(p.question, p.id).toMatch(/\?$/);
      expect(sentences(p.question), p.id).toBe(1);
      expect(p.question.length, p.id).toBeLessThan(130);
      expect(p.lookFor.length, p.id).toBeGreaterThan(30);
      expect(p.lookFor.length, p.id).toBeLessThan(150);
      expect(sentences(p.lookFor), p.id).toBe(1);
      // Guide text says what the run will show, never a number measured earlier.
      expect(p.lookFor, p.id).not.toMatch(/\b0\.\d\d\b/);
      expect(typeof p.conclude).toBe('function');
      if (p.arms) expect(p.arms.length, p.id).toBeGreaterThanOrEqual(2);
      if (p.arms) expect(p.arms.length, p.id).toBeLessThanOrEqual(3);
    }
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });

  it('the issue-10 comparisons: FN 0.3 against FP 0.3 from the weak and strong base, compute at a binding anchor, J < 0', () => {
    for (const [id, base] of [['fn-fp-weak', 'weak'], ['fn-fp-strong', 'strong'], ['fn-hurts-more', 'mid']] as const) {
      const arms = presetArms(presetById(id)!);
      expect(arms.map((a) => [a.settings.base, a.settings.fnRate, a.settings.fpRate, a.settings.steps])).toEqual([[base, 0.3, 0, 100], [base, 0, 0.3, 100]]);
    }
    const bind = presetArms(presetById('compute-binding')!);
    expect(bind.map((a) => [a.settings.fnRate, a.settings.rolloutsPerPrompt, a.settings.klBeta])).toEqual([[0, 16, 1], [0.3, 16, 1]]);
    const j = presetById('j-negative')!;
    expect(1 - j.settings.fnRate! - j.settings.fpRate!).toBeCloseTo(-0.1, 10);
  });

  it('"From a strong base" changes only the base model', () => {
    const p = PRESETS.find((x) => x.id === 'strong-base')!;
    expect(p.settings).toEqual({ base: 'strong' });
    expect(DEFAULT_SETTINGS.base).toBe('mid');
  });

  it('hold only valid settings from the schema', () => {
    for (const p of PRESETS) {
      for (const arm of p.arms ?? [{ label: p.name, settings: {} }]) {
        const r = parseSettings({ ...p.settings, ...arm.settings });
        expect(r.issues, p.name).toEqual([]);
        expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, ...p.settings, ...arm.settings });
      }
    }
  });
});
