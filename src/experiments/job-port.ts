// The pool's messages to and from a worker that runs jobs, and both ends of them: the client
// (a PoolWorker driving a WorkerPort) and the worker's loop (serveJobs), plus the same
// runner in this thread for a pool of 0 lanes. Cancelling terminates the worker, so nothing
// here needs to be interruptible.
import { errorText, type Endpoint, type WorkerPort } from './port';
import { runJob, type JobOutcome, type JobRequest, type PrepareJob, type RunJobOptions } from './job';
import type { PoolWorker } from './pool';

/** `options` carries what the worker needs besides the settings (the page's asset URLs). */
export type JobMessage<O = undefined> = { type: 'job'; id: number; request: JobRequest; options: O };
export type JobReply =
  | { type: 'progress'; id: number; stepsDone: number }
  | { type: 'done'; id: number; outcome: JobOutcome }
  | { type: 'failed'; id: number; error: string };

/** A pool worker over a started worker's port; a crash fails the run in flight and every later one. */
export function portWorker<O>(port: WorkerPort<JobMessage<O>, JobReply>, options: O): PoolWorker {
  let pending: { id: number; steps: number; onProgress: (p: { stepsDone: number; steps: number }) => void; resolve: (o: JobOutcome) => void; reject: (e: Error) => void } | null = null;
  let dead: Error | null = null;
  let nextId = 0;
  port.onMessage((msg) => {
    const p = pending;
    if (!p || msg.id !== p.id) return;
    if (msg.type === 'progress') return p.onProgress({ stepsDone: msg.stepsDone, steps: p.steps });
    pending = null;
    if (msg.type === 'done') p.resolve(msg.outcome);
    else p.reject(new Error(msg.error));
  });
  port.onError((e) => {
    dead ??= e;
    const p = pending;
    pending = null;
    p?.reject(e);
  });
  return {
    run(request, onProgress) {
      if (dead) return Promise.reject(dead);
      if (pending) return Promise.reject(new Error('a pool worker runs one job at a time'));
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending = { id, steps: request.settings.steps, onProgress, resolve, reject };
        port.post({ type: 'job', id, request, options });
      });
    },
    terminate() {
      dead ??= new Error('terminated');
      port.terminate();
    },
  };
}

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
