// Held-out pass@1 against steps × J (issue 18, "rate or fate"): which J a run is rescaled
// by, the rescaled points (live, previous, pinned, several seeds), the runs left out, the
// hover and the table.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/engine/settings';
import { combineEvals } from '../../../src/engine/seeds';
import type { EvalRecord } from '../../../src/engine/types';
import { CHARTS, type ChartDef } from '../../../src/ui/charts/catalogue';
import { ChartTable } from '../../../src/ui/charts/ChartTable';
import { hoverRows } from '../../../src/ui/charts/hover';
import { jOf, pointsOf, scaledRuns, stepJMax } from '../../../src/ui/charts/run-data';
import { evalPoints, hiKey, loKey, scaledPoints, seedKey } from '../../../src/ui/charts/series';
import { rescalable, runJ, runJText } from '../../../src/ui/mechanism';
import type { RunData } from '../../../src/ui/store';
import { evalRecord, split } from '../fixtures';

const passJ = CHARTS.find((c) => c.id === 'pass-j') as ChartDef;

function run(id: number, settings: Partial<Settings>, evals: EvalRecord[], label = `run ${id}`): RunData {
  return {
    id, label, settings: { ...DEFAULT_SETTINGS, ...settings }, info: null, backend: null, steps: [], evals, status: 'finished',
    stepsDone: 0, activeMs: 0, error: null, loadingText: null, color: '#8e44ad',
  };
}

/** One seed's evaluations at `steps`, held-out pass@1 f(step), measured J `j(step)` (null: not measured). */
const evalsOf = (steps: number[], f: (s: number) => number, j: (s: number) => number | null = () => null, seed?: number) =>
  steps.map((n) => evalRecord(n, seed, split([f(n)], { youdenJ: j(n) }), split([0.01])));

/** A run that learns at rate J: pass@1 = 0.3 + 0.4 (1 - exp(-J step / 50)), the same curve in steps × J for every J. */
const curve = (j: number) => (s: number) => 0.3 + 0.4 * (1 - Math.exp(-j * s / 50));

describe('the J a run is rescaled by', () => {
  it('noisy verifier: the set J = 1 − FN − FP (clean: 1), whatever was measured', () => {
    const measured = evalsOf([0, 10], () => 0.4, () => 0.5);
    expect(runJ({ verifier: 'noisy', fnRate: 0, fpRate: 0 }, measured)).toEqual({ j: 1, rule: 'set', evals: 0 });
    expect(runJ({ verifier: 'noisy', fnRate: 0.3, fpRate: 0 }, measured).j).toBeCloseTo(0.7, 12);
    expect(runJ({ verifier: 'noisy', fnRate: 0.5, fpRate: 0.6 }, []).j).toBeCloseTo(-0.1, 12);
  });

  it('any other verifier: the mean over its evaluations of the measured held-out J (each a mean over seeds), skipping unmeasured ones', () => {
    const s = { verifier: 'lastDigit' as const, fnRate: 0, fpRate: 0 };
    // Step 0: seeds 0.5 and 0.7 (mean 0.6); step 10: not measured; step 20: seeds 0.8 and 0.8.
    const js: Record<number, [number | null, number | null]> = { 0: [0.5, 0.7], 10: [null, null], 20: [0.8, 0.8] };
    const evals = [0, 10, 20].map((n) => combineEvals([0, 1].map((i) => evalRecord(n, i + 1, split([0.4], { youdenJ: js[n][i] }), split([0.01]))), 5));
    const r = runJ(s, evals);
    expect(r.rule).toBe('measured');
    expect(r.evals).toBe(2);
    expect(r.j).toBeCloseTo(0.7, 12);
    expect(runJText(r)).toBe('J 0.70 (measured: mean of 2 evaluations)');
    expect(runJ(s, [])).toEqual({ j: null, rule: 'measured', evals: 0 });
    expect(runJText(runJ(s, []))).toBe('J not measured yet');
  });

  it('only a J above 0 rescales time (J = 0 stands still, J < 0 runs backwards)', () => {
    expect(rescalable({ j: 0.7, rule: 'set', evals: 0 })).toBe(true);
    expect(rescalable({ j: 0, rule: 'measured', evals: 3 })).toBe(false);
    expect(rescalable({ j: 0.001, rule: 'measured', evals: 3 })).toBe(false);
    expect(rescalable({ j: -0.1, rule: 'set', evals: 0 })).toBe(false);
    expect(rescalable({ j: null, rule: 'measured', evals: 0 })).toBe(false);
    expect(runJText({ j: 0.7, rule: 'set', evals: 0 })).toBe('J 0.70 (set: 1 − FN − FP)');
    expect(runJText({ j: -0.1, rule: 'set', evals: 0 })).toBe('J −0.10 (set: 1 − FN − FP)');
  });
});

