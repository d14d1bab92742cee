// The trainer role of the engine worker (engine.worker.ts), around the engine's Trainer. It
// owns the training loop so the UI thread only renders: it loads assets, picks the tfjs
// backend, calls trainer.next() in a loop that yields to the event loop (so pause/reset
// messages get through), and pushes the records to the UI in batches a few times per second.
import * as Comlink from 'comlink';
import type { Settings } from '../engine/settings';
import type { MetricRecord } from '../engine/types';
import { shardedTrainer, type PlaygroundTrainer } from './seed-shards';
import { loadTrainerAssets, yieldToEventLoop } from './load';
import { decideBackend } from './backend-choice';
import type { RunPhase, StartOptions, TrainerWorkerApi, WorkerUpdate } from './protocol';
import { comlinkEndpoint, type WorkerScope } from './web-port';

type OnUpdate = (u: WorkerUpdate) => void;

interface Run {
  id: number;
  settings: Settings;
  options: StartOptions;
  onUpdate: OnUpdate;
  trainer: PlaygroundTrainer | null;
  cancelled: boolean;
  paused: boolean;
  wake: (() => void) | null;
  pending: MetricRecord[];
  infoSent: boolean;
  lastFlush: number;
  activeMs: number;
  /** performance.now() when the current active (unpaused) stretch began, or null while paused. */
  activeSince: number | null;
  /** Settles when the run's loop has stopped and the trainer is disposed. */
  done: Promise<void>;
}

let current: Run | null = null;
let latestRequested = 0;
let startChain: Promise<void> = Promise.resolve();
function activeMs(run: Run): number {
  return run.activeMs + (run.activeSince === null ? 0 : performance.now() - run.activeSince);
}

function send(run: Run, phase: RunPhase, extra: Partial<WorkerUpdate> = {}): void {
  if (run.cancelled) return;
  const update: WorkerUpdate = {
    runId: run.id,
    records: run.pending,
    phase,
    stepsDone: run.trainer?.stepsDone ?? 0,
    activeMs: activeMs(run),
    ...extra,
  };
  if (!run.infoSent && run.trainer) {
    update.info = run.trainer.info;
    run.infoSent = true;
  }
  run.pending = [];
  run.lastFlush = performance.now();
  try {
    // Fire and forget: the UI may have released the proxy already.
    Promise.resolve(run.onUpdate(update)).catch(() => undefined);
  } catch {
    /* proxy released */
  }
}

function describeError(e: unknown): { message: string; step: number | null } {
  const err = e as { message?: unknown; step?: unknown; name?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  const step = typeof err?.step === 'number' ? err.step : null;
  return { message: message.slice(0, 500), step };
}

async function runLoop(run: Run): Promise<void> {
  const flushMs = run.options.flushMs ?? 250;
  try {
    send(run, 'loading', { loadingText: 'Initialising backend…' });
    const loadAssets = () => loadTrainerAssets(run.options.baseUrl, run.settings);
    const decision = await decideBackend(run.settings, run.options.wasmPath, loadAssets, run.options.backendCache, Date.now(),
      (text) => send(run, 'loading', { loadingText: text }), run.options.measureSoftware ?? false);
    if (run.cancelled) return;
    const { save, ...backendUpdate } = decision;
    const backend = { backend: decision.backend, reason: decision.reason };
    send(run, 'loading', { loadingText: `Loading ${run.settings.task} data and base model…`, backend: backendUpdate, ...(save ? { saveBench: save } : {}) });
    const assets = await loadAssets();
    if (run.cancelled) return;
    if (run.settings.seeds > 1) send(run, 'loading', { loadingText: `Starting ${run.settings.seeds} seeds…` });
    // Seeds spread over workers (this one included) by seedShardCount, over the cores this run was
    // given (a comparison's arm: every core, shared with the other arms; arms-queue.ts). The seed workers
    // are told the backend chosen here, so an `auto` run never mixes backends.
    const resolved = { ...run.settings, backend: decision.backend as typeof run.settings.backend };
    run.trainer = await shardedTrainer(resolved, assets, backend, run.options, run.options.cores ?? navigator.hardwareConcurrency);
    if (run.cancelled) return;
    if (!run.paused) run.activeSince = performance.now();
    send(run, run.paused ? 'paused' : 'running');

    while (!run.cancelled && !run.trainer.finished) {
      if (run.paused) {
        await new Promise<void>((resolve) => {
          run.wake = resolve;
        });
        continue;
      }
      const records = await run.trainer.next();
      if (run.cancelled) return;
      for (const r of records) run.pending.push(r);
      // A pause shows the step that was in flight at once; otherwise batch by time.
      if (run.paused || performance.now() - run.lastFlush >= flushMs) send(run, run.paused ? 'paused' : 'running');
      await yieldToEventLoop();
    }
    if (run.cancelled) return;
    if (run.activeSince !== null) {
      run.activeMs += performance.now() - run.activeSince;
      run.activeSince = null;
    }
    send(run, 'finished');
  } catch (e) {
    if (run.activeSince !== null) {
      run.activeMs += performance.now() - run.activeSince;
      run.activeSince = null;
    }
    send(run, 'error', { error: describeError(e) });
  }
}

async function stopCurrent(): Promise<void> {
  const run = current;
  if (!run) return;
  current = null;
  run.cancelled = true;
  run.wake?.();
  await run.done.catch(() => undefined);
  try {
    run.trainer?.dispose();
  } catch {
    /* already gone */
  }
  run.trainer = null;
  const release = (run.onUpdate as unknown as Record<PropertyKey, unknown>)[Comlink.releaseProxy];
  if (typeof release === 'function') {
    try {
      (release as () => void).call(run.onUpdate);
    } catch {
      /* ignore */
    }
  }
}

const api: TrainerWorkerApi = {
  start(settings, runId, options, onUpdate) {
    latestRequested = runId;
    startChain = startChain.then(async () => {
      await stopCurrent();
      // A newer start arrived while we waited: let that one run instead.
      if (runId !== latestRequested) return;
      const run: Run = {
        id: runId, settings, options, onUpdate, trainer: null, cancelled: false, paused: options.paused ?? false, wake: null,
        pending: [], infoSent: false, lastFlush: 0, activeMs: 0, activeSince: null, done: Promise.resolve(),
      };
      current = run;
      run.done = runLoop(run);
    });
    return startChain;
  },
  async pause() {
    const run = current;
    if (!run || run.paused || run.cancelled) return;
    run.paused = true;
    if (run.activeSince !== null) {
      run.activeMs += performance.now() - run.activeSince;
      run.activeSince = null;
    }
    if (run.trainer && !run.trainer.finished) send(run, 'paused');
  },
  async resume() {
    const run = current;
    if (!run || !run.paused || run.cancelled) return;
    run.paused = false;
    if (run.trainer) run.activeSince = performance.now();
    if (run.trainer && !run.trainer.finished) send(run, 'running');
    const wake = run.wake;
    run.wake = null;
    wake?.();
  },
  async reset() {
    latestRequested++;
    startChain = startChain.then(stopCurrent);
    await startChain;
  },
  async testKillSeedWorker() {
    const run = current;
    // Only for a run the page started with ?testHooks=1: no production path reaches it.
    const shard = run?.options.testHooks ? run.trainer?.seedWorkers?.at(-1) : undefined;
    if (!shard) return [];
    shard.kill();
    return [...shard.seeds];
  },
};

export function serve(scope: WorkerScope): void {
  Comlink.expose(api, comlinkEndpoint(scope));
}
