// A run's seeds spread over workers (src/engine/shards.ts): the messages between the trainer
// that merges the blocks and a worker holding one block, and both ends of them. PortShard is
// the engine's SeedShard over a started worker's port; serveShard is the worker's loop. Node
// and the browser differ only in the port and in how a block's trainer is built.
import type { Settings } from '../engine/settings';
import type { SeedShard } from '../engine/shards';
import type { Trainer } from '../engine/trainer';
import { TrainingError, type MetricRecord, type RunInfo } from '../engine/types';
import type { Endpoint, WorkerPort } from './port';

/** `options` carries what the worker needs besides the settings (a backend name, asset URLs). */
export type ShardMessage<O> =
  | { type: 'init'; settings: Settings; options: O }
  | { type: 'next' };
export type ShardReply =
  | { type: 'ready'; info: RunInfo }
  | { type: 'records'; records: MetricRecord[] }
  | { type: 'failed'; message: string; name: string; step: number | null };

/** An error thrown in the worker, as it was (a TrainingError keeps its step). */
function rebuildError(r: Extract<ShardReply, { type: 'failed' }>): Error {
  if (r.name === 'TrainingError' && r.step !== null) return new TrainingError(r.message, r.step);
  const e = new Error(r.message);
  e.name = r.name;
  return e;
}

function failed(e: unknown): ShardReply {
  const err = e as { message?: unknown; name?: unknown; step?: unknown };
  return {
    type: 'failed',
    message: typeof err?.message === 'string' ? err.message : String(e),
    name: typeof err?.name === 'string' ? err.name : 'Error',
    step: typeof err?.step === 'number' ? err.step : null,
  };
}

export class PortShard<O> implements SeedShard {
  /** Calls in flight, answered in order. */
  private readonly pending: { resolve: (r: ShardReply) => void; reject: (e: Error) => void }[] = [];
  private dead: Error | null = null;
  info!: RunInfo;

  constructor(private readonly port: WorkerPort<ShardMessage<O>, ShardReply>) {
    port.onMessage((r) => this.pending.shift()?.resolve(r));
    // A worker that dies answers nothing: fail the calls in flight and every later one.
    port.onError((e) => {
      this.dead ??= e;
      for (const p of this.pending.splice(0)) p.reject(e);
    });
  }

  private call(msg: ShardMessage<O>): Promise<ShardReply> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.port.post(msg);
    });
  }

  async init(settings: Settings, options: O): Promise<void> {
    const r = await this.call({ type: 'init', settings, options });
    if (r.type === 'failed') throw rebuildError(r);
    if (r.type !== 'ready') throw new Error('seed worker answered init out of turn');
    this.info = r.info;
  }

  async next(): Promise<MetricRecord[]> {
    const r = await this.call({ type: 'next' });
    if (r.type === 'failed') throw rebuildError(r);
    if (r.type !== 'records') throw new Error('seed worker answered next out of turn');
    return r.records;
  }

  dispose(): void {
    this.dead ??= new Error('disposed');
    this.port.terminate();
  }
}

/** The worker's side: hold one block of seeds as its own trainer and run one unit per `next`. */
export function serveShard<O>(endpoint: Endpoint<ShardMessage<O>, ShardReply>, build: (settings: Settings, options: O) => Promise<Trainer>): void {
  let trainer: Trainer | null = null;
  // One message at a time, so the answers come in the order of the calls.
  let chain = Promise.resolve();
  endpoint.onMessage((msg) => {
    chain = chain.then(async () => {
      try {
        if (msg.type === 'init') {
          trainer?.dispose();
          trainer = null;
          trainer = await build(msg.settings, msg.options);
          endpoint.post({ type: 'ready', info: trainer.info });
        } else if (msg.type === 'next') {
          if (!trainer) throw new Error('seed worker got next before init');
          endpoint.post({ type: 'records', records: await trainer.next() });
        }
      } catch (e) {
        endpoint.post(failed(e));
      }
    });
  });
}
