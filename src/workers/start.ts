// Every Web Worker of the site runs one bundle, src/workers/engine.worker.ts, so tfjs and the
// engine are built (and downloaded, and precached) once: Vite bundles each
// `new Worker(new URL(...))` entry on its own, and four entries carried four copies of tfjs.
// A worker's role (the page's trainer, a seed block of its run, a job of the sweep pool, the
// benchmark) is its name, which the one entry reads to load that role's module.

export type WorkerRole = 'trainer' | 'seed' | 'sweep' | 'bench';

/** The name each role's workers get (shown by the browser's developer tools, read by engine.worker.ts). */
export const WORKER_NAMES: Readonly<Record<WorkerRole, string>> = {
  trainer: 'rlvr-trainer',
  seed: 'rlvr-seeds',
  sweep: 'rlvr-sweep',
  bench: 'rlvr-bench',
};

/** The role a worker of this name plays, or null for a name none of them has. */
export function roleOfName(name: string): WorkerRole | null {
  return (Object.keys(WORKER_NAMES) as WorkerRole[]).find((r) => WORKER_NAMES[r] === name) ?? null;
}

/**
 * Start a worker in `role`. From the page Vite points the URL at the built engine.worker
 * bundle; inside that bundle (the trainer starting its seed workers) it becomes the running
 * worker's own script, `self.location.href`, so no second copy is built.
 */
export function startWorker(role: WorkerRole): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: WORKER_NAMES[role] });
}
