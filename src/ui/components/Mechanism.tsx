// "The mechanism on screen" (../shared/regimes.md): where per-prompt success sits relative
// to 0.5 (held-out problems at the latest evaluation, training groups over the last steps),
// and per step why noise hurts: the share of flipped rewards that became their group's
// lone minority outcome, their |advantage|, and how diverse the wrong answers are.
// Histograms are drawn as plain SVG; the step charts use recharts like the other charts.
import { memo, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { EvalRecord, StepRecord } from '../../engine/types';
import { pct } from '../../experiments/format';
import {
  GROUP_WINDOW, evalHistogram, formatShare, groupHistogram, mechanismPoints, type MechPoint, type SuccessHistogram,
} from '../mechanism';
import { useStore, type RunData } from '../store';

const BELOW = '#e67700';
const ABOVE = '#1c64d6';

/** Round percent ticks (whole percents) from 0 up to at least `max`. */
function shareTicks(max: number): number[] {
  const scales: [number, number][] = [[0.1, 0.05], [0.2, 0.05], [0.3, 0.1], [0.4, 0.1], [0.5, 0.1], [0.6, 0.2], [0.8, 0.2], [1, 0.25]];
  const [top, step] = scales.find(([t]) => t >= max - 1e-9) ?? [1, 0.25];
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => Number((i * step).toFixed(4)));
}

const W = 360;
const H = 172;
const M = { l: 38, r: 10, t: 10, b: 30 };

/** Bars of the share of problems per success c/n; outlined bars for the previous run; a line at 0.5. */
function HistogramSvg({ hist, ghost, label, unit }: { hist: SuccessHistogram | null; ghost: SuccessHistogram | null; label: string; unit: 'problem' | 'group' }) {
  const shown = hist ?? ghost;
  if (!shown) return null;
  const n = shown.n;
  const lo = -0.5 / n;
  const hi = 1 + 0.5 / n;
  const pw = W - M.l - M.r;
  const ph = H - M.t - M.b;
  const X = (x: number) => M.l + ((x - lo) / (hi - lo)) * pw;
  const max = Math.max(0, ...(hist?.bins.map((b) => b.share + b.se) ?? []), ...(ghost?.bins.map((b) => b.share) ?? []));
  const ticks = shareTicks(max);
  const top = ticks[ticks.length - 1];
  const Y = (y: number) => M.t + ph - (Math.min(y, top) / top) * ph;
  const bw = (pw / (n + 1)) * 0.78;
  const gw = (pw / (ghost ? ghost.n + 1 : 1)) * 0.78;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="hist-svg" role="img" aria-label={label}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={M.l} x2={W - M.r} y1={Y(t)} y2={Y(t)} stroke="#e9ecef" strokeDasharray="3 3" />
          <text x={M.l - 5} y={Y(t) + 3.5} textAnchor="end" className="hist-tick">{Math.round(t * 100)}%</text>
        </g>
      ))}
      {[0, 0.25, 0.5, 0.75, 1].map((x) => (
        <text key={x} x={X(x)} y={H - M.b + 14} textAnchor="middle" className="hist-tick">{x}</text>
      ))}
      <text x={M.l + pw / 2} y={H - 3} textAnchor="middle" className="hist-axis">success rate per {unit}: c correct of {unit === 'group' ? 'K' : 'n'} = {n}</text>
      <line x1={M.l} x2={W - M.r} y1={Y(0)} y2={Y(0)} stroke="#ced4da" />
      {hist?.bins.map((b) => (
        <g key={`b${b.c}`}>
          <rect className="hist-bar" data-c={b.c} data-share={b.share} x={X(b.x) - bw / 2} y={Y(b.share)} width={bw} height={Math.max(0, Y(0) - Y(b.share))}
            fill={b.x < 0.5 ? BELOW : ABOVE} fillOpacity={0.75}>
            <title>{`${b.c}/${hist.n} correct: ${(b.share * 100).toFixed(1)}%${b.se > 0 ? ` ± ${(b.se * 100).toFixed(1)}` : ''}`}</title>
          </rect>
          {b.se > 0 && (
            <line x1={X(b.x)} x2={X(b.x)} y1={Y(b.share + b.se)} y2={Y(Math.max(0, b.share - b.se))} stroke="#343a40" strokeWidth={1} />
          )}
        </g>
      ))}
      {ghost?.bins.map((b) => (
        <rect key={`g${b.c}`} className="hist-ghost" x={X(b.x) - gw / 2} y={Y(b.share)} width={gw} height={Math.max(0, Y(0) - Y(b.share))}
          fill="none" stroke="#495057" strokeOpacity={0.6} strokeWidth={1.2} strokeDasharray="3 2" />
      ))}
      <line x1={X(0.5)} x2={X(0.5)} y1={M.t - 4} y2={Y(0)} stroke="#c92a2a" strokeWidth={1.5} strokeDasharray="5 3" />
      <text x={X(0.5) + 4} y={M.t + 6} className="hist-half">0.5</text>
    </svg>
  );
}

