// How the page starts a worker of the job pool (src/experiments/pool.ts): a sweep Web Worker
// (the engine worker in its sweep role, sweep-role.ts) behind the job protocol. The pool itself lives in src/experiments.
import type { StartWorker } from '../experiments/pool';
import { portWorker, type JobMessage, type JobReply } from '../experiments/job-port';
import { startWorker } from './start';
import { webWorkerPort } from './web-port';

/** Where a sweep worker finds the site's assets. */
export interface AssetUrls {
  /** Absolute URL of the site root, with a trailing slash. */
  baseUrl: string;
  /** Absolute URL of the folder holding the tfjs .wasm binaries. */
  wasmPath: string;
}

export type SweepMessage = JobMessage<AssetUrls>;

/** Start sweep Web Workers that load assets from `urls`. */
export function sweepWorkers(urls: AssetUrls): StartWorker {
  return () => {
    return portWorker(webWorkerPort<SweepMessage, JobReply>(startWorker('sweep'), 'the sweep worker'), urls);
  };
}
