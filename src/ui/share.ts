// Share links: the settings that differ from the defaults live in the URL query, one
// parameter per setting (`?fnRate=0.3&seed=7`). Reading a link goes through the
// engine's parseSettings, so unknown keys are ignored, bad values fall back to their
// defaults, and every problem is reported. Nothing from a link is evaluated or rendered
// as HTML: callers show the issues as React text only. `?preset=<id>` opens a preset of
// the catalogue (presets.ts); the settings a preset link names beside it override the
// preset's own, and such a link carries only those (`?preset=correcting-noise&steps=50`).
import {
  DEFAULT_SETTINGS,
  SETTINGS_SPEC,
  SETTING_KEYS,
  coerceFromString,
  diffFromDefaults,
  parseSettings,
  type SettingKey,
  type Settings,
  type SettingsIssue,
} from '../engine/settings';
import { defaultEmbedView, embedViewParams, parseCharts, parseControls, type EmbedView } from './embed';
import { presetById, type PresetOverrides } from './presets';

/** Query parameters that control the page rather than the run. */
export const VIEW_PARAMS = ['embed', 'autoplay', 'controls', 'charts', 'preset'] as const;
/**
 * Page switches that are neither settings nor view options and stay in the address bar as given:
 * `measureSoftware=1` lets `auto` time software renderers too (testing the measured choice without a GPU).
 */
export const PAGE_KEYS = ['measureSoftware'] as const;

/** Longest query string read; anything past this is dropped (and reported). */
export const MAX_QUERY_LENGTH = 4096;
/** Most parameters read from one link. */
export const MAX_PARAMS = 64;
/** Longest single value accepted. */
export const MAX_VALUE_LENGTH = 64;
/** Longest key shown back to the user. */
export const MAX_KEY_SHOWN = 40;

export interface ViewOptions extends EmbedView {
  embed: boolean;
  autoplay: boolean;
}

/** A preset a link opens: its id (one of the catalogue's) and the settings the link sets on top of it. */
export interface PresetLink {
  id: string;
  overrides: PresetOverrides;
}

export interface ParsedLink {
  settings: Settings;
  view: ViewOptions;
  /** The preset the link opens (`preset=`), or null: none asked for, or not one of the catalogue's (an issue says so). */
  preset: PresetLink | null;
  /** What the link asked for that was not used, in order; safe to show as text. */
  issues: SettingsIssue[];
}

/** Make an untrusted key printable and short: no control characters, capped length. */
export function displayKey(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > MAX_KEY_SHOWN ? `${clean.slice(0, MAX_KEY_SHOWN)}…` : clean || '(empty)';
}

function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS_SPEC, key);
}

function parseFlag(raw: string): boolean | null {
  const s = raw.trim().toLowerCase();
  if (s === '' || s === '1' || s === 'true' || s === 'yes') return true;
  if (s === '0' || s === 'false' || s === 'no') return false;
  return null;
}

/**
 * Query string (no leading '?') holding the settings that differ from the defaults, in schema
 * order; with a preset, `preset=<id>` and only the settings the link sets on top of it.
 */
export function encodeSettings(settings: Settings, view: Partial<ViewOptions> = {}, preset: PresetLink | null = null): string {
  const params = new URLSearchParams();
  const diff = (preset ? { ...preset.overrides } : diffFromDefaults(settings)) as Record<string, Settings[SettingKey]>;
  if (preset) params.set('preset', preset.id);
  for (const k of SETTING_KEYS) {
    if (Object.prototype.hasOwnProperty.call(diff, k)) params.set(k, String(diff[k]));
  }
  if (view.embed) params.set('embed', '1');
  if (view.autoplay) params.set('autoplay', '1');
  // Which controls and charts an embed shows (only when they differ from the defaults).
  if (view.embed) for (const [k, v] of embedViewParams(view)) params.set(k, v);
  return params.toString();
}

/** The page URL (same origin and path as `pageUrl`) that restores `settings`, or opens `preset` with its overrides. */
export function buildShareUrl(pageUrl: string, settings: Settings, view: Partial<ViewOptions> = {}, preset: PresetLink | null = null): string {
  const url = new URL(pageUrl);
  url.search = encodeSettings(settings, view, preset);
  url.hash = '';
  return url.href;
}

