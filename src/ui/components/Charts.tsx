// Live charts. Each chart overlays the live run (solid), the previous run (same
// colours, faint) and any pinned runs (their pin colour, dashed per series). A
// multi-seed run draws its mean over seeds as the line with a shaded band of one
// standard error (lighter for the previous and pinned runs), and optionally each seed as
// a thin line. Step charts can be smoothed (EMA), the live run's raw values faint behind.
// The x-axis is training steps or rollouts spent. Animations are off: the worker pushes a
// few batches per second and each render should be cheap.
import { memo, useRef, useState, type ReactElement } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Settings } from '../../engine/settings';
import { download, fileStamp, svgToPng } from '../export';
import { evalPoints, hiKey, loKey, rawKey, seedCount, seedKey, stepPoints, type Point } from '../series';
import { useStore, type RunData, type XAxis as XAxisKind } from '../store';

interface SeriesDef {
  key: string;
  name: string;
  color: string;
  /** Dash pattern for the live line, so overlapping series stay visible. */
  dash?: string;
}

export interface ChartDef {
  id: string;
  title: string;
  hint: string;
  source: 'eval' | 'step';
  percent: boolean;
  series(ks: number[], ctx: SeriesContext): SeriesDef[];
}

export interface SeriesContext {
  /** A noise correction is active: the learner trains on rewardUsed, not rewardObserved. */
  corrected: boolean;
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
 * The band's [low, high] accessor for a key (one function per key and chart kind, so props
 * stay stable between renders). Display only: every charted quantity is non-negative and the
 * percent ones are at most 1, so the band is clipped to the axis instead of stretching it.
 */
const bandAccessors = new Map<string, (p: Point) => [number, number]>();
function bandOf(key: string, percent: boolean): (p: Point) => [number, number] {
  const id = `${key}|${percent}`;
  let f = bandAccessors.get(id);
  if (!f) {
    const lo = loKey(key);
    const hi = hiKey(key);
    f = (p: Point) => [Math.max(0, p[lo]), percent ? Math.min(1, p[hi]) : p[hi]];
    bandAccessors.set(id, f);
  }
  return f;
}

type Role = 'live' | 'ghost' | 'pin';
const BAND_OPACITY: Record<Role, number> = { live: 0.2, ghost: 0.08, pin: 0.1 };
const SEED_OPACITY: Record<Role, number> = { live: 0.55, ghost: 0.2, pin: 0.35 };

/** Band (multi-seed), faint raw line (smoothed live step series) and per-seed lines of one series of one run. */
function underlays(out: ReactElement[], role: Role, runId: number, pts: Point[], key: string, color: string, percent: boolean,
  seeds: number, showSeeds: boolean, raw: boolean): void {
  const id = `${role}-${runId}-${key}`;
  if (seeds > 1) {
    out.push(
      <Area key={`band-${id}`} className={`band band-${role}`} data={pts} dataKey={bandOf(key, percent)} stroke="none" fill={color}
        fillOpacity={BAND_OPACITY[role]} dot={false} activeDot={false} isAnimationActive={false} connectNulls legendType="none" />,
    );
  }
  if (raw) {
    out.push(
      <Line key={`raw-${id}`} className="raw-line" data={pts} dataKey={rawKey(key)} stroke={color} strokeWidth={1} strokeOpacity={0.22}
        dot={false} activeDot={false} isAnimationActive={false} connectNulls legendType="none" />,
    );
  }
  if (showSeeds && seeds > 1) {
    for (let i = 0; i < seeds; i++) {
      out.push(
        <Line key={`seed-${id}-${i}`} className={`seed-line seed-line-${role}`} data={pts} dataKey={seedKey(key, i)} stroke={color}
          strokeWidth={0.8} strokeOpacity={SEED_OPACITY[role]} dot={false} activeDot={false} isAnimationActive={false} connectNulls legendType="none" />,
      );
    }
  }
}

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
  liveId: number | null;
  ghost: RunData | null;
  pinned: RunData[];
  xAxis: XAxisKind;
  xMax: number;
  ks: number[];
  corrected: boolean;
  /** EMA weight for step charts (0 = raw). */
  smoothing: number;
  showSeeds: boolean;
  height: number | undefined;
  showHint: boolean;
  compactAxis: boolean;
}

interface PlotProps {
  def: ChartDef;
  ks: number[];
  corrected: boolean;
  xAxis: XAxisKind;
  xMax: number;
  /** The y ticks joined with commas (a string, so the memo sees equal ticks as equal). */
  yTicksKey: string;
  compactAxis: boolean;
  smoothing: number;
  /** Axes and grid drawn (the back layer) or kept only for their size (the live layer on top). */
  withAxes: boolean;
  children?: ReactElement[];
}