describe('points against steps × J', () => {
  const steps = [0, 20, 40, 60, 80, 100];
  const clean = run(1, { fnRate: 0, fpRate: 0, steps: 100 }, evalsOf(steps, curve(1)), 'clean');
  const fn = run(2, { fnRate: 0.3, fpRate: 0, steps: 100 }, evalsOf(steps, curve(0.7)), 'fn 0.3');

  it('the chart reads held-out pass@1 on its own x, steps × J', () => {
    expect(passJ.source).toBe('eval');
    expect(passJ.x).toBe('stepJ');
    expect(passJ.series([4], { corrected: false, styles: [], evalStyles: [], traced: false }).map((s) => s.key)).toEqual(['t1']);
  });

  it('each point keeps its step and values and gains stepJ = step × J; memoised', () => {
    const pts = pointsOf(fn, passJ, 0);
    expect(pts.map((p) => p.stepJ)).toEqual(steps.map((s) => expect.closeTo(s * 0.7, 12)));
    expect(pts.map((p) => p.step)).toEqual(steps);
    expect(pts.map((p) => p.t1)).toEqual(evalPoints(fn.evals).map((p) => p.t1));
    expect(pts[1].j).toBeCloseTo(0.7, 12);
    expect(pointsOf(fn, passJ, 0)).toBe(pts);
    // The evaluation points themselves are untouched (other charts share them).
    expect('stepJ' in evalPoints(fn.evals)[1]).toBe(false);
  });

  it('rate: a run slowed by 1/J falls onto the clean curve once time is rescaled', () => {
    const c = pointsOf(clean, passJ, 0);
    const n = pointsOf(fn, passJ, 0);
    // At equal steps the noisy run is behind; at equal steps × J it is level.
    expect(n[5].t1).toBeLessThan(c[5].t1 - 0.02);
    for (const p of n) expect(p.t1).toBeCloseTo(curve(1)(p.stepJ), 12);
  });

  it('several seeds: the band and seed values move with the point', () => {
    const evals = [0, 50].map((n) => combineEvals([1, 2, 3].map((seed) => evalRecord(n, seed, split([0.3 + 0.1 * seed]), split([0.01]))), 5));
    const r = run(3, { fnRate: 0.2, fpRate: 0.2 }, evals);
    const [, p] = pointsOf(r, passJ, 0);
    expect(p.stepJ).toBeCloseTo(30, 12);
    const se = 0.1 / Math.sqrt(3);
    expect(p[loKey('t1')]).toBeCloseTo(0.5 - se, 12);
    expect(p[hiKey('t1')]).toBeCloseTo(0.5 + se, 12);
    expect([0, 1, 2].map((i) => p[seedKey('t1', i)])).toEqual([0.4, 0.5, 0.6].map((v) => expect.closeTo(v, 12)));
  });

  it('a run whose J is not above 0 has no points here (but keeps them on the other charts)', () => {
    const inverted = run(4, { fnRate: 0.5, fpRate: 0.6 }, evalsOf(steps, () => 0.2));
    const random = run(5, { verifier: 'random', randomRate: 0.35 }, evalsOf(steps, () => 0.2, () => 0));
    for (const r of [inverted, random]) {
      expect(pointsOf(r, passJ, 0)).toEqual([]);
      expect(pointsOf(r, CHARTS[0], 0)).toHaveLength(steps.length);
    }
  });

  it('scaledPoints is memoised per J', () => {
    const base = evalPoints(fn.evals);
    expect(scaledPoints(base, 0.5)).toBe(scaledPoints(base, 0.5));
    expect(scaledPoints(base, 0.5)).not.toBe(scaledPoints(base, 0.6));
  });

  it('the axis spans the longest rescaled run, planned or reached', () => {
    expect(stepJMax([clean, fn], 50)).toBe(100);
    expect(stepJMax([fn], 50)).toBe(70);
    const longer = run(6, { fnRate: 0.3, steps: 100 }, evalsOf([0, 200], curve(0.7)));
    expect(stepJMax([longer], 50)).toBe(140);
    expect(stepJMax([run(7, { fnRate: 0.5, fpRate: 0.6 }, evalsOf(steps, () => 0.2))], 50)).toBe(50);
  });
});

