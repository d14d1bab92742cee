// Preset links (?preset=<id>): the parser (share.ts) reads the preset and the settings a link
// sets on top of it, refuses unknown and hostile ids with a notice line and the defaults; links
// and embed code carry a chosen preset; opening a link (preset-choice.ts) chooses the preset,
// queues its arms without starting them, says what the link overrides, and start() (Run,
// autoplay, an embed in view) launches the queued arms. The catalogue is grouped by question.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import { armsProgress, armsWaiting } from '../../src/ui/arms-queue';
import { choosePreset, openPresetLink } from '../../src/ui/preset-choice';
import { PRESETS, PRESET_GROUPS, isPresetRun, overrideLines, presetArms, presetArmsChecked, presetById, presetsByGroup } from '../../src/ui/presets';
import { buildShareUrl, embedCode, encodeSettings, parseShareQuery } from '../../src/ui/share';
import { attachRunner, presetLinkOf, useStore, type Runner } from '../../src/ui/store';
import { hostileQueries } from '../e2e/hostile-links';

class FakeRunner implements Runner {
  starts: Settings[] = [];
  start(s: Settings) { this.starts.push(s); return this.starts.length; }
  pause() {}
  resume() {}
  reset() {}
}

describe('preset links: parsing', () => {
  it('?preset=<id> opens that preset with the defaults and no issue', () => {
    const p = parseShareQuery('?preset=correcting-noise');
    expect(p.preset).toEqual({ id: 'correcting-noise', overrides: {} });
    expect(p.issues).toEqual([]);
    expect(p.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('settings beside the preset are its overrides; bad ones are reported and left out', () => {
    const p = parseShareQuery('preset=correcting-noise&steps=50&fnRate=0.2&autoplay=1');
    expect(p.preset).toEqual({ id: 'correcting-noise', overrides: { fnRate: 0.2, steps: 50 } });
    expect(p.view.autoplay).toBe(true);
    expect(p.issues).toEqual([]);
    const bad = parseShareQuery('preset=correcting-noise&steps=abc&lr=5&seeds=2');
    expect(bad.preset).toEqual({ id: 'correcting-noise', overrides: { seeds: 2 } });
    expect(bad.issues.map((i) => i.key)).toEqual(['steps', 'lr']);
  });

  it('an unknown preset gets a notice line and the defaults (the link\'s own settings still apply)', () => {
    const p = parseShareQuery('preset=nope');
    expect(p.preset).toBeNull();
    expect(p.settings).toEqual(DEFAULT_SETTINGS);
    expect(p.issues).toEqual([{ key: 'preset', message: 'unknown preset "nope"; the defaults are used' }]);
    const withSetting = parseShareQuery('preset=nope&fnRate=0.3');
    expect(withSetting.preset).toBeNull();
    expect(withSetting.settings).toEqual({ ...DEFAULT_SETTINGS, fnRate: 0.3 });
  });

  it('hostile preset values never choose a preset, never throw, and are shown back only as short, printable text', () => {
    const cases = [
      '<script>window.__pwned=1</script>', '"><img src=x onerror=alert(1)>', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
      'CORRECTING-NOISE', 'correcting-noise\u0000', '\u202eesion-gnitcerroc', 'x'.repeat(500), '%00', '../../etc/passwd', 'javascript:alert(1)',
      'correcting-noise,fn-hurts-more', '{"id":"correcting-noise"}',
    ];
    for (const raw of cases) {
      const c = raw.slice(0, 60);
      const p = parseShareQuery(`preset=${encodeURIComponent(raw)}`);
      expect(p.preset, c).toBeNull();
      expect(p.settings, c).toEqual(DEFAULT_SETTINGS);
      expect(p.issues, c).toHaveLength(1);
      expect(p.issues[0].key).toBe('preset');
      // eslint-disable-next-line no-control-regex
      expect(p.issues[0].message, c).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(p.issues[0].message.length, c).toBeLessThan(140);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Empty, and given twice (the first is used).
    expect(parseShareQuery('preset=').issues).toEqual([{ key: 'preset', message: 'names no preset; the defaults are used' }]);
    const twice = parseShareQuery('preset=correcting-noise&preset=<b>x</b>');
    expect(twice.preset?.id).toBe('correcting-noise');
    expect(twice.issues).toEqual([{ key: 'preset', message: 'given more than once; the first value was used' }]);
    // The 200 hostile links of the browser test carry no preset that opens.
    for (const q of hostileQueries(200)) expect(parseShareQuery(q).preset, q).toBeNull();
  });

  it('links and embed code carry the preset and only the settings set on top of it; they read back the same', () => {
    const arm1 = presetArms(presetById('correcting-noise')!)[0].settings;
    const link = { id: 'correcting-noise', overrides: { steps: 50 } as Partial<Settings> };
    expect(encodeSettings(arm1, {}, link)).toBe('preset=correcting-noise&steps=50');
    expect(encodeSettings(arm1, {}, { id: 'correcting-noise', overrides: {} })).toBe('preset=correcting-noise');
    const url = buildShareUrl('https://example.org/p/', arm1, {}, link);
    expect(url).toBe('https://example.org/p/?preset=correcting-noise&steps=50');
    expect(parseShareQuery(new URL(url).search).preset).toEqual(link);
    const code = embedCode('https://example.org/p/', arm1, true, { controls: ['fnRate'] }, link);
    expect(code).toContain('src="https://example.org/p/?preset=correcting-noise&amp;steps=50&amp;embed=1&amp;autoplay=1&amp;controls=fnRate"');
    // Without a preset, the settings as before.
    expect(encodeSettings({ ...DEFAULT_SETTINGS, fnRate: 0.3 })).toBe('fnRate=0.3');
  });
});

describe('presets: groups and overrides', () => {
  it('every preset answers one of the groups\' questions; each group is a short list', () => {
    const groups = presetsByGroup();
    expect(groups.map((g) => g.group.id)).toEqual(PRESET_GROUPS.map((g) => g.id));
    expect(groups.flatMap((g) => g.presets.map((p) => p.id)).sort()).toEqual(PRESETS.map((p) => p.id).sort());
    for (const { group, presets } of groups) {
      expect(group.question, group.id).toMatch(/\?$/);
      expect(presets.length, group.id).toBeGreaterThanOrEqual(2);
      expect(presets.length, group.id).toBeLessThanOrEqual(5);
    }
    expect(presetById('correcting-noise')!.group).toBe('design');
    expect(presetById('fn-hurts-more')!.group).toBe('noise');
    expect(presetById('forgetting')!.group).toBe('drift');
    expect(presetById('entropy-collapse')!.group).toBe('drift');
  });

  it('overrides replace the preset\'s values on every arm; what the schema refuses keeps the arm\'s own', () => {
    const p = presetById('correcting-noise')!;
    const own = presetArms(p);
    const arms = presetArms(p, 'auto', { steps: 50 });
    expect(arms.map((a) => a.settings.steps)).toEqual([50, 50]);
    expect(arms.map((a) => a.settings.correction)).toEqual(own.map((a) => a.settings.correction));
    expect(overrideLines(p, { steps: 50 })).toEqual(['steps: 50 (the preset runs 100)']);
    expect(overrideLines(p, { correction: 'forward' })).toEqual(["correction: forward for every arm (the preset's arms run none, forward)"]);
    expect(overrideLines(p, {})).toEqual([]);
    // Four digits on the trace task is more than it holds: each arm keeps what the task can.
    const checked = presetArmsChecked(p, 'auto', { task: 'addTrace', digits: 4 });
    expect(checked.issues.map((i) => i.key)).toEqual(['digits']);
    expect(checked.arms.every((a) => a.settings.task === 'addTrace' && a.settings.digits < 4)).toBe(true);
    const single = presetById('sampler-not-thinker')!;
    const run = presetArms(single, 'auto', { steps: 20 })[0].settings;
    expect(isPresetRun(single, run)).toBe(false);
    expect(isPresetRun(single, run, { steps: 20 })).toBe(true);
  });
});

describe('opening a preset link', () => {
  let runner: FakeRunner;
  beforeEach(() => {
    vi.useFakeTimers();
    runner = new FakeRunner();
    attachRunner(runner);
    useStore.setState({ settings: { ...DEFAULT_SETTINGS }, live: null, ghost: null, pinned: [], notices: [], autoRestart: true, activePreset: null, presetOverrides: {}, queue: null });
  });
  afterEach(() => {
    vi.useRealTimers();
    attachRunner(null);
  });

  it('queues a comparison\'s arms without starting them, names the overrides, and start() launches arm 1', () => {
    openPresetLink({ id: 'correcting-noise', overrides: { steps: 50 } });
    vi.advanceTimersByTime(2000);
    let s = useStore.getState();
    expect(runner.starts).toHaveLength(0);
    expect(s.activePreset).toBe('correcting-noise');
    expect(armsWaiting(s.queue)).toBe(true);
    expect(armsProgress(s.queue!)).toBe('2 arms queued, press Run: FN 0.3, no correction, FN 0.3, forward');
    expect(s.settings.steps).toBe(50);
    expect(s.notices).toHaveLength(1);
    expect(s.notices[0]).toMatchObject({ kind: 'info', lines: ['steps: 50 (the preset runs 100)'] });
    expect(s.notices[0].title).toMatch(/settings in this link override the preset's/);
    expect(presetLinkOf(s)).toEqual({ id: 'correcting-noise', overrides: { steps: 50 } });

    s.start();
    s = useStore.getState();
    expect(runner.starts).toHaveLength(1);
    expect(runner.starts[0]).toMatchObject({ fnRate: 0.3, correction: 'none', steps: 50 });
    expect(s.queue).toMatchObject({ presetId: 'correcting-noise', status: 'running' });
    expect(s.queue!.slots.map((x) => [x.state, x.runId])).toEqual([['running', 1], ['waiting', null]]);
    expect(armsWaiting(s.queue)).toBe(false);
    expect(armsProgress(s.queue!)).toBe('Arm 1 of 2: FN 0.3, no correction · loading; arm 2 of 2: FN 0.3, forward · waiting');
  });

  it('a single-run preset link sets its settings and waits; a setting moved by hand leaves the preset and its link', () => {
    openPresetLink({ id: 'sampler-not-thinker', overrides: {} });
    vi.advanceTimersByTime(2000);
    expect(runner.starts).toHaveLength(0);
    expect(useStore.getState().notices).toHaveLength(0);
    expect(useStore.getState().settings).toEqual(presetArms(presetById('sampler-not-thinker')!)[0].settings);
    useStore.getState().start();
    expect(runner.starts).toHaveLength(1);
    useStore.getState().setSetting('fnRate', 0.1);
    const s = useStore.getState();
    expect(s.activePreset).toBeNull();
    expect(s.presetOverrides).toEqual({});
    expect(presetLinkOf(s)).toBeNull();
  });

  it('a preset\'s button starts at once and carries no overrides; an unknown id does nothing', () => {
    choosePreset(presetById('correcting-noise')!);
    expect(runner.starts).toHaveLength(1);
    expect(presetLinkOf(useStore.getState())).toEqual({ id: 'correcting-noise', overrides: {} });
    useStore.setState({ activePreset: null, queue: null, settings: { ...DEFAULT_SETTINGS } });
    openPresetLink({ id: 'nope', overrides: { steps: 5 } });
    expect(useStore.getState().activePreset).toBeNull();
    expect(useStore.getState().settings).toEqual(DEFAULT_SETTINGS);
    expect(runner.starts).toHaveLength(1);
  });
});
