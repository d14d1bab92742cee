// Sweep maths without the engine: grids, ids, shards, merges, summaries, aggregates, iso-compute.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import {
  aggregateCells, buildSweepFile, cellsToCsv, expandGrid, groupSeeds, isoComputeLine, meanSe, mergeSweeps, parseAxis, parseSeeds,
  parseShard, shardJobs, splitSeeds, summarizeRun, summarizeSeeds, sweepToCsv, SweepError, windowOf,
  type JobResult, type RunSummary, type SweepSpec,
} from '../../src/experiments/sweep';
import { combineEvals, combineSteps } from '../../src/engine/seeds';
import type { EvalRecord, MetricRecord, SplitEval, StepRecord } from '../../src/engine/types';

const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  axes: [parseAxis('fn=0,0.1,0.2,0.3'), parseAxis('k=4,8,16')],
  seeds: [1, 2, 3],
  base: { ...DEFAULT_SETTINGS, steps: 100 },
  ...over,
});

function fakeSummary(x: number): RunSummary {
  return {
    steps: 10, rollouts: 1280, readoutK: 8, basePass1: 0.3, finalPass1: x, basePassK: 0.8, finalPassK: 0.8, baseOodPass1: 0, finalOodPass1: 0,
    baseEntropy: 1, finalEntropy: 0.5, finalKl: 0.01, baseObserved: 0.3, finalObserved: x, fnRate: null, fpRate: 0,
    compressionRatio: null, capabilityGain: 0, observedEarly: 0, trueEarly: 0, observedLate: 0, trueLate: 0, fracZeroStd: 0.2, fracAllRejected: 0.15, fracAllAccepted: 0.05, promptPool: 2000, wallMs: 5,
  };
}

function resultsFor(s: SweepSpec, value: (id: string) => number = () => 0.5): JobResult[] {
  return expandGrid(s).map((j) => ({ id: j.id, cell: j.cell, seed: j.seed, settings: j.settings, summary: fakeSummary(value(j.id)) }));
}

describe('grid expansion', () => {
  it('expands axes x seeds with stable ids, first axis slowest, seeds innermost', () => {
    const jobs = expandGrid(spec());
    expect(jobs).toHaveLength(4 * 3 * 3);
    expect(jobs.map((j) => j.index)).toEqual(jobs.map((_, i) => i));
    expect(jobs.slice(0, 4).map((j) => j.id)).toEqual(['fn=0,k=4/seed=1', 'fn=0,k=4/seed=2', 'fn=0,k=4/seed=3', 'fn=0,k=8/seed=1']);
    expect(jobs[35].id).toBe('fn=0.3,k=16/seed=3');
    expect(new Set(jobs.map((j) => j.id)).size).toBe(36);
    const j = jobs.find((x) => x.id === 'fn=0.2,k=16/seed=2')!;
    expect(j.settings).toEqual({ ...DEFAULT_SETTINGS, steps: 100, fnRate: 0.2, rolloutsPerPrompt: 16, seed: 2, seeds: 1 });
    expect(j.compute).toBe(16 * 16 * 100);
    // The same spec always gives the same ids in the same order.
    expect(expandGrid(spec()).map((x) => x.id)).toEqual(jobs.map((x) => x.id));
  });

  it('no axes is one cell called base', () => {
    const jobs = expandGrid(spec({ axes: [], seeds: [7] }));
    expect(jobs.map((j) => j.id)).toEqual(['base/seed=7']);
  });

  it('axes accept flags and keys, validate values against the schema and name the flag', () => {
    expect(parseAxis('fnRate=0.1').flag).toBe('fn');
    expect(parseAxis('verifier=noisy,lastDigit').values).toEqual(['noisy', 'lastDigit']);
    expect(parseAxis('std-norm=true,false').values).toEqual([true, false]);
    expect(() => parseAxis('fn=0,1.5')).toThrow(/--fn must be a number in \[0, 0.9\]/);
    expect(() => parseAxis('k=4,8.5')).toThrow(/--k must be an integer in \[2, 32\]/);
    expect(() => parseAxis('verifier=oracle')).toThrow(/one of noisy/);
    expect(() => parseAxis('nope=1')).toThrow(/unknown setting "nope"/);
    expect(() => parseAxis('fn')).toThrow(SweepError);
    expect(() => parseAxis('fn=0.1,0.1')).toThrow(/twice/);
    expect(() => parseAxis('seed=1,2')).toThrow(/--seeds/);
    expect(() => parseAxis('seeds=1,2')).toThrow(/--seeds/);
    expect(() => expandGrid(spec({ axes: [parseAxis('fn=0'), parseAxis('fnRate=0.1')] }))).toThrow(/twice/);
  });

  it('seeds: a count from the first seed, or a list', () => {
    expect(parseSeeds('3')).toEqual([1, 2, 3]);
    expect(parseSeeds('2', 10)).toEqual([10, 11]);
    expect(parseSeeds('5,1,9')).toEqual([5, 1, 9]);
    expect(() => parseSeeds('0')).toThrow();
    expect(() => parseSeeds('1,1')).toThrow(/twice/);
    expect(() => parseSeeds('1,x')).toThrow(/--seeds/);
  });
});

