import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../../src/engine/settings';
import { findingById } from '../../src/experiments/findings';
import { armRunSettings } from '../../src/experiments/findings/runs';
import { COMPARISON_BUDGET, PLATEAU_PRESET_BUDGET, PRESETS, PRESET_BUDGET_KEYS, isPresetRun, presetArms, presetById, presetFinding } from '../../src/ui/presets';

describe('presets', () => {
  it('are named after the findings, each with a question and one short sentence to look for', () => {
    expect(PRESETS.map((p) => p.name)).toEqual([
      'FN 0.3 against FP 0.3',
      'Noise at a binding anchor',
      'Noise at a loose anchor',
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
      'Forgetting',
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
      expect(p.arms.length, p.id).toBeGreaterThanOrEqual(1);
      expect(p.arms.length, p.id).toBeLessThanOrEqual(3);
    }
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });

  it('each names a finding and arms of it; the budget holds only budget keys', () => {
    for (const p of PRESETS) {
      const f = findingById(p.finding);
      expect(f, p.id).toBeDefined();
      expect(presetFinding(p)).toBe(f);
      for (const id of p.arms) expect(f!.arms.map((a) => a.id), p.id).toContain(id);
      expect(new Set(p.arms).size, p.id).toBe(p.arms.length);
      for (const k of Object.keys(p.budget)) expect(PRESET_BUDGET_KEYS as readonly string[], `${p.id}: ${k}`).toContain(k);
    }
  });

  it('an arm runs as the finding runs it: defaults (backend kept), finding budget, preset budget, arm; seeds from the preset', () => {
    for (const p of PRESETS) {
      const f = presetFinding(p);
      const arms = presetArms(p, 'wasm');
      arms.forEach((a, i) => {
        const arm = f.arms.find((x) => x.id === p.arms[i])!;
        expect(a.settings, p.id).toEqual(armRunSettings(f, arm, { ...DEFAULT_SETTINGS, backend: 'wasm' }, p.budget));
        expect(a.settings, p.id).toMatchObject({ ...p.budget, ...arm.settings, backend: 'wasm' });
        // A comparison is labelled by the finding's arms, a single run by the preset.
        expect(a.label).toBe(arms.length > 1 ? arm.label : p.name);
      });
    }
  });

  it('comparisons run the comparison budget (100 steps, 3 seeds, 64 x 8 every 25 steps) or, for findings 1 and 2, their plateau budget with 3 seeds; single runs the page defaults at their own steps', () => {
    for (const p of PRESETS) {
      if (p.arms.length > 1) expect(p.budget, p.id).toEqual(p.finding === 'noise-vs-compute' || p.finding === 'fn-vs-fp' ? PLATEAU_PRESET_BUDGET : COMPARISON_BUDGET);
      else expect(p.budget, p.id).toEqual({ steps: p.budget.steps, seeds: 3, evalEvery: 20, evalProblems: 64, evalSamples: 16 });
    }
    expect(Object.fromEntries(PRESETS.filter((p) => p.arms.length === 1).map((p) => [p.id, p.budget.steps]))).toEqual({
      'j-negative': 150, 'sampler-not-thinker': 200, 'entropy-collapse': 200, 'style-collapse': 200, 'random-reward': 150,
      'partial-verifier': 200, 'random-vs-systematic': 150, 'fixed-budget': 100, 'strong-base': 200,
    });
  });

  it('the issue-10 comparisons: FN 0.3 against FP 0.3 from the weak and strong base, compute at a binding anchor, J < 0', () => {
    for (const [id, base] of [['fn-fp-strong', 'strong'], ['fn-hurts-more', 'mid']] as const) {
      const arms = presetArms(presetById(id)!);
      expect(arms.map((a) => [a.settings.base, a.settings.fnRate, a.settings.fpRate, a.settings.klBeta, a.settings.plateau, a.settings.steps, a.settings.seeds])).toEqual([[base, 0.3, 0, 1, true, 400, 3], [base, 0, 0.3, 1, true, 400, 3]]);
    }
    for (const [id, beta, cap] of [['noise-binding-anchor', 1, 400], ['noise-loose-anchor', 0.02, 600]] as const) {
      const arms = presetArms(presetById(id)!);
      expect(presetById(id)!.recorded).toBe(true);
      expect(arms.map((a) => [a.settings.fnRate, a.settings.fpRate, a.settings.klBeta, a.settings.rolloutsPerPrompt, a.settings.steps])).toEqual([[0, 0, beta, 4, cap], [0.3, 0, beta, 4, cap], [0, 0.3, beta, 4, cap]]);
    }
    const bind = presetArms(presetById('compute-binding')!);
    expect(bind.map((a) => [a.settings.fnRate, a.settings.rolloutsPerPrompt, a.settings.klBeta])).toEqual([[0, 16, 1], [0.3, 16, 1]]);
    const cheap = presetArms(presetById('compute-cant-buy-supervision')!);
    expect(cheap.map((a) => [a.settings.fnRate, a.settings.fpRate, a.settings.rolloutsPerPrompt, a.settings.klBeta])).toEqual([[0, 0, 4, 1], [0.3, 0, 16, 1]]);
    const [j] = presetArms(presetById('j-negative')!);
    expect(1 - j.settings.fnRate - j.settings.fpRate).toBeCloseTo(-0.1, 10);
    expect(presetArms(presetById('fixed-budget')!)[0].settings).toMatchObject({ promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 100 });
  });

  it('"From a strong base" changes only the base model', () => {
    const [arm] = presetArms(presetById('strong-base')!);
    const plain = presetArms(presetById('sampler-not-thinker')!)[0];
    expect({ ...arm.settings, base: DEFAULT_SETTINGS.base }).toEqual(plain.settings);
    expect(arm.settings.base).toBe('strong');
    expect(DEFAULT_SETTINGS.base).toBe('mid');
  });

  it('"Forgetting": the generalist on addition, loose anchor at a high learning rate, the default, a binding anchor', () => {
    const p = presetById('forgetting')!;
    expect(p.finding).toBe('forgetting-kl');
    const arms = presetArms(p);
    expect(arms.map((a) => a.settings.family)).toEqual(['mix', 'mix', 'mix']);
    expect(arms.map((a) => a.settings.task)).toEqual(['add', 'add', 'add']);
    expect(arms.map((a) => [a.settings.klBeta, a.settings.lr])).toEqual([[0.02, 0.001], [0.02, 0.0003], [1, 0.0003]]);
    expect(arms.map((a) => a.settings.steps)).toEqual([100, 100, 100]);
    // The finding's own assess() judges the three and names the arm the preset does not run.
    expect(findingById('forgetting-kl')!.assess({}).holds).toBeNull();
  });

  it('hold only valid settings from the schema', () => {
    for (const p of PRESETS) {
      for (const arm of presetArms(p)) {
        const r = parseSettings(arm.settings);
        expect(r.issues, p.name).toEqual([]);
        expect(r.settings).toEqual(arm.settings);
      }
    }
  });

  it('a run is the single-run preset\'s when its settings are, whatever the backend', () => {
    const p = presetById('partial-verifier')!;
    const [arm] = presetArms(p, 'webgpu');
    expect(isPresetRun(p, arm.settings)).toBe(true);
    expect(isPresetRun(p, { ...arm.settings, backend: 'wasm' })).toBe(true);
    expect(isPresetRun(p, { ...arm.settings, steps: 10 })).toBe(false);
    expect(isPresetRun(presetById('fn-fp-strong')!, presetArms(presetById('fn-fp-strong')!)[0].settings)).toBe(false);
  });
});
