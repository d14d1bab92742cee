import { describe, expect, it } from 'vitest';
import { isoSteps, moveAlongIso, samplingCompute } from '../../src/experiments/iso';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { estimateEta, poolSize } from '../../src/experiments/pool';

describe('iso-compute arithmetic', () => {
  it('C = B x K x steps', () => {
    expect(samplingCompute({ promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 200 })).toBe(25_600);
  });

  it('moving K or B recomputes the steps that spend C', () => {
    const s = { ...DEFAULT_SETTINGS, promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 200 };
    const C = samplingCompute(s);
    expect(moveAlongIso(s, C, { rolloutsPerPrompt: 16 }).settings.steps).toBe(100);
    expect(moveAlongIso(s, C, { rolloutsPerPrompt: 4 }).settings.steps).toBe(400);
    expect(moveAlongIso(s, C, { promptsPerStep: 32 }).settings.steps).toBe(100);
    const m = moveAlongIso(s, C, { promptsPerStep: 32, rolloutsPerPrompt: 2 });
    expect(m.settings).toMatchObject({ promptsPerStep: 32, rolloutsPerPrompt: 2, steps: 400 });
    expect(m.spent).toBe(C);
    expect(m.clamped).toBe(false);
  });

  it('rounds to the nearest step and reports what is really spent', () => {
    const s = { ...DEFAULT_SETTINGS, promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 200 };
    const m = moveAlongIso(s, 25_600, { rolloutsPerPrompt: 3 }); // 25600 / 48 = 533.3
    expect(m.settings.steps).toBe(533);
    expect(m.spent).toBe(16 * 3 * 533);
    expect(isoSteps(1000, 16, 8)).toBe(8); // 7.8 -> 8
  });

  it('clamps the steps to their range and says so', () => {
    const s = { ...DEFAULT_SETTINGS };
    expect(isoSteps(10, 64, 32)).toBe(1);
    const big = moveAlongIso(s, 10_000_000, { promptsPerStep: 1, rolloutsPerPrompt: 2 });
    expect(big.settings.steps).toBe(5000);
    expect(big.clamped).toBe(true);
  });
});

describe('worker pool sizing and ETA', () => {
  it('one worker per spare core, at least one', () => {
    expect(poolSize(8)).toBe(7);
    expect(poolSize(2)).toBe(1);
    expect(poolSize(1)).toBe(1);
    expect(poolSize(undefined)).toBe(1);
  });

  it('time left from the pace so far', () => {
    expect(estimateEta(0, 100, 1000)).toBeNull();
    expect(estimateEta(25, 100, 1000)).toBe(3000);
    expect(estimateEta(100, 100, 1000)).toBe(0);
  });
});
