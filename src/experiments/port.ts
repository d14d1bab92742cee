// The two ends of a worker, as plain typed messages: the side that starts a worker holds a
// WorkerPort, the worker itself an Endpoint. Node worker threads and Web Workers each get a
// small adapter (scripts/lib/ts-worker.ts, src/workers/web-port.ts), so the job and shard
// protocols are written once, here in src/experiments, without importing either.

/** A started worker, seen from the side that started it. */
export interface WorkerPort<In, Out> {
  post(msg: In): void;
  onMessage(cb: (msg: Out) => void): void;
  /** The worker crashed, could not load, or exited on its own; the message says which. */
  onError(cb: (e: Error) => void): void;
  terminate(): void;
}

/** The worker's own end: what it receives and how it answers. */
export interface Endpoint<In, Out> {
  post(msg: Out): void;
  onMessage(cb: (msg: In) => void): void;
}

/** An error as text, for a reply message. */
export function errorText(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}
