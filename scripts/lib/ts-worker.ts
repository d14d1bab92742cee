// Worker threads running TypeScript, as the ports of src/experiments/port.ts. Worker threads
// do not inherit tsx's loader for their entry file (Node 20 refuses a .ts entry even with
// --import tsx), so each worker starts from a tiny script that registers tsx's ESM hooks in
// that thread and then imports the TypeScript worker.
import { parentPort, Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { errorText, type Endpoint, type WorkerPort } from '../../src/experiments/port';

export function tsWorkerBootstrap(entry: URL): string {
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** A worker thread running the TypeScript module at `entry`. */
export function tsWorker(entry: URL): Worker {
  return new Worker(tsWorkerBootstrap(entry), { eval: true });
}

/** A worker thread as a port; `label` names it in crash messages ("sweep worker crashed: ..."). */
export function tsWorkerPort<In, Out>(entry: URL, label: string): WorkerPort<In, Out> {
  const w = tsWorker(entry);
  let terminated = false;
  return {
    post: (msg) => w.postMessage(msg),
    onMessage: (cb) => void w.on('message', cb),
    onError(cb) {
      w.on('error', (e: unknown) => cb(new Error(`${label} crashed: ${errorText(e)}`)));
      w.on('exit', (code) => { if (!terminated) cb(new Error(`${label} exited (code ${code})`)); });
    },
    terminate() {
      terminated = true;
      void w.terminate();
    },
  };
}

/** This worker thread's own end; `file` names it when it is not run as a worker thread. */
export function parentEndpoint<In, Out>(file: string): Endpoint<In, Out> {
  const port = parentPort;
  if (!port) throw new Error(`${file} must run as a worker thread`);
  return {
    post: (msg) => port.postMessage(msg),
    onMessage: (cb) => void port.on('message', cb),
  };
}
