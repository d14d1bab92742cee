// Live charts. Each chart overlays the live run (solid), the previous run (same
// colours, faint) and any pinned runs (their pin colour, dashed per series). A
// multi-seed run draws its mean over seeds as the line with a shaded band of one
// standard error (lighter for the previous and pinned runs), and optionally each seed as
// a thin line. Step charts can be smoothed (EMA), the live run's raw values faint behind.
// The x-axis is training steps or rollouts spent. Hovering lists every drawn run's mean
// ± SE at the nearest point.
//
// Staying smooth with long runs: recharts draws only the frame (axes and grid), memoised
// on the axes, so a batch of records never re-renders it. The runs are plain SVG paths
// built from the chart's scales: every series is at most MAX_STEP_POINTS bucket means
// (series.ts), the previous and pinned runs sit in a memoised layer that a batch of the
// live run never touches, and only the live layer (subscribed to the store itself)
// redraws, at the worker's flush rate. Paths keep recharts' class names
// (recharts-line-curve, recharts-area-area) so selectors and the PNG export see one SVG.
//
// Two charts are not lines over training: the collapse boundary draws pass@1 against KL to
// the base model (a path per run and split, each evaluation a point; hover finds the nearest
// point in the plane), and the trace-style chart stacks shares to 100%. Charts that need
// worked-trace records (`needs`) appear only when a drawn run carries them.
import { memo, useCallback, useMemo, useRef, useState, type MouseEvent, type ReactElement } from 'react';
import { createPortal } from 'react-dom';
import { CartesianGrid, ComposedChart, ResponsiveContainer, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { seedRecords } from '../../engine/seeds';
import type { Settings } from '../../engine/settings';
import { download, fileStamp, svgToPng } from '../export';
import { bandPath, evalPoints, evalStyles, hiKey, linePath, loKey, nearestOnPaths, nearestPoint, rawKey, seedCount, seedKey, stepPoints, stepStyles, type PathHit, type Point, type ScaleFn } from '../series';
import { useStore, type RunData, type XAxis as XAxisKind } from '../store';
import { orderStyles, styleColor, styleKey, styleLabel } from '../trace-styles';
import { PassVerdict } from './Health';
import { ChartTable, type TableSeries } from './ChartTable';
import { Band, Curve, SEED_OPACITY, pathShapes, stackShapes, type Role, type Scales } from './ChartShapes';

interface SeriesDef {
  key: string;
  name: string;
  color: string;
  /** Dash pattern for the live line, so overlapping series stay visible. */
  dash?: string;
  /** Path charts: the point key of this series' x, and its name in the table. */
  xKey?: string;
  xName?: string;
}

export interface ChartDef {
  id: string;
  title: string;
  hint: string;
  source: 'eval' | 'step';
  percent: boolean;
  /**
   * 'line' (the default): series over steps or rollouts. 'stack': shares stacked to 100%.
   * 'path': each series' y against its own x key (KL), one point per evaluation.
   */
  kind?: 'line' | 'stack' | 'path';
  /** Shown only when a drawn run's records carry what the chart needs (worked-trace tasks); absent: always shown. */
  needs?: (run: RunData) => boolean;
  /** Another view of the same question, offered by a toggle in the card's header when a drawn run has its data. */
  alt?: { label: string; mainLabel: string; def: ChartDef };
  series(ks: number[], ctx: SeriesContext): SeriesDef[];
}

export interface SeriesContext {
  /** A noise correction is active: the learner trains on rewardUsed, not rewardObserved. */
  corrected: boolean;
  /** Trace style ids over the drawn runs' training rollouts, in stacking order (empty without traces). */
  styles: string[];
  /** The same over the drawn runs' held-out evaluation samples. */
  evalStyles: string[];
  /** A drawn run records trace-correctness of its training rollouts (traceTrue). */
  traced: boolean;
}

/** The run's evaluations carry trace-pass@k (worked-trace tasks); read from the seeds' own records, as the points are. */
export function hasTracePass(run: RunData): boolean {
  const last = run.evals[run.evals.length - 1];
  return !!last && seedRecords(last).every((r) => r.test.tracePassAtK !== undefined);
}

/** The run's training steps carry style shares (worked-trace tasks). */
export function hasStyles(run: RunData): boolean {
  return stepStyles(run.steps).length > 0;
}

/** The run's held-out evaluations carry style shares. */
export function hasEvalStyles(run: RunData): boolean {
  return evalStyles(run.evals).length > 0;
}

function hasTraceTrue(run: RunData): boolean {
  const last = run.steps[run.steps.length - 1];
  return !!last && seedRecords(last).some((r) => r.traceTrue !== undefined);
}

const K_COLORS = ['#2f9e44', '#e67700', '#c92a2a', '#7048e8', '#0c8599'];
const BLUE = '#1c64d6';

export const CHARTS: ChartDef[] = [
  {
    id: 'pass',
    title: 'Held-out pass@1 and pass@k',
    hint: 'pass@1 rising to meet a flat pass@k is compression; pass@k falling is collapse.',
    source: 'eval',
    percent: true,
    series: (ks) => [
      { key: 't1', name: 'pass@1', color: BLUE },
      ...ks.filter((k) => k > 1).map((k, i) => ({ key: `t${k}`, name: `pass@${k}`, color: K_COLORS[i % K_COLORS.length] })),
    ],
  },
  {
    id: 'reward',
    title: 'Training reward: observed vs true',
    hint: 'Observed is what the verifier paid; true is exact-match correctness of the same rollouts.',
    source: 'step',
    percent: true,
    series: (_ks, ctx) => [
      { key: 'rewardTrue', name: 'true', color: BLUE },
      { key: 'rewardObserved', name: 'observed (dashed)', color: '#e67700', dash: '5 4' },
      ...(ctx.corrected ? [{ key: 'rewardUsed', name: 'used after correction (dotted)', color: '#2f9e44', dash: '1 3' }] : []),
      ...(ctx.traced ? [{ key: 'traceTrue', name: 'whole trace right (dash-dot)', color: '#0c8599', dash: '7 3 1 3' }] : []),
    ],
  },
  {
    id: 'zerostd',
    title: 'Groups with zero reward spread',
    hint: 'All rewards equal: zero advantage, no gradient. False negatives turn groups with a few correct answers into all-rejected ones.',
    source: 'step',
    percent: true,
    series: () => [
      { key: 'fracZeroStd', name: 'zero-std fraction', color: '#495057' },
      { key: 'fracAllRejected', name: 'all rejected (dashed)', color: '#c92a2a', dash: '5 4' },
      { key: 'fracAllAccepted', name: 'all accepted (dotted)', color: '#2f9e44', dash: '1 3' },
    ],
  },
  {
    id: 'ood',
    title: 'Out-of-distribution pass@1',
    hint: 'Problems with one more digit than training.',
    source: 'eval',
    percent: true,
    series: () => [{ key: 'o1', name: 'OOD pass@1', color: '#7048e8' }],
  },
  {
    id: 'entropy',
    title: 'Entropy',
    hint: 'Mean per-token entropy of the policy on its rollouts.',
    source: 'step',
    percent: false,
    series: () => [{ key: 'entropy', name: 'entropy (nats)', color: '#0c8599' }],
  },
  {
    id: 'kl',
    title: 'KL to base model',
    hint: 'Mean per-token k3 estimate on the rollouts.',
    source: 'step',
    percent: false,
    series: () => [{ key: 'kl', name: 'KL', color: '#c92a2a' }],
  },
  {
    id: 'boundary',
    title: 'Collapse boundary: pass@1 vs KL to base',
    hint: 'Where do in-distribution gains stop transferring? Each evaluation is a point, each run a path out from the base model (hollow, at KL 0). '
      + 'Held-out still climbing while OOD flattens or falls marks the drift beyond which training gains stay in distribution.',
    source: 'eval',
    percent: true,
    kind: 'path',
    series: () => [
      { key: 't1', xKey: 'tkl', name: 'held-out pass@1', xName: 'held-out KL', color: BLUE },
      // Red, not the OOD chart's violet: violet is the first pin colour, and pinned runs share this chart.
      { key: 'o1', xKey: 'okl', name: 'OOD pass@1 (dashed)', xName: 'OOD KL', color: '#c92a2a', dash: '5 4' },
    ],
  },
  {
    id: 'tracePass',
    title: 'Final answer vs whole trace: pass@1 and trace-pass@1',
    hint: 'Trace-pass counts a sample only when its answer and every worked step are right. A gap that widens is the policy reaching right answers through wrong work, '
      + 'which a final-answer verifier pays for.',
    source: 'eval',
    percent: true,
    needs: hasTracePass,
    series: (ks) => [
      { key: 't1', name: 'pass@1 (answer)', color: BLUE },
      { key: 'tt1', name: 'trace-pass@1 (dashed)', color: BLUE, dash: '5 4' },
      ...ks.filter((k) => k > 1).flatMap((k, i) => [
        { key: `t${k}`, name: `pass@${k} (answer)`, color: K_COLORS[i % K_COLORS.length] },
        { key: `tt${k}`, name: `trace-pass@${k} (dashed)`, color: K_COLORS[i % K_COLORS.length], dash: '5 4' },
      ]),
    ],
  },
  {
    id: 'styles',
    title: 'Trace styles, training rollouts',
    hint: 'Does RL collapse onto one style? Each layer is the share of the step\'s rollouts written in one worked style. '
      + 'One layer swelling to fill the chart means the policy dropped the other correct routes to the answer.',
    source: 'step',
    percent: true,
    kind: 'stack',
    needs: hasStyles,
    series: (_ks, ctx) => ctx.styles.map((id, i) => ({ key: styleKey(id), name: styleLabel(id), color: styleColor(id, i) })),
    alt: {
      label: 'held-out samples',
      mainLabel: 'training rollouts',
      def: {
        id: 'styles',
        title: 'Trace styles, held-out samples',
        hint: 'Does RL collapse onto one style? Each layer is the share of an evaluation\'s held-out samples written in one worked style: '
          + 'the policy\'s habits on problems it never trains on, from the base model (step 0) on.',
        source: 'eval',
        percent: true,
        kind: 'stack',
        needs: hasEvalStyles,
        // Colours by the training view's order, so a style keeps its colour when the view flips.
        series: (_ks, ctx) => ctx.evalStyles.map((id) => ({ key: `t${styleKey(id)}`, name: styleLabel(id),
          color: styleColor(id, ctx.styles.includes(id) ? ctx.styles.indexOf(id) : ctx.styles.length + ctx.evalStyles.indexOf(id)) })),
      },
    },
  },
];

const NO_POINTS: Point[] = [];
const PIN_DASHES = ['6 3', '2 3', '10 3 2 3', '1 4', '4 4'];

function pointsOf(run: RunData, source: ChartDef['source'], smoothing: number): Point[] {
  return source === 'eval' ? evalPoints(run.evals) : stepPoints(run.steps, smoothing);
}

function runSeeds(run: RunData, source: ChartDef['source']): number {
  return seedCount(source === 'eval' ? run.evals : run.steps);
}

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
function useScales(xKey: XAxisKind): Scales | null {
  const sx = useXAxisScale();
  const sy = useYAxisScale();
  if (!sx || !sy) return null;
  return { sx: sx as ScaleFn, sy: sy as ScaleFn, xKey };
}

interface LayerProps {
  def: ChartDef;
  ks: number[];
  /** Memoised in Charts, so the layers' memo holds across batches. */
  ctx: SeriesContext;
  xAxis: XAxisKind;
  /** EMA weight for this chart (0 for evaluation charts). */
  smoothing: number;
}

/**
 * Pinned runs and the previous run. Memoised: re-rendered only when they, the axes or the
 * view change, never for a batch of the live run. They draw their mean and band; "Show
 * each seed" is for the live run (each seed of every run is a thicket).
 */
const BackLayer = memo(function BackLayer({ def, ks, ctx, xAxis, smoothing, ghost, pinned, fillBack }: LayerProps & { ghost: RunData | null; pinned: RunData[]; fillBack: boolean }) {
  const scales = useScales(xAxis);
  if (!scales) return null;
  const { sx, sy } = scales;
  const series = def.series(ks, ctx);
  const under: ReactElement[] = [];
  const lines: ReactElement[] = [];
  if (def.kind === 'stack' || def.kind === 'path') {
    // While the live run has no shares, the previous run (else the first pinned one with shares) fills its layers.
    const filled = fillBack ? [ghost, ...pinned].find((r) => r && (!def.needs || def.needs(r))) ?? null : null;
    const draw = (role: Role, run: RunData, pinColor: string | null, pi: number) => {
      const pts = pointsOf(run, def.source, smoothing);
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
    const pts = pointsOf(run, def.source, smoothing);
    const seeds = runSeeds(run, def.source);
    series.forEach((s, si) => {
      underlays(under, 'pin', run.id, pts, s.key, run.color, def.percent, seeds, false, false, scales);
      lines.push(<Curve key={`pin-${run.id}-${s.key}`} className="pin-line" d={linePath(pts, xAxis, s.key, sx, sy)} color={run.color} width={1.6}
        opacity={0.85} dash={si === 0 ? undefined : PIN_DASHES[(si - 1 + pi) % PIN_DASHES.length]} />);
    });
  });
  if (ghost) {
    const pts = pointsOf(ghost, def.source, smoothing);
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
const LiveLayer = memo(function LiveLayer({ def, ks, ctx, xAxis, smoothing, showSeeds, target }: LayerProps & { showSeeds: boolean; target: SVGSVGElement | null }) {
  const live = useStore((s) => s.live);
  const scales = useScales(xAxis);
  // A trace chart shown for a previous or pinned run: a live run without traces draws nothing on it.
  if (!scales || !live || !target || (def.needs && !def.needs(live))) return null;
  const { sx, sy } = scales;
  const pts = pointsOf(live, def.source, smoothing);
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

/** The hover handler: x and y under the pointer in data units (x null on leave), and the pointer's x in pixels. */
type OnHover = (x: number | null, y: number, px: number) => void;

/** Invert a linear scale from two of its values: the data value at pixel `p`. */
function invert(scale: ScaleFn, p: number): number {
  const a = scale(0);
  const b = scale(1);
  if (a === undefined || b === undefined || b === a) return NaN;
  return (p - a) / (b - a);
}

/** A transparent rect over the plot area that reports the point under the pointer (data units), or null on leave. */
function HoverCatcher({ onHover }: { onHover: OnHover }) {
  const area = usePlotArea();
  const sx = useXAxisScale();
  const sy = useYAxisScale();
  if (!area || !sx || !sy) return null;
  const move = (e: MouseEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const pxX = area.x + e.clientX - box.left;
    const pxY = area.y + e.clientY - box.top;
    const v = invert(sx as ScaleFn, pxX);
    onHover(Number.isFinite(v) ? v : null, invert(sy as ScaleFn, pxY), pxX);
  };
  return <rect className="hover-catcher" x={area.x} y={area.y} width={Math.max(0, area.width)} height={Math.max(0, area.height)} fill="transparent"
    onMouseMove={move} onMouseLeave={() => onHover(null, NaN, 0)} />;
}

interface FrameProps extends LayerProps {
  xMax: number;
  /** Path charts: the x ticks joined with commas (the last is the axis maximum); empty for step/rollout axes. */
  xTicksKey: string;
  /** Stacked charts: the live run has no shares, so a back run fills its layers. */
  fillBack: boolean;
  /** The y ticks joined with commas (a string, so the memo sees equal ticks as equal). */
  yTicksKey: string;
  compactAxis: boolean;
  showSeeds: boolean;
  ghost: RunData | null;
  pinned: RunData[];
  onHover: OnHover;
  /** The overlay SVG the live layer draws into. */
  liveSvg: SVGSVGElement | null;
}

/** Gives recharts' axes something to span (it draws no axes on a chart with no data). */
const axisData = new Map<string, Point[]>();
function frameData(xAxis: XAxisKind, xMax: number, yMax: number): Point[] {
  const id = `${xAxis}|${xMax}|${yMax}`;
  let d = axisData.get(id);
  if (!d) {
    if (axisData.size > 200) axisData.clear();
    d = [{ step: 0, rollouts: 0, frameX: 0, frameY: 0 }, { step: xMax, rollouts: xMax, frameX: xMax, frameY: yMax }];
    axisData.set(id, d);
  }
  return d;
}

/** One chart: recharts' frame (axes, grid) with the run layers inside. Memoised on the axes and the runs that are not live. */
const Frame = memo(function Frame(props: FrameProps) {
  const { def, xAxis, xMax, xTicksKey, yTicksKey, ghost, pinned, showSeeds, onHover, liveSvg, fillBack } = props;
  const yTicks = yTicksKey.split(',').map(Number);
  const xTicks = xTicksKey ? xTicksKey.split(',').map(Number) : undefined;
  const layer: LayerProps = { def: props.def, ks: props.ks, ctx: props.ctx, xAxis, smoothing: props.smoothing };
  return (
    <ResponsiveContainer width="100%" height="100%" minWidth={100}>
      <ComposedChart data={frameData(xAxis, xMax, yTicks[yTicks.length - 1])} margin={{ top: 8, right: 12, bottom: 2, left: 0 }}>
        <CartesianGrid stroke="#e9ecef" strokeDasharray="3 3" />
        {xTicks
          ? <XAxis type="number" dataKey="frameX" domain={[0, xTicks[xTicks.length - 1]]} ticks={xTicks} interval={0} tickFormatter={compact} height={30}
            tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" />
          : <XAxis type="number" dataKey={xAxis} domain={[0, xMax]} allowDecimals={false} tickFormatter={compact} height={30}
            tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" tickCount={6} />}
        <YAxis type="number" dataKey="frameY" domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} interval={0} tickFormatter={def.percent ? pct : compact}
          tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" width={42} />
        <BackLayer {...layer} ghost={ghost} pinned={pinned} fillBack={fillBack} />
        <LiveLayer {...layer} showSeeds={showSeeds} target={liveSvg} />
        <HoverCatcher onHover={onHover} />
      </ComposedChart>
    </ResponsiveContainer>
  );
});

const pct = (v: number) => `${Math.round(v * 100)}%`;

export function expectedRollouts(s: Settings): number {
  return s.steps * s.promptsPerStep * s.rolloutsPerPrompt;
}

/** A round tick step (1, 2 or 5 times a power of ten) at least `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw * 0.999999) return m * p;
  return 10 * p;
}

/** Round ticks from 0 to at least `max` in about `intervals` steps (the last tick is the axis maximum). */
export function niceTicks(max: number, intervals = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 0.5, 1];
  const step = niceStep(max / intervals);
  const n = Math.max(1, Math.ceil(max / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(6)));
}

function seriesMax(runs: Point[][], keys: string[]): number {
  let m = 0;
  for (const pts of runs) for (const p of pts) for (const k of keys) {
    const v = p[k];
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m;
}

function compact(v: number): string {
  if (Math.abs(v) >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (Math.abs(v) >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

interface ChartCardProps {
  def: ChartDef;
  /** The live run's points for this chart's source; the same array until new records of that kind arrive. */
  livePts: Point[];
  /** Seeds behind the live run's points (1 = no band). */
  liveSeeds: number;
  liveStatus: RunData['status'] | null;
  ghost: RunData | null;
  pinned: RunData[];
  xAxis: XAxisKind;
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
}

/** One run's row in the hover tooltip. */
interface HoverRow {
  id: string;
  label: string;
  color: string;
  at: number;
  values: { name: string; text: string }[];
}

function fmtValue(v: number, percent: boolean): string {
  if (!Number.isFinite(v)) return '–';
  return percent ? `${(v * 100).toFixed(1)}` : v < 0.01 ? v.toPrecision(2) : v.toFixed(3);
}

const cleanName = (name: string) => name.replace(/ \((dashed|dotted|dash-dot)\)$/, '');

/** A point's value of `key` as mean ± SE (or the plain value of a single-seed run), with % for percent values. */
function meanText(p: Point, key: string, percent: boolean): string {
  const se = (p[hiKey(key)] - p[loKey(key)]) / 2;
  const unit = percent ? '%' : '';
  return Number.isFinite(se) ? `${fmtValue(p[key], percent)} ± ${fmtValue(se, percent)}${unit}` : `${fmtValue(p[key], percent)}${unit}`;
}

interface HoverRun {
  id: string;
  label: string;
  color: string;
  pts: Point[];
}

/** Mean ± SE (or the mean of a single-seed run) of each series at the run's point nearest to `x`. */
function hoverRows(x: number, xKey: XAxisKind, xMax: number, runs: HoverRun[], series: SeriesDef[], percent: boolean): HoverRow[] {
  const rows: HoverRow[] = [];
  for (const r of runs) {
    const p = nearestPoint(r.pts, xKey, x, xMax * 0.02);
    if (!p) continue;
    const values = series.filter((s) => Number.isFinite(p[s.key])).map((s) => ({ name: cleanName(s.name), text: meanText(p, s.key, percent) }));
    if (values.length) rows.push({ id: r.id, label: r.label, color: r.color, at: p[xKey], values });
  }
  return rows;
}

/** What a point of a path chart stands for: which run, which series, which evaluation. */
interface PathRef {
  run: HoverRun;
  series: SeriesDef;
  p: Point;
}

/** Every drawn point of a path chart, for the nearest-point hover. */
function pathCandidates(runs: readonly HoverRun[], series: readonly SeriesDef[]): PathHit<PathRef>[] {
  const out: PathHit<PathRef>[] = [];
  for (const run of runs) for (const s of series) {
    if (!s.xKey) continue;
    for (const p of run.pts) out.push({ x: p[s.xKey], y: p[s.key], ref: { run, series: s, p } });
  }
  return out;
}

/** Largest value of the path chart's x keys over the drawn runs, and the live run's SE crosses (only it draws them). */
function pathXMax(live: Point[], others: Point[][], series: readonly SeriesDef[]): number {
  const xs = series.flatMap((s) => (s.xKey ? [s.xKey] : []));
  return Math.max(seriesMax([live, ...others], xs), seriesMax([live], xs.map(hiKey)));
}

/** Over recharts' SVG, the same size and origin, its own compositing layer; clicks and hovers pass through. */
const LIVE_SVG_STYLE = { position: 'absolute', left: 0, top: 0, width: '100%', height: '100%', pointerEvents: 'none', overflow: 'visible', willChange: 'transform' } as const;

const TOOLTIP_STYLE = {
  position: 'absolute', top: 4, zIndex: 2, pointerEvents: 'none', background: 'rgba(255,255,255,0.95)', border: '1px solid #ced4da',
  borderRadius: 4, padding: '4px 7px', fontSize: 11, lineHeight: 1.35, boxShadow: '0 1px 4px rgba(0,0,0,0.12)', maxWidth: 260, whiteSpace: 'nowrap',
} as const;

const Swatch = ({ color }: { color: string }) => (
  <span className="swatch" style={{ background: color, display: 'inline-block', width: 8, height: 8, borderRadius: 2, marginRight: 4 }} />
);
const short = (label: string) => (label.length > 28 ? `${label.slice(0, 27)}…` : label);

const ChartCard = memo(function ChartCard({ def: mainDef, livePts: mainPts, liveSeeds, liveStatus, ghost, pinned, xAxis, xMax, ks, ctx, smoothing, showSeeds, height, showHint, compactAxis, absent, altPts }: ChartCardProps) {
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
  const otherPts = others.map((r) => pointsOf(r, def.source, w));
  const anyData = livePts.length > 0 || otherPts.some((p) => p.length > 0);

  const intervals = compactAxis ? 2 : 4;
  const maxKeys = series.flatMap((x) => [x.key, hiKey(x.key), ...(w > 0 ? [rawKey(x.key)] : [])]);
  const seedKeys = showSeeds ? series.flatMap((x) => Array.from({ length: liveSeeds }, (_, i) => seedKey(x.key, i))) : [];
  const yTicks = def.percent
    ? (compactAxis ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1])
    : niceTicks(Math.max(seriesMax([livePts, ...otherPts], maxKeys), seriesMax([livePts], seedKeys)), intervals);
  // Path charts span their own x (KL): round ticks up to the furthest point of any drawn run.
  const xTicks = path ? niceTicks(Math.max(pathXMax(livePts, otherPts, series),
    showSeeds ? seriesMax([livePts], series.flatMap((s) => Array.from({ length: liveSeeds }, (_, i) => seedKey(s.xKey ?? '', i)))) : 0), intervals) : null;
  const frameXMax = xTicks ? xTicks[xTicks.length - 1] : xMax;
  const banded = !path && !stack && (liveSeeds > 1 || others.some((r) => runSeeds(r, def.source) > 1));
  // A live run without shares (Charts gives it no points here): a back run fills the stack.
  const fillBack = stack && livePts.length === 0;

  let tip: ReactElement | null = null;
  if (hover && anyData) {
    const runs: HoverRun[] = [
      { id: 'live', label: 'this run', color: series[0]?.color ?? BLUE, pts: livePts },
      ...(ghostShown ? [{ id: 'ghost', label: 'previous', color: '#868e96', pts: pointsOf(ghostShown, def.source, w) }] : []),
      ...pinned.map((r) => ({ id: `pin-${r.id}`, label: `pinned: ${r.label}`, color: r.color, pts: pointsOf(r, def.source, w) })),
    ];
    const width = ref.current?.clientWidth ?? 0;
    const side = hover.px > width / 2 ? { right: Math.max(0, width - hover.px + 10) } : { left: hover.px + 10 };
    if (path) {
      const hit = nearestOnPaths(pathCandidates(runs, series), hover.x, hover.y, frameXMax, 1);
      if (hit) {
        const { run, series: s, p } = hit.ref;
        tip = (
          <div className="chart-tooltip" role="status" data-testid={`tooltip-${def.id}`} style={{ ...TOOLTIP_STYLE, ...side }}>
            <div style={{ color: '#5c6773' }}>step {compact(p.step)}{p.step === 0 ? ' (base model)' : ''}</div>
            <div className="tooltip-run" data-run={run.id}>
              <Swatch color={run.id === 'live' || run.id === 'ghost' ? s.color : run.color} />
              <b style={{ fontWeight: 600 }}>{short(run.label)}</b>
              <div style={{ paddingLeft: 12 }}>{cleanName(s.name)}: {meanText(p, s.key, true)}</div>
              <div style={{ paddingLeft: 12 }}>KL to base: {meanText(p, s.xKey!, false)}</div>
            </div>
          </div>
        );
      }
    } else {
      const rows = hoverRows(hover.x, xAxis, xMax, runs, series, def.percent);
      if (rows.length) {
        tip = (
          <>
            <div className="chart-cursor" style={{ position: 'absolute', top: 8, bottom: 32, left: hover.px, width: 0, borderLeft: '1px solid #adb5bd', pointerEvents: 'none' }} />
            <div className="chart-tooltip" role="status" data-testid={`tooltip-${def.id}`} style={{ ...TOOLTIP_STYLE, ...side }}>
              <div style={{ color: '#5c6773' }}>{xAxis === 'step' ? 'step' : 'rollouts'} {compact(rows[0].at)}</div>
              {rows.map((r) => (
                <div key={r.id} className="tooltip-run" data-run={r.id}>
                  <Swatch color={r.color} />
                  <b style={{ fontWeight: 600 }}>{short(r.label)}</b>
                  {r.at !== rows[0].at && <span style={{ color: '#868e96' }}> @{compact(r.at)}</span>}
                  {r.values.map((v) => <div key={v.name} style={{ paddingLeft: 12 }}>{v.name}: {v.text}</div>)}
                </div>
              ))}
            </div>
          </>
        );
      }
    }
  }

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
              : liveStatus === null || liveStatus === 'idle' ? 'Press Run to start training.'
                : liveStatus === 'error' || liveStatus === 'crashed' ? 'No data: the run stopped.'
                  : def.source === 'eval' ? 'Waiting for the first evaluation…' : 'Waiting for the first step…'}
          </div>
        )}
        <Frame def={def} ks={ks} ctx={ctx} xAxis={xAxis} xMax={frameXMax} xTicksKey={xTicks ? xTicks.join(',') : ''} yTicksKey={yTicks.join(',')} compactAxis={compactAxis}
          smoothing={w} showSeeds={showSeeds} ghost={ghostShown} pinned={pinned} onHover={onHover} liveSvg={liveSvg} fillBack={fillBack} />
        <svg ref={setLiveSvg} className="chart-live-svg" aria-hidden="true" style={LIVE_SVG_STYLE} />
        {tip}
        {table && <ChartTable id={`chart-table-${def.id}`} title={def.title} points={livePts} series={tableSeries} percent={def.percent} seeds={liveSeeds}
          smoothing={w} xAxis={path ? 'step' : xAxis} />}
      </div>
      {showHint && <p className="chart-hint">{def.hint}</p>}
      {def.id === 'pass' && showHint && <PassVerdict />}
    </section>
  );
});

const NO_STYLES: string[] = [];

/**
 * `height` in pixels per chart; leave it out to let CSS size the charts (the embed layout
 * does). Charts that need worked-trace records are left out while no drawn run has them,
 * unless `showAbsent` (an embed that names them: it shows why they are empty).
 */
export function Charts({ ids, height, showHints = true, compact = false, showAbsent = false }: { ids?: string[]; height?: number; showHints?: boolean; compact?: boolean; showAbsent?: boolean }) {
  const live = useStore((s) => s.live);
  const ghost = useStore((s) => s.ghost);
  const pinned = useStore((s) => s.pinned);
  const xAxis = useStore((s) => s.xAxis);
  const passKs = useStore((s) => s.passKs);
  const settings = useStore((s) => s.settings);
  const smoothing = useStore((s) => s.smoothing);
  const showSeeds = useStore((s) => s.showSeeds);

  const ref = live?.settings ?? settings;
  const runs = [live, ghost, ...pinned].filter((r): r is RunData => !!r);
  let xMax = xAxis === 'step' ? ref.steps : expectedRollouts(ref);
  for (const r of runs) {
    const lastStep = r.steps[r.steps.length - 1];
    const lastEval = r.evals[r.evals.length - 1];
    for (const rec of [lastStep, lastEval]) if (rec) xMax = Math.max(xMax, xAxis === 'step' ? rec.step : rec.rollouts);
  }
  // Joined into strings so the context (and the memoised layers) change only when they do.
  const stylesKey = runs.length ? orderStyles(runs.flatMap((r) => stepStyles(r.steps))).join('\u0000') : '';
  const evalStylesKey = runs.length ? orderStyles(runs.flatMap((r) => evalStyles(r.evals))).join('\u0000') : '';
  const traced = runs.some(hasTraceTrue);
  const corrected = ref.correction !== 'none';
  const ctx = useMemo<SeriesContext>(() => ({
    corrected, traced, styles: stylesKey ? stylesKey.split('\u0000') : NO_STYLES, evalStyles: evalStylesKey ? evalStylesKey.split('\u0000') : NO_STYLES,
  }), [corrected, traced, stylesKey, evalStylesKey]);
  const defs = (ids ? CHARTS.filter((c) => ids.includes(c.id)) : CHARTS).filter((c) => showAbsent || !c.needs || runs.some(c.needs));
  return (
    <div className="charts">
      {defs.map((def) => {
        // A trace chart takes nothing from a live run without traces (its points, table and hover are the other runs').
        const liveOn = !!live && (!def.needs || def.needs(live));
        const alt = def.alt;
        const altPts = alt && runs.some(alt.def.needs ?? (() => true)) ? (live && (!alt.def.needs || alt.def.needs(live)) ? evalPoints(live.evals) : NO_POINTS) : null;
        return <ChartCard key={def.id} def={def} altPts={altPts} livePts={liveOn ? pointsOf(live, def.source, def.source === 'step' ? smoothing : 0) : NO_POINTS}
          liveSeeds={liveOn ? runSeeds(live, def.source) : 0} smoothing={def.source === 'step' ? smoothing : 0} showSeeds={showSeeds} liveStatus={live?.status ?? null}
          ghost={ghost} pinned={pinned} xAxis={xAxis} xMax={xMax} absent={!!def.needs && !runs.some(def.needs)}
          ks={passKs} ctx={ctx} height={height} showHint={showHints} compactAxis={compact} />;
      })}
    </div>
  );
}
