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
    expect(cells[0].startsWith('cell,fn,runs,failed,stopped_plateau,stopped_cap,steps,steps_se,')).toBe(true);
    // Summaries made before stop reasons: the per-job column and the per-cell counts are blank.
    expect(rows[0].split(',').slice(-2)).toEqual(['stopReason', 'error']);
    expect(rows[1].split(',').slice(-2)).toEqual(['', '']);
    expect(cells[1].split(',').slice(0, 6)).toEqual(['fn=0', '0', '2', '0', '', '']);
  });

  it('carries where each run ended: the plateau fields, the stop reason per job and the stops per cell', () => {
    const s = spec({ axes: [parseAxis('fn=0,0.3')], seeds: [1, 2] });
    const results = resultsFor(s).map((r, i) => ({
      ...r, summary: { ...r.summary!, seed: r.seed, stopReason: i === 1 ? 'cap' as const : 'plateau' as const, stopStep: 100 + 20 * i, plateauPass1: 0.5 + i / 100, plateauPass1Se: 0.01, halfGainStep: 40, pass1Curve: [{ step: 0, pass1: 0.3 }] },
    }));
    const file = buildSweepFile(s, results);
    expect(file.cells.map((c) => c.stopReasons)).toEqual([{ plateau: 1, cap: 1 }, { plateau: 2 }]);
    expect(file.cells[0].stats.stopStep).toEqual({ mean: 110, se: 10, n: 2 });
    expect(file.cells[1].stats.plateauPass1.mean).toBeCloseTo(0.525, 12);
    const rows = sweepToCsv(file).trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => rows[0].indexOf(name);
    expect(rows.slice(1).map((r) => [r[col('stopReason')], r[col('stopStep')], r[col('plateauPass1')], r[col('halfGainStep')]])).toEqual([
      ['plateau', '100', '0.5', '40'], ['cap', '120', '0.51', '40'], ['plateau', '140', '0.52', '40'], ['plateau', '160', '0.53', '40'],
    ]);
    const cells = cellsToCsv(file).trim().split('\n').map((l) => l.split(','));
    expect(cells.slice(1).map((r) => r.slice(4, 6))).toEqual([['1', '1'], ['2', '0']]);
    // The sweep file keeps them as they are (a JSON round trip merges to the same file).
    expect(mergeSweeps([JSON.parse(JSON.stringify(file))])).toEqual(file);
  });
});
