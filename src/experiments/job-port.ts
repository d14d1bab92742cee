// The pool's messages to and from a worker that runs jobs, and the starting side's end of them:
// a PoolWorker driving a WorkerPort. The side that runs the jobs is job-serve.ts; this module
// imports nothing that runs one, so the page that drives a pool does not load the engine
// (and tfjs) itself. Cancelling terminates the worker, so nothing here needs to be
// interruptible.
import type { WorkerPort } from './port';
import type { JobOutcome, JobRequest } from './job';
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
