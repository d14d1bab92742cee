// Pure view models of a saved sweep: the heatmap grid (axis 1 rows x axis 2 columns, mean
// and standard error over seeds of a summary field per cell), the compute curves (final
// pass@1 against total rollouts, one line per level of the axis that does not change
// compute), the iso-compute line, and the heatmap's colour scale.
import { cellKey, type AxisValue, type GridAxis } from '../experiments/grid';
import { aggregateCells, type CellAggregate, type SummaryField } from '../experiments/summary';
import { samplingCompute } from '../experiments/iso';
import type { Stat } from '../experiments/stats';
import { unverifiedTaskNames, type UnverifiedField } from '../experiments/unverified-summary';
import type { SavedSweep } from './persist';

/** A heatmap's value: a summary field, or (sweeps from the generalist) `unverified.<task>.<field>`. */
export type HeatField = SummaryField | `unverified.${string}.${UnverifiedField}`;
export interface HeatFieldDef { field: HeatField; label: string; percent: boolean }

export const HEAT_FIELDS: HeatFieldDef[] = [
  { field: 'finalPass1', label: 'final held-out pass@1', percent: true },
  { field: 'finalPassK', label: 'final held-out pass@k', percent: true },
  { field: 'plateauPass1', label: 'plateau held-out pass@1 (mean of the last evaluations)', percent: true },
  { field: 'finalOodPass1', label: 'final OOD pass@1', percent: true },
  { field: 'fracZeroStd', label: 'zero-signal group fraction', percent: true },
  { field: 'fracAllRejected', label: 'all-rejected group fraction', percent: true },
  { field: 'fnRate', label: 'measured FN rate (held-out)', percent: true },
  { field: 'fpRate', label: 'measured FP rate (held-out)', percent: true },
  { field: 'finalEntropy', label: 'final entropy (nats/token)', percent: false },
];

export interface HeatCell {
  cell: string;
  row: AxisValue;
  col: AxisValue | null;
  mean: number | null;
  se: number | null;
  runs: number;
  failed: number;
  compute: number | null;
  basePass1: number | null;
}

export interface Heatmap {
  rowAxis: GridAxis | null;
  colAxis: GridAxis | null;
  rows: AxisValue[];
  cols: (AxisValue | null)[];
  /** cells[r][c]; null where no job of that cell has finished. */
  cells: (HeatCell | null)[][];
  min: number | null;
  max: number | null;
}

/**
 * The heatmap choices of a sweep: HEAT_FIELDS, then for each task the verifier never checks that
 * its runs measured (family mix) the final pass@1 there and its change from the base.
 */
export function heatFields(s: SavedSweep): HeatFieldDef[] {
  const tasks = unverifiedTaskNames(s.results.map((r) => r.summary?.unverified));
  return [...HEAT_FIELDS, ...tasks.map((t): HeatFieldDef => ({ field: `unverified.${t}.finalPass1`, label: `final ${t} pass@1 (not checked by the verifier)`, percent: true }))];
}

/** One cell's mean and standard error of a heatmap field (null where the cell has no such value). */
export function cellStat(agg: CellAggregate, field: HeatField): Stat {
  if (!field.startsWith('unverified.')) return agg.stats[field as SummaryField];
  const [, task, f] = field.split('.');
  return agg.unverified?.[task]?.[f as UnverifiedField] ?? { mean: null, se: null, n: 0 };
}

export function sweepCells(s: SavedSweep): CellAggregate[] {
  return aggregateCells(s.results, s.spec.axes);
}

export function heatmap(s: SavedSweep, field: HeatField = 'finalPass1'): Heatmap {
  const [rowAxis = null, colAxis = null] = s.spec.axes;
  const rows: AxisValue[] = rowAxis ? rowAxis.values : ['all'];
  const cols: (AxisValue | null)[] = colAxis ? colAxis.values : [null];
  const byCell = new Map(sweepCells(s).map((c) => [c.cell, c]));
  const computeOf = new Map<string, number>();
  for (const r of s.results) computeOf.set(r.cell, samplingCompute(r.settings));
  let min: number | null = null;
  let max: number | null = null;
  const cells = rows.map((row) => cols.map((col) => {
    const key = cellKey(s.spec.axes, !rowAxis ? [] : colAxis ? [row, col as AxisValue] : [row]);
    const agg = byCell.get(key);
    if (!agg) return null;
    const st = cellStat(agg, field);
    if (st.mean !== null) {
      min = min === null ? st.mean : Math.min(min, st.mean);
      max = max === null ? st.mean : Math.max(max, st.mean);
    }
    return { cell: key, row, col, mean: st.mean, se: st.se, runs: agg.seeds.length, failed: agg.failed, compute: computeOf.get(key) ?? null, basePass1: agg.stats.basePass1.mean };
  }));
  return { rowAxis, colAxis, rows, cols, cells, min, max };
}

const COMPUTE_KEYS = new Set(['promptsPerStep', 'rolloutsPerPrompt', 'steps']);