describe('sharding', () => {
  it('every job lands in exactly one shard, j % n == i', () => {
    const jobs = expandGrid(spec());
    for (const n of [1, 2, 5, 7, 36, 50]) {
      const seen = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const part = shardJobs(jobs, { index: i, count: n });
        for (const j of part) {
          expect(j.index % n).toBe(i);
          seen.set(j.id, (seen.get(j.id) ?? 0) + 1);
        }
      }
      expect(seen.size).toBe(jobs.length);
      expect([...seen.values()].every((c) => c === 1)).toBe(true);
    }
    expect(shardJobs(jobs, parseShard('1/4')).map((j) => j.index)).toEqual([1, 5, 9, 13, 17, 21, 25, 29, 33]);
  });

  it('parses i/n and refuses out-of-range shards', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    expect(() => parseShard('8/8')).toThrow(/0 <= i < n/);
    expect(() => parseShard('1/0')).toThrow();
    expect(() => parseShard('a/b')).toThrow(/i\/n/);
  });
});

describe('merge', () => {
  const s = spec({ axes: [parseAxis('fn=0,0.3')], seeds: [1, 2] });
  const all = resultsFor(s, (id) => (id.startsWith('fn=0.3') ? 0.4 : 0.6));
  const shard = (i: number, n: number) => buildSweepFile(s, shardJobs(expandGrid(s), { index: i, count: n }).map((j) => all[j.index]), { index: i, count: n });

  it('joins shards into the whole sweep, in grid order, with aggregates', () => {
    const merged = mergeSweeps([shard(1, 3), shard(0, 3), shard(2, 3)], { requireComplete: true });
    expect(merged.results.map((r) => r.id)).toEqual(expandGrid(s).map((j) => j.id));
    expect(merged.shard).toBeUndefined();
    expect(merged.cells.map((c) => [c.cell, c.stats.finalPass1.mean, c.seeds])).toEqual([['fn=0', 0.6, [1, 2]], ['fn=0.3', 0.4, [1, 2]]]);
  });

  it('deduplicates identical results (wall time aside) and prefers a completed run over a failed one', () => {
    const a = shard(0, 2);
    const again = { ...a, results: a.results.map((r) => ({ ...r, summary: { ...r.summary!, wallMs: 999 } })) };
    const failed = { ...shard(1, 2), results: shard(1, 2).results.map((r) => ({ ...r, summary: null, error: 'boom' })) };
    const merged = mergeSweeps([a, again, failed, shard(1, 2)], { requireComplete: true });
    expect(merged.results).toHaveLength(4);
    expect(merged.results.every((r) => r.summary)).toBe(true);
  });

  it('conflicting duplicates, foreign sweeps and (when asked) missing jobs are errors', () => {
    const a = shard(0, 2);
    const changed = { ...a, results: a.results.map((r, i) => (i === 0 ? { ...r, summary: { ...r.summary!, finalPass1: 0.99 } } : r)) };
    expect(() => mergeSweeps([a, changed])).toThrow(/fn=0\/seed=1 appears twice with different results/);
    const other = buildSweepFile({ ...s, base: { ...s.base, steps: 50 } }, []);
    expect(() => mergeSweeps([a, other])).toThrow(/different sweep/);
    expect(() => mergeSweeps([a], { requireComplete: true })).toThrow(/2 of 4 jobs missing/);
    expect(mergeSweeps([a]).results).toHaveLength(2);
    expect(() => mergeSweeps([])).toThrow();
  });

  it('writes CSV per job and per cell', () => {
    const merged = mergeSweeps([shard(0, 1)]);
    const rows = sweepToCsv(merged).trim().split('\n');
    expect(rows).toHaveLength(5);
    expect(rows[0].startsWith('id,cell,seed,fn,compute,steps,')).toBe(true);
    expect(rows[1].startsWith('fn=0/seed=1,fn=0,1,0,12800,')).toBe(true);
    const cells = cellsToCsv(merged).trim().split('\n');
    expect(cells).toHaveLength(3);
    expect(cells[0].startsWith('cell,fn,runs,failed,steps,steps_se,')).toBe(true);
  });
});

