// A seed worker that dies without a word (src/workers/seed-shards.ts): a seed Web Worker the
// browser terminates fires no error event, so without a watch the trainer would wait for its
// step forever. Here the Web Worker is a fake that answers by hand (or never), on fake timers:
// a call left unanswered past the watch's limit fails as "seeds 3, 4: a seed worker stopped
// answering", the worker is terminated and later calls fail too; a slow but living worker (its
// unit no slower than ten times the trainer's own block's) and an idle one (a paused run: no
// call pending) are left alone.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import type { MetricRecord, RunInfo } from '../../src/engine/types';
import type { ShardMessage, ShardReply } from '../../src/experiments/shard-port';
import { SeedWorkerShard, seedShardCount, type SeedShardOptions } from '../../src/workers/seed-shards';

class FakeWorker {
  static last: FakeWorker | null = null;
  readonly posted: ShardMessage<SeedShardOptions>[] = [];
  terminated = false;
  private readonly listeners: Record<string, ((e: unknown) => void)[]> = {};
  constructor() {
    FakeWorker.last = this;
  }
  addEventListener(type: string, cb: (e: unknown) => void) {
    (this.listeners[type] ??= []).push(cb);
  }
  postMessage(msg: ShardMessage<SeedShardOptions>) {
    this.posted.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  reply(r: ShardReply) {
    if (!this.terminated) for (const cb of this.listeners.message ?? []) cb({ data: r });
  }
}

const OPTS: SeedShardOptions = { baseUrl: 'http://site/', wasmPath: 'http://site/tfjs-wasm/' };
const rec = (step: number) => ({ type: 'step', step } as unknown as MetricRecord);

/** A shard of seeds 3 and 4 whose worker has answered init; `pace` is the trainer's own block's unit time. */
async function startedShard(pace: () => number = () => 0) {
  const shard = new SeedWorkerShard([3, 4], pace);
  const worker = FakeWorker.last!;
  const init = shard.init({ ...DEFAULT_SETTINGS, seed: 3, seeds: 2 }, OPTS);
  worker.reply({ type: 'ready', info: { seeds: [3, 4] } as unknown as RunInfo });
  await init;
  return { shard, worker };
}

/** Settle `p` into a result we can look at without awaiting it. */
function watchPromise<T>(p: Promise<T>) {
  const out: { value?: T; error?: Error } = {};
  p.then((v) => { out.value = v; }, (e: Error) => { out.error = e; });
  return out;
}

describe('seed worker liveness', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] });
    vi.stubGlobal('Worker', FakeWorker);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('a call the worker never answers fails after the limit, naming the seeds; the worker is terminated and later calls fail', async () => {
    const { shard, worker } = await startedShard();
    const first = shard.next();
    await vi.advanceTimersByTimeAsync(2_000);
    worker.reply({ type: 'records', records: [rec(1)] });
    expect(await first).toEqual([rec(1)]);
    // The worker dies silently with the next unit in flight.
    const second = watchPromise(shard.next());
    await vi.advanceTimersByTimeAsync(55_000);
    expect(second).toEqual({});
    expect(worker.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(second.error?.message).toMatch(/^seeds 3, 4: a seed worker stopped answering \(nothing for 1m 0\ds\)$/);
    expect(worker.terminated).toBe(true);
    await expect(shard.next()).rejects.toThrow(/^seeds 3, 4: a seed worker stopped answering/);
    shard.dispose();
  });

  it('a slow worker is left alone: its unit may take ten times the trainer\'s own block\'s', async () => {
    const { shard, worker } = await startedShard(() => 30_000);
    const unit = watchPromise(shard.next());
    await vi.advanceTimersByTimeAsync(290_000);
    worker.reply({ type: 'records', records: [rec(1)] });
    await vi.advanceTimersByTimeAsync(0);
    expect(unit).toEqual({ value: [rec(1)] });
    expect(worker.terminated).toBe(false);
    shard.dispose();
  });

  it('no call pending (the run paused) is no silence, however long', async () => {
    const { shard, worker } = await startedShard();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(worker.terminated).toBe(false);
    const unit = shard.next();
    worker.reply({ type: 'records', records: [rec(1)] });
    expect(await unit).toEqual([rec(1)]);
    shard.dispose();
  });
});

describe('seedShardCount', () => {
  it("the engine's shardCount on WASM and CPU; every seed in one worker on a GPU backend", () => {
    expect(seedShardCount(3, 'wasm', 2)).toBe(3);
    expect(seedShardCount(4, 'cpu', 2)).toBe(2);
    expect(seedShardCount(3, 'wasm', 1)).toBe(1);
    expect(seedShardCount(3, 'webgpu', 2)).toBe(1);
    expect(seedShardCount(3, 'webgl', 8)).toBe(1);
  });
});
