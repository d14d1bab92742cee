// The page's sweep pool runs a cell's consecutive seeds as one multi-seed job and hands
// each job its own seed's summary and curve (the worker splits the run per seed).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import type { RunSummary } from '../../src/experiments/sweep';
import { runSeedGroups, type PoolWorker } from '../../src/ui/pool';
import type { JobOutcome } from '../../src/workers/sweep-protocol';

const summary = (x: number) => ({ finalPass1: x } as RunSummary);

/** A fake sweep worker: seed s of any run ends at pass@1 s/10, like the engine's seeds (independent of grouping). */
function fakeFactory(calls: Settings[]) {
  return (): PoolWorker => ({
    async run(settings, onProgress) {
      calls.push(settings);
      onProgress({ stepsDone: 2, steps: settings.steps });
      await new Promise((r) => setTimeout(r, 1));
      if (settings.lr === 1e-3) throw new Error('boom');
      const seeds = Array.from({ length: settings.seeds }, (_, i) => settings.seed + i);
      const out: JobOutcome = { summary: summary(-1), curve: [], info: {} as never, wallMs: 10 * seeds.length, backend: 'cpu' };
      if (settings.seeds > 1) out.perSeed = seeds.map((s) => ({ seed: s, summary: summary(s / 10), curve: [{ step: s, rollouts: 0, pass1: s / 10, passK: 0, fnRate: null, fpRate: null }] }));
      else out.summary = summary(settings.seed / 10);
      return out;
    },
    terminate() {},
  });
}

describe('runSeedGroups', () => {
  it('runs consecutive seeds of equal settings together and splits the outcome per job', async () => {
    const calls: Settings[] = [];
    const job = (id: string, seed: number, over: Partial<Settings> = {}) => ({ id, settings: { ...DEFAULT_SETTINGS, seeds: 1, seed, ...over } });
    const jobs = [job('a1', 1), job('a2', 2), job('a3', 3), job('b1', 1, { fnRate: 0.1 }), job('b5', 5, { fnRate: 0.1 }), job('c1', 1, { lr: 1e-3 }), job('c2', 2, { lr: 1e-3 })];
    const done = new Map<string, JobOutcome>();
    const failed: string[] = [];
    const progress = new Map<string, number>();
    const run = runSeedGroups(jobs, {
      onProgress: (id, p) => void progress.set(id, p.stepsDone),
      onDone: (id, o) => void done.set(id, o),
      onError: (id, m) => void failed.push(`${id}: ${m}`),
    }, 1, fakeFactory(calls));
    await run.done;
    expect(calls.map((s) => [s.fnRate, s.lr, s.seed, s.seeds])).toEqual([[0, 3e-4, 1, 3], [0.1, 3e-4, 1, 1], [0.1, 3e-4, 5, 1], [0, 1e-3, 1, 2]]);
    expect([...done.keys()].sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b5']);
    for (const [id, o] of done) expect(o.summary.finalPass1).toBe(Number(id.slice(1)) / 10);
    expect(done.get('a2')!.curve).toEqual([{ step: 2, rollouts: 0, pass1: 0.2, passK: 0, fnRate: null, fpRate: null }]);
    expect(done.get('a2')!.wallMs).toBe(10);
    expect(done.get('a2')!.perSeed).toBeUndefined();
    expect(failed).toEqual(['c1: boom', 'c2: boom']);
    expect([...progress.keys()].sort()).toEqual(jobs.map((j) => j.id).sort());
  });

  it('splits groups so that every worker has a run', async () => {
    const calls: Settings[] = [];
    const jobs = [1, 2, 3, 4].map((seed) => ({ id: `s${seed}`, settings: { ...DEFAULT_SETTINGS, seeds: 1, seed } }));
    await runSeedGroups(jobs, { onProgress() {}, onDone() {}, onError() {} }, 2, fakeFactory(calls)).done;
    expect(calls.map((s) => [s.seed, s.seeds]).sort()).toEqual([[1, 2], [3, 2]]);
  });
});
