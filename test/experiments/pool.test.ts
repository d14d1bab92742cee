// The one job pool (src/experiments/pool.ts) with fake workers, no training: the scheduling
// rules (a cell's consecutive seeds together, longest first), a failed group rerun seed by
// seed, cancel, a crashed worker replaced, the 0-lane mode, and the job protocol between a
// pool worker and the worker's loop (src/experiments/job-port.ts).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import type { RunSummary } from '../../src/experiments/summary';
import type { JobOutcome, JobRequest } from '../../src/experiments/job';
import { runPool, type PoolWorker } from '../../src/experiments/pool';
import { portWorker, type JobMessage, type JobReply } from '../../src/experiments/job-port';
import { serveJobs } from '../../src/experiments/job-serve';
import { loopback } from './loopback';

const summary = (x: number) => ({ finalPass1: x } as RunSummary);
const job = (id: string, seed: number, over: Partial<Settings> = {}) => ({ id, settings: { ...DEFAULT_SETTINGS, seeds: 1, seed, ...over } });
const tick = () => new Promise((r) => setTimeout(r, 1));

/** A fake sweep worker: seed s of any run ends at pass@1 s/10, like the engine's seeds (independent of grouping). */
function fakeFactory(calls: Settings[], fails: (s: Settings) => boolean = (s) => s.lr === 1e-3) {
  return (): PoolWorker => ({
    async run({ settings, perSeed }, onProgress) {
      calls.push(settings);
      onProgress({ stepsDone: 2, steps: settings.steps });
      await tick();
      if (fails(settings)) throw new Error('boom');
      const seeds = Array.from({ length: settings.seeds }, (_, i) => settings.seed + i);
      const out: JobOutcome = { summary: summary(-1), curve: [], info: {} as never, wallMs: 10 * seeds.length, backend: 'cpu' };
      if (perSeed) out.perSeed = seeds.map((s) => ({ seed: s, summary: summary(s / 10), curve: [{ step: s, rollouts: 0, pass1: s / 10, passK: 0, fnRate: null, fpRate: null }] }));
      else out.summary = summary(settings.seed / 10);
      return out;
    },
    terminate() {},
  });
}

