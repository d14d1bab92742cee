// Sweep grids without the engine: axes, seeds, ids, shards and iso-compute lines.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { expandGrid, isoComputeLine, parseAxis, parseSeeds, parseShard, shardJobs, SweepError, type SweepSpec } from '../../src/experiments/grid';

const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  axes: [parseAxis('fn=0,0.1,0.2,0.3'), parseAxis('k=4,8,16')],
  seeds: [1, 2, 3],
  base: { ...DEFAULT_SETTINGS, steps: 100 },
  ...over,
});

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

  it('a spec stored before a setting existed runs it at its default (plateau off)', () => {
    const { plateau: _, ...old } = { ...DEFAULT_SETTINGS, steps: 100 };
    const jobs = expandGrid(spec({ base: old as typeof DEFAULT_SETTINGS }));
    expect(jobs[0].settings).toEqual({ ...DEFAULT_SETTINGS, steps: 100, fnRate: 0, rolloutsPerPrompt: 4, seed: 1, seeds: 1 });
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
