// The seed-shard protocol (src/experiments/shard-port.ts) over an in-memory worker: a
// PortShard drives serveShard's trainer one unit per call, errors keep their kind, and a
// worker that dies fails the call in flight and every later one.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import type { Trainer } from '../../src/engine/trainer';
import { TrainingError, type MetricRecord, type RunInfo } from '../../src/engine/types';
import { PortShard, serveShard, type ShardMessage, type ShardReply } from '../../src/experiments/shard-port';
import { loopback } from './loopback';

type Opts = { backend: string };

/** A trainer that returns one record per unit naming its seed and step, and fails at step `failAt`. */
function fakeTrainer(settings: Settings, failAt = Infinity): Trainer {
  let step = 0;
  const t = {
    info: { seeds: [settings.seed] } as unknown as RunInfo,
    stepsDone: 0,
    finished: false,
    stopReason: null,
    async next(): Promise<MetricRecord[]> {
      step++;
      if (step >= failAt) throw new TrainingError('loss is NaN', step);
      t.stepsDone = step;
      return [{ type: 'step', step, seed: settings.seed } as unknown as MetricRecord];
    },
    dispose() {},
  };
  return t;
}

describe('seed shard protocol', () => {
  it('init builds the block with the options sent; next runs one unit per call', async () => {
    const lb = loopback<ShardMessage<Opts>, ShardReply>();
    const built: [number, string][] = [];
    serveShard<Opts>(lb.endpoint, async (settings, o) => { built.push([settings.seed, o.backend]); return fakeTrainer(settings); });
    const shard = new PortShard<Opts>(lb.port);
    await shard.init({ ...DEFAULT_SETTINGS, seed: 4, seeds: 2 }, { backend: 'wasm' });
    expect(built).toEqual([[4, 'wasm']]);
    expect(shard.info).toEqual({ seeds: [4] });
    expect(await shard.next()).toEqual([{ type: 'step', step: 1, seed: 4 }]);
    expect(await shard.next()).toEqual([{ type: 'step', step: 2, seed: 4 }]);
    shard.dispose();
    expect(lb.terminated).toBe(true);
    await expect(shard.next()).rejects.toThrow('disposed');
  });

  it('errors come back as they were thrown: a TrainingError keeps its step, others their name', async () => {
    const lb = loopback<ShardMessage<Opts>, ShardReply>();
    serveShard<Opts>(lb.endpoint, async (settings, o) => {
      if (o.backend !== 'wasm') throw Object.assign(new Error(`backend ${o.backend} unavailable in a seed worker`), { name: 'BackendError' });
      return fakeTrainer(settings, 2);
    });
    const shard = new PortShard<Opts>(lb.port);
    const bad = shard.init(DEFAULT_SETTINGS, { backend: 'webgpu' });
    await expect(bad).rejects.toThrow('backend webgpu unavailable in a seed worker');
    await expect(bad).rejects.toMatchObject({ name: 'BackendError' });
    await shard.init(DEFAULT_SETTINGS, { backend: 'wasm' });
    await shard.next();
    const err = await shard.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect(err).toMatchObject({ message: 'loss is NaN', step: 2 });
  });

  it('next before init is refused by the worker', async () => {
    const lb = loopback<ShardMessage<Opts>, ShardReply>();
    serveShard<Opts>(lb.endpoint, async (s) => fakeTrainer(s));
    await expect(new PortShard<Opts>(lb.port).next()).rejects.toThrow('seed worker got next before init');
  });

  it('a worker that dies fails the call in flight and every later one', async () => {
    const lb = loopback<ShardMessage<Opts>, ShardReply>();
    // A worker that never answers, then crashes.
    const shard = new PortShard<Opts>(lb.port);
    const pending = shard.init(DEFAULT_SETTINGS, { backend: 'wasm' });
    lb.crash(new Error('seed worker exited (code 1)'));
    await expect(pending).rejects.toThrow('seed worker exited (code 1)');
    await expect(shard.next()).rejects.toThrow('seed worker exited (code 1)');
  });
});
