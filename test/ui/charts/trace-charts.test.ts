// The trace and collapse-boundary chart definitions, their table view and their SVG shapes,
// fed by hand-made records (fixtures): which charts a run gets, that every series key
// exists in the points, and that what is drawn and tabled is the records' values.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings';
import { combineEvals, combineSteps } from '../../../src/engine/seeds';
import type { EvalRecord, StepRecord } from '../../../src/engine/types';
import { CHARTS, type ChartDef, type SeriesContext } from '../../../src/ui/charts/catalogue';
import { NEEDS, hasEvalStyles, hasStyles, hasTracePass, meets } from '../../../src/ui/charts/run-data';
import { ChartTable } from '../../../src/ui/charts/ChartTable';
import { pathShapes, stackShapes, type Scales } from '../../../src/ui/charts/ChartShapes';
import { evalPoints, evalStyles, linePath, stepPoints, stepStyles } from '../../../src/ui/charts/series';
import type { RunData } from '../../../src/ui/store';
import { styleKey } from '../../../src/ui/charts/trace-styles';
import { evalRecord, split, step } from '../fixtures';

function run(steps: StepRecord[], evals: EvalRecord[]): RunData {
  return {
    id: 1, label: 'fixture', settings: DEFAULT_SETTINGS, info: null, backend: null, steps, evals, status: 'finished',
    stepsDone: steps.length, activeMs: 0, error: null, loadingText: null, color: '#8e44ad',
  };
}

const chart = (id: string): ChartDef => {
  const c = CHARTS.find((d) => d.id === id);
  if (!c) throw new Error(`no chart ${id}`);
  return c;
};

const ctxFor = (r: RunData): SeriesContext => ({
  corrected: false, traced: r.steps.some((s) => s.traceTrue !== undefined), styles: stepStyles(r.steps), evalStyles: evalStyles(r.evals),
});

// Two seeds of a trace run: evaluations at steps 0, 10, 20 and two training steps.
const traceEvals = [0, 10, 20].map((n) => combineEvals([1, 2].map((seed) => evalRecord(n, seed,
  split([0.3 + 0.01 * n + 0.1 * seed, 0.6], { kl: 0.001 * n * seed, tracePassAtK: [0.2 + 0.01 * n, 0.4], styleShares: { columns: 0.5, places: 0.5 } }),
  split([0.05, 0.1], { kl: 0.002 * n * seed, tracePassAtK: [0.01, 0.02] }))), 5));
const traceSteps = [1, 2].map((n) => combineSteps([
  step(n, 1, { styleShares: { columns: 0.6, places: 0.3, other: 0.1 }, traceTrue: 0.2 }),
  step(n, 2, { styleShares: { columns: 0.8, jump: 0.2 }, traceTrue: 0.4 }),
], 10));
const plainRun = run([step(1, undefined), step(2, undefined)], [evalRecord(0, undefined, split([0.3], { kl: 0 }), split([0.02], { kl: 0 })),
  evalRecord(5, undefined, split([0.5], { kl: 0.004 }), split([0.03], { kl: 0.006 }))]);
const traceRun = run(traceSteps, traceEvals);

describe('which charts a run gets', () => {
  it('trace charts need trace records; the collapse boundary is for every task', () => {
    expect(hasTracePass(plainRun)).toBe(false);
    expect(hasStyles(plainRun)).toBe(false);
    expect(hasTracePass(traceRun)).toBe(true);
    expect(hasStyles(traceRun)).toBe(true);
    expect(chart('boundary').needs).toBeUndefined();
    expect(chart('tracePass').needs).toBe('tracePass');
    expect(NEEDS.tracePass).toBe(hasTracePass);
    expect(chart('styles').needs).toBe('styles');
    expect(NEEDS.styles).toBe(hasStyles);
    for (const r of [plainRun, traceRun]) {
      expect(meets(r, chart('tracePass').needs)).toBe(hasTracePass(r));
      expect(meets(r, chart('styles').needs)).toBe(hasStyles(r));
      expect(meets(r, chart('boundary').needs)).toBe(true);
    }
    // Today's charts need nothing: a task without traces shows them as before.
    for (const id of ['pass', 'reward', 'zerostd', 'ood', 'entropy', 'kl']) expect(chart(id).needs).toBeUndefined();
  });

  it('the reward chart adds the trace-correct series only for runs that record it', () => {
    expect(chart('reward').series([], ctxFor(plainRun)).map((s) => s.key)).toEqual(['rewardTrue', 'rewardObserved']);
    expect(chart('reward').series([], ctxFor(traceRun)).map((s) => s.key)).toEqual(['rewardTrue', 'rewardObserved', 'traceTrue']);
    expect(stepPoints(traceRun.steps)[0].traceTrue).toBeCloseTo(0.3, 12);
  });

  it('every series key of the new charts is in the points they draw', () => {
    for (const r of [plainRun, traceRun]) {
      const [p] = evalPoints(r.evals);
      for (const s of chart('boundary').series([4], ctxFor(r))) {
        expect(Number.isFinite(p[s.key])).toBe(true);
        expect(Number.isFinite(p[s.xKey!])).toBe(true);
      }
    }
    const [p] = evalPoints(traceRun.evals);
    expect(chart('tracePass').series([2], ctxFor(traceRun)).map((s) => s.key)).toEqual(['t1', 'tt1', 't2', 'tt2']);
    for (const s of chart('tracePass').series([2], ctxFor(traceRun))) expect(Number.isFinite(p[s.key])).toBe(true);
    const styles = chart('styles').series([], ctxFor(traceRun));
    expect(styles.map((s) => [s.key, s.name])).toEqual([
      [styleKey('columns'), 'columns with carries'], [styleKey('places'), 'by place value'], [styleKey('jump'), 'jump by place'], [styleKey('other'), 'other'],
    ]);
    const [q] = stepPoints(traceRun.steps);
    expect(styles.map((s) => q[s.key])).toEqual([0.7, 0.15, 0.1, 0.05].map((v) => expect.closeTo(v, 12)));
  });

  it('the style chart\'s held-out view: the evaluations\' shares, each style in its training colour', () => {
    const alt = chart('styles').alt!.def;
    expect(alt.needs).toBe('evalStyles');
    expect(NEEDS.evalStyles).toBe(hasEvalStyles);
    expect(hasEvalStyles(traceRun)).toBe(true);
    expect(hasEvalStyles(plainRun)).toBe(false);
    const series = alt.series([], ctxFor(traceRun));
    expect(series.map((s) => s.key)).toEqual([`t${styleKey('columns')}`, `t${styleKey('places')}`]);
    const train = chart('styles').series([], ctxFor(traceRun));
    expect(series.map((s) => s.color)).toEqual(train.slice(0, 2).map((s) => s.color));
    const [p] = evalPoints(traceRun.evals);
    expect(series.map((s) => p[s.key])).toEqual([0.5, 0.5]);
  });
});

