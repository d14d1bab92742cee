import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { combineEvals, combineSteps } from '../../src/engine/seeds';
import type { EvalRecord, SplitEval, StepRecord } from '../../src/engine/types';
import { toJson } from '../../src/ui/export';
import { ImportError, parseRunFile } from '../../src/ui/import';
import { importedLabel, useStore, type RunData } from '../../src/ui/store';

function step(n: number, seed: number, kl: number): StepRecord {
  return {
    type: 'step', step: n, rollouts: n * 32, rewardObserved: 0.5, rewardUsed: 0.5, keptFraction: 1, rewardTrue: 0.4, rewardStd: 0.3,
    fracZeroStd: 0.2, fracAllRejected: 0.1, fracAllAccepted: 0.1, lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0, kl,
    entropy: 1, clipFraction: 0, gradNorm: 1, advantageAbsMean: 0.5, completionLength: 3, tokens: 96, stepMs: 10, seed,
  };
}
const split = (p: number): SplitEval => ({ passAtK: [p, 0.6], rewardObserved: 0.4, entropy: 1, kl: 0, fnRate: null, fpRate: 0.1, problems: 8, samplesPerProblem: 2 });
const evalRec = (n: number, seed: number, p: number): EvalRecord => ({
  type: 'eval', step: n, rollouts: n * 32, test: split(p), ood: split(p / 2), k: 2, compressionRatio: n ? 0.5 : null, capabilityGain: 0.01, evalMs: 4, seed,
});

function run(): RunData {
  const steps = [1, 2].map((n) => combineSteps([step(n, 3, 0.1 * n), step(n, 4, 0.2 * n)], 20));
  const evals = [0, 2].map((n) => combineEvals([evalRec(n, 3, 0.3), evalRec(n, 4, 0.5)], 8));
  return {
    id: 7, label: '', settings: { ...DEFAULT_SETTINGS, seed: 3, seeds: 2, steps: 2 }, info: null, backend: null, steps, evals,
    status: 'finished', stepsDone: 2, activeMs: 1, error: null, loadingText: null, color: '#000',
  };
}

