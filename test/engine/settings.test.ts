import { describe, expect, it } from 'vitest';
import { assertValidSettings, coerceFromString, crossFieldIssues, DEFAULT_SETTINGS, diffFromDefaults, isTraceTask, parseSettings, SETTING_KEYS, SETTINGS_SPEC, settingsSchema } from '../../src/engine/settings';

describe('settings schema', () => {
  it('defaults are valid', () => {
    expect(settingsSchema.safeParse(DEFAULT_SETTINGS).success).toBe(true);
  });
  it('keeps valid values, reports and defaults invalid ones, ignores unknown keys', () => {
    const r = parseSettings({ fnRate: 0.3, rolloutsPerPrompt: 1000, task: 'div', bogus: 1, stdNorm: false });
    expect(r.settings.fnRate).toBe(0.3);
    expect(r.settings.stdNorm).toBe(false);
    expect(r.settings.rolloutsPerPrompt).toBe(DEFAULT_SETTINGS.rolloutsPerPrompt);
    expect(r.settings.task).toBe('add');
    expect(r.issues.map((i) => i.key).sort()).toEqual(['bogus', 'rolloutsPerPrompt', 'task']);
  });
  it('is immune to prototype pollution keys', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "fnRate": 0.1}');
    const r = parseSettings(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.settings)).toBe(Object.prototype);
    expect(r.settings.fnRate).toBe(0.1);
  });
  it('rejects non-objects, NaN and Infinity', () => {
    expect(parseSettings('x').issues).toHaveLength(1);
    expect(parseSettings([1, 2]).issues).toHaveLength(1);
    expect(parseSettings({ lr: NaN }).settings.lr).toBe(DEFAULT_SETTINGS.lr);
    expect(parseSettings({ lr: Infinity }).settings.lr).toBe(DEFAULT_SETTINGS.lr);
  });
  it('coerces strings for links and flags', () => {
    expect(coerceFromString('fnRate', '0.25')).toBe(0.25);
    expect(coerceFromString('stdNorm', 'false')).toBe(false);
    expect(coerceFromString('fnRate', '1e400')).toBe(Infinity);
    expect(coerceFromString('fnRate', 'abc')).toBe('abc');
  });
  it('strict validation names the setting and its range', () => {
    expect(() => assertValidSettings({ ...DEFAULT_SETTINGS, fnRate: 2 })).toThrow(/fnRate.*\[0, 0\.9\]/);
  });
  it('has a model size: tiny by default, one of tiny/small/medium, labelled with parameter counts', () => {
    expect(DEFAULT_SETTINGS.model).toBe('tiny');
    expect(SETTINGS_SPEC.model).toMatchObject({ kind: 'enum', flag: 'model', group: 'task', options: ['tiny', 'small', 'medium'] });
    expect(SETTINGS_SPEC.model.optionLabels.tiny).toMatch(/27k parameters/);
    expect(SETTINGS_SPEC.model.optionLabels.small).toMatch(/203k parameters.*add weak\/mid\/strong only/);
    expect(SETTINGS_SPEC.model.optionLabels.medium).toMatch(/998k parameters.*add mid only/);
    expect(parseSettings({ model: 'small' }).settings.model).toBe('small');
    const bad = parseSettings({ model: 'huge' });
    expect(bad.settings.model).toBe('tiny');
    expect(bad.issues).toEqual([{ key: 'model', message: 'must be one of tiny, small, medium; using default tiny' }]);
    expect(() => assertValidSettings({ ...DEFAULT_SETTINGS, model: 'huge' as 'tiny' })).toThrow(/model/);
    // An unshipped combination is a valid setting (it runs tiny with a note), not a bad one.
    expect(() => assertValidSettings({ ...DEFAULT_SETTINGS, model: 'small', task: 'mul' })).not.toThrow();
  });
  it('diffFromDefaults lists only changed keys', () => {
    expect(diffFromDefaults({ ...DEFAULT_SETTINGS, seed: 9 })).toEqual({ seed: 9 });
    expect(SETTING_KEYS.length).toBeGreaterThan(15);
  });
});

describe('worked-step task settings', () => {
  it('check, sft and addTrace are in the one schema with labels and flags', () => {
    const check = SETTINGS_SPEC.check;
    expect(check).toMatchObject({ default: 'answer', options: ['answer', 'trace'], flag: 'check', group: 'verifier' });
    expect(check.optionLabels).toEqual({ answer: 'Final answer only', trace: 'Every step of the trace' });
    expect(SETTINGS_SPEC.algorithm.options).toContain('sft');
    expect(SETTINGS_SPEC.algorithm.optionLabels.sft).toMatch(/Supervised fine-tuning on reference traces/);
    expect(SETTINGS_SPEC.task.optionLabels.addTrace).toBe('Addition with worked steps');
    expect(isTraceTask('addTrace')).toBe(true);
    expect(isTraceTask('add')).toBe(false);
  });
  it('addTrace at 3 digits: a clear message and the safe default of 2, from links and at the engine', () => {
    const r = parseSettings({ task: 'addTrace', digits: 3 });
    expect(r.settings.digits).toBe(2);
    expect(r.issues).toEqual([{ key: 'digits', message: 'addTrace supports at most 2 digits; using 2' }]);
    expect(parseSettings({ task: 'add', digits: 3 }).settings.digits).toBe(3);
    expect(() => assertValidSettings({ ...DEFAULT_SETTINGS, task: 'addTrace', digits: 3 })).toThrow(/addTrace supports at most 2 digits/);
    expect(crossFieldIssues({ ...DEFAULT_SETTINGS, task: 'addTrace', digits: 2 })).toEqual([]);
  });
});
