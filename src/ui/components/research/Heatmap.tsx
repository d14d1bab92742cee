// Heatmap of one summary field per grid cell: real values from the runs (mean over seeds,
// ± standard error), labelled axes, and a colour legend spanning the observed range.
import { fieldOf } from '../../../engine/settings';
import { cellValue } from '../../../experiments/format';
import type { AxisValue, GridAxis } from '../../../experiments/grid';
import { heatColor, scaleOf, type Heatmap as HeatmapModel } from '../../sweep-model';
import { JZeroOverlay, jZeroAxes } from './JZeroLine';

function axisTitle(a: GridAxis | null): string {
  return a ? `${fieldOf(a.key).label}` : '';
}

/** Short label in the grid (the enum's value, e.g. sysFn7); the long one goes in the tooltip. */
function valueLabel(a: GridAxis | null, v: AxisValue | null): string {
  if (!a || v === null) return '';
  return String(v);
}

function valueTitle(a: GridAxis | null, v: AxisValue | null): string | undefined {
  if (!a || v === null) return undefined;
  const f = fieldOf(a.key);
  return f.kind === 'enum' ? (f.optionLabels?.[String(v)] ?? String(v)) : undefined;
}

export function Heatmap({ model, label, percent }: { model: HeatmapModel; label: string; percent: boolean }) {
  const { rowAxis, colAxis, rows, cols, cells, min, max } = model;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const jAxes = jZeroAxes(model);
  return (
    <figure className="heatmap" data-testid="heatmap" aria-label={`Heatmap of ${label}`}>
      <div className="heatmap-body">
        <div className="heat-ylabel">{axisTitle(rowAxis)}</div>
        <div className="heat-grid-wrap">
          {colAxis && <div className="heat-xlabel">{axisTitle(colAxis)}</div>}
          <div className="heat-table-wrap">
          <table className="heat-grid">
            <thead>
              <tr>
                <th scope="col" className="heat-corner">{rowAxis ? `${rowAxis.flag} \\ ${colAxis?.flag ?? ''}` : ''}</th>
                {cols.map((c, j) => <th key={j} scope="col" title={valueTitle(colAxis, c)}>{colAxis ? valueLabel(colAxis, c) : label}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <th scope="row" title={valueTitle(rowAxis, r)}>{valueLabel(rowAxis, r) || 'all'}</th>
                  {cols.map((_, j) => {
                    const c = cells[i][j];
                    if (!c || c.mean === null) {
                      return <td key={j} className="heat-cell heat-empty" data-testid="heat-cell" data-cell={c?.cell ?? ''}>{c?.failed ? 'failed' : '…'}</td>;
                    }
                    const col = heatColor(scaleOf(c.mean, min, max));
                    const title = `${c.cell}: ${label} ${cellValue(c.mean, percent, 2)}${c.se !== null ? ` ± ${cellValue(c.se, percent, 2)}` : ''} over ${c.runs} seed${c.runs === 1 ? '' : 's'}`
                      + `${c.basePass1 !== null ? `; base pass@1 ${cellValue(c.basePass1, true)}` : ''}${c.compute !== null ? `; ${c.compute.toLocaleString('en-US')} rollouts` : ''}`;
                    return (
                      <td key={j} className="heat-cell" data-testid="heat-cell" data-cell={c.cell} data-value={c.mean} title={title}
                        style={{ background: col.bg, color: col.ink }}>
                        <span className="heat-value">{cellValue(c.mean, percent)}</span>
                        {c.se !== null && <span className="heat-se">± {cellValue(c.se, percent)}</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {jAxes && <JZeroOverlay rows={jAxes.rows} cols={jAxes.cols} />}
          </div>
          {jAxes && <p className="heat-jnote" data-testid="heat-jnote"><span className="jline-swatch" aria-hidden="true" />{jAxes.note}</p>}
        </div>
        <div className="heat-legend" aria-label="Colour scale">
          <span className="heat-legend-title">{label}</span>
          <div className="heat-legend-bar">
            <div className="heat-ramp" style={{ background: `linear-gradient(to top, ${ticks.map((t) => heatColor(t).bg).join(', ')})` }} />
            <div className="heat-legend-ticks">
              {[...ticks].reverse().map((t) => (
                <span key={t}>{min === null || max === null ? '' : cellValue(min + (max - min) * t, percent)}</span>
              ))}
            </div>
          </div>
        </div>
      </div>
    </figure>
  );
}
