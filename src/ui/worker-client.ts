// The UI side of the trainer workers: creates them, wraps them with comlink, forwards their
// batched updates to the store and turns a dead worker into a message naming its run. The
// page's run has one trainer worker (lane 0); a comparison's arms run at the same time on a
// lane each. A crashed worker is thrown away; the next start() on its lane makes a fresh one.
// A worker that dies without an `error` event (terminated by the browser) is caught by a watch
// on its updates (src/workers/liveness.ts) while its run loads or runs, and crashes the same way.
import * as Comlink from 'comlink';
import type { Settings } from '../engine/settings';
import type { RunPhase, StartOptions, TrainerWorkerApi, WorkerUpdate } from '../workers/protocol';
import { startWorker } from '../workers/start';
import { Liveness, TICK_MS, TRAINER_LOADING, TRAINER_RUNNING, seedsText } from '../workers/liveness';
import { formatDuration } from '../experiments/format';
import { seedList } from '../engine/seeds';
import type { Runner, RunPlace } from './store';
import { loadBenchCache, saveBenchEntry } from './backend-cache';

/** Where vite.config.ts puts the tfjs .wasm files, relative to the site root. */
export const WASM_DIR = 'tfjs-wasm/';
/** How often a comparison's arm sends its records (ms); a lone run sends every 250 ms. */
const ARM_FLUSH_MS = 500;

export function siteBaseUrl(): string {
  return new URL(import.meta.env.BASE_URL, document.baseURI).href;
}

export interface WorkerRunnerEvents {
  onUpdate(update: WorkerUpdate): void;
  /** A trainer worker died; `runId` is the run it held. */
  onCrash(message: string, runId: number | null): void;
}

/** `?measureSoftware=1`: let `auto` time software renderers too (tests on machines without a GPU). */
function measureSoftwareRequested(): boolean {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('measureSoftware') === '1';
  } catch {
    return false;
  }
}

/** `?testHooks=1`: runs answer testKillSeedWorker (test-hooks.ts); never set otherwise. */
export function testHooksRequested(): boolean {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('testHooks') === '1';
  } catch {
    return false;
  }
}

/** One trainer worker and the run it holds. Lane 0 runs the page's run; a comparison's arms take one lane each. */
interface Lane {
  worker: Worker;
  api: Comlink.Remote<TrainerWorkerApi>;
  runId: number | null;
  /** The run's seeds, for the message when the worker stops answering. */
  seeds: number[];
  /** Its run's updates, watched while it loads or runs (not while paused or ended). */
  watch: Liveness;
  /** pause() was called (or the run started paused): a 'running' update in flight does not restart the watch. */
  paused: boolean;
  /** The last phase its run reported (null: none yet, it is loading). */
  phase: RunPhase | null;
}