/** The iframe snippet for a blog post. Attribute values are escaped. */
export function embedCode(pageUrl: string, settings: Settings, autoplay = false, shown: Partial<EmbedView> = {}, preset: PresetLink | null = null): string {
  const src = buildShareUrl(pageUrl, settings, { ...shown, embed: true, autoplay }, preset);
  const esc = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<iframe src="${esc}" width="640" height="480" style="border:0;max-width:100%" title="RLVR playground" loading="lazy"></iframe>`;
}

/**
 * Read a query string (with or without the leading '?') from an untrusted link.
 * Never throws; the result always holds a complete, valid settings object.
 */
export function parseShareQuery(search: string): ParsedLink {
  const issues: SettingsIssue[] = [];
  const view: ViewOptions = { embed: false, autoplay: false, ...defaultEmbedView() };
  let query = typeof search === 'string' ? search : '';
  if (query.startsWith('?')) query = query.slice(1);
  if (query.length > MAX_QUERY_LENGTH) {
    issues.push({ key: '(link)', message: `link longer than ${MAX_QUERY_LENGTH} characters; the rest was ignored` });
    query = query.slice(0, MAX_QUERY_LENGTH);
  }

  let entries: [string, string][];
  try {
    entries = [...new URLSearchParams(query)];
  } catch {
    entries = [];
    issues.push({ key: '(link)', message: 'could not be read; using defaults' });
  }
  if (entries.length > MAX_PARAMS) {
    issues.push({ key: '(link)', message: `more than ${MAX_PARAMS} parameters; the rest were ignored` });
    entries = entries.slice(0, MAX_PARAMS);
  }

  // A prototype-less object: keys such as __proto__ or constructor are plain data here,
  // and parseSettings only ever copies keys that exist in the schema.
  const raw = Object.create(null) as Record<string, unknown>;
  const seen = new Set<string>();
  let presetId: string | null = null;
  for (const [key, value] of entries) {
    if (key === 'preset') {
      if (seen.has(key)) {
        issues.push({ key, message: 'given more than once; the first value was used' });
        continue;
      }
      seen.add(key);
      const id = value.trim();
      if (!id) issues.push({ key, message: 'names no preset; the defaults are used' });
      else if (id.length > MAX_VALUE_LENGTH) issues.push({ key, message: `longer than ${MAX_VALUE_LENGTH} characters; no preset, the defaults are used` });
      else if (!presetById(id)) issues.push({ key, message: `unknown preset "${displayKey(id)}"; the defaults are used` });
      else presetId = id;
      continue;
    }
    if (key === 'embed' || key === 'autoplay') {
      const flag = parseFlag(value);
      if (flag === null) issues.push({ key, message: 'must be 1 or 0; ignored' });
      else view[key] = flag;
      continue;
    }
    if (key === 'controls' || key === 'charts') {
      if (seen.has(key)) {
        issues.push({ key, message: 'given more than once; the first value was used' });
        continue;
      }
      seen.add(key);
      const list = key === 'controls' ? parseControls(value) : parseCharts(value);
      if (key === 'controls') view.controls = list.names as SettingKey[];
      else view.charts = list.names;
      issues.push(...list.issues);
      continue;
    }
    if ((PAGE_KEYS as readonly string[]).includes(key)) continue; // read by the page itself, not a run setting
    if (!isSettingKey(key)) {
      issues.push({ key: displayKey(key), message: 'unknown setting, ignored' });
      continue;
    }
    if (seen.has(key)) {
      issues.push({ key, message: 'given more than once; the first value was used' });
      continue;
    }
    seen.add(key);
    if (value.length > MAX_VALUE_LENGTH) {
      issues.push({ key, message: `value longer than ${MAX_VALUE_LENGTH} characters; using default ${String(DEFAULT_SETTINGS[key])}` });
      continue;
    }
    raw[key] = coerceFromString(key, value);
  }

  const parsed = parseSettings(raw);
  for (const i of parsed.issues) issues.push({ key: displayKey(i.key), message: i.message });
  // On a preset, the settings the link names (those it could use) are the overrides.
  let preset: PresetLink | null = null;
  if (presetId) {
    const overrides: Record<string, unknown> = {};
    for (const k of SETTING_KEYS) {
      if (k in raw && !parsed.issues.some((i) => i.key === k)) overrides[k] = parsed.settings[k];
    }
    preset = { id: presetId, overrides: overrides as PresetOverrides };
  }
  return { settings: parsed.settings, view, preset, issues };
}

/** One line per issue, for the notice. At most `limit` lines plus a count of the rest. */
export function describeIssues(issues: SettingsIssue[], limit = 8): string[] {
  const lines = issues.slice(0, limit).map((i) => `${i.key}: ${i.message}`);
  if (issues.length > limit) lines.push(`…and ${issues.length - limit} more`);
  return lines;
}
