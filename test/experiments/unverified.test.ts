// The tasks the verifier never checks (family mix): per-run and per-seed summaries, the CLI's
// closing line, CSV columns, multi-seed records and sweep cells; and the forgetting finding's
// assess() on constructed numbers.
import { describe, expect, it } from 'vitest';
import type { EvalRecord, SplitEval } from '../../src/engine/types';
import { combineEvals } from '../../src/engine/seeds';
import { aggregateUnverified, summarizeUnverified } from '../../src/experiments/unverified-summary';
import { summarizeRun, summarizeSeeds, aggregateCells, type RunSummary } from '../../src/experiments/summary';
import { unverifiedText } from '../../src/experiments/format';
import { recordsToCsv } from '../../src/experiments/records-csv';
import { findingById } from '../../src/experiments/findings';
import { armDrift, klBoundary, meanUnverifiedChange, type ArmDrift } from '../../src/experiments/findings/forgetting';
import { fakeSummary, resultsFor, spec } from './summary-fixtures';
import { buildSweepFile, cellsToCsv, sweepToCsv } from '../../src/experiments/sweep-file';
import { parseAxis } from '../../src/experiments/grid';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';

const split = (p1: number, kl = 0): SplitEval => ({
  passAtK: [p1, Math.min(1, p1 + 0.2)], rewardObserved: p1, entropy: 1, kl, fnRate: null, fpRate: null, problems: 8, samplesPerProblem: 2,
});
const evalRec = (step: number, seed: number, u: Record<string, number>, kl = 0): EvalRecord => ({
  type: 'eval', step, rollouts: step * 32, test: split(0.4, kl), ood: split(0.01, kl), k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 1, seed,
  unverified: Object.fromEntries(Object.entries(u).map(([t, p]) => [t, split(p, kl * 2)])),
});

