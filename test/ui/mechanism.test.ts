import { describe, expect, it } from 'vitest';
import { combineEvals, combineSteps } from '../../src/engine/seeds';
import type { EvalRecord, SplitEval, StepRecord } from '../../src/engine/types';
import { jZeroAxes } from '../../src/ui/components/research/JZeroLine';
import {
  J_MESSAGES, axisIndex, axisValue, evalHistogram, formatJ, formatShare, groupHistogram, jKind, jZeroLine, measuredJ, mechanismPoints, setJ,
} from '../../src/ui/mechanism';
import { ema } from '../../src/ui/charts/smoothing';
import { step } from './fixtures';
import type { Heatmap } from '../../src/ui/sweep-model';

function split(hist: number[] | undefined, j: number | null = null): SplitEval {
  const n = hist ? hist.length - 1 : 2;
  return {
    passAtK: Array(n).fill(0.3), rewardObserved: 0.4, entropy: 1, kl: 0, fnRate: null, fpRate: null, problems: 4, samplesPerProblem: n,
    ...(hist ? { successHist: hist } : {}), youdenJ: j,
    ...(hist ? { shareBelowHalf: hist.reduce((a, x, c) => a + (c / n < 0.5 ? x : 0), 0) / hist.reduce((a, b) => a + b, 0) } : {}),
  };
}

function evalRec(n: number, seed: number | undefined, hist: number[] | undefined, j: number | null = null): EvalRecord {
  return { type: 'eval', step: n, rollouts: n * 100, test: split(hist, j), ood: split(hist, j), k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 5, ...(seed === undefined ? {} : { seed }) };
}

describe('per-prompt success histograms', () => {
  it('one seed: shares per bin, share below 0.5 (the bin at exactly 0.5 is not below)', () => {
    const h = evalHistogram(evalRec(5, undefined, [2, 1, 1, 0, 4]))!;
    expect(h.n).toBe(4);
    expect(h.bins.map((b) => b.x)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.bins.map((b) => b.share)).toEqual([0.25, 0.125, 0.125, 0, 0.5]);
    expect(h.bins.every((b) => b.se === 0)).toBe(true);
    expect(h.below).toEqual({ mean: 0.375, se: 0, seeds: 1 });
    expect(h.count).toBe(8);
    expect(formatShare(h.below)).toBe('38%');
  });

  it('several seeds: mean ± SE over seeds of each bin and of the share below 0.5', () => {
    const e = combineEvals([evalRec(5, 1, [4, 0, 0]), evalRec(5, 2, [2, 0, 2])], 3);
    const h = evalHistogram(e)!;
    expect(h.bins[0].share).toBeCloseTo(0.75);
    expect(h.bins[0].se).toBeCloseTo(0.25);
    expect(h.bins[2].share).toBeCloseTo(0.25);
    expect(h.below.mean).toBeCloseTo(0.75);
    expect(h.below.se).toBeCloseTo(0.25);
    expect(h.below.seeds).toBe(2);
    expect(formatShare(h.below)).toBe('75 ± 25%');
  });

  it('no histogram (records made before it existed): null', () => {
    expect(evalHistogram(evalRec(0, undefined, undefined))).toBeNull();
    expect(evalHistogram(undefined)).toBeNull();
    expect(groupHistogram([step(1, undefined)])).toBeNull();
  });

  it('training groups: pools the groups of the last 10 steps that logged a histogram, per seed, then mean ± SE', () => {
    const steps: StepRecord[] = [];
    for (let s = 1; s <= 12; s++) {
      // Steps 1-2 would shift everything if they were counted.
      const a = s <= 2 ? [0, 0, 4] : [3, 1, 0];
      const b = s <= 2 ? [0, 0, 4] : [1, 1, 2];
      steps.push(combineSteps([step(s, 1, { groupSuccessHist: a }), step(s, 2, { groupSuccessHist: b })], 1));
    }
    steps.push(step(13, undefined)); // an older-format record at the end is skipped
    const h = groupHistogram(steps)!;
    expect(h.steps).toBe(10);
    expect([h.fromStep, h.toStep]).toEqual([3, 12]);
    expect(h.n).toBe(2);
    expect(h.bins[0].share).toBeCloseTo((0.75 + 0.25) / 2);
    expect(h.bins[2].share).toBeCloseTo(0.25);
    expect(h.below.mean).toBeCloseTo(0.5);
    expect(h.below.se).toBeCloseTo(0.25);
    expect(h.count).toBe(40);
  });
});

