// The run layers a chart draws on recharts' scales: the previous and pinned runs (memoised,
// untouched by a batch of the live run) and the live run (subscribed to the store, drawn into
// an overlay SVG), each series as its mean line, SE band, faint raw line and seed lines.
import { memo, type ReactElement } from 'react';
import { createPortal } from 'react-dom';
import { useXAxisScale, useYAxisScale } from 'recharts';
import { useStore, type RunData } from '../store';
import type { ChartDef, SeriesContext, XKey } from './catalogue';
import { Band, Curve, SEED_OPACITY, pathShapes, stackShapes, type Role, type Scales } from './ChartShapes';
import { meets, pointsOf, runSeeds } from './run-data';
import { bandPath, hiKey, linePath, loKey, rawKey, seedKey, type Point, type ScaleFn } from './series';

const PIN_DASHES = ['6 3', '2 3', '10 3 2 3', '1 4', '4 4'];

/**
 * The band's [low, high] accessors for a key. Display only: every charted quantity is
 * non-negative and the percent ones are at most 1, so the band is clipped to the axis.
 */
function bandBounds(key: string, percent: boolean): [(p: Point) => number, (p: Point) => number] {
  const lo = loKey(key);
  const hi = hiKey(key);
  return [(p) => Math.max(0, p[lo]), percent ? (p) => Math.min(1, p[hi]) : (p) => p[hi]];
}

/** Band (multi-seed), faint raw line (smoothed step series) and per-seed lines of one series of one run. */
function underlays(out: ReactElement[], role: Role, runId: number, pts: Point[], key: string, color: string, percent: boolean,
  seeds: number, showSeeds: boolean, raw: boolean, { sx, sy, xKey }: Scales): void {
  const id = `${role}-${runId}-${key}`;
  if (seeds > 1) {
    const [lo, hi] = bandBounds(key, percent);
    out.push(<Band key={`band-${id}`} role={role} d={bandPath(pts, xKey, lo, hi, sx, sy)} color={color} />);
  }
  if (raw) {
    out.push(<Curve key={`raw-${id}`} className="raw-line" d={linePath(pts, xKey, rawKey(key), sx, sy)} color={color} width={1} opacity={0.22} />);
  }
  if (showSeeds && seeds > 1) {
    for (let i = 0; i < seeds; i++) {
      out.push(<Curve key={`seed-${id}-${i}`} className={`seed-line seed-line-${role}`} d={linePath(pts, xKey, seedKey(key, i), sx, sy)}
        color={color} width={0.8} opacity={SEED_OPACITY[role]} />);
    }
  }
}

/** The chart's scales (recharts' own, so paths sit exactly on the axes), or null before the first layout. */
function useScales(xKey: XKey): Scales | null {
  const sx = useXAxisScale();
  const sy = useYAxisScale();
  if (!sx || !sy) return null;
  return { sx: sx as ScaleFn, sy: sy as ScaleFn, xKey };
}

export interface LayerProps {
  def: ChartDef;
  ks: number[];
  /** Memoised in Charts, so the layers' memo holds across batches. */
  ctx: SeriesContext;
  xAxis: XKey;
  /** EMA weight for this chart (0 for evaluation charts). */
  smoothing: number;
}

/**
 * Pinned runs and the previous run. Memoised: re-rendered only when they, the axes or the
 * view change, never for a batch of the live run. They draw their mean and band; "Show
 * each seed" is for the live run (each seed of every run is a thicket).
 */