const HistCard = memo(function HistCard({ id, title, hist, ghost, what, detail, caption, unit }: {
  unit: 'problem' | 'group'; id: string; title: string; hist: SuccessHistogram | null; ghost: SuccessHistogram | null; what: string; detail: string | null; caption: string;
}) {
  return (
    <section className="chart-card mech-card" data-chart={id} data-testid={id} data-bars={hist?.bins.length ?? 0} aria-label={title}>
      <header className="chart-head"><h3>{title}</h3></header>
      <ul className="chart-legend" aria-label="Series">
        <li><span className="swatch" style={{ background: BELOW }} />below 0.5</li>
        <li><span className="swatch" style={{ background: ABOVE }} />0.5 and above</li>
        {ghost && <li><span className="swatch swatch-outline" />previous run (outline)</li>}
        {hist && hist.below.seeds > 1 && <li className="legend-note">whiskers: ±1 SE over seeds</li>}
      </ul>
      <p className="mech-readout" data-testid={`${id}-share`} data-value={hist?.below.mean ?? ''}>
        {hist ? <><strong>{formatShare(hist.below)}</strong> of {what} below 0.5</> : <span className="muted">Waiting for data…</span>}
        {ghost && <span className="muted"> (previous run {formatShare(ghost.below)})</span>}
      </p>
      <div className="hist-body">
        {hist || ghost ? <HistogramSvg hist={hist} ghost={ghost} label={title} unit={unit} /> : <div className="chart-empty-static">Waiting for data…</div>}
      </div>
      {detail && <p className="chart-hint">{detail}</p>}
      <p className="chart-hint">{caption}</p>
    </section>
  );
});

const last = <T,>(xs: readonly T[]): T | undefined => xs[xs.length - 1];

function evalDetail(e: EvalRecord | undefined): string | null {
  if (!e) return null;
  const seeds = e.perSeed?.length ?? 1;
  return `Evaluation at step ${e.step}: ${e.test.problems} held-out problems × ${e.test.samplesPerProblem} samples${seeds > 1 ? `, ${seeds} seeds` : ''}.`;
}

const WHY_HALF = 'Why 0.5: with std normalisation a group\'s lone minority outcome gets an advantage of about √(K−1), so false positives hurt most on prompts below 0.5 (a lone accepted wrong answer) and false negatives on prompts above it (a lone rejected right one).';

// ------------------------------------------------------------------ step charts

interface LineDef { key: string; name: string; color: string; dash?: string; axis: 'left' | 'right' }

const bandFns = new Map<string, (p: MechPoint) => [number, number] | null>();
function bandOf(key: string): (p: MechPoint) => [number, number] | null {
  let f = bandFns.get(key);
  if (!f) {
    f = (p) => (Number.isFinite(p[`${key}~lo`]) ? [p[`${key}~lo`], p[`${key}~hi`]] : null);
    bandFns.set(key, f);
  }
  return f;
}

/** Round ticks (1, 2, 2.5 or 5 times a power of ten apart) from 0 to at least `v`. */
function niceTicks(v: number): number[] {
  if (!(v > 0)) return [0, 0.25, 0.5, 0.75, 1];
  const raw = v / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * p >= raw * 0.999999) ?? 10) * p;
  const n = Math.max(1, Math.ceil(v / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(6)));
}

function maxOf(runs: MechPoint[][], keys: string[]): number {
  let m = 0;
  for (const pts of runs) for (const p of pts) for (const k of keys) for (const kk of [k, `${k}~hi`]) if (Number.isFinite(p[kk]) && p[kk] > m) m = p[kk];
  return m;
}