describe('aggregation', () => {
  it('mean and standard error (sample sd / sqrt n); nulls left out; n < 2 has no se', () => {
    const st = meanSe([1, 2, 3, 4]);
    expect(st.mean).toBe(2.5);
    expect(st.se).toBeCloseTo(Math.sqrt(((1.5 ** 2 + 0.5 ** 2) * 2) / 3 / 4), 12);
    expect(st.n).toBe(4);
    expect(meanSe([0.2, null, 0.4])).toEqual({ mean: 0.30000000000000004, se: 0.1, n: 2 });
    expect(meanSe([0.7])).toEqual({ mean: 0.7, se: null, n: 1 });
    expect(meanSe([null])).toEqual({ mean: null, se: null, n: 0 });
  });

  it('aggregates per cell over seeds and counts failures', () => {
    const s = spec({ axes: [parseAxis('k=4,8')], seeds: [1, 2, 3] });
    const values: Record<string, number> = { 'k=4/seed=1': 0.1, 'k=4/seed=2': 0.2, 'k=4/seed=3': 0.6, 'k=8/seed=1': 0.5, 'k=8/seed=2': 0.5, 'k=8/seed=3': 0 };
    const results = resultsFor(s, (id) => values[id]).map((r) => (r.id === 'k=8/seed=3' ? { ...r, summary: null, error: 'x' } : r));
    const cells = aggregateCells(results, s.axes);
    expect(cells.map((c) => c.cell)).toEqual(['k=4', 'k=8']);
    expect(cells[0].values).toEqual({ k: 4 });
    expect(cells[0].stats.finalPass1.mean).toBeCloseTo(0.3, 12);
    expect(cells[0].stats.finalPass1.se).toBeCloseTo(Math.sqrt(0.07 / 3), 12); // sd^2 = (0.04+0.01+0.09)/2
    expect(cells[1]).toMatchObject({ seeds: [1, 2], failed: 1 });
    expect(cells[1].stats.finalPass1).toEqual({ mean: 0.5, se: 0, n: 2 });
  });
});

describe('iso-compute', () => {
  it('holding B: steps = round(C / (B K)), reporting the compute actually spent', () => {
    expect(isoComputeLine({ promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 1 }, 51200, [2, 4, 8, 16])).toEqual([
      { rolloutsPerPrompt: 2, promptsPerStep: 16, steps: 1600, compute: 51200 },
      { rolloutsPerPrompt: 4, promptsPerStep: 16, steps: 800, compute: 51200 },
      { rolloutsPerPrompt: 8, promptsPerStep: 16, steps: 400, compute: 51200 },
      { rolloutsPerPrompt: 16, promptsPerStep: 16, steps: 200, compute: 51200 },
    ]);
    // 10000 / (16 * 3) = 208.33 -> 208 steps, 9984 rollouts.
    expect(isoComputeLine({ promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 1 }, 10000, [3])).toEqual([{ rolloutsPerPrompt: 3, promptsPerStep: 16, steps: 208, compute: 9984 }]);
  });

  it('holding the steps: B = round(C / (K steps))', () => {
    expect(isoComputeLine({ promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 60 }, 7680, [2, 4, 8, 16], 'steps').map((p) => [p.promptsPerStep, p.compute])).toEqual([[64, 7680], [32, 7680], [16, 7680], [8, 7680]]);
    expect(() => isoComputeLine({ promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 60 }, 76800, [2], 'steps')).toThrow(/b would be 640, outside \[1, 64\]/);
    expect(() => isoComputeLine({ promptsPerStep: 16, rolloutsPerPrompt: 8, steps: 1 }, 0, [2])).toThrow(/positive/);
  });

  it('an iso sweep derives each cell\'s steps and refuses an axis on the derived setting', () => {
    const jobs = expandGrid(spec({ axes: [parseAxis('k=2,4,8,16')], seeds: [1], iso: { compute: 51200, hold: 'prompts' } }));
    expect(jobs.map((j) => [j.id, j.settings.steps, j.compute])).toEqual([
      ['k=2/seed=1', 1600, 51200], ['k=4/seed=1', 800, 51200], ['k=8/seed=1', 400, 51200], ['k=16/seed=1', 200, 51200],
    ]);
    expect(() => expandGrid(spec({ axes: [parseAxis('steps=10,20')], iso: { compute: 100, hold: 'prompts' } }))).toThrow(/derives --steps/);
    expect(() => expandGrid(spec({ axes: [parseAxis('k=2')], iso: { compute: 10_000_000, hold: 'prompts' } }))).toThrow(/steps would be 312500/);
  });
});

