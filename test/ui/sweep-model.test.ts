import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { expandGrid, parseAxis, type SweepSpec } from '../../src/experiments/grid';
import type { RunSummary } from '../../src/experiments/summary';
import type { SavedSweep } from '../../src/ui/persist';
import { axisCurves, computeCurves, heatColor, heatFields, heatmap, HEAT_FIELDS, scaleOf } from '../../src/ui/sweep-model';

// Fields added to RunSummary later (fracAllRejected, ...) are filled in as well.
const summary = (finalPass1: number): RunSummary => ({
  fracAllRejected: 0, fracAllAccepted: 0,
  steps: 6, rollouts: 0, readoutK: 2, basePass1: 0.4, finalPass1, basePassK: 0.6, finalPassK: 0.6, baseOodPass1: 0, finalOodPass1: 0,
  baseEntropy: 0.4, finalEntropy: 0.4, finalKl: 0, baseObserved: 0.4, finalObserved: 0.4, fnRate: 0, fpRate: 0, compressionRatio: null,
  capabilityGain: 0, observedEarly: 0, trueEarly: 0, observedLate: 0, trueLate: 0, fracZeroStd: 0, promptPool: null, wallMs: 0,
}) as RunSummary;

function saved(spec: SweepSpec, value: (s: { fnRate: number; rolloutsPerPrompt: number; seed: number }) => number): SavedSweep {
  const jobs = expandGrid(spec);
  return {
    version: 1, id: 'x', name: 'x', createdAt: 0, spec, total: jobs.length, status: 'complete',
    results: jobs.map((j) => ({ id: j.id, cell: j.cell, seed: j.seed, settings: j.settings, summary: summary(value(j.settings)) })),
  };
}

describe('sweep view models', () => {
  const spec: SweepSpec = { axes: [parseAxis('fn=0,0.3'), parseAxis('k=4,8')], seeds: [1, 2], base: { ...DEFAULT_SETTINGS, steps: 10 } };
  const s = saved(spec, (x) => 0.5 - x.fnRate + x.rolloutsPerPrompt / 100 + x.seed / 100);

  it('sweeps from the generalist offer each unverified task\'s final pass@1 as a heatmap, mean and SE over seeds per cell', () => {
    expect(heatFields(s)).toEqual(HEAT_FIELDS);
    const u: SavedSweep = { ...s, results: s.results.map((r) => ({ ...r, summary: { ...r.summary!, unverified: { sub: { basePass1: 0.3, finalPass1: 0.1 * r.seed, basePassK: 0.5, finalPassK: 0.5, finalKl: 0.01 } } } })) };
    const extra = heatFields(u).slice(HEAT_FIELDS.length);
    expect(extra).toEqual([{ field: 'unverified.sub.finalPass1', label: 'final sub pass@1 (not checked by the verifier)', percent: true }]);
    const h = heatmap(u, 'unverified.sub.finalPass1');
    expect(h.cells[0][0]!.mean).toBeCloseTo(0.15, 12);
    expect(h.cells[0][0]!.se).toBeCloseTo(0.05, 12);
    expect(heatmap(s, 'unverified.sub.finalPass1').cells[0][0]!.mean).toBeNull();
  });

  it('heatmap: rows are axis 1, columns axis 2, each cell the mean over seeds with its standard error', () => {
    const h = heatmap(s);
    expect(h.rows).toEqual([0, 0.3]);
    expect(h.cols).toEqual([4, 8]);
    expect(h.cells[0][0]!.mean).toBeCloseTo(0.5 + 0.04 + 0.015, 12);
    expect(h.cells[1][1]!.mean).toBeCloseTo(0.2 + 0.08 + 0.015, 12);
    expect(h.cells[0][0]!.se).toBeCloseTo(0.005, 12);
    expect(h.cells[0][0]!.runs).toBe(2);
    expect(h.min).toBeCloseTo(0.255, 12);
    expect(h.max).toBeCloseTo(0.595, 12);
    expect(h.cells[1][0]!.compute).toBe(16 * 4 * 10);
  });

  it('cells without finished runs are empty', () => {
    const partial = { ...s, results: s.results.slice(0, 2) };
    const h = heatmap(partial);
    expect(h.cells[0][0]).not.toBeNull();
    expect(h.cells[1][1]).toBeNull();
  });

  it('compute curves: one line per noise level, x = total rollouts', () => {
    const p = computeCurves(s);
    expect(p.xKind).toBe('compute');
    expect(p.series.map((x) => x.name)).toEqual(['fn 0', 'fn 0.3']);
    expect(p.series[0].points.map((q) => q.x)).toEqual([640, 1280]);
    expect(p.note).toBeNull();
  });

  it('the core figure: final pass@1 against K itself, one line per noise level, mean ± SE over seeds', () => {
    const core: SweepSpec = { axes: [parseAxis('k=4,8,16,32'), parseAxis('fn=0,0.3')], seeds: [1, 2, 3], base: { ...DEFAULT_SETTINGS, steps: 60 } };
    const p = axisCurves(saved(core, (x) => 0.5 - x.fnRate + x.rolloutsPerPrompt / 1000 + x.seed / 100), 'rolloutsPerPrompt')!;
    expect(p.xKind).toBe('axis');
    expect(p.xLabel).toBe('rollouts per prompt K (60 steps each)');
    expect(p.series.map((x) => x.name)).toEqual(['fn 0', 'fn 0.3']);
    expect(p.series[1].points.map((q) => q.x)).toEqual([4, 8, 16, 32]);
    expect(p.series[1].points[3].y).toBeCloseTo(0.2 + 0.032 + 0.02, 12);
    // Seeds 1, 2, 3 add 0.01, 0.02, 0.03: standard error 0.01 / sqrt(3).
    expect(p.series[0].points[0].se).toBeCloseTo(0.01 / Math.sqrt(3), 12);
    expect(axisCurves(s, 'lr')).toBeNull();
  });

  it('iso-compute sweeps plot along K', () => {
    const iso: SweepSpec = { axes: [parseAxis('k=2,4,8'), parseAxis('fn=0,0.3')], seeds: [1], base: { ...DEFAULT_SETTINGS }, iso: { compute: 6400, hold: 'prompts' } };
    const p = computeCurves(saved(iso, () => 0.4));
    expect(p.xKind).toBe('axis');
    expect(p.series.map((x) => x.points.map((q) => q.x))).toEqual([[2, 4, 8], [2, 4, 8]]);
  });

  it('an axis pair that does not change compute says so', () => {
    const p = computeCurves(saved({ axes: [parseAxis('fn=0,0.3'), parseAxis('fp=0,0.3')], seeds: [1], base: DEFAULT_SETTINGS }, () => 0.4));
    expect(p.note).toMatch(/Neither axis changes compute/);
  });

  it('colour scale runs from dark to light with readable ink', () => {
    expect(heatColor(0).bg).toBe('rgb(68, 1, 84)');
    expect(heatColor(1).bg).toBe('rgb(253, 231, 37)');
    expect(heatColor(0).ink).toBe('#ffffff');
    expect(heatColor(1).ink).toBe('#1c2733');
    expect(scaleOf(0.5, 0, 1)).toBe(0.5);
    expect(scaleOf(0.5, 0.5, 0.5)).toBe(0.5);
  });
});