describe('unverified summaries', () => {
  it('per task: pass@1 and pass@k at the base and the end, and the final KL on that task', () => {
    const recs = [evalRec(0, 1, { sub: 0.3, rev: 0.5 }), evalRec(10, 1, { sub: 0.2, rev: 0.55 }, 0.05)];
    expect(summarizeUnverified(recs)).toEqual({
      sub: { basePass1: 0.3, finalPass1: 0.2, basePassK: 0.5, finalPassK: 0.4, finalKl: 0.1 },
      rev: { basePass1: 0.5, finalPass1: 0.55, basePassK: 0.7, finalPassK: 0.75, finalKl: 0.1 },
    });
    expect(summarizeRun(recs).unverified?.sub.finalPass1).toBe(0.2);
    // A single-task run has none: its summary is as before.
    const { unverified: _u, ...plain } = evalRec(0, 1, {});
    expect(summarizeUnverified([plain])).toBeNull();
    expect('unverified' in summarizeRun([plain])).toBe(false);
  });

  it('mean and standard error over seeds, task by task; the CLI line reads them', () => {
    const per = [0.2, 0.3, 0.4].map((f, i) => ({ sub: { basePass1: 0.3 + i * 0.01, finalPass1: f, basePassK: 0, finalPassK: 0, finalKl: 0 } }));
    const agg = aggregateUnverified(per)!;
    expect(agg.sub.finalPass1.mean).toBeCloseTo(0.3, 12);
    expect(agg.sub.finalPass1.se).toBeCloseTo(0.1 / Math.sqrt(3), 12);
    expect(agg.sub.basePass1.mean).toBeCloseTo(0.31, 12);
    expect(unverifiedText('sub', agg.sub.basePass1, agg.sub.finalPass1)).toBe('unverified sub pass@1 0.310 ± 0.006 -> 0.300 ± 0.058');
    // One seed: no standard error.
    expect(unverifiedText('rev', { mean: 0.4, se: null }, { mean: 0.25, se: null })).toBe('unverified rev pass@1 0.400 -> 0.250');
    expect(aggregateUnverified([per[0], null])).toBeNull();
    expect(aggregateUnverified([])).toBeNull();
  });

  it('multi-seed records merge task by task; summarizeSeeds splits them back per seed', () => {
    const a = [evalRec(0, 1, { sub: 0.3 }), evalRec(10, 1, { sub: 0.1 })];
    const b = [evalRec(0, 2, { sub: 0.5 }), evalRec(10, 2, { sub: 0.4 })];
    const merged = [combineEvals([a[0], b[0]], 1), combineEvals([a[1], b[1]], 1)];
    expect(merged[1].unverified!.sub.passAtK[0]).toBeCloseTo(0.25, 12);
    const { perSeed } = summarizeSeeds(merged);
    expect(perSeed.map((s) => s.unverified!.sub.finalPass1)).toEqual([0.1, 0.4]);
  });

  it('CSV: unverified_<task>_pass@k, _kl and _entropy columns, none for single-task runs', () => {
    const csv = recordsToCsv([evalRec(0, 1, { sub: 0.3, max: 0.8 }), evalRec(10, 1, { sub: 0.2, max: 0.9 }, 0.05)]);
    const [header, , last] = csv.trim().split('\n').map((l) => l.split(','));
    for (const c of ['unverified_sub_pass@1', 'unverified_sub_pass@2', 'unverified_sub_kl', 'unverified_sub_entropy', 'unverified_max_pass@1']) expect(header).toContain(c);
    expect(header).not.toContain('unverified');
    expect(last[header.indexOf('unverified_sub_pass@1')]).toBe('0.2');
    expect(last[header.indexOf('unverified_max_kl')]).toBe('0.1');
    const { unverified: _u, ...plain } = evalRec(0, 1, {});
    expect(recordsToCsv([plain])).not.toMatch(/unverified/);
  });

  it('sweep cells carry mean and standard error per unverified task', () => {
    const axes = [parseAxis('beta=0,1')];
    const s = (seed: number, beta: number, f: number) => ({
      id: `${beta}-${seed}`, cell: `beta=${beta}`, seed, settings: { ...DEFAULT_SETTINGS, klBeta: beta },
      summary: { ...fakeSummary(0.5), unverified: { sub: { basePass1: 0.3, finalPass1: f, basePassK: 0.5, finalPassK: 0.5, finalKl: 0.01 } } },
    });
    const cells = aggregateCells([s(1, 0, 0.1), s(2, 0, 0.2), s(1, 1, 0.3), s(2, 1, 0.3)], axes);
    expect(cells[0].unverified!.sub.finalPass1.mean).toBeCloseTo(0.15, 12);
    expect(cells[1].unverified!.sub.finalPass1.se).toBe(0);
    expect(aggregateCells([{ ...s(1, 0, 0), summary: fakeSummary(0.5) }], axes)[0].unverified).toBeUndefined();
  });

  it('sweep CSVs add unverified_<task>_<field> columns (cells: mean and _se), none for single-task sweeps', () => {
    const sp = spec();
    const plain = buildSweepFile(sp, resultsFor(sp));
    expect(sweepToCsv(plain)).not.toMatch(/unverified/);
    expect(cellsToCsv(plain)).not.toMatch(/unverified/);
    const mixed = buildSweepFile(sp, resultsFor(sp).map((r) => ({ ...r, summary: { ...r.summary!, unverified: { sub: { basePass1: 0.3, finalPass1: 0.1 * r.seed, basePassK: 0.5, finalPassK: 0.5, finalKl: 0.01 } } } })));
    const [jh, j1] = sweepToCsv(mixed).trim().split('\n').map((l) => l.split(','));
    expect(jh.slice(-5)).toEqual(['unverified_sub_basePass1', 'unverified_sub_finalPass1', 'unverified_sub_basePassK', 'unverified_sub_finalPassK', 'unverified_sub_finalKl']);
    // The cell column is quoted (it holds commas): read the unverified columns from the end.
    expect([0.1, 0.2, 0.3].map(String)).toContain(j1[j1.length - 4]);
    const [ch, c1] = cellsToCsv(mixed).trim().split('\n').map((l) => l.split(','));
    expect(ch.slice(-8, -6)).toEqual(['unverified_sub_finalPass1', 'unverified_sub_finalPass1_se']);
    expect(Number(c1[c1.length - 8])).toBeCloseTo(0.2, 6);
    expect(Number(c1[c1.length - 7])).toBeCloseTo(0.1 / Math.sqrt(3), 6);
  });
});

/** A seed's summary with its final KL and, per task, base and final pass@1. */
function run(seed: number, kl: number, moves: Record<string, [number, number]>): RunSummary {
  return {
    ...fakeSummary(0.5), seed, finalKl: kl,
    unverified: Object.fromEntries(Object.entries(moves).map(([t, [b, f]]) => [t, { basePass1: b, finalPass1: f, basePassK: b, finalPassK: f, finalKl: kl }])),
  };
}

