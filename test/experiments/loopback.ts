// An in-memory worker for protocol tests: the two ends of src/experiments/port.ts joined
// directly, messages delivered a tick later as structured clones (as postMessage does).
import type { Endpoint, WorkerPort } from '../../src/experiments/port';

export function loopback<In, Out>() {
  const toWorker: ((m: In) => void)[] = [];
  const toMain: ((m: Out) => void)[] = [];
  const errors: ((e: Error) => void)[] = [];
  const state = { terminated: false };
  const deliver = <M>(cbs: ((m: M) => void)[], msg: M) => {
    const copy = structuredClone(msg);
    setTimeout(() => { if (!state.terminated) for (const cb of cbs) cb(copy); }, 0);
  };
  const port: WorkerPort<In, Out> = {
    post: (m) => deliver(toWorker, m),
    onMessage: (cb) => void toMain.push(cb),
    onError: (cb) => void errors.push(cb),
    terminate: () => { state.terminated = true; },
  };
  const endpoint: Endpoint<In, Out> = {
    post: (m) => deliver(toMain, m),
    onMessage: (cb) => void toWorker.push(cb),
  };
  return {
    port,
    endpoint,
    /** The worker dies: the port reports it. */
    crash(e: Error) { for (const cb of errors) cb(e); },
    get terminated() { return state.terminated; },
  };
}
