// One chart card: title, Table and PNG buttons, legend (with the view toggle of a chart
// that has an alternative view), the frame with the live overlay, the hover tooltip, the
// data table and the hint (and, on a chart against steps × J, a note of each run's J and of
// the runs left out). Its props change only when its own points or the view do.
import { memo, useCallback, useRef, useState } from 'react';
import { download, fileStamp, svgToPng } from '../export';
import { useStore, type RunData } from '../store';
import { PassVerdict } from '../components/Health';
import { runJText, type RunJ } from '../mechanism';
import { chartTicks } from './axes';
import type { ChartDef, SeriesContext, XKey } from './catalogue';
import { ChartTable, type TableSeries } from './ChartTable';
import { Frame } from './Frame';
import { shortLabel } from './hover';
import { pointsOf, runSeeds, scaledRuns } from './run-data';
import type { Point } from './series';
import { ChartTooltip } from './Tooltip';

export interface ChartCardProps {
  def: ChartDef;
  /** The live run's points for this chart's source; the same array until new records of that kind arrive. */
  livePts: Point[];
  /** Seeds behind the live run's points (1 = no band). */
  liveSeeds: number;
  liveStatus: RunData['status'] | null;
  ghost: RunData | null;
  pinned: RunData[];
  xAxis: XKey;
  xMax: number;
  ks: number[];
  ctx: SeriesContext;
  /** EMA weight for step charts (0 = raw). */
  smoothing: number;
  showSeeds: boolean;
  height: number | undefined;
  showHint: boolean;
  compactAxis: boolean;
  /** A chart whose `needs` no drawn run meets, shown anyway (an embed asked for it): it says why it is empty. */
  absent: boolean;
  /** The live run's points for the alternative view (`def.alt`), and whether any drawn run has its data (null: no toggle). */
  altPts: Point[] | null;
  /** A chart against steps × J (`def.x`): the live run's J and evaluations (null: no live run, or another chart). */
  liveJ: { j: RunJ; evals: number } | null;
}

/** Over recharts' SVG, the same size and origin, its own compositing layer; clicks and hovers pass through. */
const LIVE_SVG_STYLE = { position: 'absolute', left: 0, top: 0, width: '100%', height: '100%', pointerEvents: 'none', overflow: 'visible', willChange: 'transform' } as const;

