// Where a run ends: the plateau rule exactly on constructed curves (rising, flat, noisy-flat,
// not enough evaluations, growing windows, several seeds), the stop rule's marks (plateau and
// cap), and real runs with `plateau` on: they stop before their cap, the same seed stops at the
// same step, and plateau only truncates a run (its records are the run without it, cut short).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import { selectBackend } from '../../src/engine/backend';
import { pass1NoiseVar, plateauOfRecords, plateauPoint, plateauTest, plateauWindow, StopRule, type PlateauPoint } from '../../src/engine/plateau';
import { combineEvals, seedRecords } from '../../src/engine/seeds';
import type { EvalRecord, MetricRecord, SplitEval, StepRecord } from '../../src/engine/types';
import { nodeTrainer, runToEnd } from '../../scripts/lib/run';

/** Points of one seed with the same sampling variance v at every evaluation, every 10 steps. */
const curve = (pass1: number[], v = 0.0001): PlateauPoint[] => pass1.map((p, i) => ({ step: 10 * (i + 1), pass1: [p], noiseVar: [v] }));

describe('the plateau rule, exactly', () => {
  it('window: max(3, ⌊n/4⌋)', () => {
    expect([1, 6, 15, 16, 19, 20, 40, 100].map(plateauWindow)).toEqual([3, 3, 3, 4, 4, 5, 10, 25]);
  });

  it('sampling variance of pass@1 from the success histogram (unbiased per problem), else the binomial bound', () => {
    const split = (extra: Partial<SplitEval>) => ({ passAtK: [0.5], problems: 2, samplesPerProblem: 4, ...extra });
    // c = 1: 1*3/(4*3) = 1/4; c = 2: 2*2/(4*3) = 1/3; over n P^2 = 16.
    expect(pass1NoiseVar(split({ successHist: [0, 1, 1, 0, 0] }))).toBeCloseTo((1 / 4 + 1 / 3) / 16, 15);
    // Problems always or never solved add no noise.
    expect(pass1NoiseVar(split({ successHist: [1, 0, 0, 0, 1] }))).toBe(0);
    // No histogram: p (1 - p) / (n P) = 0.25 / 8.
    expect(pass1NoiseVar(split({}))).toBe(0.03125);
    // One sample per problem: the histogram cannot estimate p (1 - p); the bound again.
    expect(pass1NoiseVar({ passAtK: [0.25], problems: 4, samplesPerProblem: 1, successHist: [3, 1] })).toBeCloseTo(0.1875 / 4, 15);
  });

  it('rising: the last 3 beat the 3 before by more than two standard errors', () => {
    const t = plateauTest(curve([0.32, 0.34, 0.36, 0.38, 0.40, 0.42]))!;
    expect(t).toMatchObject({ evals: 6, window: 3, ready: true, flat: false, plateauFrom: 40 });
    expect(t.recent).toBeCloseTo(0.40, 12);
    expect(t.prior).toBeCloseTo(0.34, 12);
    expect(t.rise).toBeCloseTo(0.06, 12);
    // Each window's mean has variance 3 v / 9; the two add.
    expect(t.riseSe).toBeCloseTo(Math.sqrt((2 * 3 * 0.0001) / 9), 15);
    expect(t.plateau).toBeCloseTo(0.40, 12);
    expect(t.plateauSe).toBeCloseTo(Math.sqrt(0.0001 / 3), 15);
  });

  it('flat, and noisy-flat: no rise beyond two standard errors (2 SE = 0.0163 here)', () => {
    const flat = plateauTest(curve([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]))!;
    expect(flat).toMatchObject({ ready: true, flat: true, rise: 0, plateau: 0.5 });
    const noisy = plateauTest(curve([0.49, 0.51, 0.50, 0.51, 0.49, 0.52]))!;
    expect(noisy.rise).toBeCloseTo(0.02 / 3, 12);
    expect(noisy.flat).toBe(true);
    // The bar itself: a rise of 0.016 is within it, 0.017 is not.
    expect(plateauTest(curve([0.5, 0.5, 0.5, 0.516, 0.516, 0.516]))!.flat).toBe(true);
    expect(plateauTest(curve([0.5, 0.5, 0.5, 0.517, 0.517, 0.517]))!.flat).toBe(false);
    // Falling counts as stopped rising; no noise at all (all solved) needs no rise either.
    expect(plateauTest(curve([0.6, 0.6, 0.6, 0.5, 0.5, 0.5]))!.flat).toBe(true);
    expect(plateauTest(curve([1, 1, 1, 1, 1, 1], 0))!).toMatchObject({ flat: true, riseSe: 0, plateauSe: 0 });
  });

  it('needs 6 evaluations: fewer are never flat, and their plateau is the mean of the last 3 (or of all)', () => {
    const five = plateauTest(curve([0.5, 0.5, 0.5, 0.5, 0.5]))!;
    expect(five).toMatchObject({ ready: false, flat: false, prior: null, rise: null, riseSe: null, plateau: 0.5, plateauFrom: 30 });
    const two = plateauTest(curve([0.3, 0.4]))!;
    expect(two.plateau).toBeCloseTo(0.35, 12);
    expect(two.plateauFrom).toBe(10);
    expect(plateauTest([])).toBeNull();
  });

  it('the windows grow with the run: at 16 evaluations the last 4 against the 4 before', () => {
    const xs = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.40, 0.40, 0.40, 0.40, 0.44, 0.44, 0.44, 0.44];
    const t = plateauTest(curve(xs))!;
    expect(t).toMatchObject({ window: 4, plateauFrom: 130 });
    expect(t.rise).toBeCloseTo(0.04, 12);
    expect(t.riseSe).toBeCloseTo(Math.sqrt((2 * 4 * 0.0001) / 16), 15);
    expect(t.flat).toBe(false);
  });

  it('several seeds: decided on the mean over seeds, with the sampling noise of that mean (not the seed spread)', () => {
    // Seed 1 rises by 0.03, seed 2 not at all: the mean rises by 0.015.
    const a = [0.40, 0.40, 0.40, 0.43, 0.43, 0.43];
    const b = [0.50, 0.50, 0.50, 0.50, 0.50, 0.50];
    const points = a.map((x, i) => ({ step: 10 * (i + 1), pass1: [x, b[i]], noiseVar: [0.0001, 0.0001] }));
    const t = plateauTest(points)!;
    expect(t.rise).toBeCloseTo(0.015, 12);
    // Each window: 6 variances over (2 seeds x 3)^2.
    expect(t.riseSe).toBeCloseTo(Math.sqrt((2 * 6 * 0.0001) / 36), 15);
    expect(t.flat).toBe(false); // 0.015 > 2 x 0.0058
    expect(t.plateau).toBeCloseTo(0.465, 12);
    // One seed alone would have stopped.
    expect(plateauTest(curve(b))!.flat).toBe(true);
  });
});

