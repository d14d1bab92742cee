// Worker threads do not inherit tsx's loader for their entry file (Node 20 refuses a .ts
// entry even with --import tsx), so each worker starts from a tiny script that registers
// tsx's ESM hooks in that thread and then imports the TypeScript worker.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

export function tsWorkerBootstrap(entry: URL): string {
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** A worker thread running the TypeScript module at `entry`. */
export function tsWorker(entry: URL): Worker {
  return new Worker(tsWorkerBootstrap(entry), { eval: true });
}
