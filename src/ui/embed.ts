// Embeds that teach: which settings an embed shows as controls (`controls=`) and which
// charts (`charts=`). Pure: no DOM, no React, so the link parsing is unit-tested in Node.
// Names come from an untrusted link: they are matched against fixed lists (the settings
// schema, the chart ids), never rendered as HTML, and every problem is reported as text.
import { SETTING_KEYS, type SettingKey, type SettingsIssue } from '../engine/settings';
import { CHARTS } from './charts/catalogue';

/** The charts an embed can show: every chart of the catalogue, in its order, by its picker label. */
export const EMBED_CHARTS: readonly { id: string; label: string }[] = CHARTS.map(({ id, label }) => ({ id, label }));
export const EMBED_CHART_IDS: readonly string[] = EMBED_CHARTS.map((c) => c.id);

/** Shown when a link names no controls: the two verifier error rates and the rollout budget. */
export const DEFAULT_EMBED_CONTROLS: readonly SettingKey[] = ['fnRate', 'fpRate', 'rolloutsPerPrompt'];
/** Shown when a link names no charts. */
export const DEFAULT_EMBED_CHARTS: readonly string[] = ['pass', 'reward'];

/** Most controls an embed shows (two rows at 640 px wide); the rest of a longer list is ignored. */
export const MAX_EMBED_CONTROLS = 6;
/** Longest `controls=` or `charts=` value read. */
export const MAX_LIST_LENGTH = 400;
/** Longest name shown back in a notice. */
const MAX_NAME_SHOWN = 40;

export interface EmbedView {
  controls: SettingKey[];
  charts: string[];
}

export interface ParsedList<T extends string> {
  names: T[];
  issues: SettingsIssue[];
}

function shown(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > MAX_NAME_SHOWN ? `${clean.slice(0, MAX_NAME_SHOWN)}…` : clean;
}

/**
 * A comma-separated list of names checked against `valid` (case-sensitive, like the
 * settings keys). Unknown names and repeats are dropped with an issue; at most `max` are
 * kept. An empty value means "none" when `allowEmpty`, else the defaults; a list with no
 * known name falls back to the defaults.
 */
export function parseNameList<T extends string>(param: string, raw: string, valid: readonly T[], defaults: readonly T[],
  opts: { max: number; allowEmpty: boolean; what: string }): ParsedList<T> {
  const issues: SettingsIssue[] = [];
  let text = typeof raw === 'string' ? raw : '';
  if (text.length > MAX_LIST_LENGTH) {
    issues.push({ key: param, message: `longer than ${MAX_LIST_LENGTH} characters; the rest was ignored` });
    text = text.slice(0, MAX_LIST_LENGTH);
  }
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (!parts.length) {
    if (opts.allowEmpty) return { names: [], issues };
    issues.push({ key: param, message: `names no ${opts.what}; the defaults are shown` });
    return { names: [...defaults], issues };
  }
  const names: T[] = [];
  let dropped = 0;
  for (const p of parts) {
    const known = valid.find((v) => v === p);
    if (known === undefined) {
      issues.push({ key: param, message: `unknown ${opts.what} "${shown(p)}", ignored` });
      continue;
    }
    if (names.includes(known)) continue;
    if (names.length >= opts.max) {
      dropped++;
      continue;
    }
    names.push(known);
  }
  if (dropped) issues.push({ key: param, message: `at most ${opts.max} ${opts.what}s; ${dropped} more ignored` });
  if (!names.length) {
    issues.push({ key: param, message: `names no known ${opts.what}; the defaults are shown` });
    return { names: [...defaults], issues };
  }
  return { names, issues };
}

export function parseControls(raw: string): ParsedList<SettingKey> {
  return parseNameList('controls', raw, SETTING_KEYS, DEFAULT_EMBED_CONTROLS, { max: MAX_EMBED_CONTROLS, allowEmpty: true, what: 'setting' });
}

export function parseCharts(raw: string): ParsedList<string> {
  return parseNameList('charts', raw, EMBED_CHART_IDS, DEFAULT_EMBED_CHARTS, { max: EMBED_CHART_IDS.length, allowEmpty: false, what: 'chart' });
}

export function defaultEmbedView(): EmbedView {
  return { controls: [...DEFAULT_EMBED_CONTROLS], charts: [...DEFAULT_EMBED_CHARTS] };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The `controls=` and `charts=` parameters for a link, only where they differ from the defaults. */
export function embedViewParams(view: Partial<EmbedView>): [string, string][] {
  const out: [string, string][] = [];
  if (view.controls && !sameList(view.controls, DEFAULT_EMBED_CONTROLS)) out.push(['controls', view.controls.join(',')]);
  if (view.charts && !sameList(view.charts, DEFAULT_EMBED_CHARTS)) out.push(['charts', view.charts.join(',')]);
  return out;
}

/** Put `names` in the order of `order` (the schema or the chart list), so a picked set has one spelling. */
export function inOrder<T extends string>(names: readonly T[], order: readonly T[]): T[] {
  return order.filter((x) => names.includes(x));
}

/** The message an embed posts to its host page with its content height. */
export const HEIGHT_MESSAGE = 'rlvr-playground:height';
export interface HeightMessage {
  type: typeof HEIGHT_MESSAGE;
  height: number;
}

/** A whole, positive pixel height worth reporting (changed from the last one reported), or null. */
export function heightToReport(height: number, last: number | null): number | null {
  if (!Number.isFinite(height) || height <= 0) return null;
  const h = Math.ceil(height);
  return h === last ? null : h;
}
