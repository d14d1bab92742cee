// The data-table alternative to a chart: the live run's plotted values at each point the
// chart draws (each evaluation, or each step bucket of a step chart; smoothed when the chart
// is), mean ± standard error over seeds where there are several. Shown over the chart body
// when its "Table" toggle is on, so it takes no room otherwise and the layout does not move.
// A chart against steps × J lists steps × J and the step, and its caption gives the run's J.
import { fixed, pct } from '../../experiments/format';
import { runJText, type RunJ } from '../mechanism';
import { X_NAMES, type XKey } from './catalogue';
import { hiKey, loKey, type Point } from './series';

export interface TableSeries {
  key: string;
  name: string;
  /** This column's unit when it differs from the chart's (a path chart's KL column beside its pass@1). */
  percent?: boolean;
}

function fmt(v: number, percent: boolean): string {
  if (!Number.isFinite(v)) return '–';
  // Small values keep two significant digits (the format module has no such format yet).
  return percent ? pct(v, 1) : v !== 0 && Math.abs(v) < 0.01 ? v.toPrecision(2) : fixed(v, 3);
}

function cell(p: Point, key: string, percent: boolean, seeds: number): string {
  const v = p[key];
  if (!Number.isFinite(v)) return '–';
  const se = (p[hiKey(key)] - p[loKey(key)]) / 2;
  return seeds > 1 && Number.isFinite(se) ? `${fmt(v, percent)} ± ${fmt(se, percent)}` : fmt(v, percent);
}

export function ChartTable({ id, title, points, series, percent, seeds, smoothing, xAxis, xNote }: {
  id: string;
  title: string;
  points: Point[];
  series: TableSeries[];
  percent: boolean;
  seeds: number;
  /** EMA weight the chart applies (0 = raw values). */
  smoothing: number;
  xAxis: XKey;
  /** Steps × J: the run's J, named in the caption. */
  xNote?: RunJ;
}) {
  const scaled = xAxis === 'stepJ';
  const clean = (name: string) => name.replace(/ \((dashed|dotted|dash-dot)\)$/, '');
  return (
    // Scrollable, so it must be reachable by keyboard: focusable region with a name.
    <div id={id} className="chart-table" role="region" aria-label={`${title}: table`} tabIndex={0} data-testid={`table-${id}`}>
      {points.length === 0 ? <p className="muted">No values yet.</p> : (
        <table>
          <caption className="visually-hidden">
            {title}, this run{seeds > 1 ? `: mean ± standard error over ${seeds} seeds` : ''}{smoothing > 0 ? `, smoothed (EMA ${smoothing.toFixed(2)})` : ''}
            {scaled && xNote ? `; x = steps × ${runJText(xNote)}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">{X_NAMES[xAxis].replace(/^./, (c) => c.toUpperCase())}</th>
              {scaled && <th scope="col">Step</th>}
              {series.map((s) => <th key={s.key} scope="col">{clean(s.name)}</th>)}
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => (
              <tr key={i}>
                <th scope="row">{scaled ? fixed(p[xAxis], 1) : Math.round(p[xAxis]).toLocaleString('en-US')}</th>
                {scaled && <td>{p.step.toLocaleString('en-US')}</td>}
                {series.map((s) => <td key={s.key}>{cell(p, s.key, s.percent ?? percent, seeds)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