/** One recharts chart. The back layer holds the axes, the grid and the runs that do not change while training. */
function Plot({ def, xAxis, xMax, yTicksKey, withAxes, children }: PlotProps) {
  const yTicks = yTicksKey.split(',').map(Number);
  const tickFill = withAxes ? '#5c6773' : 'transparent';
  return (
    <ResponsiveContainer width="100%" height="100%" minWidth={100}>
      <ComposedChart margin={{ top: 8, right: 12, bottom: 2, left: 0 }}>
        {withAxes && <CartesianGrid stroke="#e9ecef" strokeDasharray="3 3" />}
        <XAxis type="number" dataKey={xAxis} domain={[0, xMax]} allowDecimals={false} tickFormatter={compact} height={30}
          tick={{ fontSize: 11, fill: tickFill }} stroke={withAxes ? '#ced4da' : 'transparent'} tickCount={6} />
        <YAxis type="number" domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} interval={0} tickFormatter={def.percent ? (v: number) => `${Math.round(v * 100)}%` : compact}
          tick={{ fontSize: 11, fill: tickFill }} stroke={withAxes ? '#ced4da' : 'transparent'} width={42} />
        {children}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

interface BackProps extends Omit<PlotProps, 'withAxes' | 'children'> {
  ghost: RunData | null;
  pinned: RunData[];
}

/**
 * Pinned runs and the previous run: re-rendered only when they, the axes or the view change,
 * never for a batch of the live run (which draws on its own layer on top). They draw their
 * mean and band; "Show each seed" is for the live run (each seed of every run is a thicket).
 */
const BackLayer = memo(function BackLayer(props: BackProps) {
  const { def, ks, corrected, smoothing, ghost, pinned } = props;
  const series = def.series(ks, { corrected });
  const w = def.source === 'step' ? smoothing : 0;
  const under: ReactElement[] = [];
  const lines: ReactElement[] = [];
  pinned.forEach((run, pi) => {
    const pts = pointsOf(run, def.source, w);
    const seeds = runSeeds(run, def.source);
    series.forEach((s, si) => {
      underlays(under, 'pin', run.id, pts, s.key, run.color, def.percent, seeds, false, false);
      lines.push(
        <Line key={`pin-${run.id}-${s.key}`} className="pin-line" data={pts} dataKey={s.key} name={`${s.name} (pinned)`} stroke={run.color}
          strokeWidth={1.6} strokeOpacity={0.85} strokeDasharray={si === 0 ? undefined : PIN_DASHES[(si - 1 + pi) % PIN_DASHES.length]}
          dot={false} activeDot={false} isAnimationActive={false} connectNulls />,
      );
    });
  });
  if (ghost) {
    const pts = pointsOf(ghost, def.source, w);
    const seeds = runSeeds(ghost, def.source);
    for (const s of series) {
      underlays(under, 'ghost', ghost.id, pts, s.key, s.color, def.percent, seeds, false, false);
      lines.push(
        <Line key={`ghost-${ghost.id}-${s.key}`} className="ghost-line" data={pts} dataKey={s.key} name={`${s.name} (previous)`} stroke={s.color}
          strokeWidth={2} strokeOpacity={0.25} dot={false} activeDot={false} isAnimationActive={false} connectNulls />,
      );
    }
  }
  // recharts draws no axes on a chart without items: the live layer draws them while this one is empty.
  const drawn = [...pinned, ...(ghost ? [ghost] : [])].some((r) => pointsOf(r, def.source, w).length > 0);
  return <Plot {...props} withAxes={drawn}>{[...under, ...lines]}</Plot>;
});

const ChartCard = memo(function ChartCard({ def, livePts, liveSeeds, liveStatus, liveId, ghost, pinned, xAxis, xMax, ks, corrected, smoothing, showSeeds, height, showHint, compactAxis }: ChartCardProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const series = def.series(ks, { corrected });
  const w = def.source === 'step' ? smoothing : 0;
  const ghostShown = ghost && !pinned.some((p) => p.id === ghost.id) ? ghost : null;
  const others = [...pinned, ...(ghostShown ? [ghostShown] : [])];
  const otherPts = others.map((r) => pointsOf(r, def.source, w));
  const anyData = livePts.length > 0 || otherPts.some((p) => p.length > 0);

  // The live run on its own layer: band, raw line, seed lines, then the mean line.
  const live: ReactElement[] = [];
  const liveLines: ReactElement[] = [];
  if (liveId !== null) {
    for (const s of series) {
      underlays(live, 'live', liveId, livePts, s.key, s.color, def.percent, liveSeeds, showSeeds, w > 0);
      liveLines.push(
        <Line key={`live-${liveId}-${s.key}`} className="live-line" data={livePts} dataKey={s.key} name={s.name} stroke={s.color}
          strokeWidth={2} strokeDasharray={s.dash} dot={def.source === 'eval' && livePts.length <= 12 ? { r: 2.5, strokeWidth: 0, fill: s.color } : false} activeDot={false}
          isAnimationActive={false} connectNulls />,
      );
    }
  }

  const intervals = compactAxis ? 2 : 4;
  const maxKeys = series.flatMap((x) => [x.key, hiKey(x.key), ...(w > 0 ? [rawKey(x.key)] : [])]);
  const seedKeys = showSeeds ? series.flatMap((x) => Array.from({ length: liveSeeds }, (_, i) => seedKey(x.key, i))) : [];
  const yTicks = def.percent
    ? (compactAxis ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1])
    : niceTicks(Math.max(seriesMax([livePts, ...otherPts], maxKeys), seriesMax([livePts], seedKeys)), intervals);
  const banded = liveSeeds > 1 || others.some((r) => runSeeds(r, def.source) > 1);
  const plot = { def, ks, corrected, xAxis, xMax, yTicksKey: yTicks.join(','), compactAxis, smoothing: w };

  const savePng = async () => {
    const [svg, ...layers] = [...(ref.current?.querySelectorAll<SVGSVGElement>('svg.recharts-surface') ?? [])];
    if (!svg) return;
    setBusy(true);
    try {
      const blob = await svgToPng(svg, def.title, layers);
      download(`rlvr-${def.id}-${fileStamp()}.png`, blob);
    } catch (e) {
      useStore.getState().addNotice('error', 'Could not export the chart', [(e as Error).message]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="chart-card" data-chart={def.id} data-points={livePts.length} aria-label={def.title}>
      <header className="chart-head">
        <h3>{def.title}</h3>
        <button type="button" className="btn btn-ghost btn-small" onClick={savePng} disabled={!anyData || busy}
          title="Download this chart as PNG" aria-label={`Download ${def.title} as PNG`}>
          PNG
        </button>
      </header>
      <ul className="chart-legend" aria-label="Series">
        {series.map((s) => (
          <li key={s.key}><span className="swatch" style={{ background: s.color }} />{s.name}</li>
        ))}
        {banded && <li className="legend-note" title="Lines are the mean over seeds; the shaded band is plus/minus one standard error across seeds">band: ±1 SE over seeds</li>}
        {w > 0 && <li className="legend-note" title="Exponential moving average (TensorBoard-style, debiased); the faint line is the raw mean">smoothed {w.toFixed(2)}</li>}
      </ul>
      <div className="chart-body" ref={ref} style={height ? { height } : undefined}>
        {!anyData && (
          <div className="chart-empty">
            {liveStatus === null || liveStatus === 'idle' ? 'Press Run to start training.'
              : liveStatus === 'error' || liveStatus === 'crashed' ? 'No data: the run stopped.'
                : def.source === 'eval' ? 'Waiting for the first evaluation…' : 'Waiting for the first step…'}
          </div>
        )}
        <BackLayer {...plot} ghost={ghostShown} pinned={pinned} />
        <div className="chart-live-layer">
          <Plot {...plot} withAxes={!otherPts.some((p) => p.length > 0)}>{[...live, ...liveLines]}</Plot>
        </div>
      </div>
      {showHint && <p className="chart-hint">{def.hint}</p>}
    </section>
  );
});

/** `height` in pixels per chart; leave it out to let CSS size the charts (the embed layout does). */
export function Charts({ ids, height, showHints = true, compact = false }: { ids?: string[]; height?: number; showHints?: boolean; compact?: boolean }) {
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
  const defs = ids ? CHARTS.filter((c) => ids.includes(c.id)) : CHARTS;
  return (
    <div className="charts">
      {defs.map((def) => (
        <ChartCard key={def.id} def={def} livePts={live ? pointsOf(live, def.source, def.source === 'step' ? smoothing : 0) : NO_POINTS}
          liveSeeds={live ? runSeeds(live, def.source) : 0} smoothing={def.source === 'step' ? smoothing : 0} showSeeds={showSeeds} liveStatus={live?.status ?? null}
          liveId={live?.id ?? null} ghost={ghost} pinned={pinned} xAxis={xAxis} xMax={xMax}
          ks={passKs} corrected={ref.correction !== 'none'} height={height} showHint={showHints} compactAxis={compact} />
      ))}
    </div>
  );
}