describe('run summary', () => {
  const split = (p1: number, pk: number, extra: Partial<SplitEval> = {}): SplitEval => ({
    passAtK: [p1, 0, 0, 0, 0, 0, 0, pk], rewardObserved: p1, entropy: 1, kl: 0, fnRate: null, fpRate: null, problems: 8, samplesPerProblem: 8, ...extra,
  });
  const ev = (step: number, p1: number, pk: number, extra: Partial<EvalRecord> = {}): EvalRecord => ({
    type: 'eval', step, rollouts: step * 10, test: split(p1, pk), ood: split(p1 / 10, pk), k: 8, compressionRatio: null, capabilityGain: 0, evalMs: 1, ...extra,
  });
  const step = (i: number): StepRecord => ({
    type: 'step', step: i, rollouts: i * 10, rewardObserved: i / 10, rewardUsed: i / 10, keptFraction: 1, rewardTrue: i / 20, rewardStd: 0, fracZeroStd: i % 2, fracAllRejected: (i % 2) * 0.25, fracAllAccepted: (i % 2) * 0.75,
    lossPolicy: 0, lossKl: 0, lossEntropy: 0, loss: 0, kl: 0, entropy: 0, clipFraction: 0, gradNorm: 0, advantageAbsMean: 0, completionLength: 3, tokens: 30, stepMs: 1,
  });

  it('reads base and final evaluations and averages the first and last 20% of steps', () => {
    const steps = Array.from({ length: 10 }, (_, i) => step(i + 1));
    const recs = [ev(0, 0.3, 0.8), ...steps.slice(0, 5), ev(5, 0.4, 0.8), ...steps.slice(5), ev(10, 0.5, 0.85, { compressionRatio: 0.4, capabilityGain: 0.05, test: split(0.5, 0.85, { entropy: 0.6, kl: 0.02, rewardObserved: 0.55, fnRate: 0.25, fpRate: 0.1 }) })];
    const s = summarizeRun(recs, { promptPool: 321 }, 1234);
    expect(s).toMatchObject({
      steps: 10, rollouts: 100, readoutK: 8, basePass1: 0.3, finalPass1: 0.5, basePassK: 0.8, finalPassK: 0.85, baseOodPass1: 0.03, finalOodPass1: 0.05,
      baseEntropy: 1, finalEntropy: 0.6, finalKl: 0.02, baseObserved: 0.3, finalObserved: 0.55, fnRate: 0.25, fpRate: 0.1,
      compressionRatio: 0.4, capabilityGain: 0.05, fracZeroStd: 0.5, fracAllRejected: 0.125, fracAllAccepted: 0.375, promptPool: 321, wallMs: 1234,
    });
    expect(s.observedEarly).toBeCloseTo(0.15, 12); // steps 1-2
    expect(s.trueEarly).toBeCloseTo(0.075, 12);
    expect(s.observedLate).toBeCloseTo(0.95, 12); // steps 9-10
    expect(s.trueLate).toBeCloseTo(0.475, 12);
    expect(windowOf([1, 2, 3], 'last')).toEqual([3]);
    expect(() => summarizeRun([step(1)])).toThrow(/evaluation/);
  });

  it('summarizeSeeds: each seed summarised from its own records (perSeed), then mean and standard error per field', () => {
    const seedRun = (seed: number, p: number): MetricRecord[] => {
      const steps = Array.from({ length: 5 }, (_, i) => ({ ...step(i + 1), rewardObserved: p + i / 100, seed }));
      return [ev(0, 0.3, 0.8, { seed }), ...steps, ev(5, p, 0.9, { seed, compressionRatio: p })];
    };
    const runs = [seedRun(4, 0.4), seedRun(5, 0.6), seedRun(6, 0.8)];
    // The multi-seed stream the trainer emits: one record per unit, the mean with perSeed.
    const merged: MetricRecord[] = runs[0].map((r, i) => (r.type === 'step'
      ? combineSteps(runs.map((x) => x[i] as StepRecord), 3)
      : combineEvals(runs.map((x) => x[i] as EvalRecord), 3)));
    expect(splitSeeds(merged).map((x) => x.seed)).toEqual([4, 5, 6]);
    expect(splitSeeds(merged)[1].records).toEqual(runs[1]);
    const out = summarizeSeeds(merged, { promptPool: 100 }, 300);
    expect(out.seeds).toEqual([4, 5, 6]);
    expect(out.perSeed).toEqual(runs.map((r) => summarizeRun(r, { promptPool: 100 }, 100)));
    expect(out.stats.finalPass1.mean).toBeCloseTo(0.6, 12);
    expect(out.stats.finalPass1.se).toBeCloseTo(0.2 / Math.sqrt(3), 12); // sd 0.2 over 3 seeds
    expect(out.stats.compressionRatio).toMatchObject({ n: 3 });
    expect(out.stats.basePass1).toMatchObject({ mean: 0.3, se: 0, n: 3 });
    expect(out.stats.wallMs.mean).toBe(100);
    // A single-seed stream is one seed.
    const one = summarizeSeeds(runs[0]);
    expect(one.seeds).toEqual([4]);
    expect(one.perSeed).toEqual([summarizeRun(runs[0])]);
    expect(one.stats.finalPass1).toEqual({ mean: 0.4, se: null, n: 1 });
  });
});

