// Sweep files: merging shards and the CSV exports.
import { describe, expect, it } from 'vitest';
import { expandGrid, parseAxis, shardJobs } from '../../src/experiments/grid';
import { buildSweepFile, cellsToCsv, mergeSweeps, sweepToCsv } from '../../src/experiments/sweep-file';
import { resultsFor, spec } from './summary-fixtures';

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
