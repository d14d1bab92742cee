// The UI side of the trainer worker: creates it, wraps it with comlink, forwards its
// batched updates to the store and turns a dead worker into a message. A crashed
// worker is thrown away; the next start() makes a fresh one.
import * as Comlink from 'comlink';
import type { Settings } from '../engine/settings';
import type { StartOptions, TrainerWorkerApi, WorkerUpdate } from '../workers/protocol';
import { startWorker } from '../workers/start';
import type { Runner } from './store';
import { loadBenchCache, saveBenchEntry } from './backend-cache';

/** Where vite.config.ts puts the tfjs .wasm files, relative to the site root. */
export const WASM_DIR = 'tfjs-wasm/';

export function siteBaseUrl(): string {
  return new URL(import.meta.env.BASE_URL, document.baseURI).href;
}

export interface WorkerRunnerEvents {
  onUpdate(update: WorkerUpdate): void;
  onCrash(message: string): void;
}

/** `?measureSoftware=1`: let `auto` time software renderers too (tests on machines without a GPU). */
function measureSoftwareRequested(): boolean {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('measureSoftware') === '1';
  } catch {
    return false;
  }
}

export class WorkerRunner implements Runner {
  private worker: Worker | null = null;
  private api: Comlink.Remote<TrainerWorkerApi> | null = null;
  private nextId = 1;
  private readonly options: StartOptions;

  constructor(private readonly events: WorkerRunnerEvents, options?: Partial<StartOptions>) {
    const baseUrl = options?.baseUrl ?? siteBaseUrl();
    this.options = {
      baseUrl,
      wasmPath: options?.wasmPath ?? new URL(WASM_DIR, baseUrl).href,
      flushMs: options?.flushMs ?? 250,
      measureSoftware: options?.measureSoftware ?? measureSoftwareRequested(),
    };
  }

  private ensure(): Comlink.Remote<TrainerWorkerApi> {
    if (this.api) return this.api;
    const worker = startWorker('trainer');
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.crash(e.message ? `The training worker crashed: ${e.message}` : 'The training worker crashed or could not be loaded.');
    };
    worker.onmessageerror = () => this.crash('The training worker sent a message that could not be read.');
    this.worker = worker;
    this.api = Comlink.wrap<TrainerWorkerApi>(worker);
    return this.api;
  }

  private crash(message: string): void {
    this.dispose();
    this.events.onCrash(message);
  }

  start(settings: Settings): number {
    const id = this.nextId++;
    const api = this.ensure();
    const onUpdate = Comlink.proxy((u: WorkerUpdate) => {
      if (u.saveBench) saveBenchEntry(u.saveBench.key, u.saveBench.entry);
      this.events.onUpdate(u);
    });
    // Only `auto` reads the saved benchmarks.
    const options = settings.backend === 'auto' ? { ...this.options, backendCache: loadBenchCache() } : this.options;
    api.start(settings, id, options, onUpdate).catch((e: unknown) => {
      if (this.api === api) this.crash(`The training worker failed: ${(e as Error)?.message ?? String(e)}`);
    });
    return id;
  }

  pause(): void {
    this.api?.pause().catch(() => undefined);
  }

  resume(): void {
    this.api?.resume().catch(() => undefined);
  }

  reset(): void {
    this.api?.reset().catch(() => undefined);
  }

  dispose(): void {
    const api = this.api;
    this.api = null;
    if (api) {
      try {
        api[Comlink.releaseProxy]();
      } catch {
        /* ignore */
      }
    }
    this.worker?.terminate();
    this.worker = null;
  }
}
