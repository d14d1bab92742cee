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
// worked-trace records (`needs`) appear only when a drawn run carries them. A chart with its
// own x (`x: 'stepJ'`: held-out pass@1 against steps × J) ignores the steps / rollouts toggle;
// each run's time is rescaled by its J (run-data.ts), and a run whose J is not above 0 is
// left out and named under the chart.
//
// Here: which charts a page shows and what each card gets. The catalogue (catalogue.ts)
// defines the charts; a card (ChartCard.tsx) draws one through its frame (Frame.tsx), run
// layers (Layers.tsx) and tooltip (Tooltip.tsx). Pages load this module through
// LazyCharts.tsx, so recharts stays out of the first chunk.
import { useMemo } from 'react';
import { useArmRuns, useStore, type RunData } from '../store';
import { expectedRollouts } from './axes';
import { CHARTS, type SeriesContext } from './catalogue';
import { ChartCard } from './ChartCard';
import { hasTraceTrue, jOf, meets, pointsOf, runSeeds, stepJMax, unverifiedTasksOf } from './run-data';
import { evalPoints, evalStyles, stepStyles, type Point } from './series';
import { orderStyles } from './trace-styles';

const NO_POINTS: Point[] = [];

const NO_STYLES: string[] = [];

/**
 * `height` in pixels per chart; leave it out to let CSS size the charts (the embed layout
 * does). Charts that need worked-trace records are left out while no drawn run has them,
 * unless `showAbsent` (an embed that names them: it shows why they are empty).
 */
export interface ChartsProps {
  /** The charts to show, by catalogue id (in catalogue order); absent: all. */
  ids?: string[];
  height?: number;
  showHints?: boolean;
  /** Fewer axis ticks (the embed's small charts). */
  compact?: boolean;
  showAbsent?: boolean;
}

export function Charts({ ids, height, showHints = true, compact = false, showAbsent = false }: ChartsProps) {
  const live = useStore((s) => s.live);
  const ghost = useStore((s) => s.ghost);
  const pins = useStore((s) => s.pinned);
  const armRuns = useArmRuns();
  // A comparison's other running arms are drawn as pins are, in the colour they will be pinned in.
  const pinned = useMemo(() => (armRuns.length ? [...pins, ...armRuns] : pins), [pins, armRuns]);
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
  const unverifiedKey = [...new Set(runs.flatMap(unverifiedTasksOf))].join('\u0000');
  const ctx = useMemo<SeriesContext>(() => ({
    corrected, traced, styles: stylesKey ? stylesKey.split('\u0000') : NO_STYLES, evalStyles: evalStylesKey ? evalStylesKey.split('\u0000') : NO_STYLES,
    unverified: unverifiedKey ? unverifiedKey.split('\u0000') : NO_STYLES,
  }), [corrected, traced, stylesKey, evalStylesKey, unverifiedKey]);
  // The live run's J (for the note under a chart against steps × J): a new object only when its settings or evaluations change.
  const liveSettings = live?.settings;
  const liveEvals = live?.evals;
  const liveJ = useMemo(() => (liveSettings && liveEvals ? { j: jOf({ settings: liveSettings, evals: liveEvals }), evals: liveEvals.length } : null),
    [liveSettings, liveEvals]);
  const defs = (ids ? CHARTS.filter((c) => ids.includes(c.id)) : CHARTS).filter((c) => showAbsent || !c.needs || runs.some((r) => meets(r, c.needs)));
  return (
    <div className="charts">
      {defs.map((def) => {
        // A trace chart takes nothing from a live run without traces (its points, table and hover are the other runs').
        const liveOn = !!live && meets(live, def.needs);
        const alt = def.alt;
        const altPts = alt && runs.some((r) => meets(r, alt.def.needs)) ? (live && meets(live, alt.def.needs) ? evalPoints(live.evals) : NO_POINTS) : null;
        return <ChartCard key={def.id} def={def} altPts={altPts} livePts={liveOn ? pointsOf(live, def, def.source === 'step' ? smoothing : 0) : NO_POINTS}
          liveSeeds={liveOn ? runSeeds(live, def.source) : 0} smoothing={def.source === 'step' ? smoothing : 0} showSeeds={showSeeds} liveStatus={live?.status ?? null}
          ghost={ghost} pinned={pinned} xAxis={def.x ?? xAxis} xMax={def.x === 'stepJ' ? stepJMax(runs, ref.steps) : xMax} liveJ={def.x ? liveJ : null} absent={!!def.needs && !runs.some((r) => meets(r, def.needs))}
          ks={passKs} ctx={ctx} height={height} showHint={showHints} compactAxis={compact} />;
      })}
    </div>
  );
}
