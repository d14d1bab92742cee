// The trainer worker's run loop (src/workers/trainer-role.ts) with its engine, assets and
// backend faked: a run started paused (a comparison's arm started after Pause) loads, reports
// 'paused' and trains no step until resume(); a run started normally trains at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import type { MetricRecord } from '../../src/engine/types';
import type { StartOptions, TrainerWorkerApi, WorkerUpdate } from '../../src/workers/protocol';
import type { WorkerScope } from '../../src/workers/web-port';

const fake = vi.hoisted(() => ({ api: null as unknown, nexts: 0 }));

vi.mock('comlink', () => ({ expose: (api: unknown) => { fake.api = api; }, releaseProxy: Symbol('releaseProxy') }));
vi.mock('../../src/workers/backend-choice', () => ({ decideBackend: async () => ({ backend: 'cpu', reason: 'test', how: 'forced' }) }));
vi.mock('../../src/workers/load', () => ({ loadTrainerAssets: async () => ({}), yieldToEventLoop: () => new Promise<void>((r) => setTimeout(r, 0)) }));
vi.mock('../../src/workers/seed-shards', () => ({
  shardedTrainer: async () => {
    const t = {
      info: { seeds: [1] }, stepsDone: 0, finished: false, stopReason: null,
      async next(): Promise<MetricRecord[]> {
        fake.nexts++;
        t.stepsDone++;
        if (t.stepsDone >= 3) t.finished = true;
        return [{ type: 'step', step: t.stepsDone } as unknown as MetricRecord];
      },
      dispose() {},
    };
    return t;
  },
}));

import { serve } from '../../src/workers/trainer-role';

// cores: one block of seeds (no navigator in Node).
const OPTIONS: StartOptions = { baseUrl: 'http://site/', wasmPath: 'http://site/w/', flushMs: 0, cores: 1 };
const settle = async () => { for (let i = 0; i < 20; i++) await new Promise<void>((r) => setTimeout(r, 0)); };

describe('trainer worker run loop', () => {
  let api: TrainerWorkerApi;
  let phases: string[];
  const onUpdate = (u: WorkerUpdate) => { phases.push(u.phase); };
  beforeEach(() => {
    serve({} as WorkerScope);
    api = fake.api as TrainerWorkerApi;
    fake.nexts = 0;
    phases = [];
  });
  afterEach(async () => { await api.reset(); });

  it('a run started paused loads, says paused, and trains no step until resume()', async () => {
    await api.start({ ...DEFAULT_SETTINGS, seeds: 1 }, 1, { ...OPTIONS, paused: true }, onUpdate);
    await settle();
    expect(phases.at(-1)).toBe('paused');
    expect(phases).not.toContain('running');
    expect(fake.nexts).toBe(0);
    await api.resume();
    await settle();
    expect(fake.nexts).toBe(3);
    expect(phases.at(-1)).toBe('finished');
  });

  it('a run started without it trains at once', async () => {
    await api.start({ ...DEFAULT_SETTINGS, seeds: 1 }, 2, OPTIONS, onUpdate);
    await settle();
    expect(phases).not.toContain('paused');
    expect(fake.nexts).toBe(3);
    expect(phases.at(-1)).toBe('finished');
  });
});