describe('forgetting tracks KL (finding 14)', () => {
  const f = findingById('forgetting-kl')!;
  // Base pass@1 per seed; each arm moves every task by its own amount, with a little seed noise.
  const arm = (kl: number, move: number) => [1, 2, 3].map((seed) => run(seed, kl + seed * 0.0001, {
    sub: [0.38 + seed * 0.01, 0.38 + seed * 0.01 + move + (seed - 2) * 0.002],
    max: [0.8, 0.8 + move / 2 + (seed - 2) * 0.002],
    rev: [0.3, 0.3 + (seed - 2) * 0.003],
  }));

  it('runs from the generalist, task add, one arm per drift', () => {
    expect(f.number).toBe(14);
    expect(f.budget.family).toBe('mix');
    expect(f.arms.map((a) => a.id)).toEqual(['binding', 'default', 'loose-hi-lr', 'loose-hi-lr-long']);
  });

  it('holds when the largest-KL arm loses more than the smallest beyond two SE, and names the boundary', () => {
    const a = f.assess({ binding: arm(0.002, 0), default: arm(0.01, 0.001), 'loose-hi-lr': arm(0.08, -0.06), 'loose-hi-lr-long': arm(0.3, -0.15) });
    expect(a.holds).toBe(true);
    expect(a.sentence).toMatch(/^Ordered by final KL to the base/);
    expect(a.sentence).toMatch(/held within two standard errors up to KL 0\.0102 \(default \(beta 0\.02, lr 3e-4\)\) and some fell from KL 0\.0802 \(loose anchor, lr 0\.001\)/);
    expect(a.sentence).toMatch(/paired over 3 seeds/);
    expect(a.sentence.indexOf('binding anchor')).toBeLessThan(a.sentence.indexOf('loose anchor, lr 0.001, 240 steps'));
    expect(a.metrics['loose-hi-lr-long.sub']).toBeCloseTo(-0.15, 12);
    expect(a.metrics.largestMinusSmallest).toBeCloseTo((-0.15 - 0.075 + 0) / 3, 12);
  });

  it('does not hold when the largest drift loses less; undecided within noise; judges a subset (the preset\'s three arms)', () => {
    const no = f.assess({ binding: arm(0.002, -0.1), 'loose-hi-lr-long': arm(0.3, 0) });
    expect(no.holds).toBe(false);
    expect(no.sentence).toMatch(/No clean boundary/);
    expect(no.sentence).toMatch(/Not run here, so not judged: default/);
    const flat = f.assess({ binding: arm(0.002, 0), default: arm(0.01, 0) });
    expect(flat.holds).toBeNull();
    expect(flat.sentence).toMatch(/Every unverified task held/);
    const preset = f.assess({ 'loose-hi-lr': arm(0.08, -0.06), default: arm(0.01, 0), binding: arm(0.002, 0) });
    expect(preset.holds).toBe(true);
    expect(f.assess({}).holds).toBeNull();
    // Runs without unverified tasks (a single-task base) cannot speak to it.
    expect(f.assess({ binding: [fakeSummary(0.5)] }).sentence).toMatch(/measured no unverified task/);
  });

  it('boundary logic: allHold, allFall, boundary and mixed', () => {
    const d = (arm: string, kl: number, holds: boolean): ArmDrift => ({ arm, kl: { mean: kl, se: null, n: 3 }, tasks: {}, holds });
    expect(klBoundary([d('a', 0.1, true), d('b', 0.2, true)]).kind).toBe('allHold');
    expect(klBoundary([d('a', 0.1, false)]).kind).toBe('allFall');
    const b = klBoundary([d('c', 0.3, false), d('a', 0.1, true), d('b', 0.2, false)]);
    expect(b).toMatchObject({ kind: 'boundary', heldUpTo: { arm: 'a' }, fellFrom: { arm: 'b' } });
    expect(klBoundary([d('a', 0.1, false), d('b', 0.2, true)]).kind).toBe('mixed');
  });

  it('per-seed change is final minus base, averaged over the tasks; armDrift signs each task by two SE', () => {
    expect(meanUnverifiedChange(run(1, 0, { sub: [0.3, 0.1], rev: [0.5, 0.5] }))).toBeCloseTo(-0.1, 12);
    expect(meanUnverifiedChange(fakeSummary(0.5))).toBeNull();
    const dr = armDrift({ x: arm(0.05, -0.05) }, 'x')!;
    expect(dr.tasks.sub.sign).toBe(-1);
    expect(dr.tasks.rev.sign).toBe(0);
    expect(dr.holds).toBe(false);
  });
});
