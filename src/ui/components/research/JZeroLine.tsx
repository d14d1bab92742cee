// The J = 0 line (fn + fp = 1) over a sweep heatmap whose axes are the FN and FP rates:
// Youden's J = 1 − FN − FP is zero on it (the verifier carries no information) and
// negative past it (the verifier is inverted). The line is placed in the grid's index space
// (jZeroLine, piecewise linear between the axis values) and mapped onto the measured
// centres of the table's rows and columns, so it follows the cells whatever their size.
import { useLayoutEffect, useState, type RefObject } from 'react';
import type { Heatmap } from '../../sweep-model';
import { jZeroLine } from '../../mechanism';

export interface JAxes {
  rows: number[];
  cols: number[];
  /** What the line means for this grid, in a sentence. */
  note: string;
}

/** The two rates as numbers when the grid's axes are fnRate and fpRate (either way round); else null. */
export function jZeroAxes(model: Heatmap): JAxes | null {
  const { rowAxis, colAxis } = model;
  if (!rowAxis || !colAxis) return null;
  const keys = new Set([rowAxis.key, colAxis.key]);
  if (!(keys.has('fnRate') && keys.has('fpRate'))) return null;
  const rows = model.rows.map(Number);
  const cols = model.cols.map(Number);
  if (![...rows, ...cols].every(Number.isFinite)) return null;
  const line = jZeroLine(rows, cols);
  const sums = rows.flatMap((r) => cols.map((c) => r + c));
  const note = line.length
    ? 'Dashed line: J = 1 − FN − FP = 0. Past it (FN + FP > 1) J < 0: the verifier is inverted, rewards wrong answers more often than right ones, and training unlearns; on it the verifier carries no information and training drifts.'
    : sums.every((s) => s < 1)
      ? 'The J = 0 line (FN + FP = 1) lies beyond this grid: every cell has J > 0, so the verifier still carries information.'
      : 'J = 1 − FN − FP; the J = 0 line cannot be placed on this grid (each axis needs two or more values in order).';
  return { rows, cols, note };
}

interface Geometry {
  width: number;
  height: number;
  /** Centres and sizes of the data rows (y) and columns (x), relative to the wrapper. */
  rowC: number[];
  rowH: number[];
  colC: number[];
  colW: number[];
}

function measure(wrap: HTMLDivElement): Geometry | null {
  const box = wrap.getBoundingClientRect();
  const rowEls = [...wrap.querySelectorAll<HTMLElement>('tbody > tr')];
  const colEls = [...wrap.querySelectorAll<HTMLElement>('thead th')].slice(1);
  if (!rowEls.length || !colEls.length) return null;
  const rows = rowEls.map((e) => e.getBoundingClientRect());
  // Column extents from the first data row's cells (the header cells have the same columns).
  const firstCells = [...rowEls[0].querySelectorAll<HTMLElement>('td')].map((e) => e.getBoundingClientRect());
  const cols = firstCells.length === colEls.length ? firstCells : colEls.map((e) => e.getBoundingClientRect());
  return {
    width: box.width, height: box.height,
    rowC: rows.map((r) => r.top + r.height / 2 - box.top), rowH: rows.map((r) => r.height),
    colC: cols.map((c) => c.left + c.width / 2 - box.left), colW: cols.map((c) => c.width),
  };
}

/** Pixel position of a fractional index over cells with these centres and sizes. */
function toPixel(t: number, centres: number[], sizes: number[]): number {
  const n = centres.length;
  if (t <= 0) return centres[0] + t * sizes[0];
  if (t >= n - 1) return centres[n - 1] + (t - (n - 1)) * sizes[n - 1];
  const i = Math.floor(t);
  return centres[i] + (t - i) * (centres[i + 1] - centres[i]);
}

export function JZeroOverlay({ wrap, rows, cols }: { wrap: RefObject<HTMLDivElement | null>; rows: number[]; cols: number[] }) {
  const [geo, setGeo] = useState<Geometry | null>(null);
  const key = `${rows.join(',')}|${cols.join(',')}`;
  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const update = () => setGeo(measure(el));
    update();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
    ro?.observe(el);
    const table = el.querySelector('table');
    if (table) ro?.observe(table);
    return () => ro?.disconnect();
  }, [wrap, key]);
  const line = jZeroLine(rows, cols);
  if (!geo || line.length < 2 || geo.rowC.length !== rows.length || geo.colC.length !== cols.length) return null;
  const pts = line.map((p) => ({ x: toPixel(p.c, geo.colC, geo.colW), y: toPixel(p.r, geo.rowC, geo.rowH) }));
  const d = pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  // Label beside the line a third of the way along, turned to follow it.
  const a = pts[Math.floor(pts.length / 3)];
  const b = pts[Math.min(pts.length - 1, Math.floor(pts.length / 3) + 4)];
  let angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
  if (angle > 90) angle -= 180;
  if (angle < -90) angle += 180;
  return (
    <svg className="heat-jline" data-testid="heat-jline" width={geo.width} height={geo.height} aria-label="J = 0 line: FN + FP = 1">
      <path d={d} fill="none" stroke="#ffffff" strokeWidth={5} strokeOpacity={0.8} />
      <path d={d} fill="none" stroke="#1c2733" strokeWidth={2} strokeDasharray="7 4" />
      <text className="heat-jline-label" x={a.x} y={a.y} dy={-7} textAnchor="middle" transform={`rotate(${angle.toFixed(1)} ${a.x.toFixed(1)} ${a.y.toFixed(1)})`}>
        J = 0 (FN + FP = 1)
      </text>
    </svg>
  );
}
