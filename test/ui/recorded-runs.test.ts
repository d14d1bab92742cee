// The recorded runs a rate-or-fate preset opens with: the file read defensively, each arm's
// seeds combined at the steps all of them reached, and the finding's own assess() of them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import type { EvalRecord } from '../../src/engine/types';
import { findingById } from '../../src/experiments/findings';
import { armSettings } from '../../src/experiments/findings/runs';
import { parseRecordedRuns } from '../../src/ui/recorded-file';
import { presetRecord } from '../../src/ui/recorded-runs';
import { presetById } from '../../src/ui/presets';
import { useStore } from '../../src/ui/store';
import { evalRecord, split } from './fixtures';

const f1 = findingById('noise-vs-compute')!;
const preset = presetById('noise-binding-anchor')!;

/** One seed's evaluations: pass@1 rising from 0.35 by `rise` per evaluation for `n` evaluations (50 steps apart), then flat. */
function curve(seed: number, rise: number, n: number, flatFor = 6): EvalRecord[] {
  return Array.from({ length: n + flatFor + 1 }, (_, i) => {
    const p = 0.35 + rise * Math.min(i, n);
    return evalRecord(50 * i, seed, split([p, Math.min(1, p + 0.3)]), split([0.01, 0.02]));
  });
}

function file(arms: Record<string, (seed: number) => EvalRecord[]>) {
  return {
    generated: '2026-12-03T07:00:00.000Z', command: 'npm run findings',
    arms: Object.entries(arms).flatMap(([arm, evals]) => [1, 2, 3].map((seed) => ({
      finding: 'noise-vs-compute', arm, seed, settings: armSettings(f1, f1.arms.find((a) => a.id === arm)!, seed), evals: evals(seed),
    }))),
  };
}

describe('recorded runs', () => {
  const good = file({
    'mid-b1-k4-clean': (s) => curve(s, 0.02 + 0.001 * s, 5),
    'mid-b1-k4-fn': (s) => curve(s, 0.015 + 0.001 * s, 5, s),
    'mid-b1-k4-fp': (s) => curve(s, 0.012 + 0.001 * s, 5),
  });

  it('reads the file defensively: bad arms are left out, a file that is not one is null', () => {
    expect(parseRecordedRuns(null)).toBeNull();
    expect(parseRecordedRuns({ arms: 'x' })).toBeNull();
    const bad = { ...good, arms: [...good.arms, { finding: 'noise-vs-compute', arm: 'x', seed: 1, settings: { fnRate: 'lots' }, evals: [] }, { arm: 3 }, 'junk'] };
    const parsed = parseRecordedRuns(JSON.parse(JSON.stringify(bad)))!;
    expect(parsed.arms).toHaveLength(9);
    expect(parsed.arms[0].settings).toEqual(good.arms[0].settings);
  });

  it('combines each arm\'s seeds at the steps all reached and assesses the recorded seeds with the finding', () => {
    const rec = presetRecord(preset, parseRecordedRuns(JSON.parse(JSON.stringify(good))))!;
    expect(rec.pins.map((p) => p.label)).toEqual(['mid base, beta 1, K=4, clean', 'mid base, beta 1, K=4, FN 0.3', 'mid base, beta 1, K=4, FP 0.3']);
    // FN seed 1 has one flat evaluation after its rise: its combined curve stops at seed 1's last step.
    expect(rec.pins[1].stops).toEqual([300, 350, 400]);
    expect(rec.pins[1].evals.map((e) => e.step)).toEqual([0, 50, 100, 150, 200, 250, 300]);
    expect(rec.pins[0].evals).toHaveLength(12);
    expect(rec.pins[0].evals[5].test.passAtK[0]).toBeCloseTo(0.35 + 5 * 0.022, 12);
    expect(rec.pins[0].evals[5].perSeed).toHaveLength(3);
    expect(rec.pins[0].settings).toMatchObject({ klBeta: 1, rolloutsPerPrompt: 4, seeds: 3, plateau: true });
    expect(rec.assessment.sentence).toMatch(/^Held-out pass@1 at the plateau, paired over 3 seeds\. mid base\. Beta 1 \(plateaus\): K=4 clean/);
    expect(rec.assessment.holds).toBe(true);
    expect(presetRecord(preset, { generated: '', command: '', arms: [] })).toBeNull();
    expect(presetRecord(preset, null)).toBeNull();
  });

  it('the store pins the recorded arms once, whatever how often the preset is opened', () => {
    useStore.setState({ pinned: [], recorded: null });
    const rec = presetRecord(preset, parseRecordedRuns(JSON.parse(JSON.stringify(good))))!;
    useStore.getState().showRecorded(preset.id, rec);
    useStore.getState().showRecorded(preset.id, rec);
    const pins = useStore.getState().pinned;
    expect(pins.map((p) => p.label)).toEqual(rec.pins.map((p) => `recorded: ${p.label}`));
    expect(new Set(pins.map((p) => p.color)).size).toBe(3);
    expect(pins[0].stepsDone).toBe(550);
    expect(useStore.getState().recorded?.presetId).toBe(preset.id);
    expect(DEFAULT_SETTINGS.klBeta).toBe(0.02);
  });
});
