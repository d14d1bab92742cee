// Hover maths: the data point under the pointer (a scale inverted), and the tooltip's rows:
// each drawn run's mean ± SE at its point nearest the pointer (line charts), or the nearest
// evaluation in the plane (path charts).
import { fixed } from '../../experiments/format';
import type { SeriesDef, XKey } from './catalogue';
import { hiKey, loKey, nearestOnPaths, nearestPoint, type PathHit, type Point, type ScaleFn } from './series';

/** Invert a linear scale from two of its values: the data value at pixel `p`. */
export function invert(scale: ScaleFn, p: number): number {
  const a = scale(0);
  const b = scale(1);
  if (a === undefined || b === undefined || b === a) return NaN;
  return (p - a) / (b - a);
}

/** A drawn run's id and label in the hover tooltip and in the notes under a chart: this run, previous, pinned: <its label>. */
export function runTag(role: 'live' | 'ghost' | 'pin', run?: { id: number; label: string }): { id: string; label: string } {
  if (role === 'live') return { id: 'live', label: 'this run' };
  if (role === 'ghost') return { id: 'ghost', label: 'previous' };
  return { id: `pin-${run!.id}`, label: `pinned: ${run!.label}` };
}

/** A run's label cut to 28 characters (the tooltip's rows, the notes under a chart). */
export const shortLabel = (label: string) => (label.length > 28 ? `${label.slice(0, 27)}…` : label);

/** One run's row in the hover tooltip. */
export interface HoverRow {
  id: string;
  label: string;
  color: string;
  /** The x of its point, and the point's training step (the same on a steps axis). */
  at: number;
  step: number;
  values: { name: string; text: string }[];
}

/** A tooltip value: percent values as 0-100 with one decimal (the unit is added once, after the SE); '–' when missing. */
function fmtValue(v: number, percent: boolean): string {
  if (!Number.isFinite(v)) return '–';
  // Small values keep two significant digits (the format module has no such format yet).
  return percent ? fixed(v * 100, 1) : v < 0.01 ? v.toPrecision(2) : fixed(v, 3);
}

/** A series name without its line-style note (the tooltip and table show no lines). */
export const cleanName = (name: string) => name.replace(/ \((dashed|dotted|dash-dot)\)$/, '');

/** A point's value of `key` as mean ± SE (or the plain value of a single-seed run), with % for percent values. */
export function meanText(p: Point, key: string, percent: boolean): string {
  const se = (p[hiKey(key)] - p[loKey(key)]) / 2;
  const unit = percent ? '%' : '';
  return Number.isFinite(se) ? `${fmtValue(p[key], percent)} ± ${fmtValue(se, percent)}${unit}` : `${fmtValue(p[key], percent)}${unit}`;
}

/** A drawn run as the tooltip sees it: its row id, label, swatch colour and points. */
export interface HoverRun {
  id: string;
  label: string;
  color: string;
  pts: Point[];
}

/** Mean ± SE (or the mean of a single-seed run) of each series at the run's point nearest to `x`. */
export function hoverRows(x: number, xKey: XKey, xMax: number, runs: HoverRun[], series: SeriesDef[], percent: boolean): HoverRow[] {
  const rows: HoverRow[] = [];
  for (const r of runs) {
    const p = nearestPoint(r.pts, xKey, x, xMax * 0.02);
    if (!p) continue;
    const values = series.filter((s) => Number.isFinite(p[s.key])).map((s) => ({ name: cleanName(s.name), text: meanText(p, s.key, percent) }));
    if (values.length) rows.push({ id: r.id, label: r.label, color: r.color, at: p[xKey], step: p.step, values });
  }
  return rows;
}

/** What a point of a path chart stands for: which run, which series, which evaluation. */
export interface PathRef {
  run: HoverRun;
  series: SeriesDef;
  p: Point;
}

/** Every drawn point of a path chart, for the nearest-point hover. */
export function pathCandidates(runs: readonly HoverRun[], series: readonly SeriesDef[]): PathHit<PathRef>[] {
  const out: PathHit<PathRef>[] = [];
  for (const run of runs) for (const s of series) {
    if (!s.xKey) continue;
    for (const p of run.pts) out.push({ x: p[s.xKey], y: p[s.key], ref: { run, series: s, p } });
  }
  return out;
}

/** The drawn evaluation of a path chart nearest the pointer (x over the axis' span `xMax`, y over pass@1's 0..1), or null when none is near. */
export function nearestPathPoint(runs: readonly HoverRun[], series: readonly SeriesDef[], x: number, y: number, xMax: number): PathRef | null {
  return nearestOnPaths(pathCandidates(runs, series), x, y, xMax, 1)?.ref ?? null;
}
