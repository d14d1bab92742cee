// The chart catalogue is the one list of charts: the embed's chart list and its defaults
// come from it, and it stays free of the charting code (embed.ts loads it in the first chunk).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHARTS } from '../../../src/ui/charts/catalogue';
import { DEFAULT_EMBED_CHARTS, EMBED_CHARTS, EMBED_CHART_IDS } from '../../../src/ui/embed';

describe('chart catalogue', () => {
  it('every embed chart is a catalogue chart, under its catalogue label', () => {
    const byId = new Map(CHARTS.map((c) => [c.id, c]));
    for (const e of EMBED_CHARTS) expect(byId.get(e.id)?.label).toBe(e.label);
    for (const id of [...EMBED_CHART_IDS, ...DEFAULT_EMBED_CHARTS]) expect(byId.has(id)).toBe(true);
  });

  it('ids are unique, and every chart has a title, a picker label and a hint', () => {
    expect(new Set(CHARTS.map((c) => c.id)).size).toBe(CHARTS.length);
    for (const c of CHARTS) for (const text of [c.title, c.label, c.hint]) expect(text.length).toBeGreaterThan(0);
  });

  it('held-out pass@1 against steps × J has its own x axis and a hint on rate and fate; it is the only chart with one', () => {
    const j = CHARTS.find((c) => c.id === 'pass-j');
    expect(j).toMatchObject({ title: 'Held-out pass@1 against steps × J', source: 'eval', percent: true, x: 'stepJ' });
    expect(j!.hint).toMatch(/rate/);
    expect(j!.hint).toMatch(/fate/);
    expect(CHARTS.filter((c) => c.x).map((c) => c.id)).toEqual(['pass-j']);
    expect(EMBED_CHART_IDS).toContain('pass-j');
  });

  it('is pure: no React, recharts or store import', () => {
    const src = readFileSync(new URL('../../../src/ui/charts/catalogue.ts', import.meta.url), 'utf8');
    const imports = [...src.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['./trace-styles']);
  });
});
