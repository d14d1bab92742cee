// A worker thread of the sweep pool: runs jobs one at a time through the engine on WASM and
// posts back each run's summary. Loaded with tsx (see sweep-pool.ts).
import { parentPort } from 'node:worker_threads';
import { selectBackend, type BackendResult } from '../../src/engine/backend';
import { summarizeRun } from '../../src/engine/sweep';
import type { PoolRequest, PoolReply } from './sweep-pool';
import { runJob } from './sweep-pool';

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
      port.postMessage({ type: 'done', id: msg.id, summary: summarizeRun(out.records, out.info, out.wallMs), info: out.info, records: msg.keepRecords ? out.records : undefined } satisfies PoolReply);
    } catch (e) {
      port.postMessage({ type: 'failed', id: msg.id, error: (e as Error)?.message ?? String(e) } satisfies PoolReply);
    }
  })();
});
port.postMessage({ type: 'ready' } satisfies PoolReply);
