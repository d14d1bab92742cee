// A worker thread of the seed pool: holds one block of a run's seeds as an in-thread
// multi-seed trainer and runs one unit of work per request (see seed-pool.ts).
import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../../src/engine/backend';
import type { Trainer } from '../../src/engine/trainer';
import type { ShardReply, ShardRequest } from './seed-pool';
import { nodeTrainer } from './run';

if (!parentPort) throw new Error('seed-worker.ts must run as a worker thread');
const port = parentPort;
let trainer: Trainer | null = null;

function failed(e: unknown): ShardReply {
  const err = e as { message?: unknown; name?: unknown; step?: unknown };
  return {
    type: 'failed',
    message: typeof err?.message === 'string' ? err.message : String(e),
    name: typeof err?.name === 'string' ? err.name : 'Error',
    step: typeof err?.step === 'number' ? err.step : null,
  };
}

port.on('message', (msg: ShardRequest) => {
  void (async () => {
    try {
      if (msg.type === 'init') {
        const b = await selectBackend(msg.backend as 'wasm' | 'cpu');
        if (b.backend !== msg.backend) throw new Error(`backend ${msg.backend} unavailable in a seed worker: ${b.reason}`);
        trainer = await nodeTrainer(msg.settings, b, { workers: 1 });
        port.postMessage({ type: 'ready', info: trainer.info } satisfies ShardReply);
      } else if (msg.type === 'next') {
        if (!trainer) throw new Error('seed worker got next before init');
        port.postMessage({ type: 'records', records: await trainer.next() } satisfies ShardReply);
      }
    } catch (e) {
      port.postMessage(failed(e));
    }
  })();
});