export const BackLayer = memo(function BackLayer({ def, ks, ctx, xAxis, smoothing, ghost, pinned, fillBack }: LayerProps & { ghost: RunData | null; pinned: RunData[]; fillBack: boolean }) {
  const scales = useScales(xAxis);
  if (!scales) return null;
  const { sx, sy } = scales;
  const series = def.series(ks, ctx);
  const under: ReactElement[] = [];
  const lines: ReactElement[] = [];
  if (def.kind === 'stack' || def.kind === 'path') {
    // While the live run has no shares, the previous run (else the first pinned one with shares) fills its layers.
    const filled = fillBack ? [ghost, ...pinned].find((r) => r && meets(r, def.needs)) ?? null : null;
    const draw = (role: Role, run: RunData, pinColor: string | null, pi: number) => {
      const pts = pointsOf(run, def, smoothing);
      if (def.kind === 'stack') stackShapes(run === filled ? under : lines, role, run.id, pts, series, pinColor, run === filled, scales);
      else {
        series.forEach((s, si) => pathShapes(lines, role, run.id, pts, s, pinColor ?? s.color,
          role === 'pin' ? (si === 0 ? undefined : PIN_DASHES[(si - 1 + pi) % PIN_DASHES.length]) : s.dash, 1, false, scales));
      }
    };
    pinned.forEach((run, pi) => draw('pin', run, run.color, pi));
    if (ghost) draw('ghost', ghost, null, 0);
    return <g className="runs-back">{under}{lines}</g>;
  }
  pinned.forEach((run, pi) => {
    const pts = pointsOf(run, def, smoothing);
    const seeds = runSeeds(run, def.source);
    series.forEach((s, si) => {
      underlays(under, 'pin', run.id, pts, s.key, run.color, def.percent, seeds, false, false, scales);
      lines.push(<Curve key={`pin-${run.id}-${s.key}`} className="pin-line" d={linePath(pts, xAxis, s.key, sx, sy)} color={run.color} width={1.6}
        opacity={0.85} dash={si === 0 ? undefined : PIN_DASHES[(si - 1 + pi) % PIN_DASHES.length]} />);
    });
  });
  if (ghost) {
    const pts = pointsOf(ghost, def, smoothing);
    const seeds = runSeeds(ghost, def.source);
    for (const s of series) {
      underlays(under, 'ghost', ghost.id, pts, s.key, s.color, def.percent, seeds, false, false, scales);
      lines.push(<Curve key={`ghost-${ghost.id}-${s.key}`} className="ghost-line" d={linePath(pts, xAxis, s.key, sx, sy)} color={s.color} width={2} opacity={0.25} />);
    }
  }
  return <g className="runs-back">{under}{lines}</g>;
});

/**
 * The live run: subscribed to the store itself, so a batch re-renders this layer and nothing
 * else of the chart. It lives in recharts' tree (for the scales) but draws into `target`, an
 * SVG laid exactly over recharts' own on its own compositing layer, so a batch repaints the
 * live paths only, not the axes and the previous and pinned runs beneath.
 */
export const LiveLayer = memo(function LiveLayer({ def, ks, ctx, xAxis, smoothing, showSeeds, target }: LayerProps & { showSeeds: boolean; target: SVGSVGElement | null }) {
  const live = useStore((s) => s.live);
  const scales = useScales(xAxis);
  // A trace chart shown for a previous or pinned run: a live run without traces draws nothing on it.
  if (!scales || !live || !target || !meets(live, def.needs)) return null;
  const { sx, sy } = scales;
  const pts = pointsOf(live, def, smoothing);
  const seeds = runSeeds(live, def.source);
  const series = def.series(ks, ctx);
  const under: ReactElement[] = [];
  const lines: ReactElement[] = [];
  if (def.kind === 'stack') stackShapes(under, 'live', live.id, pts, series, null, true, scales);
  if (def.kind === 'path') for (const s of series) pathShapes(lines, 'live', live.id, pts, s, s.color, s.dash, seeds, showSeeds, scales);
  if (def.kind === 'stack' || def.kind === 'path') return createPortal(<g className="runs-live">{under}{lines}</g>, target);
  for (const s of series) {
    underlays(under, 'live', live.id, pts, s.key, s.color, def.percent, seeds, showSeeds, smoothing > 0, scales);
    lines.push(<Curve key={`live-${live.id}-${s.key}`} className="live-line" d={linePath(pts, xAxis, s.key, sx, sy)} color={s.color} width={2} dash={s.dash} />);
    if (def.source === 'eval' && pts.length <= 12) {
      for (const p of pts) {
        const x = sx(p[xAxis]);
        const y = Number.isFinite(p[s.key]) ? sy(p[s.key]) : undefined;
        if (x !== undefined && y !== undefined) lines.push(<circle key={`dot-${s.key}-${p.step}`} className="live-dot" cx={x} cy={y} r={2.5} fill={s.color} />);
      }
    }
  }
  return createPortal(<g className="runs-live">{under}{lines}</g>, target);
});
