// Worked-trace styles (issue 13): how their shares are keyed in chart points, named and
// ordered. The style ids come from the records and are the engine's TRACE_STYLES; legends use the
// short names below (typed by the engine's ids, so a new style cannot go unnamed; the
// engine's TRACE_STYLE_LABELS are sentences, too long for a legend); an id from an imported
// file that no style has shows as itself.
import type { StyleId } from '../../engine/traces';

/** Prefix of a style's share in a chart point (step points; eval points add `t` / `o` in front). */
export const STYLE_PREFIX = 'sh.';
export const styleKey = (id: string): string => `${STYLE_PREFIX}${id}`;

/** The record key for samples whose trace fits no known style. */
export const OTHER_STYLE = 'other';

/**
 * Short names (they sit in a chart legend) for the style ids the addTrace task uses
 * (TRACE_STYLES in the engine branch); order here is stacking order.
 */
export const STYLE_LABELS: Readonly<Record<StyleId, string>> = {
  columns: 'columns with carries',
  places: 'by place value',
  jump: 'jump by place',
  [OTHER_STYLE]: 'other',
};

/** A style's display name: its label, or its id when unknown (ids come from a record, rendered as text only). */
export function styleLabel(id: string): string {
  return Object.prototype.hasOwnProperty.call(STYLE_LABELS, id) ? STYLE_LABELS[id as StyleId] : id;
}

/** Stacking order: labelled styles in label order, then the rest by id, 'other' always last. */
export function orderStyles(ids: readonly string[]): string[] {
  const known = Object.keys(STYLE_LABELS).filter((k) => k !== OTHER_STYLE);
  const rank = (id: string) => (id === OTHER_STYLE ? Infinity : known.includes(id) ? known.indexOf(id) : known.length);
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Colours for the stacked layers, by position; 'other' is grey. */
const STYLE_COLORS = ['#1c64d6', '#e67700', '#2f9e44', '#c92a2a', '#7048e8', '#0c8599', '#d6336c', '#5c940d'];
export function styleColor(id: string, index: number): string {
  return id === OTHER_STYLE ? '#adb5bd' : STYLE_COLORS[index % STYLE_COLORS.length];
}