export interface LineSeries {
  name: string;
  level: AxisValue | null;
  points: { x: number; y: number; se: number | null; cell: string }[];
}

export interface LinePlot {
  /** 'compute': x is total rollouts; 'axis': x is the value of an axis (iso-compute lines). */
  xKind: 'compute' | 'axis';
  xLabel: string;
  series: LineSeries[];
  /** Why the plot cannot show a compute trend, if it cannot. */
  note: string | null;
}

/**
 * Final pass@1 against compute. The series axis is the one that does not change compute
 * (the noise level, say); the x-axis is each cell's total rollouts. On an iso-compute sweep
 * compute is fixed, so x is the rollouts per prompt K along the line.
 */
export function computeCurves(s: SavedSweep, field: SummaryField = 'finalPass1'): LinePlot {
  const axes = s.spec.axes;
  const cells = sweepCells(s);
  const iso = !!s.spec.iso;
  const kAxis = axes.find((a) => a.key === 'rolloutsPerPrompt');
  const xAxisDef = iso ? (kAxis ?? axes[0]) : undefined;
  const affects = axes.filter((a) => COMPUTE_KEYS.has(a.key));
  let seriesAxis: GridAxis | undefined;
  if (iso) seriesAxis = axes.find((a) => a !== xAxisDef);
  else if (affects.length === 1 && axes.length === 2) seriesAxis = axes.find((a) => !COMPUTE_KEYS.has(a.key));
  else if (axes.length === 2) seriesAxis = axes[1];
  const levels: (AxisValue | null)[] = seriesAxis ? seriesAxis.values : [null];
  const computeOf = new Map<string, number>();
  for (const r of s.results) computeOf.set(r.cell, samplingCompute(r.settings));
  const series = levels.map((level) => {
    const pts = cells
      .filter((c) => !seriesAxis || c.values[seriesAxis.flag] === level)
      .map((c) => ({
        x: iso && xAxisDef ? Number(c.values[xAxisDef.flag]) : computeOf.get(c.cell) ?? NaN,
        y: c.stats[field].mean ?? NaN,
        se: c.stats[field].se,
        cell: c.cell,
      }))
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
      .sort((a, b) => a.x - b.x);
    return { name: seriesAxis ? `${seriesAxis.flag} ${String(level)}` : 'all cells', level, points: pts };
  });
  const note = iso ? null
    : !affects.length ? 'Neither axis changes compute (B, K or steps), so every cell spends the same rollouts; add K, B or steps as an axis to see a compute trend.'
      : null;
  return {
    xKind: iso ? 'axis' : 'compute',
    xLabel: iso ? `rollouts per prompt K (C = ${s.spec.iso!.compute.toLocaleString('en-US')} fixed)` : 'total rollouts (B x K x steps)',
    series,
    note,
  };
}

/**
 * Final pass@1 against the values of one axis (x = that setting's value, e.g. rollouts per
 * prompt K), one line per level of the other axis (the noise level, say); y is the mean over
 * seeds with its standard error. Null when the sweep has no such axis.
 */
export function axisCurves(s: SavedSweep, xKey: string, field: SummaryField = 'finalPass1'): LinePlot | null {
  const axes = s.spec.axes;
  const xAxisDef = axes.find((a) => a.key === xKey);
  if (!xAxisDef) return null;
  const seriesAxis = axes.find((a) => a !== xAxisDef);
  const levels: (AxisValue | null)[] = seriesAxis ? seriesAxis.values : [null];
  const cells = sweepCells(s);
  const series = levels.map((level) => ({
    name: seriesAxis ? `${seriesAxis.flag} ${String(level)}` : 'all cells',
    level,
    points: cells
      .filter((c) => !seriesAxis || c.values[seriesAxis.flag] === level)
      .map((c) => ({ x: Number(c.values[xAxisDef.flag]), y: c.stats[field].mean ?? NaN, se: c.stats[field].se, cell: c.cell }))
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
      .sort((a, b) => a.x - b.x),
  }));
  return { xKind: 'axis', xLabel: `${xAxisDef.flag === 'k' ? 'rollouts per prompt K' : xAxisDef.flag} (${s.spec.base.steps} steps each)`, series, note: null };
}

// Viridis, sampled at five stops: perceptually ordered and readable in greyscale.
const STOPS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));

/** Colour of t in [0, 1] on the scale, and the text colour that reads on it. */
export function heatColor(t: number): { bg: string; ink: string } {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const c = STOPS[i].map((v, j) => Math.round(v + (STOPS[i + 1][j] - v) * f));
  return { bg: `rgb(${c[0]}, ${c[1]}, ${c[2]})`, ink: x / (STOPS.length - 1) > 0.62 ? '#1c2733' : '#ffffff' };
}

/** Position of v between lo and hi (0.5 when the range is empty). */
export function scaleOf(v: number, lo: number | null, hi: number | null): number {
  if (lo === null || hi === null || !(hi > lo)) return 0.5;
  return (v - lo) / (hi - lo);
}
