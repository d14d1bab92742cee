// Web Workers as the ports of src/experiments/port.ts: the page's (or the trainer worker's)
// end of a started worker, and a worker's own end. The job and shard protocols run over these.
import type { Endpoint, WorkerPort } from '../experiments/port';

/** A started Web Worker as a port; `label` names it in crash messages ("the sweep worker crashed: ..."). */
export function webWorkerPort<In, Out>(worker: Worker, label: string): WorkerPort<In, Out> {
  return {
    post: (msg) => worker.postMessage(msg),
    onMessage: (cb) => worker.addEventListener('message', (e: MessageEvent) => cb(e.data as Out)),
    onError: (cb) => worker.addEventListener('error', (e: ErrorEvent) => {
      // Handled here: the crash is reported as the run's error, not as an uncaught page error.
      e.preventDefault();
      cb(new Error(e.message ? `${label} crashed: ${e.message}` : `${label} crashed or could not be loaded`));
    }),
    terminate: () => worker.terminate(),
  };
}

interface WorkerScope {
  postMessage(msg: unknown): void;
  addEventListener(type: 'message', cb: (e: MessageEvent) => void): void;
}

/** This Web Worker's own end. */
export function selfEndpoint<In, Out>(): Endpoint<In, Out> {
  const scope = self as unknown as WorkerScope;
  return {
    post: (msg) => scope.postMessage(msg),
    onMessage: (cb) => scope.addEventListener('message', (e) => cb(e.data as In)),
  };
}