const StepChart = memo(function StepChart({ id, title, lines, live, ghost, xMax, rightLabel, leftPercent, rightPercent, empty, hint, smoothing }: {
  id: string; title: string; lines: LineDef[]; live: MechPoint[]; ghost: MechPoint[] | null; xMax: number; rightLabel: string;
  leftPercent: boolean; rightPercent: boolean; empty: string; hint: string; smoothing: number;
}) {
  const has = (pts: MechPoint[]) => pts.some((p) => lines.some((l) => Number.isFinite(p[l.key])));
  const any = has(live) || (ghost ? has(ghost) : false);
  const banded = live.some((p) => lines.some((l) => Number.isFinite(p[`${l.key}~lo`])));
  const runs = ghost ? [live, ghost] : [live];
  const pctTicks = [0, 0.25, 0.5, 0.75, 1];
  const leftTicks = leftPercent ? pctTicks : niceTicks(maxOf(runs, lines.filter((l) => l.axis === 'left').map((l) => l.key)));
  const rightTicks = rightPercent ? pctTicks : niceTicks(maxOf(runs, lines.filter((l) => l.axis === 'right').map((l) => l.key)));
  const wholePct = (v: number) => pct(v, 0);
  const num = (v: number) => String(Number(v.toPrecision(3)));
  const els: ReactElement[] = [];
  for (const l of lines) {
    const yId = l.axis;
    if (ghost) {
      els.push(<Line key={`g-${l.key}`} data={ghost} yAxisId={yId} dataKey={l.key} stroke={l.color} strokeOpacity={0.25} strokeWidth={2}
        dot={false} activeDot={false} isAnimationActive={false} connectNulls legendType="none" />);
    }
    if (banded) {
      els.push(<Area key={`b-${l.key}`} data={live} yAxisId={yId} dataKey={bandOf(l.key)} stroke="none" fill={l.color} fillOpacity={0.15}
        dot={false} activeDot={false} isAnimationActive={false} connectNulls legendType="none" />);
    }
  }
  for (const l of lines) {
    els.push(<Line key={`l-${l.key}`} className="live-line" data={live} yAxisId={l.axis} dataKey={l.key} stroke={l.color} strokeWidth={2}
      strokeDasharray={l.dash} dot={live.length <= 12 ? { r: 2, strokeWidth: 0, fill: l.color } : false} activeDot={false} isAnimationActive={false} connectNulls />);
  }
  return (
    <section className="chart-card mech-card" data-chart={id} data-testid={id} data-points={live.length} aria-label={title}>
      <header className="chart-head"><h3>{title}</h3></header>
      <ul className="chart-legend" aria-label="Series">
        {lines.map((l) => (
          <li key={l.key} data-series={l.key}><span className="swatch" style={{ background: l.color }} />{l.name}{l.axis === 'right' ? ` (${rightLabel})` : ''}
            {live.length > 0 && !live.some((p) => Number.isFinite(p[l.key])) && <span className="muted"> (none measured yet)</span>}</li>
        ))}
        {banded && <li className="legend-note">band: ±1 SE over seeds</li>}
        {smoothing > 0 && <li className="legend-note">smoothed {smoothing.toFixed(2)}</li>}
        {ghost && <li className="legend-note">faint: previous run</li>}
      </ul>
      <div className="chart-body" style={{ height: 170 }}>
        {!any && <div className="chart-empty">{empty}</div>}
        <ResponsiveContainer width="100%" height="100%" minWidth={100}>
          <ComposedChart margin={{ top: 8, right: 4, bottom: 2, left: 0 }}>
            <CartesianGrid stroke="#e9ecef" strokeDasharray="3 3" />
            <XAxis type="number" dataKey="step" domain={[0, xMax]} allowDecimals={false} height={30} tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" tickCount={6} />
            <YAxis yAxisId="left" type="number" domain={[0, leftTicks[leftTicks.length - 1]]} ticks={leftTicks} interval={0} tickFormatter={leftPercent ? wholePct : num} tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" width={42} />
            <YAxis yAxisId="right" orientation="right" type="number" domain={[0, rightTicks[rightTicks.length - 1]]} ticks={rightTicks} interval={0} tickFormatter={rightPercent ? wholePct : num} tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" width={38} />
            {els}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="chart-hint">{hint}</p>
    </section>
  );
});

const LONE_LINES: LineDef[] = [
  { key: 'fnLoneShare', name: 'FN flips that became a lone minority', color: '#c92a2a', axis: 'left' },
  { key: 'fpLoneShare', name: 'FP flips that did (dashed)', color: '#e67700', dash: '5 4', axis: 'left' },
  { key: 'flipLoneAdvAbs', name: 'mean |advantage| of lone flips (dotted)', color: '#495057', dash: '1 3', axis: 'right' },
];

const WRONG_LINES: LineDef[] = [
  { key: 'wrongDistinct', name: 'distinct wrong answers per group', color: '#7048e8', axis: 'left' },
  { key: 'wrongTopShare', name: 'share of the most common wrong answer (dashed)', color: '#0c8599', dash: '5 4', axis: 'right' },
];

const NO_STEPS: readonly StepRecord[] = [];
function stepsOf(run: RunData | null): readonly StepRecord[] {
  return run?.steps ?? NO_STEPS;
}

/** Redraw interval of the panels while a run trains; a run that is not training shows at once. */
export const MECHANISM_REDRAW_MS = 1000;

/**
 * The live run as the panels draw it: at most one new value per MECHANISM_REDRAW_MS while it
 * trains (the last one always arrives), at once otherwise. The panels' recharts charts redraw
 * in full, so they follow a training run about once a second rather than on every batch.
 */
