// The side of the pool's job protocol (job-port.ts) that runs the jobs: a worker's loop
// (serveJobs), and the same runner in this thread for a pool of 0 lanes. Kept apart from
// job-port.ts because it runs the engine: the page that only drives a pool imports that one.
import { errorText, type Endpoint } from './port';
import { runJob, type PrepareJob, type RunJobOptions } from './job';
import type { JobMessage, JobReply } from './job-port';
import type { PoolWorker } from './pool';

/** The worker's side: run each job it is sent (one at a time, as the pool sends them) and answer. */
export function serveJobs<O>(endpoint: Endpoint<JobMessage<O>, JobReply>, prepare: PrepareJob<O>, opts: Omit<RunJobOptions, 'onProgress'> = {}): void {
  endpoint.onMessage((msg) => {
    if (msg.type !== 'job') return;
    void (async () => {
      try {
        const prepared = await prepare(msg.request.settings, msg.options);
        const outcome = await runJob(msg.request, prepared, { ...opts, onProgress: (p) => endpoint.post({ type: 'progress', id: msg.id, stepsDone: p.stepsDone }) });
        endpoint.post({ type: 'done', id: msg.id, outcome });
      } catch (e) {
        endpoint.post({ type: 'failed', id: msg.id, error: errorText(e) });
      }
    })();
  });
}

/** The same runner in this thread: a pool of 0 lanes. */
export function inThreadWorker(prepare: PrepareJob, opts: Omit<RunJobOptions, 'onProgress'> = {}): PoolWorker {
  return {
    async run(request, onProgress) {
      return runJob(request, await prepare(request.settings, undefined), { ...opts, onProgress });
    },
    terminate() {},
  };
}
