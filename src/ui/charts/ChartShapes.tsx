// The SVG shapes the charts draw on recharts' scales: curves, SE bands, and the two chart
// kinds beyond lines over training: stacked shares (trace styles) and paths in a plane
// (pass@1 against KL, each evaluation a point). Pure functions of points and scales; the
// layers in Layers.tsx decide which runs get drawn and how faint.
import type { ReactElement } from 'react';
import type { XKey } from './catalogue';
import { bandPath, hiKey, linePath, loKey, seedKey, stackBounds, type Point, type ScaleFn } from './series';

export type Role = 'live' | 'ghost' | 'pin';
export const BAND_OPACITY: Record<Role, number> = { live: 0.2, ghost: 0.08, pin: 0.1 };
export const SEED_OPACITY: Record<Role, number> = { live: 0.55, ghost: 0.2, pin: 0.35 };

export interface Scales {
  sx: ScaleFn;
  sy: ScaleFn;
  xKey: XKey;
}

/** One curve: a <g> with the class tests and styles use, holding a path with recharts' class name. */
export function Curve({ className, d, color, width, opacity, dash }: { className: string; d: string; color: string; width: number; opacity?: number; dash?: string }) {
  if (!d) return null;
  return (
    <g className={className}>
      <path className="recharts-curve recharts-line-curve" d={d} fill="none" stroke={color} strokeWidth={width} strokeOpacity={opacity}
        strokeDasharray={dash} strokeLinejoin="round" strokeLinecap="round" />
    </g>
  );
}

export function Band({ role, d, color, opacity }: { role: Role; d: string; color: string; opacity?: number }) {
  if (!d) return null;
  return (
    <g className={`band band-${role}`}>
      <path className="recharts-curve recharts-area-area" d={d} stroke="none" fill={color} fillOpacity={opacity ?? BAND_OPACITY[role]} />
    </g>
  );
}

/** A series of a stacked chart or a path chart: `key` is y; a path series also names its x. */
export interface ShapeSeries {
  key: string;
  color: string;
  dash?: string;
  /** Path charts: the point key of this series' x (e.g. that split's KL). */
  xKey?: string;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Stacked shares of one run. One run fills its layers (the live run, or the previous or a
 * pinned run while the live one has no shares); the others draw only the borders between
 * layers (a second set of fills would hide the first), in the layer's colour (previous) or
 * their pin colour (pinned), dashed.
 */
export function stackShapes(out: ReactElement[], role: Role, runId: number, pts: Point[], series: readonly ShapeSeries[], pinColor: string | null,
  fill: boolean, { sx, sy, xKey }: Scales): void {
  const bounds = stackBounds(series.map((s) => s.key));
  series.forEach((s, i) => {
    const [lo, hi] = bounds[i];
    const id = `${role}-${runId}-${s.key}`;
    if (fill) {
      out.push(<Band key={`stack-${id}`} role={role} d={bandPath(pts, xKey, lo, hi, sx, sy)} color={s.color} opacity={role === 'live' ? 0.55 : 0.4} />);
      out.push(<Curve key={`top-${id}`} className={`${role}-line stack-top`} d={linePath(pts, xKey, hi, sx, sy)} color={s.color} width={1.2} />);
    } else if (i < series.length - 1) {
      // The top of the last layer is the 100% line: nothing to compare.
      out.push(<Curve key={`top-${id}`} className={role === 'pin' ? 'pin-line stack-top' : 'ghost-line stack-top'} d={linePath(pts, xKey, hi, sx, sy)}
        color={pinColor ?? s.color} width={1.4} opacity={role === 'pin' ? 0.85 : 0.45} dash="4 3" />);
    }
  });
}

/**
 * One series of a path chart for one run: the path through its points in evaluation order,
 * a dot at each evaluation and, for the live multi-seed run, a cross of one standard error
 * in both directions at each point and optionally each seed's own point.
 */
export function pathShapes(out: ReactElement[], role: Role, runId: number, pts: Point[], s: ShapeSeries, color: string, dash: string | undefined,
  seeds: number, showSeeds: boolean, { sx, sy }: Scales): void {
  const xk = s.xKey;
  if (!xk) return;
  const id = `${role}-${runId}-${s.key}`;
  const faint = role === 'ghost';
  if (role === 'live' && seeds > 1) {
    let d = '';
    for (const p of pts) {
      const x = sx(p[xk]);
      const y = sy(p[s.key]);
      const x0 = sx(Math.max(0, p[loKey(xk)]));
      const x1 = sx(p[hiKey(xk)]);
      const y0 = sy(Math.max(0, p[loKey(s.key)]));
      const y1 = sy(Math.min(1, p[hiKey(s.key)]));
      if ([x, y, x0, x1, y0, y1].some((v) => v === undefined || !Number.isFinite(v))) continue;
      d += `M${r1(x0!)},${r1(y!)}L${r1(x1!)},${r1(y!)}M${r1(x!)},${r1(y0!)}L${r1(x!)},${r1(y1!)}`;
    }
    out.push(<Curve key={`se-${id}`} className="se-cross" d={d} color={color} width={1} opacity={0.45} />);
  }
  if (role === 'live' && showSeeds && seeds > 1) {
    const dots: ReactElement[] = [];
    for (const p of pts) {
      for (let i = 0; i < seeds; i++) {
        const x = sx(p[seedKey(xk, i)]);
        const y = sy(p[seedKey(s.key, i)]);
        if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
        dots.push(<circle key={`${p.step}-${i}`} cx={r1(x)} cy={r1(y)} r={1.6} fill={color} fillOpacity={SEED_OPACITY.live} />);
      }
    }
    out.push(<g key={`seeds-${id}`} className="seed-dots">{dots}</g>);
  }
  const width = role === 'live' ? 2 : role === 'pin' ? 1.6 : 2;
  const opacity = role === 'live' ? undefined : role === 'pin' ? 0.85 : 0.3;
  out.push(<Curve key={`path-${id}`} className={`${role}-line boundary-path`} d={linePath(pts, xk, s.key, sx, sy)} color={color} width={width} opacity={opacity} dash={dash} />);
  const dots: ReactElement[] = [];
  for (const p of pts) {
    const x = sx(p[xk]);
    const y = sy(p[s.key]);
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    // The base model (step 0) is hollow: every path starts there.
    dots.push(<circle key={p.step} className="boundary-dot" data-step={p.step} cx={r1(x)} cy={r1(y)} r={role === 'live' ? 3 : 2.2}
      fill={p.step === 0 ? '#fff' : color} stroke={color} strokeWidth={p.step === 0 ? 1.5 : 0} fillOpacity={faint ? 0.3 : 1} strokeOpacity={faint ? 0.3 : 1} />);
  }
  out.push(<g key={`dots-${id}`} className={`boundary-dots boundary-dots-${role}`} data-series={s.key}>{dots}</g>);
}