function useThrottledRun(run: RunData | null): RunData | null {
  const [shown, setShown] = useState(run);
  const lastAt = useRef(0);
  const immediate = !run || run.status !== 'running' || shown?.id !== run.id;
  useEffect(() => {
    if (run === shown) return;
    const wait = immediate ? 0 : lastAt.current + MECHANISM_REDRAW_MS - performance.now();
    const apply = () => { lastAt.current = performance.now(); setShown(run); };
    if (wait <= 0) { apply(); return; }
    const t = setTimeout(apply, wait);
    return () => clearTimeout(t);
  }, [run, shown, immediate]);
  return immediate ? run : shown;
}

export const Mechanism = memo(function Mechanism() {
  // Throttled while training, then deferred: the panels redraw at low priority, so a batch of
  // records never holds up a frame of the charts above.
  const live = useDeferredValue(useThrottledRun(useStore((s) => s.live)));
  const ghostRun = useDeferredValue(useStore((s) => s.ghost));
  const settings = useStore((s) => s.settings);
  const smoothing = useStore((s) => s.smoothing);
  const ghost = ghostRun && ghostRun.id !== live?.id ? ghostRun : null;
  const ref = live?.settings ?? settings;
  const lastEval = last(live?.evals ?? []);
  const ghostEval = ghost ? last(ghost.evals) : undefined;
  const liveSteps = stepsOf(live);
  const ghostSteps = stepsOf(ghost);
  // Kept while no new evaluation (or step) arrives, so the memoised cards skip the batch.
  const heldOut = useMemo(() => evalHistogram(lastEval), [lastEval]);
  const ghostHeldOut = useMemo(() => evalHistogram(ghostEval), [ghostEval]);
  const groups = useMemo(() => groupHistogram(liveSteps), [liveSteps]);
  const ghostGroups = useMemo(() => (ghostSteps.length ? groupHistogram(ghostSteps) : null), [ghostSteps]);
  const livePts = mechanismPoints(liveSteps, smoothing);
  const ghostPts = ghost ? mechanismPoints(ghostSteps, smoothing) : null;
  let xMax = ref.steps;
  for (const r of [live, ghost]) { const s = r ? last(r.steps) : undefined; if (s) xMax = Math.max(xMax, s.step); }
  const K = ref.rolloutsPerPrompt;
  const sqrtK = Math.sqrt(Math.max(0, K - 1)).toFixed(1);
  return (
    <section className="mechanism" data-testid="mechanism" aria-label="The mechanism">
      <h2 className="mech-title">The mechanism: where success sits, and where flipped rewards land</h2>
      <div className="charts">
        <HistCard id="hist-heldout" title="Per-problem success, held-out problems" hist={heldOut} ghost={ghostHeldOut}
          unit="problem" what="held-out problems" detail={evalDetail(lastEval)} caption={WHY_HALF} />
        <HistCard id="hist-groups" title="True success of training groups" hist={groups} ghost={ghostGroups} unit="group" what="training groups"
          detail={groups ? `Groups of the last ${groups.steps} step${groups.steps === 1 ? '' : 's'} (${groups.fromStep}–${groups.toStep}) pooled, so the picture is not jumpy: ${groups.count} groups of K = ${groups.n}${groups.below.seeds > 1 ? ` per seed, ${groups.below.seeds} seeds` : ''}.` : `Pools the groups of the last ${GROUP_WINDOW} steps.`}
          caption="True correctness of the rollouts, not the verifier's verdict: the side of 0.5 the training prompts sit on says which kind of noise does more harm." />
        <StepChart id="why-lone" title="Why noise hurts: flips that became a lone minority" lines={LONE_LINES} live={livePts} ghost={ghostPts} xMax={xMax}
          rightLabel="right axis" leftPercent rightPercent={false} smoothing={smoothing}
          empty={ref.verifier === 'noisy' && ref.fnRate === 0 && ref.fpRate === 0 ? 'Clean verifier: no flipped rewards to show.' : 'Waiting for flipped rewards…'}
          hint={`A flipped reward that is its group's only accepted (FP) or only rejected (FN) rollout gets an advantage of about √(K−1) = ${sqrtK} with std normalisation${ref.stdNorm ? '' : ' (off in this run)'}.`} />
        <StepChart id="why-wrong" title="Wrong-answer diversity" lines={WRONG_LINES} live={livePts} ghost={ghostPts} xMax={xMax}
          rightLabel="right axis" leftPercent={false} rightPercent smoothing={smoothing} empty="Waiting for the first step…"
          hint="Per group with a wrong answer. Random FP rewards a consistent, learnable mistake when the wrong answers concentrate on one." />
      </div>
    </section>
  );
});
