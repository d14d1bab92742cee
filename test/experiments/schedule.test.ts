// Scheduling: which one-seed jobs share a multi-seed run.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { expandGrid, parseAxis, type SweepSpec } from '../../src/experiments/grid';
import { groupSeeds } from '../../src/experiments/schedule';

const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  axes: [parseAxis('fn=0,0.1,0.2,0.3'), parseAxis('k=4,8,16')],
  seeds: [1, 2, 3],
  base: { ...DEFAULT_SETTINGS, steps: 100 },
  ...over,
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
      // Run to the plateau: a multi-seed run would stop on its seeds' mean, not where each seed alone would.
      mk('p1', { seed: 1, plateau: true }), mk('p2', { seed: 2, plateau: true }),
    ];
    const groups = groupSeeds(jobs);
    expect(idsOf(groups)).toEqual([['a1', 'a2'], ['b2'], ['c1'], ['c2'], ['d1'], ['m'], ['p1'], ['p2']]);
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
