import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_SPEC, SETTING_KEYS, fieldOf, maxDigitsFor, type Settings } from '../../src/engine/settings';
import {
  MAX_PARAMS, MAX_QUERY_LENGTH, buildShareUrl, describeIssues, embedCode, encodeSettings, parseShareQuery,
} from '../../src/ui/share';
import { hostileQueries } from '../e2e/hostile-links';

function randomSettings(seed: number): Settings {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const out = { ...DEFAULT_SETTINGS } as Record<string, unknown>;
  for (const k of SETTING_KEYS) {
    const f = fieldOf(k);
    if (rand() < 0.5) continue;
    if (f.kind === 'bool') out[k] = rand() < 0.5;
    else if (f.kind === 'enum') out[k] = f.options[Math.floor(rand() * f.options.length)];
    else if (f.kind === 'int') out[k] = f.min + Math.floor(rand() * (f.max - f.min + 1));
    else out[k] = f.min + rand() * (f.max - f.min);
  }
  // A difficulty the task cannot hold is not a valid setting (it falls back with a message).
  out.digits = Math.min(out.digits as number, maxDigitsFor(out.task as Settings['task']));
  return out as Settings;
}

describe('share links', () => {
  it('encodes only what differs from the defaults', () => {
    expect(encodeSettings(DEFAULT_SETTINGS)).toBe('');
    const q = encodeSettings({ ...DEFAULT_SETTINGS, fnRate: 0.3, seed: 7 });
    expect(q).toBe('fnRate=0.3&seed=7');
  });

  it('carries plateau: off by default, plateau=1 (or true) turns it on', () => {
    expect(encodeSettings({ ...DEFAULT_SETTINGS, plateau: true, steps: 600 })).toBe('steps=600&plateau=true');
    expect(parseShareQuery('?plateau=1&steps=600').settings).toEqual({ ...DEFAULT_SETTINGS, plateau: true, steps: 600 });
    expect(parseShareQuery('?plateau=true').settings.plateau).toBe(true);
    expect(parseShareQuery('').settings.plateau).toBe(false);
  });

  it('carries the number of seeds, and nothing of the view (smoothing, seed lines)', () => {
    expect(encodeSettings({ ...DEFAULT_SETTINGS, seed: 7, seeds: 5 })).toBe('seed=7&seeds=5');
    expect(parseShareQuery('?seeds=5').settings.seeds).toBe(5);
    expect(parseShareQuery('?seeds=4&seed=9').settings).toEqual({ ...DEFAULT_SETTINGS, seeds: 4, seed: 9 });
    expect(parseShareQuery('?seeds=99').issues.map((i) => i.key)).toEqual(['seeds']);
    expect(parseShareQuery('?smoothing=0.9').issues.map((i) => i.key)).toEqual(['smoothing']);
  });

  it('carries the model size; an unshipped combination is kept as asked (the run notes its fallback)', () => {
    expect(encodeSettings({ ...DEFAULT_SETTINGS, model: 'small' })).toBe('model=small');
    expect(parseShareQuery('?model=small').settings).toEqual({ ...DEFAULT_SETTINGS, model: 'small' });
    expect(parseShareQuery('?model=small&task=mul')).toMatchObject({ settings: { ...DEFAULT_SETTINGS, model: 'small', task: 'mul' }, issues: [] });
    const bad = parseShareQuery('?model=gigantic');
    expect(bad.settings.model).toBe('tiny');
    expect(bad.issues.map((i) => i.key)).toEqual(['model']);
  });

  it('round-trips every setting exactly', () => {
    for (let i = 1; i <= 200; i++) {
      const s = randomSettings(i);
      const parsed = parseShareQuery(`?${encodeSettings(s)}`);
      expect(parsed.issues).toEqual([]);
      expect(parsed.settings).toEqual(s);
    }
  });

  it('round-trips the extremes of every numeric range and every enum option', () => {
    for (const k of SETTING_KEYS) {
      const f = fieldOf(k);
      const values: unknown[] = f.kind === 'enum' ? [...f.options] : f.kind === 'bool' ? [true, false] : [f.min, f.max];
      for (const v of values) {
        const s = { ...DEFAULT_SETTINGS, [k]: v } as Settings;
        const parsed = parseShareQuery(encodeSettings(s));
        expect(parsed.settings[k]).toBe(v);
        expect(parsed.issues).toEqual([]);
      }
    }
  });

  it('builds a URL on the same page and keeps view flags', () => {
    const url = buildShareUrl('https://example.org/play/?old=1#x', { ...DEFAULT_SETTINGS, task: 'mul' }, { embed: true });
    expect(url).toBe('https://example.org/play/?task=mul&embed=1');
    const parsed = parseShareQuery(new URL(url).search);
    expect(parsed.view).toEqual({ embed: true, autoplay: false, controls: ['fnRate', 'fpRate', 'rolloutsPerPrompt'], charts: ['pass', 'reward'] });
    expect(parsed.settings.task).toBe('mul');
  });

  it('escapes the embed snippet', () => {
    const code = embedCode('https://example.org/?a="b"', { ...DEFAULT_SETTINGS, fnRate: 0.2 }, true);
    expect(code).toMatch(/^<iframe src="https:\/\/example\.org\/\?fnRate=0\.2&amp;embed=1&amp;autoplay=1" width="640" height="480"/);
    expect(code).not.toContain('"b"');
  });

  it('reports unknown keys and bad values, keeping defaults for them', () => {
    const parsed = parseShareQuery('?fnRate=2&foo=1&verifier=random&steps=abc');
    expect(parsed.settings).toEqual({ ...DEFAULT_SETTINGS, verifier: 'random' });
    const keys = parsed.issues.map((i) => i.key);
    expect(keys).toEqual(expect.arrayContaining(['fnRate', 'foo', 'steps']));
    expect(describeIssues(parsed.issues).join('\n')).toContain('unknown setting');
  });

  it('uses the first of duplicated keys and says so', () => {
    const parsed = parseShareQuery('seed=3&seed=4');
    expect(parsed.settings.seed).toBe(3);
    expect(parsed.issues[0].message).toMatch(/more than once/);
  });

  it('caps query length, parameter count and the issues listed', () => {
    const long = parseShareQuery(`fnRate=0.1&x=${'a'.repeat(MAX_QUERY_LENGTH * 2)}`);
    expect(long.settings.fnRate).toBe(0.1);
    expect(long.issues.some((i) => i.message.includes(String(MAX_QUERY_LENGTH)))).toBe(true);
    const many = parseShareQuery(Array.from({ length: MAX_PARAMS + 50 }, (_, i) => `u${i}=1`).join('&'));
    expect(many.issues.some((i) => i.message.includes(String(MAX_PARAMS)))).toBe(true);
    expect(describeIssues(many.issues, 8)).toHaveLength(9);
    expect(describeIssues(many.issues, 8)[8]).toMatch(/and \d+ more/);
    for (const i of many.issues) expect(i.key.length).toBeLessThanOrEqual(41);
  });

  it('survives 200 hostile links: defaults, a reported issue, no prototype pollution', () => {
    const queries = hostileQueries(200);
    expect(queries).toHaveLength(200);
    for (const q of queries) {
      const parsed = parseShareQuery(q);
      expect(parsed.settings, q).toEqual(DEFAULT_SETTINGS);
      expect(parsed.issues.length, q).toBeGreaterThan(0);
      expect(Object.getPrototypeOf(parsed.settings)).toBe(Object.prototype);
      for (const i of parsed.issues) expect(i.key.length).toBeLessThanOrEqual(41);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(Object.keys(SETTINGS_SPEC)).toEqual(SETTING_KEYS);
  });

  it('never throws on non-string input', () => {
    expect(parseShareQuery(undefined as unknown as string).settings).toEqual(DEFAULT_SETTINGS);
  });
});