export class WorkerRunner implements Runner {
  private readonly lanes = new Map<number, Lane>();
  private nextId = 1;
  private readonly options: StartOptions;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly events: WorkerRunnerEvents, options?: Partial<StartOptions>) {
    const baseUrl = options?.baseUrl ?? siteBaseUrl();
    this.options = {
      baseUrl,
      wasmPath: options?.wasmPath ?? new URL(WASM_DIR, baseUrl).href,
      flushMs: options?.flushMs ?? 250,
      measureSoftware: options?.measureSoftware ?? measureSoftwareRequested(),
      ...(options?.testHooks ?? testHooksRequested() ? { testHooks: true } : {}),
    };
  }

  cores(): number {
    return Math.max(1, Math.floor(navigator.hardwareConcurrency || 1));
  }

  private ensure(n: number): Lane {
    const have = this.lanes.get(n);
    if (have) return have;
    const worker = startWorker('trainer');
    const lane: Lane = { worker, api: Comlink.wrap<TrainerWorkerApi>(worker), runId: null, seeds: [], watch: new Liveness(), paused: false, phase: null };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.crash(lane, e.message ? `The training worker crashed: ${e.message}` : 'The training worker crashed or could not be loaded.');
    };
    worker.onmessageerror = () => this.crash(lane, 'The training worker sent a message that could not be read.');
    this.lanes.set(n, lane);
    return lane;
  }

  private crash(lane: Lane, message: string): void {
    const runId = lane.runId;
    for (const [n, l] of this.lanes) if (l === lane) this.drop(n);
    this.events.onCrash(message, runId);
  }

  start(settings: Settings, place?: RunPlace): number {
    const id = this.nextId++;
    const n = place?.lane ?? 0;
    // The page's one run: a comparison's arms on other lanes stop.
    if (!place) this.stopOthers(null, 0);
    const lane = this.ensure(n);
    lane.runId = id;
    lane.seeds = seedList(settings);
    lane.paused = place?.paused ?? false;
    lane.phase = null;
    lane.watch.watch(TRAINER_LOADING);
    this.tickEvery();
    const api = lane.api;
    const onUpdate = Comlink.proxy((u: WorkerUpdate) => {
      if (u.saveBench) saveBenchEntry(u.saveBench.key, u.saveBench.entry);
      if (lane.runId === u.runId && this.lanes.get(n) === lane) this.heard(lane, u);
      this.events.onUpdate(u);
    });
    // Only `auto` reads the saved benchmarks.
    // A comparison's arms send their records twice a second rather than four times: their
    // streams come at once, and each batch redraws the charts on the main thread, which shares
    // the cores with the arms' workers.
    const base = place ? { ...this.options, cores: place.cores, flushMs: Math.max(ARM_FLUSH_MS, this.options.flushMs ?? 0), ...(place.paused ? { paused: true } : {}) } : this.options;
    const options = settings.backend === 'auto' ? { ...base, backendCache: loadBenchCache() } : base;
    api.start(settings, id, options, onUpdate).catch((e: unknown) => {
      if (this.lanes.get(n)?.api === api) this.crash(lane, `The training worker failed: ${(e as Error)?.message ?? String(e)}`);
    });
    return id;
  }

  pause(): void {
    for (const l of this.lanes.values()) {
      l.paused = true;
      // A run still loading goes on loading (watched) and then waits; a running one sends nothing more.
      if (l.phase === 'running') l.watch.watch(null);
      l.api.pause().catch(() => undefined);
    }
  }

  resume(): void {
    for (const l of this.lanes.values()) {
      l.paused = false;
      if (l.runId !== null && !l.watch.watching && (l.phase === 'paused' || l.phase === 'running')) l.watch.watch(TRAINER_RUNNING);
      l.api.resume().catch(() => undefined);
    }
    this.tickEvery();
  }

  reset(): void {
    for (const l of this.lanes.values()) this.stopLane(l);
  }

  /** The lane's run stops (the worker disposes it) and is no longer watched. */
  private stopLane(l: Lane): void {
    l.runId = null;
    l.watch.watch(null);
    l.api.reset().catch(() => undefined);
  }

  /** An update of the lane's run: the watch follows its phase (loading, running; paused and ended runs send nothing). */
  private heard(lane: Lane, u: WorkerUpdate): void {
    const before = lane.phase;
    lane.phase = u.phase;
    lane.watch.heard();
    if (u.phase === 'loading') {
      if (!lane.watch.watching) lane.watch.watch(TRAINER_LOADING);
    } else if (u.phase === 'running' && !lane.paused) {
      if (before !== 'running' || !lane.watch.watching) lane.watch.watch(TRAINER_RUNNING);
    } else {
      lane.watch.watch(null);
    }
    if (lane.watch.watching) this.tickEvery();
  }

  /** Check every lane's watch while any is on; a silent worker crashes its lane, naming the run's seeds. */
  private tickEvery(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      let on = false;
      for (const lane of [...this.lanes.values()]) {
        const silent = lane.watch.tick();
        if (silent !== null && lane.runId !== null) {
          this.crash(lane, `${seedsText(lane.seeds)}: the training worker stopped answering (nothing for ${formatDuration(silent)})`);
        } else on ||= lane.watch.watching;
      }
      if (!on && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    }, TICK_MS);
  }

  /** Stop every lane's run but run `keep` (and lane `keepLane`, about to start a run). */
  stopOthers(keep: number | null, keepLane?: number): void {
    for (const [n, l] of this.lanes) {
      if (n !== keepLane && l.runId !== null && l.runId !== keep) this.stopLane(l);
    }
  }

  /** Browser tests (?testHooks=1): kill a seed worker of run `runId`; the seeds it held. */
  async testKillSeedWorker(runId: number): Promise<number[]> {
    for (const l of this.lanes.values()) if (l.runId === runId) return l.api.testKillSeedWorker();
    return [];
  }

  private drop(n: number): void {
    const lane = this.lanes.get(n);
    if (!lane) return;
    this.lanes.delete(n);
    try {
      lane.api[Comlink.releaseProxy]();
    } catch {
      /* ignore */
    }
    lane.worker.terminate();
  }

  dispose(): void {
    for (const n of [...this.lanes.keys()]) this.drop(n);
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