describe("Youden's J", () => {
  it('set J for the noisy verifier only', () => {
    expect(setJ({ verifier: 'noisy', fnRate: 0, fpRate: 0.3 })).toBeCloseTo(0.7);
    expect(formatJ(setJ({ verifier: 'noisy', fnRate: 0, fpRate: 0.3 })!)).toBe('0.70');
    expect(setJ({ verifier: 'sysFpOperand', fnRate: 0, fpRate: 0.3 })).toBeNull();
    expect(setJ({ verifier: 'random', fnRate: 0, fpRate: 0 })).toBeNull();
  });

  it('thresholds: J > 0 learns, J = 0 drifts, J < 0 unlearns; float noise at 0 reads as 0', () => {
    expect(jKind(0.4)).toBe('learns');
    expect(jKind(1 - 0.3 - 0.7)).toBe('drifts');
    expect(jKind(0)).toBe('drifts');
    expect(jKind(1 - 0.5 - 0.6)).toBe('inverted');
    expect(formatJ(1 - 0.5 - 0.6)).toBe('−0.10');
    expect(formatJ(1 - 0.3 - 0.7)).toBe('0.00');
    expect(J_MESSAGES.drifts).toContain('carries no information about correctness: training drifts');
    expect(J_MESSAGES.inverted).toContain('rewards wrong answers more often than right ones, and training unlearns');
  });

  it('measured J: mean and SE over seeds of youdenJ; null without it', () => {
    const e = combineEvals([evalRec(5, 1, [1, 1], 0.6), evalRec(5, 2, [1, 1], 0.8)], 1);
    const m = measuredJ(e)!;
    expect(m.mean).toBeCloseTo(0.7);
    expect(m.se).toBeCloseTo(0.1);
    expect(m.seeds).toBe(2);
    expect(measuredJ(evalRec(5, undefined, [1, 1], null))).toBeNull();
  });
});

describe('the J = 0 line on an FN x FP grid', () => {
  it('index space: piecewise linear between axis values, extended past the ends', () => {
    expect(axisIndex([0, 0.3, 0.6], 0.45)).toBeCloseTo(1.5);
    expect(axisIndex([0, 0.3, 0.6], 0.9)).toBeCloseTo(3);
    expect(axisIndex([0.6, 0.3, 0], 0.45)).toBeCloseTo(0.5);
    expect(axisIndex([0, 0, 1], 0.5)).toBeNull();
    expect(axisIndex([0.3], 0.3)).toBeNull();
    expect(axisValue([0, 0.3, 0.6], 1.5)).toBeCloseTo(0.45);
  });

  it('passes through the cells where fn + fp = 1, clipped to the grid', () => {
    const rows = [0, 0.5, 0.9];
    const cols = [0.1, 0.5, 0.9];
    const line = jZeroLine(rows, cols);
    expect(line.length).toBeGreaterThan(10);
    for (const p of line) {
      expect(axisValue(rows, p.r) + axisValue(cols, p.c)).toBeCloseTo(1, 9);
      expect(p.c).toBeGreaterThanOrEqual(-0.5 - 1e-9);
      expect(p.c).toBeLessThanOrEqual(2.5 + 1e-9);
    }
    // Through the centre of the (0.5, 0.5) cell.
    expect(line.some((p) => Math.abs(p.r - 1) < 0.01 && Math.abs(p.c - 1) < 0.02)).toBe(true);
    // A grid where every fn + fp < 1 has no line.
    expect(jZeroLine([0, 0.1], [0, 0.2])).toEqual([]);
  });

  it('only for fnRate x fpRate grids, with a sentence that says what the line means', () => {
    const axis = (key: string, values: number[]) => ({ key, flag: key, values }) as unknown as Heatmap['rowAxis'];
    const base = { cells: [], min: null, max: null };
    const fnfp = jZeroAxes({ ...base, rowAxis: axis('fnRate', [0, 0.5]), colAxis: axis('fpRate', [0, 0.6]), rows: [0, 0.5], cols: [0, 0.6] })!;
    expect(fnfp.note).toMatch(/inverted/);
    const inside = jZeroAxes({ ...base, rowAxis: axis('fpRate', [0, 0.1]), colAxis: axis('fnRate', [0, 0.2]), rows: [0, 0.1], cols: [0, 0.2] })!;
    expect(inside.note).toMatch(/every cell has J > 0/);
    expect(jZeroAxes({ ...base, rowAxis: axis('fnRate', [0, 0.5]), colAxis: axis('rolloutsPerPrompt', [4, 8]), rows: [0, 0.5], cols: [4, 8] })).toBeNull();
  });
});

describe('why-noise-hurts series', () => {
  it('per seed EMA skipping null steps, then mean ± SE over seeds; keys without a value are left out', () => {
    const steps = [1, 2, 3, 4].map((s) => combineSteps([
      step(s, 1, { fnLoneShare: s === 2 ? null : 0.2 * s, fpLoneShare: null, wrongDistinct: 2 }),
      step(s, 2, { fnLoneShare: 0.1 * s, fpLoneShare: null, wrongDistinct: 4 }),
    ], 1));
    const raw = mechanismPoints(steps, 0);
    expect(raw.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(raw[0].fnLoneShare).toBeCloseTo(0.15);
    expect(raw[0]['fnLoneShare~lo']).toBeCloseTo(0.1);
    expect(raw[1].fnLoneShare).toBeCloseTo(0.2); // only seed 2 measured it at step 2
    expect(raw[1]['fnLoneShare~lo']).toBeUndefined();
    expect('fpLoneShare' in raw[0]).toBe(false);
    expect(raw[0].wrongDistinct).toBe(3);
    const smooth = mechanismPoints(steps, 0.6);
    const s1 = ema([0.2, NaN, 0.6, 0.8], 0.6);
    const s2 = ema([0.1, 0.2, 0.3, 0.4], 0.6);
    expect(smooth[3].fnLoneShare).toBeCloseTo((s1[3] + s2[3]) / 2);
    expect(mechanismPoints(steps, 0.6)).toBe(smooth); // memoised
  });
});
