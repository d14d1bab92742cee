// The J = 0 line (fn + fp = 1) over a sweep heatmap whose axes are the FN and FP rates:
// Youden's J = 1 − FN − FP is zero on it (the verifier carries no information) and
// negative past it (the verifier is inverted). The line is placed in the grid's index space
// (jZeroLine, piecewise linear between the axis values) and mapped onto the measured
// centres of the table's rows and columns, so it follows the cells whatever their size.
import { useLayoutEffect, useRef, useState } from 'react';
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
    ? "J = 0 line: FN + FP = 1, where Youden's J = 1 − FN − FP is zero. Past it (FN + FP > 1) J < 0: the verifier is inverted, rewards wrong answers more often than right ones, and training unlearns; on it the verifier carries no information and training drifts."
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

/** Rendered inside the table's positioned wrapper (its parent), which it measures. */
export function JZeroOverlay({ rows, cols }: { rows: number[]; cols: number[] }) {
  const [geo, setGeo] = useState<Geometry | null>(null);
  // A marker of our own: its ref is set before this component's layout effect runs (a parent's is not).
  const marker = useRef<HTMLSpanElement>(null);
  const key = `${rows.join(',')}|${cols.join(',')}`;
  useLayoutEffect(() => {
    const el = marker.current?.parentElement as HTMLDivElement | null | undefined;
    if (!el) return;
    const update = () => setGeo(measure(el));
    update();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(update) : null;
    ro?.observe(el);
    const table = el.querySelector('table');
    if (table) ro?.observe(table);
    return () => ro?.disconnect();
  }, [key]);
  const line = jZeroLine(rows, cols);
  const ok = geo && line.length >= 2 && geo.rowC.length === rows.length && geo.colC.length === cols.length;
  if (!ok) return <span ref={marker} hidden />;
  const pts = line.map((p) => ({ x: toPixel(p.c, geo.colC, geo.colW), y: toPixel(p.r, geo.rowC, geo.rowH) }));
  const d = pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  // The label sits where the line runs furthest from any cell's centre (between cells, so it
  // hides the least of a value), in the middle 80% of the line.
  let best = pts[Math.floor(pts.length / 2)];
  let bestScore = -1;
  for (let i = Math.floor(pts.length * 0.1); i <= Math.ceil(pts.length * 0.9) && i < pts.length; i++) {
    const p = pts[i];
    let score = Infinity;
    geo.rowC.forEach((y, r) => geo.colC.forEach((x, c) => {
      score = Math.min(score, Math.max(Math.abs(p.x - x) / geo.colW[c], Math.abs(p.y - y) / geo.rowH[r]));
    }));
    if (score > bestScore) { bestScore = score; best = p; }
  }
  const label = 'J = 0';
  const lw = 40;
  const lh = 17;
  return (
    <>
    <span ref={marker} hidden />
    <svg className="heat-jline" data-testid="heat-jline" width={geo.width} height={geo.height} aria-label="J = 0 line: FN + FP = 1" role="img">
      <path d={d} fill="none" stroke="#ffffff" strokeWidth={5} strokeOpacity={0.8} />
      <path d={d} fill="none" stroke="#1c2733" strokeWidth={2} strokeDasharray="7 4" />
      <g className="heat-jline-tag" transform={`translate(${(best.x - lw / 2).toFixed(1)} ${(best.y - lh / 2).toFixed(1)})`}>
        <rect width={lw} height={lh} rx={8} fill="#ffffff" stroke="#1c2733" strokeWidth={1} />
        <text className="heat-jline-label" x={lw / 2} y={12.5} textAnchor="middle">{label}</text>
      </g>
    </svg>
    </>
  );
}
