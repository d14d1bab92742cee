import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { parseAxis, type SweepSpec } from '../../src/experiments/grid';
import type { RunSummary } from '../../src/experiments/summary';
import { memoryKv, openStorage, ResultsRepo, isSavedSweep, type KV, type SavedSweep, type StoredJob } from '../../src/ui/persist';

// Fields added to RunSummary later (fracAllRejected, ...) are filled in as well.
const summary = (finalPass1: number): RunSummary => ({
  fracAllRejected: 0, fracAllAccepted: 0,
  steps: 6, rollouts: 768, readoutK: 2, basePass1: 0.4, finalPass1, basePassK: 0.6, finalPassK: 0.6, baseOodPass1: 0, finalOodPass1: 0,
  baseEntropy: 0.4, finalEntropy: 0.4, finalKl: 0.001, baseObserved: 0.4, finalObserved: 0.4, fnRate: 0, fpRate: 0, compressionRatio: null,
  capabilityGain: 0, observedEarly: 0.4, trueEarly: 0.4, observedLate: 0.5, trueLate: 0.5, fracZeroStd: 0.1, promptPool: 100, wallMs: 10,
}) as RunSummary;

const spec: SweepSpec = { axes: [parseAxis('fn=0,0.3')], seeds: [1], base: { ...DEFAULT_SETTINGS, steps: 6 } };

function sweep(id: string, createdAt: number, status: SavedSweep['status'] = 'complete'): SavedSweep {
  return { version: 1, id, name: `sweep ${id}`, createdAt, spec, total: 2, results: [], status };
}

function job(cell: string, p: number): StoredJob {
  return { id: `${cell}/seed=1`, cell, seed: 1, settings: { ...DEFAULT_SETTINGS, steps: 6, fnRate: cell === 'fn=0' ? 0 : 0.3 }, summary: summary(p), curve: [] };
}

describe('results persistence', () => {
  it('saves sweeps, adds results job by job (replacing by id) and lists newest first', async () => {
    const repo = new ResultsRepo(memoryKv());
    await repo.saveSweep(sweep('a', 1));
    await repo.saveSweep(sweep('b', 2));
    await repo.addResult('a', job('fn=0', 0.5));
    await repo.addResult('a', job('fn=0.3', 0.4));
    await repo.addResult('a', job('fn=0.3', 0.45));
    const list = await repo.listSweeps();
    expect(list.map((s) => s.id)).toEqual(['b', 'a']);
    expect(list[1].results.map((r) => [r.cell, r.summary?.finalPass1])).toEqual([['fn=0', 0.5], ['fn=0.3', 0.45]]);
    expect(await repo.addResult('missing', job('fn=0', 0.5))).toBeNull();
  });

  it('concurrent writes to one sweep all land (writes are serialised)', async () => {
    const repo = new ResultsRepo(memoryKv());
    await repo.saveSweep(sweep('a', 1));
    await Promise.all(Array.from({ length: 20 }, (_, i) => repo.addResult('a', { ...job('fn=0', i / 20), id: `j${i}` })));
    expect((await repo.listSweeps())[0].results).toHaveLength(20);
  });

  it('a sweep saved as running comes back as interrupted; status changes and deletion persist', async () => {
    const kv = memoryKv();
    const repo = new ResultsRepo(kv);
    await repo.saveSweep(sweep('a', 1, 'running'));
    expect((await new ResultsRepo(kv).listSweeps())[0].status).toBe('interrupted');
    await repo.setStatus('a', 'cancelled');
    expect((await repo.listSweeps())[0].status).toBe('cancelled');
    await repo.removeSweep('a');
    expect(await repo.listSweeps()).toEqual([]);
  });

  it('drops entries that do not validate (old format, bad settings, broken summary) and counts them', async () => {
    const kv = memoryKv();
    const repo = new ResultsRepo(kv);
    await repo.saveSweep(sweep('ok', 1));
    await kv.set('sweep:old', { version: 0, id: 'old' });
    await kv.set('sweep:bad-settings', { ...sweep('x', 2), results: [{ ...job('fn=0', 0.5), settings: { ...DEFAULT_SETTINGS, fnRate: 7 } }] });
    await kv.set('sweep:bad-summary', { ...sweep('y', 3), results: [{ ...job('fn=0', 0.5), summary: { finalPass1: 'high' } }] });
    await kv.set('other', 'ignored');
    expect((await repo.listSweeps()).map((s) => s.id)).toEqual(['ok']);
    expect(repo.dropped).toBe(3);
    expect(isSavedSweep(sweep('z', 1))).toBe(true);
  });

  it('stores findings and reads them back', async () => {
    const repo = new ResultsRepo(memoryKv());
    await repo.saveFinding({ version: 1, id: 'fn-vs-fp', savedAt: 5, budget: { steps: 6 }, seeds: [1], runs: [{ arm: 'clean', seed: 1, settings: DEFAULT_SETTINGS, summary: summary(0.5), curve: [] }] });
    const got = await repo.listFindings();
    expect(got).toHaveLength(1);
    expect(got[0].runs[0].summary?.finalPass1).toBe(0.5);
  });

  it('the memory store copies values, as IndexedDB does', async () => {
    const kv: KV = memoryKv();
    const v = { a: [1] };
    await kv.set('k', v);
    v.a.push(2);
    expect(await kv.get('k')).toEqual({ a: [1] });
  });

  it('falls back to memory with a reason when IndexedDB is unavailable or fails', async () => {
    const none = await openStorage(undefined as unknown as IDBFactory);
    // Node has no indexedDB global: the fallback is used.
    expect(none.persistent).toBe(false);
    expect(none.reason).toMatch(/IndexedDB/);
    const throwing = { open() { throw new Error('SecurityError: access denied'); } } as unknown as IDBFactory;
    const st = await openStorage(throwing);
    expect(st.persistent).toBe(false);
    expect(st.reason).toContain('access denied');
    await st.kv.set('x', 1);
    expect(await st.kv.get('x')).toBe(1);
  });
});
