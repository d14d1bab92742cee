// Axis maths: round ticks, the largest drawn value an axis must reach, the rollout axis's
// length, and the tick labels (compact counts, whole percentages).
import type { Settings } from '../../engine/settings';
import { pct } from '../../experiments/format';
import type { SeriesDef } from './catalogue';
import { hiKey, rawKey, seedKey, type Point } from './series';

/** A percent axis' tick label, in whole percent (a function of the value alone: recharts passes the tick's index second). */
export const pctTick = (v: number): string => pct(v, 0);

/** Rollouts a run of these settings spends in all: the rollout axis's length before any run outgrows it. */
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

/** Largest finite value of `keys` over the runs' points (0 when none). */
export function seriesMax(runs: Point[][], keys: string[]): number {
  let m = 0;
  for (const pts of runs) for (const p of pts) for (const k of keys) {
    const v = p[k];
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m;
}

/** A count or value as a tick label: 3 significant digits, k and M for thousands and millions. */
export function compact(v: number): string {
  if (Math.abs(v) >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (Math.abs(v) >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

/** Largest value of the path chart's x keys over the drawn runs, and the live run's SE crosses (only it draws them). */
export function pathXMax(live: Point[], others: Point[][], series: readonly SeriesDef[]): number {
  const xs = series.flatMap((s) => (s.xKey ? [s.xKey] : []));
  return Math.max(seriesMax([live, ...others], xs), seriesMax([live], xs.map(hiKey)));
}

/**
 * A card's y ticks (fixed for percent charts, else round ticks up to the largest drawn value,
 * the live run's seed lines included when shown) and, for a path chart, its x ticks (KL: up
 * to the furthest point of any drawn run; null for step and rollout axes).
 */
export function chartTicks({ percent, path, compactAxis, series, livePts, otherPts, liveSeeds, showSeeds, smoothing }: {
  percent: boolean;
  path: boolean;
  compactAxis: boolean;
  series: readonly SeriesDef[];
  livePts: Point[];
  otherPts: Point[][];
  liveSeeds: number;
  showSeeds: boolean;
  /** EMA weight of the chart's points: the raw means are drawn too when above 0. */
  smoothing: number;
}): { yTicks: number[]; xTicks: number[] | null } {
  const intervals = compactAxis ? 2 : 4;
  const maxKeys = series.flatMap((x) => [x.key, hiKey(x.key), ...(smoothing > 0 ? [rawKey(x.key)] : [])]);
  const seedKeys = showSeeds ? series.flatMap((x) => Array.from({ length: liveSeeds }, (_, i) => seedKey(x.key, i))) : [];
  const yTicks = percent
    ? (compactAxis ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1])
    : niceTicks(Math.max(seriesMax([livePts, ...otherPts], maxKeys), seriesMax([livePts], seedKeys)), intervals);
  // Path charts span their own x (KL): round ticks up to the furthest point of any drawn run.
  const xTicks = path ? niceTicks(Math.max(pathXMax(livePts, otherPts, series),
    showSeeds ? seriesMax([livePts], series.flatMap((s) => Array.from({ length: liveSeeds }, (_, i) => seedKey(s.xKey ?? '', i)))) : 0), intervals) : null;
  return { yTicks, xTicks };
}
