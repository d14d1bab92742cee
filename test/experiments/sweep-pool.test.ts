// The sweep pool runs a cell's consecutive seeds as one multi-seed run and splits its
// records back per seed: every job gets exactly the summary it gets when run alone.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { expandGrid, parseAxis } from '../../src/experiments/grid';
import { groupSeeds } from '../../src/experiments/schedule';
import type { RunSummary } from '../../src/experiments/summary';
import { runPool, type PoolProgress } from '../../scripts/lib/sweep-pool';

const base = { ...DEFAULT_SETTINGS, promptsPerStep: 2, rolloutsPerPrompt: 2, steps: 3, evalEvery: 3, evalProblems: 8, evalSamples: 2 };
const noWall = (s: RunSummary | null) => (s ? { ...s, wallMs: 0 } : null);

describe('sweep pool: seeds of a cell run together', () => {
  it('gives every job the same summary as running it alone', async () => {
    const jobs = expandGrid({ axes: [parseAxis('fn=0,0.3')], seeds: [1, 2, 3, 5], base }).map((j) => ({ id: j.id, settings: j.settings }));
    // fn=0 and fn=0.3 each: seeds 1-3 together, seed 5 alone.
    expect(groupSeeds(jobs, { minGroups: 1 }).map((g) => g.jobs.length)).toEqual([3, 1, 3, 1]);
    const events: PoolProgress[] = [];
    const together = await runPool(jobs, { workers: 0, keepRecords: true, onProgress: (p) => { if (p.outcome) events.push(p); } });
    const alone = await runPool(jobs, { workers: 0, groupSeeds: false });
    expect(together.map((o) => o.id)).toEqual(jobs.map((j) => j.id));
    expect(together.every((o) => o.summary)).toBe(true);
    expect(together.map((o) => noWall(o.summary))).toEqual(alone.map((o) => noWall(o.summary)));
    // Each job's records are its own seed's, and each job is reported once.
    expect(together[1].records!.every((r) => r.seed === 2 && !r.perSeed)).toBe(true);
    expect(events.map((e) => e.outcome!.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    expect(events[events.length - 1].finished).toBe(jobs.length);
    // Seeds differ from one another (the grouping did not hand one seed's numbers to all).
    expect(new Set(together.slice(0, 3).map((o) => JSON.stringify(noWall(o.summary)))).size).toBe(3);
  }, 120_000);

  it('on worker threads as well', async () => {
    const jobs = expandGrid({ axes: [], seeds: [1, 2], base }).map((j) => ({ id: j.id, settings: j.settings }));
    const [threads, alone] = [await runPool(jobs, { workers: 1 }), await runPool(jobs, { workers: 0, groupSeeds: false })];
    expect(threads.map((o) => noWall(o.summary))).toEqual(alone.map((o) => noWall(o.summary)));
  }, 120_000);

  it('a failing group is rerun seed by seed, and every job gets its own outcome', async () => {
    // Settings the trainer refuses (lr out of range): the group fails, then each seed alone.
    const jobs = [1, 2].map((seed) => ({ id: `bad/seed=${seed}`, settings: { ...base, seeds: 1, seed, lr: 1e6 } }));
    const finished: string[] = [];
    const out = await runPool(jobs, { workers: 0, onProgress: (p) => { if (p.outcome) finished.push(p.outcome.id); } });
    expect(out.map((o) => o.id)).toEqual(jobs.map((j) => j.id));
    expect(finished).toEqual(['bad/seed=1', 'bad/seed=2']);
    for (const o of out) expect(o).toMatchObject({ summary: null, error: expect.stringMatching(/lr/) });
  }, 120_000);

  it('on worker threads, a failing group is rerun seed by seed as well', async () => {
    const jobs = [1, 2].map((seed) => ({ id: `bad/seed=${seed}`, settings: { ...base, seeds: 1, seed, lr: 1e6 } }));
    const out = await runPool(jobs, { workers: 1 });
    expect(out.map((o) => o.id)).toEqual(jobs.map((j) => j.id));
    for (const o of out) expect(o).toMatchObject({ summary: null, error: expect.stringMatching(/lr/) });
  }, 120_000);
});
