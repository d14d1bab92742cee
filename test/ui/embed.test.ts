import { describe, expect, it } from 'vitest';
import { CHARTS } from '../../src/ui/charts/catalogue';
import {
  DEFAULT_EMBED_CHARTS, DEFAULT_EMBED_CONTROLS, EMBED_CHART_IDS, MAX_EMBED_CONTROLS, MAX_LIST_LENGTH,
  embedViewParams, heightToReport, inOrder, parseCharts, parseControls,
} from '../../src/ui/embed';
import { buildShareUrl, describeIssues, embedCode, parseShareQuery } from '../../src/ui/share';
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../src/engine/settings';

describe('embed controls= and charts=', () => {
  it('the embed chart list is the chart list of the catalogue', () => {
    expect([...EMBED_CHART_IDS]).toEqual(CHARTS.map((c) => c.id));
  });

  it('chart ids are part of the link format: shared links keep naming the same charts', () => {
    expect([...EMBED_CHART_IDS]).toEqual(['pass', 'reward', 'zerostd', 'pass-j', 'ood', 'entropy', 'kl', 'boundary', 'tracePass', 'styles']);
  });

  it('defaults: FN, FP and K; pass@k and reward', () => {
    const p = parseShareQuery('embed=1');
    expect(p.view.controls).toEqual(['fnRate', 'fpRate', 'rolloutsPerPrompt']);
    expect(p.view.charts).toEqual(['pass', 'reward']);
    expect(p.issues).toEqual([]);
  });

  it('reads the named controls and charts in the order given, without repeats', () => {
    const p = parseShareQuery('controls=rolloutsPerPrompt,fnRate,fnRate&charts=kl,pass&embed=1');
    expect(p.view.controls).toEqual(['rolloutsPerPrompt', 'fnRate']);
    expect(p.view.charts).toEqual(['kl', 'pass']);
    expect(p.issues).toEqual([]);
  });

  it('an embed link may name the chart against steps × J', () => {
    const p = parseShareQuery('charts=pass,pass-j&embed=1');
    expect(p.view.charts).toEqual(['pass', 'pass-j']);
    expect(p.issues).toEqual([]);
  });

  it('ignores unknown names with a notice line, and never keeps the raw text beyond a short printable form', () => {
    const p = parseShareQuery(`controls=fnRate,bogus,<img src=x onerror=alert(1)>&charts=pass,nope&embed=1`);
    expect(p.view.controls).toEqual(['fnRate']);
    expect(p.view.charts).toEqual(['pass']);
    const lines = describeIssues(p.issues);
    expect(lines).toContain('controls: unknown setting "bogus", ignored');
    expect(lines).toContain('charts: unknown chart "nope", ignored');
    expect(lines.some((l) => l.startsWith('controls: unknown setting "<img'))).toBe(true);
    const long = parseControls(`${'x'.repeat(300)}\u0000`);
    for (const i of long.issues) expect(i.message.length).toBeLessThan(120);
    expect(long.issues.some((i) => /\u0000/.test(i.message))).toBe(false);
  });

  it('falls back to the defaults when no name is known; an empty controls= means none', () => {
    expect(parseControls('nope,zip').names).toEqual([...DEFAULT_EMBED_CONTROLS]);
    expect(parseCharts('nope').names).toEqual([...DEFAULT_EMBED_CHARTS]);
    expect(parseCharts('').names).toEqual([...DEFAULT_EMBED_CHARTS]);
    expect(parseCharts('').issues.length).toBe(1);
    expect(parseControls('')).toEqual({ names: [], issues: [] });
    expect(parseShareQuery('controls=&embed=1').view.controls).toEqual([]);
  });

  it('caps the number of controls and the length of a list', () => {
    const p = parseControls(SETTING_KEYS.join(','));
    expect(p.names).toEqual(SETTING_KEYS.slice(0, MAX_EMBED_CONTROLS));
    expect(p.issues.map((i) => i.message)).toEqual([`at most ${MAX_EMBED_CONTROLS} settings; ${SETTING_KEYS.length - MAX_EMBED_CONTROLS} more ignored`]);
    const huge = parseCharts(`pass,${'a,'.repeat(1000)}`);
    expect(huge.names).toEqual(['pass']);
    expect(huge.issues[0].message).toBe(`longer than ${MAX_LIST_LENGTH} characters; the rest was ignored`);
    // Hundreds of unknown names stay a short notice.
    expect(describeIssues(huge.issues).length).toBeLessThanOrEqual(9);
  });

  it('a repeated parameter keeps the first value', () => {
    const p = parseShareQuery('charts=kl&charts=pass&embed=1');
    expect(p.view.charts).toEqual(['kl']);
    expect(p.issues).toEqual([{ key: 'charts', message: 'given more than once; the first value was used' }]);
  });

  it('links carry controls= and charts= only in embeds and only when they differ from the defaults', () => {
    expect(embedViewParams({ controls: [...DEFAULT_EMBED_CONTROLS], charts: [...DEFAULT_EMBED_CHARTS] })).toEqual([]);
    const url = buildShareUrl('https://example.org/p/', { ...DEFAULT_SETTINGS, fnRate: 0.3 }, { embed: true, controls: ['fnRate', 'seed'], charts: ['pass'] });
    expect(url).toBe('https://example.org/p/?fnRate=0.3&embed=1&controls=fnRate%2Cseed&charts=pass');
    const back = parseShareQuery(new URL(url).search);
    expect(back.view).toEqual({ embed: true, autoplay: false, controls: ['fnRate', 'seed'], charts: ['pass'] });
    expect(buildShareUrl('https://example.org/p/', DEFAULT_SETTINGS, { controls: ['seed'] })).toBe('https://example.org/p/');
    const code = embedCode('https://example.org/p/', DEFAULT_SETTINGS, true, { controls: [], charts: ['kl'] });
    expect(code).toContain('src="https://example.org/p/?embed=1&amp;autoplay=1&amp;controls=&amp;charts=kl"');
    expect(parseShareQuery('embed=1&autoplay=1&controls=&charts=kl').view.controls).toEqual([]);
  });

  it('inOrder sorts a picked set into the schema order', () => {
    expect(inOrder(['rolloutsPerPrompt', 'fnRate'], SETTING_KEYS)).toEqual(['fnRate', 'rolloutsPerPrompt']);
  });
});

describe('height messages', () => {
  it('reports whole positive heights only when they change', () => {
    expect(heightToReport(480.2, null)).toBe(481);
    expect(heightToReport(480.2, 481)).toBeNull();
    expect(heightToReport(600, 481)).toBe(600);
    expect(heightToReport(0, null)).toBeNull();
    expect(heightToReport(Number.NaN, null)).toBeNull();
  });
});
