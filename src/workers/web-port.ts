// Web Workers as the ports of src/experiments/port.ts: the page's (or the trainer worker's)
// end of a started worker, and a worker's own end. The job and shard protocols run over these.
import type { Endpoint as ComlinkEndpoint } from 'comlink';
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

/** A worker's own global scope, as far as messages go. */
export interface WorkerScope {
  postMessage(msg: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', cb: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', cb: (e: MessageEvent) => void): void;
}

/**
 * `scope` with its incoming messages held until something listens, then delivered in order.
 * The engine worker's role module loads after the worker has started, and a message the
 * starting side sent at once (comlink's first call, a job) would otherwise find no listener.
 */
export function heldScope(scope: WorkerScope): WorkerScope {
  const held: MessageEvent[] = [];
  const listeners = new Set<(e: MessageEvent) => void>();
  let draining = false;
  const deliver = (e: MessageEvent) => {
    for (const cb of [...listeners]) cb(e);
  };
  const drain = () => {
    draining = false;
    if (listeners.size === 0) return;
    for (const e of held.splice(0)) deliver(e);
  };
  scope.addEventListener('message', (e) => {
    if (listeners.size > 0 && held.length === 0) deliver(e);
    else held.push(e);
  });
  return {
    postMessage: (msg, transfer) => scope.postMessage(msg, transfer ?? []),
    addEventListener(_type, cb) {
      listeners.add(cb);
      // After the listener's set-up code has run, as a message would come.
      if (held.length > 0 && !draining) {
        draining = true;
        queueMicrotask(drain);
      }
    },
    removeEventListener(_type, cb) {
      listeners.delete(cb);
    },
  };
}

/** A worker's own end of a typed protocol, over its scope. */
export function selfEndpoint<In, Out>(scope: WorkerScope): Endpoint<In, Out> {
  return {
    post: (msg) => scope.postMessage(msg),
    onMessage: (cb) => scope.addEventListener('message', (e) => cb(e.data as In)),
  };
}

/** The scope as the endpoint Comlink.expose takes (comlink listens with plain functions). */
export function comlinkEndpoint(scope: WorkerScope): ComlinkEndpoint {
  return {
    postMessage: (msg, transfer) => scope.postMessage(msg, transfer),
    addEventListener: (_type, cb) => scope.addEventListener('message', cb as (e: MessageEvent) => void),
    removeEventListener: (_type, cb) => scope.removeEventListener('message', cb as (e: MessageEvent) => void),
  };
}
