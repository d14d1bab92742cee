// A worker thread of the sweep pool: runs jobs one at a time through the engine on WASM and
// posts back each run's summaries (one per seed for a group of seeds run together). Loaded with tsx (see sweep-pool.ts).
import { parentPort } from 'node:worker_threads';
import { selectBackend, type BackendResult } from '../../src/engine/backend';
import type { PoolRequest, PoolReply } from './sweep-pool';
import { runJob, runOutcomes } from './sweep-pool';

if (!parentPort) throw new Error('sweep-worker.ts must run as a worker thread');
const port = parentPort;
let backend: Promise<BackendResult> | null = null;

port.on('message', (msg: PoolRequest) => {
  if (msg.type !== 'job') return;
  void (async () => {
    try {
      backend ??= selectBackend('wasm');
      const b = await backend;
      const out = await runJob(msg.settings, b, (step) => port.postMessage({ type: 'progress', id: msg.id, step } satisfies PoolReply));
      port.postMessage({ type: 'done', id: msg.id, runs: runOutcomes(out, msg.split, msg.keepRecords), info: out.info } satisfies PoolReply);
    } catch (e) {
      port.postMessage({ type: 'failed', id: msg.id, error: (e as Error)?.message ?? String(e) } satisfies PoolReply);
    }
  })();
});
port.postMessage({ type: 'ready' } satisfies PoolReply);