const split = (p1: number, hist?: number[]): SplitEval => ({
  passAtK: [p1, 1], rewardObserved: p1, entropy: 0.5, kl: 0, fnRate: null, fpRate: null, problems: 8, samplesPerProblem: 4, ...(hist ? { successHist: hist } : {}),
});
const ev = (step: number, p1: number, seed?: number): EvalRecord => ({
  type: 'eval', step, rollouts: step * 16, test: split(p1), ood: split(0), k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 1, ...(seed === undefined ? {} : { seed }),
});

describe('the stop rule', () => {
  it('reads evaluation records: each seed\'s pass@1 and noise', () => {
    const e = combineEvals([{ ...ev(10, 0.25, 1), test: split(0.25, [6, 0, 0, 0, 2]) }, ev(10, 0.5, 2)], 1);
    const p = plateauPoint(e);
    expect(p.step).toBe(10);
    expect(p.pass1).toEqual([0.25, 0.5]);
    expect(p.noiseVar).toEqual([0, 0.25 / 32]);
  });

  it('cap: the last step\'s evaluation is marked, with plateau off or still rising', () => {
    for (const plateau of [false, true]) {
      const rule = new StopRule({ plateau, steps: 60 });
      const recs = [0, 10, 20, 30, 40, 50].map((s) => ev(s, 0.1 + s / 100));
      expect(rule.observe(recs)).toBeNull();
      const last = ev(60, 0.8);
      expect(rule.observe([{ type: 'step', step: 60 } as StepRecord, last])).toBe('cap');
      expect(last.stopReason).toBe('cap');
      expect(recs.some((r) => r.stopReason)).toBe(false);
    }
  });

  it('plateau: the evaluation where the rule fires is marked, its seeds too; the base evaluation does not count', () => {
    const rule = new StopRule({ plateau: true, steps: 1000 });
    const recs = [0, 10, 20, 30, 40, 50].map((s) => combineEvals([ev(s, 0.5, 1), ev(s, 0.5, 2)], 1));
    expect(rule.observe(recs)).toBeNull(); // five evaluations after the base
    const sixth = combineEvals([ev(60, 0.5, 1), ev(60, 0.5, 2)], 1);
    expect(rule.observe([sixth])).toBe('plateau');
    expect(rule.reason).toBe('plateau');
    expect(sixth.stopReason).toBe('plateau');
    expect(seedRecords(sixth).map((r) => r.stopReason)).toEqual(['plateau', 'plateau']);
    // A flat run at its cap stopped rising: plateau, not cap.
    const atCap = new StopRule({ plateau: true, steps: 60 });
    expect(atCap.observe([0, 10, 20, 30, 40, 50, 60].map((s) => ev(s, 0.5)))).toBe('plateau');
  });

  it('plateauOfRecords: the rule on a run\'s records, the base left out', () => {
    const recs: MetricRecord[] = [ev(0, 0.1), ev(10, 0.3), ev(20, 0.5), ev(30, 0.7)];
    expect(plateauOfRecords(recs)).toMatchObject({ evals: 3, plateau: 0.5, plateauFrom: 10 });
  });
});