describe('the runs a chart against steps × J names', () => {
  it('drawn ones with their J, and the ones left out; a run without evaluations is not named', () => {
    const pinnedOk = run(11, { fnRate: 0.3 }, evalsOf([0, 10], () => 0.4), 'fn 0.3');
    const pinnedOut = run(12, { fnRate: 0.5, fpRate: 0.6 }, evalsOf([0, 10], () => 0.4), 'fn 0.5 · fp 0.6');
    const ghost = run(13, { verifier: 'random' }, evalsOf([0, 10], () => 0.3, () => 0.0), 'verifier random');
    const rows = scaledRuns({ j: jOf(run(0, {}, [])), evals: 2 }, ghost, [pinnedOk, pinnedOut, run(14, {}, [], 'empty')]);
    expect(rows.map((r) => [r.id, r.label, r.drawn])).toEqual([
      ['live', 'this run', true], ['ghost', 'previous', false], ['pin-11', 'pinned: fn 0.3', true], ['pin-12', 'pinned: fn 0.5 · fp 0.6', false],
    ]);
    expect(runJText(rows[1].j)).toBe('J 0.00 (measured: mean of 2 evaluations)');
    expect(runJText(rows[3].j)).toBe('J −0.10 (set: 1 − FN − FP)');
    expect(scaledRuns({ j: jOf(run(0, {}, [])), evals: 0 }, null, [])).toEqual([]);
  });
});

describe('hover and table against steps × J', () => {
  const fn = run(2, { fnRate: 0.3 }, evalsOf([0, 50, 100], curve(0.7)), 'fn 0.3');
  const pts = pointsOf(fn, passJ, 0);

  it('the hover finds the point nearest in steps × J and reports its step', () => {
    const series = passJ.series([], { corrected: false, styles: [], evalStyles: [], traced: false });
    const [row] = hoverRows(36, 'stepJ', 100, [{ id: 'pin-2', label: 'pinned: fn 0.3', color: '#000', pts }], series, true);
    expect(row.at).toBeCloseTo(35, 12);
    expect(row.step).toBe(50);
    expect(row.values).toEqual([{ name: 'held-out pass@1', text: `${(100 * curve(0.7)(50)).toFixed(1)}%` }]);
  });

  it('the table lists steps × J and the step, and names the J in its caption', () => {
    const html = renderToStaticMarkup(createElement(ChartTable, {
      id: 't', title: passJ.title, points: pts, series: [{ key: 't1', name: 'held-out pass@1' }], percent: true, seeds: 1, smoothing: 0, xAxis: 'stepJ', xNote: jOf(fn),
    }));
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]));
    expect(rows[0]).toEqual(['Steps × J', 'Step', 'held-out pass@1']);
    expect(rows[2]).toEqual(['35.0', '50', `${(100 * curve(0.7)(50)).toFixed(1)}%`]);
    expect(html).toContain('x = steps × J 0.70 (set: 1 − FN − FP)');
  });
});

describe('the card names the runs it leaves out', () => {
  it('a pinned run with J < 0 is named under the chart with its J; drawn runs are listed with theirs', async () => {
    const { ChartCard } = await import('../../../src/ui/charts/ChartCard');
    const clean = run(21, { steps: 20 }, evalsOf([0, 10, 20], curve(1)), 'clean');
    const inverted = run(22, { fnRate: 0.5, fpRate: 0.6, steps: 20 }, evalsOf([0, 10, 20], () => 0.2), 'fn 0.5 · fp 0.6');
    const html = renderToStaticMarkup(createElement(ChartCard, {
      def: passJ, livePts: pointsOf(clean, passJ, 0), liveSeeds: 1, liveStatus: 'finished', ghost: null, pinned: [inverted], xAxis: 'stepJ', xMax: 20,
      ks: [], ctx: { corrected: false, styles: [], evalStyles: [], traced: false }, smoothing: 0, showSeeds: false, height: 200, showHint: true,
      compactAxis: false, absent: false, altPts: null, liveJ: { j: jOf(clean), evals: clean.evals.length },
    }));
    const text = (id: string) => html.match(new RegExp(`data-testid="${id}"[^>]*>(.*?)</(p|span)>`))?.[1].replace(/<[^>]+>/g, '');
    expect(text('left-out-pass-j')).toBe('. Left out (time cannot be rescaled without a J above 0): pinned: fn 0.5 · fp 0.6, J −0.10 (set: 1 − FN − FP).');
    expect(text('scaled-runs-pass-j')).toMatch(/^this run: J 1\.00 \(set: 1 − FN − FP\)/);
    expect(html).toContain(passJ.hint.replace(/'/g, '&#x27;'));
  });
});