describe('pool: seeds of a cell run together', () => {
  it('runs consecutive seeds of equal settings together, longest first, and splits the outcome per job', async () => {
    const calls: Settings[] = [];
    const jobs = [job('a1', 1), job('a2', 2), job('a3', 3), job('b1', 1, { fnRate: 0.1 }), job('b5', 5, { fnRate: 0.1 }), job('c1', 1, { lr: 1e-3 }), job('c2', 2, { lr: 1e-3 })];
    const done = new Map<string, JobOutcome>();
    const failed: string[] = [];
    const progress = new Map<string, number>();
    const run = runPool(jobs, {
      lanes: 1,
      start: fakeFactory(calls),
      onProgress: (id, p) => void progress.set(id, p.stepsDone),
      onDone: (id, o) => void done.set(id, o),
      onError: (id, m) => void failed.push(`${id}: ${m}`),
    });
    const results = await run.done;
    // Three seeds, then two, then the single seeds; the failed pair is rerun seed by seed at once.
    expect(calls.map((s) => [s.fnRate, s.lr, s.seed, s.seeds])).toEqual([
      [0, 3e-4, 1, 3], [0, 1e-3, 1, 2], [0, 1e-3, 1, 1], [0, 1e-3, 2, 1], [0.1, 3e-4, 1, 1], [0.1, 3e-4, 5, 1],
    ]);
    expect([...done.keys()].sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b5']);
    for (const [id, o] of done) expect(o.summary.finalPass1).toBe(Number(id.slice(1)) / 10);
    expect(done.get('a2')!.curve).toEqual([{ step: 2, rollouts: 0, pass1: 0.2, passK: 0, fnRate: null, fpRate: null }]);
    expect(done.get('a2')!.wallMs).toBe(10);
    expect(done.get('a2')!.perSeed).toBeUndefined();
    expect(failed).toEqual(['c1: boom', 'c2: boom']);
    expect([...progress.keys()].sort()).toEqual(jobs.map((j) => j.id).sort());
    // Results in job order, failures included.
    expect(results.map((r) => [r.id, r.outcome?.summary.finalPass1 ?? r.error])).toEqual([
      ['a1', 0.1], ['a2', 0.2], ['a3', 0.3], ['b1', 0.1], ['b5', 0.5], ['c1', 'boom'], ['c2', 'boom'],
    ]);
  });

  it('splits groups so that every worker has a run', async () => {
    const calls: Settings[] = [];
    const jobs = [1, 2, 3, 4].map((seed) => job(`s${seed}`, seed));
    await runPool(jobs, { lanes: 2, start: fakeFactory(calls) }).done;
    expect(calls.map((s) => [s.seed, s.seeds]).sort()).toEqual([[1, 2], [3, 2]]);
  });

  it('starts the longest runs first', async () => {
    const calls: Settings[] = [];
    const jobs = [job('short', 1, { steps: 10 }), job('long', 1, { steps: 100 }), job('mid', 1, { steps: 50 })];
    const results = await runPool(jobs, { lanes: 1, start: fakeFactory(calls) }).done;
    expect(calls.map((s) => s.steps)).toEqual([100, 50, 10]);
    expect(results.map((r) => r.id)).toEqual(['short', 'long', 'mid']);
  });

  it('a failed group is rerun seed by seed: only the failing seed fails, and an idle lane takes reruns', async () => {
    const ran: { worker: number; cell: string; seed: number; seeds: number }[] = [];
    let started = 0;
    const start = (): PoolWorker => {
      const me = started++;
      return {
        async run({ settings }) {
          ran.push({ worker: me, cell: settings.fnRate ? 'quick' : 'g', seed: settings.seed, seeds: settings.seeds });
          await new Promise((r) => setTimeout(r, settings.fnRate ? 1 : 10));
          if (settings.seeds > 1 || settings.seed === 2) throw new Error(`seed ${settings.seed} failed`);
          return { summary: summary(settings.seed), curve: [], info: {} as never, wallMs: 1, backend: 'cpu' };
        },
        terminate() {},
      };
    };
    const starts: string[] = [];
    const jobs = [job('g1', 1), job('g2', 2), job('g3', 3), job('quick', 1, { fnRate: 0.1, steps: 1 })];
    const results = await runPool(jobs, { lanes: 2, start, onStart: (id) => void starts.push(id) }).done;
    expect(results.map((r) => [r.id, r.outcome?.summary.finalPass1 ?? r.error])).toEqual([['g1', 1], ['g2', 'seed 2 failed'], ['g3', 3], ['quick', 1]]);
    const reruns = ran.filter((r) => r.cell === 'g' && r.seeds === 1);
    expect(ran[0]).toMatchObject({ cell: 'g', seed: 1, seeds: 3 });
    expect(reruns.map((r) => r.seed).sort()).toEqual([1, 2, 3]);
    // The lane that ran the quick job waited for the reruns instead of leaving.
    expect(new Set(reruns.map((r) => r.worker)).size).toBe(2);
    expect(starts.filter((id) => id === 'g2')).toHaveLength(2);
  });
});

describe('pool: workers', () => {
  it('runs every job on at most `lanes` workers, reports errors and replaces a failed worker', async () => {
    let created = 0;
    let live = 0;
    let peak = 0;
    const start = (): PoolWorker => {
      created++;
      return {
        async run({ settings }, onProgress) {
          live++;
          peak = Math.max(peak, live);
          onProgress({ stepsDone: 1, steps: settings.steps });
          await new Promise((r) => setTimeout(r, 5));
          live--;
          if (settings.seed === 3) throw new Error('boom');
          return { summary: summary(settings.seed / 10), curve: [], info: {} as never, wallMs: 1, backend: 'cpu' };
        },
        terminate() {},
      };
    };
    const done: string[] = [];
    const failed: string[] = [];
    const jobs = [1, 2, 3, 4, 5].map((seed) => ({ id: `j${seed}`, settings: { ...DEFAULT_SETTINGS, seed } }));
    const run = runPool(jobs, { lanes: 2, start, onDone: (id) => void done.push(id), onError: (id, m) => void failed.push(`${id}: ${m}`) });
    await run.done;
    expect(done.sort()).toEqual(['j1', 'j2', 'j4', 'j5']);
    expect(failed).toEqual(['j3: boom']);
    expect(peak).toBe(2);
    expect(created).toBe(3);
  });

  it('cancel stops at once and terminates the workers', async () => {
    let terminated = 0;
    const start = (): PoolWorker => ({ run: () => new Promise(() => undefined), terminate() { terminated++; } });
    const run = runPool([{ id: 'a', settings: DEFAULT_SETTINGS }, { id: 'b', settings: DEFAULT_SETTINGS }], { lanes: 1, start, onDone() { throw new Error('no'); }, onError() { throw new Error('no'); } });
    run.cancel();
    expect(await run.done).toEqual([]);
    expect(run.cancelled).toBe(true);
    expect(terminated).toBeGreaterThanOrEqual(1);
  });

  it('cancel during a run: the finished jobs are kept, nothing is reported after', async () => {
    const events: string[] = [];
    const start = (): PoolWorker => ({
      run: ({ settings }) => (settings.steps === 1 ? Promise.resolve({ summary: summary(1), curve: [], info: {} as never, wallMs: 1, backend: 'cpu' }) : new Promise(() => undefined)),
      terminate() { events.push('terminate'); },
    });
    const run = runPool([job('slow', 1, { steps: 5 }), job('fast', 1, { steps: 1, fnRate: 0.1 })], { lanes: 2, start, onDone: (id) => void events.push(`done ${id}`), onError: (id) => void events.push(`error ${id}`) });
    await tick();
    run.cancel();
    const results = await run.done;
    expect(results.map((r) => r.id)).toEqual(['fast']);
    expect(events.filter((e) => e !== 'terminate')).toEqual(['done fast']);
    expect(events.filter((e) => e === 'terminate').length).toBe(2);
  });

  it('a worker that crashes fails its run, and the next run gets a fresh worker', async () => {
    const ports: ReturnType<typeof loopback<JobMessage, JobReply>>[] = [];
    const start = () => {
      const lb = loopback<JobMessage, JobReply>();
      ports.push(lb);
      lb.endpoint.onMessage((msg) => {
        // The worker for 'crash' dies mid-run; the others answer.
        if (msg.request.settings.fnRate === 0.2) return void setTimeout(() => lb.crash(new Error('the sweep worker crashed: out of memory')), 1);
        lb.endpoint.post({ type: 'progress', id: msg.id, stepsDone: 1 });
        lb.endpoint.post({ type: 'done', id: msg.id, outcome: { summary: summary(msg.request.settings.seed), curve: [], info: {} as never, wallMs: 1, backend: 'wasm' } });
      });
      return portWorker<undefined>(lb.port, undefined);
    };
    const progress: string[] = [];
    const jobs = [job('crash', 1, { fnRate: 0.2, steps: 300 }), job('after', 2, { fnRate: 0.1 })];
    const results = await runPool(jobs, { lanes: 1, start, onProgress: (id, p) => void progress.push(`${id} ${p.stepsDone}/${p.steps}`) }).done;
    expect(results).toMatchObject([
      { id: 'crash', outcome: null, error: 'the sweep worker crashed: out of memory' },
      { id: 'after', outcome: { summary: { finalPass1: 2 } } },
    ]);
    expect(ports).toHaveLength(2);
    expect(ports[0].terminated).toBe(true);
    expect(ports[1].terminated).toBe(true);
    expect(progress).toEqual([`after 1/${DEFAULT_SETTINGS.steps}`]);
  });

  it('0 lanes: every run goes to the in-thread worker, one after another', async () => {
    const calls: Settings[] = [];
    const jobs = [1, 2, 3].map((seed) => job(`s${seed}`, seed));
    const results = await runPool(jobs, { lanes: 0, start: () => { throw new Error('no worker in 0-lane mode'); }, inThread: fakeFactory(calls) }).done;
    expect(calls.map((s) => [s.seed, s.seeds])).toEqual([[1, 3]]);
    expect(results.map((r) => r.outcome!.summary.finalPass1)).toEqual([0.1, 0.2, 0.3]);
    expect(() => runPool(jobs, { lanes: 0, start: fakeFactory([]) })).toThrow(/in-thread/);
  });

  it('refuses duplicate job ids; no jobs is no runs', async () => {
    expect(() => runPool([job('a', 1), job('a', 2)], { lanes: 1, start: fakeFactory([]) })).toThrow(/duplicate job id a/);
    expect(await runPool([], { lanes: 2, start: () => { throw new Error('no'); } }).done).toEqual([]);
  });
});

describe('job protocol', () => {
  it('a worker that fails to build its trainer answers failed, and the pool worker rejects with its message', async () => {
    const lb = loopback<JobMessage, JobReply>();
    serveJobs<undefined>(lb.endpoint, async () => { throw new Error('Could not download data/x.json: HTTP 404'); });
    const w = portWorker<undefined>(lb.port, undefined);
    const request: JobRequest = { settings: DEFAULT_SETTINGS, keepRecords: false, perSeed: false };
    await expect(w.run(request, () => undefined)).rejects.toThrow('Could not download data/x.json: HTTP 404');
    // The worker is still up: the next request is answered too.
    await expect(w.run(request, () => undefined)).rejects.toThrow(/HTTP 404/);
    w.terminate();
    expect(lb.terminated).toBe(true);
    await expect(w.run(request, () => undefined)).rejects.toThrow(/terminated/);
  });
});
