// One chart's frame: recharts draws the axes and grid (memoised on the axes, so a batch of
// records never re-renders it), the run layers sit inside it for its scales, and a
// transparent rect reports the point under the pointer.
import { memo, type MouseEvent } from 'react';
import { CartesianGrid, ComposedChart, ResponsiveContainer, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { RunData } from '../store';
import { compact, pctTick } from './axes';
import type { XKey } from './catalogue';
import { invert } from './hover';
import { BackLayer, LiveLayer, type LayerProps } from './Layers';
import type { Point, ScaleFn } from './series';

/** The hover handler: x and y under the pointer in data units (x null on leave), and the pointer's x in pixels. */
export type OnHover = (x: number | null, y: number, px: number) => void;

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
function frameData(xAxis: XKey, xMax: number, yMax: number): Point[] {
  const id = `${xAxis}|${xMax}|${yMax}`;
  let d = axisData.get(id);
  if (!d) {
    if (axisData.size > 200) axisData.clear();
    d = [{ step: 0, rollouts: 0, stepJ: 0, frameX: 0, frameY: 0 }, { step: xMax, rollouts: xMax, stepJ: xMax, frameX: xMax, frameY: yMax }];
    axisData.set(id, d);
  }
  return d;
}

/** One chart: recharts' frame (axes, grid) with the run layers inside. Memoised on the axes and the runs that are not live. */
export const Frame = memo(function Frame(props: FrameProps) {
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
        <YAxis type="number" dataKey="frameY" domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} interval={0} tickFormatter={def.percent ? pctTick : compact}
          tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" width={42} />
        <BackLayer {...layer} ghost={ghost} pinned={pinned} fillBack={fillBack} />
        <LiveLayer {...layer} showSeeds={showSeeds} target={liveSvg} />
        <HoverCatcher onHover={onHover} />
      </ComposedChart>
    </ResponsiveContainer>
  );
});
