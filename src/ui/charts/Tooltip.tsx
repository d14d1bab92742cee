// The hover tooltip of a chart card: each drawn run's mean ± SE at its point nearest the
// pointer (line and stacked charts, with a cursor line), or the one evaluation nearest the
// pointer in the plane (path charts).
import { runJText } from '../mechanism';
import type { RunData } from '../store';
import { compact } from './axes';
import { BLUE, X_NAMES, type ChartDef, type SeriesDef, type XKey } from './catalogue';
import { cleanName, hoverRows, meanText, nearestPathPoint, runTag, shortLabel, type HoverRun } from './hover';
import { pointsOf, type ScaledRun } from './run-data';
import type { Point } from './series';

const TOOLTIP_STYLE = {
  position: 'absolute', top: 4, zIndex: 2, pointerEvents: 'none', background: 'rgba(255,255,255,0.95)', border: '1px solid #ced4da',
  borderRadius: 4, padding: '4px 7px', fontSize: 11, lineHeight: 1.35, boxShadow: '0 1px 4px rgba(0,0,0,0.12)', maxWidth: 260, whiteSpace: 'nowrap',
} as const;

const Swatch = ({ color }: { color: string }) => (
  <span className="swatch" style={{ background: color, display: 'inline-block', width: 8, height: 8, borderRadius: 2, marginRight: 4 }} />
);
/** The run's J with its rule ("J 0.70 (set: 1 − FN − FP)"). */
const jText = (scaled: readonly ScaledRun[], id: string) => {
  const r = scaled.find((x) => x.id === id);
  return r ? runJText(r.j) : 'J';
};

export function ChartTooltip({ def, series, hover, width, livePts, ghost, pinned, smoothing, xAxis, xMax, frameXMax, scaled }: {
  def: ChartDef;
  series: SeriesDef[];
  /** The pointer: x and y in data units, and its x in pixels. */
  hover: { x: number; y: number; px: number };
  /** The chart body's width in pixels (the tooltip sits on the side away from the pointer). */
  width: number;
  livePts: Point[];
  /** The previous run, unless it is also pinned. */
  ghost: RunData | null;
  pinned: RunData[];
  /** EMA weight of this chart's points (0 for evaluation charts). */
  smoothing: number;
  xAxis: XKey;
  xMax: number;
  /** The x axis' maximum as drawn (a path chart's last KL tick). */
  frameXMax: number;
  /** A chart against steps × J: each drawn run's J, shown with its step. */
  scaled: ScaledRun[] | null;
}) {
  const runs: HoverRun[] = [
    { ...runTag('live'), color: series[0]?.color ?? BLUE, pts: livePts },
    ...(ghost ? [{ ...runTag('ghost'), color: '#868e96', pts: pointsOf(ghost, def, smoothing) }] : []),
    ...pinned.map((r) => ({ ...runTag('pin', r), color: r.color, pts: pointsOf(r, def, smoothing) })),
  ];
  const side = hover.px > width / 2 ? { right: Math.max(0, width - hover.px + 10) } : { left: hover.px + 10 };
  if (def.kind === 'path') {
    const hit = nearestPathPoint(runs, series, hover.x, hover.y, frameXMax);
    if (!hit) return null;
    const { run, series: s, p } = hit;
    return (
      <div className="chart-tooltip" role="status" data-testid={`tooltip-${def.id}`} style={{ ...TOOLTIP_STYLE, ...side }}>
        <div style={{ color: '#5c6773' }}>step {compact(p.step)}{p.step === 0 ? ' (base model)' : ''}</div>
        <div className="tooltip-run" data-run={run.id}>
          <Swatch color={run.id === 'live' || run.id === 'ghost' ? s.color : run.color} />
          <b style={{ fontWeight: 600 }}>{shortLabel(run.label)}</b>
          <div style={{ paddingLeft: 12 }}>{cleanName(s.name)}: {meanText(p, s.key, true)}</div>
          <div style={{ paddingLeft: 12 }}>KL to base: {meanText(p, s.xKey!, false)}</div>
        </div>
      </div>
    );
  }
  const rows = hoverRows(hover.x, xAxis, xMax, runs, series, def.percent);
  if (!rows.length) return null;
  return (
    <>
      <div className="chart-cursor" style={{ position: 'absolute', top: 8, bottom: 32, left: hover.px, width: 0, borderLeft: '1px solid #adb5bd', pointerEvents: 'none' }} />
      <div className="chart-tooltip" role="status" data-testid={`tooltip-${def.id}`} style={{ ...TOOLTIP_STYLE, ...side }}>
        <div style={{ color: '#5c6773' }}>{X_NAMES[xAxis]} {compact(rows[0].at)}</div>
        {rows.map((r) => (
          <div key={r.id} className="tooltip-run" data-run={r.id}>
            <Swatch color={r.color} />
            <b style={{ fontWeight: 600 }}>{shortLabel(r.label)}</b>
            {r.at !== rows[0].at && <span style={{ color: '#868e96' }}> @{compact(r.at)}</span>}
            {scaled && <div className="tooltip-j" style={{ paddingLeft: 12, color: '#5c6773', whiteSpace: 'normal' }}>step {compact(r.step)} × {jText(scaled, r.id)}</div>}
            {r.values.map((v) => <div key={v.name} style={{ paddingLeft: 12 }}>{v.name}: {v.text}</div>)}
          </div>
        ))}
      </div>
    </>
  );
}