describe('running a cell\'s seeds together', () => {
  const base = { ...DEFAULT_SETTINGS, steps: 10 };
  const idsOf = (groups: { jobs: { id: string }[] }[]) => groups.map((g) => g.jobs.map((j) => j.id));

  it('groups the consecutive seeds of each cell into one multi-seed run (seed = first, seeds = count)', () => {
    const jobs = expandGrid(spec({ axes: [parseAxis('fn=0,0.1')], seeds: [1, 2, 3] }));
    expect(jobs.every((j) => j.settings.seeds === 1)).toBe(true);
    const groups = groupSeeds(jobs);
    expect(idsOf(groups)).toEqual([
      ['fn=0/seed=1', 'fn=0/seed=2', 'fn=0/seed=3'],
      ['fn=0.1/seed=1', 'fn=0.1/seed=2', 'fn=0.1/seed=3'],
    ]);
    expect(groups[1].settings).toEqual({ ...jobs[3].settings, seed: 1, seeds: 3 });
  });

  it('breaks at gaps in the seeds and at 8 seeds, whatever the job order', () => {
    const jobs = expandGrid(spec({ axes: [], seeds: [5, 1, 2, 9, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18] }));
    const groups = groupSeeds(jobs);
    expect(groups.map((g) => [g.settings.seed, g.settings.seeds])).toEqual([[5, 1], [1, 3], [9, 8], [17, 2]]);
    expect(groupSeeds(jobs, { maxSeeds: 2 }).map((g) => [g.settings.seed, g.settings.seeds])).toEqual([[5, 1], [1, 2], [9, 2], [3, 1], [11, 2], [13, 2], [15, 2], [17, 2]]);
  });

  it('jobs that differ in anything but the seed never share a run; nor do seed-dependent curation or multi-seed jobs', () => {
    const mk = (id: string, over: Partial<typeof base>) => ({ id, settings: { ...base, seeds: 1, ...over } });
    const jobs = [
      mk('a1', { seed: 1 }), mk('b2', { seed: 2, lr: 1e-3 }), mk('a2', { seed: 2 }),
      mk('c1', { seed: 1, curation: 'band' }), mk('c2', { seed: 2, curation: 'band' }),
      mk('d1', { seed: 1, schedule: 'easyToHard' }), mk('m', { seed: 3, seeds: 2 }),
    ];
    const groups = groupSeeds(jobs);
    expect(idsOf(groups)).toEqual([['a1', 'a2'], ['b2'], ['c1'], ['c2'], ['d1'], ['m']]);
    expect(groups[5].settings).toEqual(jobs[6].settings); // a multi-seed job runs as it is
  });

  it('splits the largest groups when there would be fewer runs than workers', () => {
    const jobs = expandGrid(spec({ axes: [parseAxis('fn=0,0.1')], seeds: [1, 2, 3, 4, 5, 6] }));
    expect(groupSeeds(jobs, { minGroups: 3 }).map((g) => [g.jobs[0].cell, g.settings.seed, g.settings.seeds])).toEqual([
      ['fn=0', 1, 3], ['fn=0', 4, 3], ['fn=0.1', 1, 6],
    ]);
    expect(groupSeeds(jobs, { minGroups: 100 })).toHaveLength(12);
  });
});