export const ChartCard = memo(function ChartCard({ def: mainDef, livePts: mainPts, liveSeeds, liveStatus, ghost, pinned, xAxis, xMax, ks, ctx, smoothing, showSeeds, height, showHint, compactAxis, absent, altPts, liveJ }: ChartCardProps) {
  const [altOn, setAltOn] = useState(false);
  const alt = altOn && !!mainDef.alt && altPts !== null;
  const def = alt ? mainDef.alt!.def : mainDef;
  const livePts = alt ? altPts : mainPts;
  const ref = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const [hover, setHover] = useState<{ x: number; y: number; px: number } | null>(null);
  const [liveSvg, setLiveSvg] = useState<SVGSVGElement | null>(null);
  const [table, setTable] = useState(false);
  const onHover = useCallback((x: number | null, y: number, px: number) => setHover(x === null ? null : { x, y, px }), []);
  const series = def.series(ks, ctx);
  const path = def.kind === 'path';
  const stack = def.kind === 'stack';
  const w = def.source === 'step' ? smoothing : 0;
  const ghostShown = ghost && !pinned.some((p) => p.id === ghost.id) ? ghost : null;
  const others = [...pinned, ...(ghostShown ? [ghostShown] : [])];
  const otherPts = others.map((r) => pointsOf(r, def, w));
  // Steps × J: each drawn run's J, and the runs left out (J not above 0), named under the chart.
  const scaled = def.x === 'stepJ' ? scaledRuns(liveJ, ghostShown, pinned) : null;
  const leftOut = scaled?.filter((r) => !r.drawn) ?? [];
  const anyData = livePts.length > 0 || otherPts.some((p) => p.length > 0);

  const { yTicks, xTicks } = chartTicks({ percent: def.percent, path, compactAxis, series, livePts, otherPts, liveSeeds, showSeeds, smoothing: w });
  const frameXMax = xTicks ? xTicks[xTicks.length - 1] : xMax;
  const banded = !path && !stack && (liveSeeds > 1 || others.some((r) => runSeeds(r, def.source) > 1));
  // A live run without shares (Charts gives it no points here): a back run fills the stack.
  const fillBack = stack && livePts.length === 0;

  const savePng = async () => {
    const svg = ref.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) return;
    setBusy(true);
    try {
      const blob = await svgToPng(svg, def.title, liveSvg ? [liveSvg] : []);
      download(`rlvr-${def.id}-${fileStamp()}.png`, blob);
    } catch (e) {
      useStore.getState().addNotice('error', 'Could not export the chart', [(e as Error).message]);
    } finally {
      setBusy(false);
    }
  };

  // The table lists each evaluation's (KL, pass@1) pairs for a path chart, indexed by step.
  const tableSeries: TableSeries[] = path
    ? series.flatMap((s) => [{ key: s.xKey!, name: s.xName ?? s.xKey!, percent: false }, { key: s.key, name: s.name }])
    : series;

  return (
    <section className="chart-card" data-chart={def.id} data-points={livePts.length} aria-label={def.title}>
      <header className="chart-head">
        <h3>{def.title}</h3>
        <button type="button" className="btn btn-ghost btn-small chart-table-toggle" aria-pressed={table} aria-controls={table ? `chart-table-${def.id}` : undefined}
          onClick={() => setTable((t) => !t)} title="Show the plotted values of this run as a table" data-testid={`table-toggle-${def.id}`}>
          Table
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={savePng} disabled={!anyData || busy}
          title="Download this chart as PNG" aria-label={`Download ${def.title} as PNG`}>
          PNG
        </button>
      </header>
      <ul className="chart-legend" aria-label="Series">
        {series.map((s) => (
          <li key={s.key}><span className="swatch" style={{ background: s.color, ...(stack ? { height: 9 } : {}) }} />{s.name}</li>
        ))}
        {banded && <li className="legend-note" title="Lines are the mean over seeds; the shaded band is plus/minus one standard error across seeds">band: ±1 SE over seeds</li>}
        {path && <li className="legend-note" title="Mean per-token k3 estimate of KL(policy || base) on each split's evaluation samples">x: KL to base</li>}
        {path && liveSeeds > 1 && <li className="legend-note" title="Each point is the mean over seeds; the cross spans plus/minus one standard error of KL and of pass@1">cross: ±1 SE over seeds</li>}
        {stack && others.length > (fillBack ? 1 : 0) && <li className="legend-note" title="The previous and pinned runs draw the borders between their styles, dashed">dashed: borders of other runs</li>}
        {scaled && <li className="legend-note" title="Training steps times the run's Youden J: the noisy verifier's set J = 1 − FN − FP (clean: 1); other verifiers: the mean of the J measured on the held-out samples of the run's evaluations">x: steps × J</li>}
        {w > 0 && <li className="legend-note" title="Exponential moving average (TensorBoard-style, debiased); the faint line is the raw mean">smoothed {w.toFixed(2)}</li>}
        {mainDef.alt && altPts !== null && (
          <li className="chart-view">
            <span className="segmented" role="group" aria-label="Samples shown">
              {([false, true] as const).map((a) => (
                <button key={String(a)} type="button" className={`seg${alt === a ? ' seg-on' : ''}`} aria-pressed={alt === a} data-testid={`view-${def.id}-${a ? 'alt' : 'main'}`}
                  onClick={() => setAltOn(a)}>
                  {a ? mainDef.alt!.label : mainDef.alt!.mainLabel}
                </button>
              ))}
            </span>
          </li>
        )}
      </ul>
      <div className="chart-body" ref={ref} style={height ? { height } : undefined}>
        {!anyData && (
          <div className="chart-empty">
            {absent ? 'Shown for tasks with worked traces: this run has none.'
              : leftOut.length && !scaled!.some((r) => r.drawn) ? 'No run here can be rescaled: see the note below.'
              : liveStatus === null || liveStatus === 'idle' ? 'Press Run to start training.'
                : liveStatus === 'error' || liveStatus === 'crashed' ? 'No data: the run stopped.'
                  : def.source === 'eval' ? 'Waiting for the first evaluation…' : 'Waiting for the first step…'}
          </div>
        )}
        <Frame def={def} ks={ks} ctx={ctx} xAxis={xAxis} xMax={frameXMax} xTicksKey={xTicks ? xTicks.join(',') : ''} yTicksKey={yTicks.join(',')} compactAxis={compactAxis}
          smoothing={w} showSeeds={showSeeds} ghost={ghostShown} pinned={pinned} onHover={onHover} liveSvg={liveSvg} fillBack={fillBack} />
        <svg ref={setLiveSvg} className="chart-live-svg" aria-hidden="true" style={LIVE_SVG_STYLE} />
        {hover && anyData ? <ChartTooltip def={def} series={series} hover={hover} width={ref.current?.clientWidth ?? 0} livePts={livePts} ghost={ghostShown}
          pinned={pinned} smoothing={w} xAxis={xAxis} xMax={xMax} frameXMax={frameXMax} scaled={scaled} /> : null}
        {table && <ChartTable id={`chart-table-${def.id}`} title={def.title} points={livePts} series={tableSeries} percent={def.percent} seeds={liveSeeds}
          smoothing={w} xAxis={path ? 'step' : xAxis} xNote={scaled?.find((r) => r.id === 'live')?.j} />}
      </div>
      {scaled && scaled.length > 0 && (
        <p className="chart-note" data-testid={`scaled-runs-${def.id}`}>
          {scaled.filter((r) => r.drawn).map((r) => `${shortLabel(r.label)}: ${runJText(r.j)}`).join('; ')}
          {leftOut.length > 0 && (
            <span className="chart-note-out" data-testid={`left-out-${def.id}`}>
              {scaled.some((r) => r.drawn) ? '. ' : ''}Left out (time cannot be rescaled without a J above 0): {leftOut.map((r) => `${shortLabel(r.label)}, ${runJText(r.j)}`).join('; ')}.
            </span>
          )}
        </p>
      )}
      {showHint && <p className="chart-hint">{def.hint}</p>}
      {def.id === 'pass' && showHint && <PassVerdict />}
    </section>
  );
});
