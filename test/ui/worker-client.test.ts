// The page's trainer workers (src/ui/worker-client.ts) with comlink and the Web Worker faked,
// on fake timers: a trainer worker that stops sending updates while its run loads or runs (it
// died without an `error` event) is taken for dead after a generous, pace-derived silence: its
// lane crashes with a message naming the run's seeds, as a worker's `error` event would. A slow
// first unit, slow evaluations within twenty times the slowest gap seen, and a paused run are no
// silence.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import type { RunPhase, StartOptions, WorkerUpdate } from '../../src/workers/protocol';

const fakes = vi.hoisted(() => {
  class FakeApi {
    onUpdate: ((u: WorkerUpdate) => void) | null = null;
    options: StartOptions | null = null;
    calls: string[] = [];
    start(_s: unknown, _id: number, options: StartOptions, onUpdate: (u: WorkerUpdate) => void) {
      this.options = options;
      this.onUpdate = onUpdate;
      return Promise.resolve();
    }
    pause() { this.calls.push('pause'); return Promise.resolve(); }
    resume() { this.calls.push('resume'); return Promise.resolve(); }
    reset() { this.calls.push('reset'); return Promise.resolve(); }
  }
  return { apis: [] as FakeApi[], workers: [] as { terminated: boolean }[], FakeApi };
});

vi.mock('comlink', () => ({
  wrap: () => {
    const api = new fakes.FakeApi();
    fakes.apis.push(api);
    return api;
  },
  proxy: <T>(f: T) => f,
  releaseProxy: Symbol('releaseProxy'),
}));
vi.mock('../../src/workers/start', () => ({
  startWorker: () => {
    const w = { terminated: false, onerror: null, onmessageerror: null, terminate() { w.terminated = true; } };
    fakes.workers.push(w);
    return w;
  },
}));

import { WorkerRunner } from '../../src/ui/worker-client';

const SETTINGS: Settings = { ...DEFAULT_SETTINGS, backend: 'wasm', seed: 1, seeds: 3 };
const S = 1_000;

describe('trainer worker liveness', () => {
  let crashes: [string, number | null][];
  let runner: WorkerRunner;
  /** The worker of lane `i` sends an update of run `runId`. */
  const send = (i: number, runId: number, phase: RunPhase) =>
    fakes.apis[i].onUpdate!({ runId, records: [], phase, stepsDone: 0, activeMs: 0 });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] });
    fakes.apis.length = 0;
    fakes.workers.length = 0;
    crashes = [];
    runner = new WorkerRunner({ onUpdate: () => undefined, onCrash: (m, id) => crashes.push([m, id]) }, { baseUrl: 'http://site/', wasmPath: 'http://site/w/' });
  });
  afterEach(() => {
    runner.dispose();
    vi.useRealTimers();
  });

  it('a worker silent while its run runs crashes its lane after the limit, naming the seeds; other lanes go on', async () => {
    const id = runner.start(SETTINGS, { lane: 1, cores: 1 });
    const other = runner.start({ ...SETTINGS, seed: 4 }, { lane: 2, cores: 1 });
    send(0, id, 'loading');
    send(0, id, 'running');
    // Units of 2 s: the limit is the 3-minute floor.
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(2 * S);
      send(0, id, 'running');
    }
    // The other lane's run has finished: no silence there.
    send(1, other, 'running');
    send(1, other, 'finished');
    await vi.advanceTimersByTimeAsync(175 * S);
    expect(crashes).toEqual([]);
    await vi.advanceTimersByTimeAsync(10 * S);
    expect(crashes).toEqual([[expect.stringMatching(/^seeds 1, 2, 3: the training worker stopped answering \(nothing for 3m 0\ds\)$/), id]]);
    expect(fakes.workers[0].terminated).toBe(true);
    expect(fakes.workers[1].terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(3_600 * S);
    expect(crashes).toHaveLength(1);
  });

  it('pause() stops the watch of a running run; resume() restarts it', async () => {
    const id = runner.start(SETTINGS);
    send(0, id, 'running');
    runner.pause();
    // A 'running' update sent before the worker heard of the pause does not restart the watch.
    send(0, id, 'running');
    send(0, id, 'paused');
    await vi.advanceTimersByTimeAsync(3_600 * S);
    expect(crashes).toEqual([]);
    runner.resume();
    expect(fakes.apis[0].calls).toEqual(['pause', 'resume']);
    await vi.advanceTimersByTimeAsync(605 * S);
    expect(crashes.map((c) => c[1])).toEqual([id]);
  });

  it('a slow first unit (up to 10 minutes) and later units within 20 times the slowest gap are no silence', async () => {
    const id = runner.start(SETTINGS);
    send(0, id, 'running');
    await vi.advanceTimersByTimeAsync(590 * S); // a large model's step-0 evaluation on a loaded machine
    send(0, id, 'running');
    await vi.advanceTimersByTimeAsync(2 * S);
    send(0, id, 'running');
    await vi.advanceTimersByTimeAsync(3_000 * S); // a much slower evaluation, still within 20 x 590 s
    send(0, id, 'finished');
    await vi.advanceTimersByTimeAsync(3_600 * S);
    expect(crashes).toEqual([]);
  });

  it('a run started paused is watched while it loads, not while it waits; after resume() silence counts again', async () => {
    const id = runner.start(SETTINGS, { lane: 1, cores: 1, paused: true });
    expect(fakes.apis[0].options?.paused).toBe(true);
    send(0, id, 'loading');
    send(0, id, 'paused');
    await vi.advanceTimersByTimeAsync(3_600 * S);
    expect(crashes).toEqual([]);
    runner.resume();
    await vi.advanceTimersByTimeAsync(595 * S);
    expect(crashes).toEqual([]);
    await vi.advanceTimersByTimeAsync(10 * S);
    expect(crashes.map((c) => c[1])).toEqual([id]);
  });

  it('a worker silent while loading crashes after ten minutes; a reset run is not watched', async () => {
    const id = runner.start(SETTINGS);
    send(0, id, 'loading');
    await vi.advanceTimersByTimeAsync(595 * S);
    expect(crashes).toEqual([]);
    await vi.advanceTimersByTimeAsync(10 * S);
    expect(crashes.map((c) => c[1])).toEqual([id]);
    runner.start(SETTINGS);
    runner.reset();
    await vi.advanceTimersByTimeAsync(3_600 * S);
    expect(crashes).toHaveLength(1);
  });
});