describe('collapse boundary table', () => {
  it('lists each evaluation: step, then KL and pass@1 per split, mean ± SE over seeds', () => {
    const series = chart('boundary').series([], ctxFor(traceRun));
    const cols = series.flatMap((s) => [{ key: s.xKey!, name: s.xName!, percent: false }, { key: s.key, name: s.name }]);
    const html = renderToStaticMarkup(createElement(ChartTable, {
      id: 't', title: 'Collapse boundary', points: evalPoints(traceRun.evals), series: cols, percent: true, seeds: 2, smoothing: 0, xAxis: 'step',
    }));
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]));
    expect(rows[0]).toEqual(['Step', 'held-out KL', 'held-out pass@1', 'OOD KL', 'OOD pass@1']);
    // step 10: held-out KL 0.01 and 0.02 (mean 0.015, se 0.005); pass@1 0.5 and 0.6 (mean 55%, se 5%); OOD KL 0.02, 0.04
    expect(rows[2]).toEqual(['10', '0.015 ± 0.0050', '55.0% ± 5.0%', '0.030 ± 0.010', '5.0% ± 0.0%']);
    expect(rows).toHaveLength(4);
    expect(rows[1][0]).toBe('0');
  });
});

describe('shapes drawn on the scales', () => {
  const scales: Scales = { sx: (v) => v * 1000, sy: (v) => 100 - v * 100, xKey: 'step' };
  const svg = (els: ReactElement[]) => renderToStaticMarkup(createElement('svg', null, ...els));

  it('a path per series through (KL, pass@1) of each evaluation, a dot at each, the base hollow', () => {
    const pts = evalPoints(traceRun.evals);
    const [held] = chart('boundary').series([], ctxFor(traceRun));
    const out: ReactElement[] = [];
    pathShapes(out, 'live', 1, pts, held, held.color, held.dash, 2, false, scales);
    const html = svg(out);
    expect(html).toContain(`d="${linePath(pts, 'tkl', 't1', scales.sx, scales.sy)}"`);
    // step 0 at KL 0 and the mean pass@1 0.45; step 20: KL 0.03, pass@1 0.65
    expect(linePath(pts, 'tkl', 't1', scales.sx, scales.sy)).toBe('M0,55L15,45L30,35');
    expect(html.match(/class="boundary-dot"/g)).toHaveLength(3);
    expect(html).toContain('data-step="0" cx="0" cy="55" r="3" fill="#fff"');
    // ±1 SE crosses for the multi-seed live run, no per-seed dots unless asked
    expect(html).toContain('class="se-cross"');
    expect(html).not.toContain('seed-dots');
    const withSeeds: ReactElement[] = [];
    pathShapes(withSeeds, 'live', 1, pts, held, held.color, held.dash, 2, true, scales);
    expect(svg(withSeeds).match(/<circle cx=/g)).toHaveLength(6);
  });

  it('stacked styles: the live run fills a layer per style; other runs draw the borders between them', () => {
    const pts = stepPoints(traceRun.steps);
    const series = chart('styles').series([], ctxFor(traceRun));
    const live: ReactElement[] = [];
    stackShapes(live, 'live', 1, pts, series, null, true, scales);
    const html = svg(live);
    expect(html.match(/recharts-area-area/g)).toHaveLength(4);
    // the top of the first layer (columns, 0.7) and of the last (100%)
    expect(html).toContain('d="M1000,30L2000,30"');
    expect(html).toContain('d="M1000,0L2000,0"');
    const pin: ReactElement[] = [];
    stackShapes(pin, 'pin', 2, pts, series, '#8e44ad', false, scales);
    expect(svg(pin).match(/pin-line stack-top/g)).toHaveLength(3);
  });
});