const small: Settings = { ...DEFAULT_SETTINGS, seeds: 1, seed: 3, promptsPerStep: 4, rolloutsPerPrompt: 4, steps: 40, evalEvery: 2, evalProblems: 8, evalSamples: 4 };
const withoutTimings = (recs: MetricRecord[]) => recs.map((r) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'stepMs' || k === 'evalMs' ? 0 : v))) as MetricRecord);
const lastEval = (recs: MetricRecord[]) => recs.filter((r): r is EvalRecord => r.type === 'eval').at(-1)!;

describe('runs with plateau on (WASM)', () => {
  const run = async (s: Settings, workers?: number) => {
    const b = await selectBackend('wasm');
    const t = await nodeTrainer(s, b, workers ? { workers } : {});
    const records = await runToEnd(t);
    const out = { records: withoutTimings(records), stopReason: t.stopReason, stepsDone: t.stepsDone };
    t.dispose();
    return out;
  };

  it('stop before their cap, at the same step for the same seed; plateau only cuts the run short', async () => {
    const on = await run({ ...small, plateau: true });
    expect(on.stopReason).toBe('plateau');
    expect(on.stepsDone).toBeLessThan(small.steps);
    expect(on.stepsDone).toBeGreaterThanOrEqual(6 * small.evalEvery); // six evaluations after the base at least
    const end = lastEval(on.records);
    expect(end).toMatchObject({ step: on.stepsDone, stopReason: 'plateau' });
    expect(on.records.filter((r) => r.type === 'eval' && r.stopReason)).toHaveLength(1);
    // Determinism: the same seed stops at the same step with the same records.
    expect(await run({ ...small, plateau: true })).toEqual(on);
    // Off (the default): the run goes to its cap, marked cap, and up to where the plateau run
    // stopped its records are the plateau run's, number for number.
    const off = await run(small);
    expect(off.stopReason).toBe('cap');
    expect(off.stepsDone).toBe(small.steps);
    expect(lastEval(off.records)).toMatchObject({ step: small.steps, stopReason: 'cap' });
    const { stopReason: _, ...unmarked } = end;
    expect(off.records.slice(0, on.records.length)).toEqual([...on.records.slice(0, -1), unmarked]);
  });

  it('several seeds stop together on their mean, the same in one thread and over threads', async () => {
    const s: Settings = { ...small, seeds: 2, plateau: true };
    const one = await run(s, 1);
    expect(one.stopReason).toBe('plateau');
    expect(one.stepsDone).toBeLessThan(s.steps);
    const end = lastEval(one.records);
    expect(seedRecords(end).map((r) => [r.seed, r.step, r.stopReason])).toEqual([[3, one.stepsDone, 'plateau'], [4, one.stepsDone, 'plateau']]);
    const threads = await run(s, 2);
    expect(threads.stepsDone).toBe(one.stepsDone);
    expect(threads.stopReason).toBe('plateau');
    expect(threads.records).toEqual(one.records);
  });
});