describe('importing a run', () => {
  it('reads back the page\'s JSON export exactly, per-seed records included', () => {
    const r = run();
    const text = toJson(r);
    expect(JSON.parse(text).records[0].perSeed).toHaveLength(2);
    const back = parseRunFile(text);
    expect(back.issues).toEqual([]);
    expect(back.settings).toEqual(r.settings);
    expect(back.steps).toEqual(r.steps);
    expect(back.evals).toEqual(r.evals);
  });

  it('reads the JSON npm run train writes (no format field) and turns JSON nulls back into NaN', () => {
    const r = run();
    const records = [...r.steps, ...r.evals].map((x) => JSON.parse(JSON.stringify(x)));
    records[0].gradNorm = null;
    const back = parseRunFile(JSON.stringify({ settings: r.settings, info: { backend: 'wasm', seeds: [3, 4] }, records }));
    expect(back.steps[0].gradNorm).toBeNaN();
    expect(back.info?.seeds).toEqual([3, 4]);
  });

  it('drops unknown fields and reports settings that fell back to defaults', () => {
    const r = run();
    const text = toJson(r).replace('"type": "step",', '"type": "step", "__proto__": {"polluted": 1}, "html": "<img src=x>",');
    const back = parseRunFile(text.replace('"seeds": 2', '"seeds": 99'));
    expect(Object.keys(back.steps[0])).not.toContain('html');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(back.settings.seeds).toBe(DEFAULT_SETTINGS.seeds);
    expect(back.issues.join(' ')).toContain('seeds');
  });

  it('refuses what is not a run, naming the fault', () => {
    const bad = (text: string, msg: RegExp) => {
      expect(() => parseRunFile(text)).toThrow(ImportError);
      expect(() => parseRunFile(text)).toThrow(msg);
    };
    bad('not json', /not JSON/);
    bad('[]', /not a run export/);
    bad(JSON.stringify({ settings: {}, records: [] }), /no records/);
    bad(JSON.stringify({ format: 'other', settings: {}, records: [] }), /unknown format/);
    bad(JSON.stringify({ settings: {}, records: [{ type: 'x' }] }), /record 1: type/);
    bad(JSON.stringify({ settings: {}, records: [{ type: 'step', step: 1, rollouts: 1, kl: 'a' }] }), /record 1: kl is not a number/);
    bad(JSON.stringify({ settings: {}, records: [{ type: 'eval', step: 0, rollouts: 0, k: 1 }] }), /record 1, test: missing/);
  });

  it('reads back a worked-trace run exactly: trace-pass@k, style shares, traceTrue and trainedTokens', () => {
    const r = run();
    const shares = { columns: 0.5, places: 0.25, other: 0.25 };
    const traced = (s: StepRecord): StepRecord => ({ ...s, styleShares: shares, traceTrue: 0.3, trainedTokens: 90, ...(s.perSeed ? { perSeed: s.perSeed.map(traced) } : {}) });
    const tracedSplit = (x: SplitEval): SplitEval => ({ ...x, tracePassAtK: [0.2, 0.4], styleShares: shares });
    const tracedEval = (e: EvalRecord): EvalRecord => ({ ...e, test: tracedSplit(e.test), ood: tracedSplit(e.ood), ...(e.perSeed ? { perSeed: e.perSeed.map(tracedEval) } : {}) });
    const t: RunData = { ...r, steps: r.steps.map(traced), evals: r.evals.map(tracedEval) };
    const back = parseRunFile(toJson(t));
    expect(back.steps).toEqual(t.steps);
    expect(back.evals).toEqual(t.evals);
    expect(back.steps[0].perSeed?.[1].styleShares).toEqual(shares);
    // A run without them gets none (no empty maps, no NaN fields).
    const plain = parseRunFile(toJson(r));
    expect('styleShares' in plain.steps[0]).toBe(false);
    expect('traceTrue' in plain.steps[0]).toBe(false);
    expect('tracePassAtK' in plain.evals[0].test).toBe(false);
  });

  it('reads back a run from the generalist: each unverified task\'s split, per seed too; unknown task names are dropped', () => {
    const r = run();
    const withU = (e: EvalRecord): EvalRecord => ({ ...e, unverified: { sub: split(0.3), rev: split(0.2) }, ...(e.perSeed ? { perSeed: e.perSeed.map(withU) } : {}) });
    const u: RunData = { ...r, settings: { ...r.settings, family: 'mix' }, evals: r.evals.map(withU) };
    const back = parseRunFile(toJson(u));
    expect(back.evals).toEqual(u.evals);
    expect(back.settings.family).toBe('mix');
    const odd = JSON.parse(toJson(u));
    odd.records.find((x: { type: string }) => x.type === 'eval').unverified.__proto__x = split(0.1);
    expect(Object.keys(parseRunFile(JSON.stringify(odd)).evals[0].unverified!)).toEqual(['sub', 'rev']);
    odd.records.find((x: { type: string }) => x.type === 'eval').unverified = 3;
    expect(() => parseRunFile(JSON.stringify(odd))).toThrow(/unverified must map task names to splits/);
    expect('unverified' in parseRunFile(toJson(r)).evals[0]).toBe(false);
  });

  it('refuses style ids that are not short plain names, and malformed trace fields', () => {
    const withStep = (extra: Record<string, unknown>) => JSON.stringify({ settings: {}, records: [{ ...step(1, 3, 0.1), ...extra }] });
    expect(() => parseRunFile(withStep({ styleShares: { '<img src=x>': 1 } }))).toThrow(/record 1: styleShares has a style id that is not a short plain name/);
    expect(() => parseRunFile(withStep({ styleShares: JSON.parse('{"__proto__": 1}') }))).toThrow(/not a short plain name/);
    expect(() => parseRunFile(withStep({ styleShares: { [`s${'x'.repeat(60)}`]: 1 } }))).toThrow(/not a short plain name/);
    expect(() => parseRunFile(withStep({ styleShares: { columns: '1' } }))).toThrow(/values must be numbers/);
    expect(() => parseRunFile(withStep({ styleShares: [1] }))).toThrow(/must map style ids/);
    expect(() => parseRunFile(withStep({ traceTrue: 'yes' }))).toThrow(/traceTrue is not a number/);
    const ev = { ...evalRec(0, 3, 0.3), test: { ...split(0.3), tracePassAtK: ['a'] } };
    expect(() => parseRunFile(JSON.stringify({ settings: {}, records: [ev] }))).toThrow(/record 1, test: tracePassAtK must be a list of numbers/);
  });

  it('pins an imported run with its own colour and a label naming the file', () => {
    useStore.setState({ pinned: [] });
    const back = parseRunFile(toJson(run()));
    useStore.getState().pinImported(back, importedLabel('my-run', back.settings));
    useStore.getState().pinImported(back, importedLabel('again', back.settings));
    const pins = useStore.getState().pinned;
    expect(pins).toHaveLength(2);
    expect(pins[0].label).toMatch(/^my-run \(imported\) · /);
    expect(pins[0].label).toContain('seed 3');
    expect(pins[0].id).toBeLessThan(0);
    expect(pins[0].id).not.toBe(pins[1].id);
    expect(pins[0].color).not.toBe(pins[1].color);
    expect(pins[0].status).toBe('finished');
  });
});
