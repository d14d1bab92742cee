// Sweep and finding results kept in the browser across reloads. A tiny key-value layer
// over IndexedDB (one database, one object store; no dependency needed for get/set/delete/
// keys), an in-memory stand-in when IndexedDB is unavailable (private windows, blocked
// storage), and a repository that validates what it reads back, so a stale or corrupted
// entry is dropped with a count instead of breaking the page.
import { parseSettings, type Settings } from '../engine/settings';
import type { SweepSpec } from '../experiments/grid';
import type { JobResult } from '../experiments/summary';
import type { CurvePoint } from '../experiments/job';

export interface KV {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

export function memoryKv(): KV {
  const m = new Map<string, unknown>();
  // Structured clone, as IndexedDB does: callers never share objects with the store.
  const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
  return {
    async get(k) { return clone(m.get(k)); },
    async set(k, v) { m.set(k, clone(v)); },
    async del(k) { m.delete(k); },
    async keys() { return [...m.keys()]; },
  };
}

const DB_NAME = 'rlvr-playground';
const STORE = 'kv';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Open the IndexedDB store; rejects with a readable reason when IndexedDB cannot be used. */
export async function openIdbKv(factory: IDBFactory | undefined = globalThis.indexedDB, name = DB_NAME): Promise<KV> {
  if (!factory) throw new Error('this browser offers no IndexedDB');
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    let open: IDBOpenDBRequest;
    try {
      open = factory.open(name, 1);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('IndexedDB could not be opened'));
    open.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
  const tx = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    get: (k) => req(tx('readonly').get(k)),
    set: async (k, v) => { await req(tx('readwrite').put(v, k)); },
    del: async (k) => { await req(tx('readwrite').delete(k)); },
    keys: async () => (await req(tx('readonly').getAllKeys())).map(String),
  };
}

export interface Storage {
  kv: KV;
  /** False when results only live until the page is closed. */
  persistent: boolean;
  /** Why IndexedDB could not be used. */
  reason?: string;
}

export async function openStorage(factory?: IDBFactory): Promise<Storage> {
  try {
    const kv = await openIdbKv(factory ?? globalThis.indexedDB);
    // A round trip proves the store works (some browsers open it and then fail on write).
    await kv.set('probe', 1);
    return { kv, persistent: true };
  } catch (e) {
    return { kv: memoryKv(), persistent: false, reason: (e as Error)?.message ?? String(e) };
  }
}

// ---------------------------------------------------------------------------------------
// Sweeps

/** One finished (or failed) job, with the held-out curve the charts draw. */
export interface StoredJob extends JobResult {
  curve?: CurvePoint[];
}

export type SweepStatus = 'running' | 'complete' | 'cancelled' | 'interrupted';

export interface SavedSweep {
  version: 1;
  id: string;
  name: string;
  createdAt: number;
  spec: SweepSpec;
  /** Jobs in the grid (results may hold fewer). */
  total: number;
  results: StoredJob[];
  status: SweepStatus;
}

export interface SavedFinding {
  version: 1;
  /** The finding's id. */
  id: string;
  savedAt: number;
  budget: Partial<Settings>;
  seeds: number[];
  runs: FindingRunResult[];
}

export interface FindingRunResult {
  arm: string;
  seed: number;
  settings: Settings;
  summary: StoredJob['summary'];
  curve: CurvePoint[];
  error?: string;
}

const SWEEP_PREFIX = 'sweep:';
const FINDING_PREFIX = 'finding:';

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const validSettings = (s: unknown) => isObj(s) && parseSettings(s).issues.length === 0;
const validSummary = (s: unknown) => s === null || (isObj(s) && typeof s.finalPass1 === 'number' && typeof s.basePass1 === 'number');

export function isSavedSweep(v: unknown): v is SavedSweep {
  if (!isObj(v) || v.version !== 1 || typeof v.id !== 'string' || typeof v.name !== 'string' || typeof v.total !== 'number') return false;
  if (!isObj(v.spec) || !Array.isArray(v.spec.axes) || !Array.isArray(v.spec.seeds) || !validSettings(v.spec.base)) return false;
  if (!Array.isArray(v.results)) return false;
  return v.results.every((r) => isObj(r) && typeof r.id === 'string' && typeof r.cell === 'string' && validSettings(r.settings) && validSummary(r.summary));
}

export function isSavedFinding(v: unknown): v is SavedFinding {
  if (!isObj(v) || v.version !== 1 || typeof v.id !== 'string' || !Array.isArray(v.runs) || !Array.isArray(v.seeds)) return false;
  return v.runs.every((r) => isObj(r) && typeof r.arm === 'string' && validSettings(r.settings) && validSummary(r.summary) && Array.isArray(r.curve));
}

/** Reads, writes and validates saved sweeps and findings. Writes to one key are serialised. */
export class ResultsRepo {
  private chain: Promise<unknown> = Promise.resolve();
  /** Entries dropped by the last list call because they did not validate. */
  dropped = 0;

  constructor(private readonly kv: KV) {}

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const next = this.chain.then(f, f);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Saved sweeps, newest first. A sweep saved as running was interrupted by a reload
   * (its finished jobs are kept and it can be resumed).
   */
  async listSweeps(): Promise<SavedSweep[]> {
    const out: SavedSweep[] = [];
    this.dropped = 0;
    for (const k of await this.kv.keys()) {
      if (!k.startsWith(SWEEP_PREFIX)) continue;
      const v = await this.kv.get(k);
      if (isSavedSweep(v)) out.push(v.status === 'running' ? { ...v, status: 'interrupted' } : v);
      else this.dropped++;
    }
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }

  saveSweep(s: SavedSweep): Promise<void> {
    return this.serial(() => this.kv.set(SWEEP_PREFIX + s.id, s));
  }

  /** Add (or replace, by job id) one result of a saved sweep. */
  addResult(sweepId: string, job: StoredJob): Promise<SavedSweep | null> {
    return this.serial(async () => {
      const v = await this.kv.get(SWEEP_PREFIX + sweepId);
      if (!isSavedSweep(v)) return null;
      const results = [...v.results.filter((r) => r.id !== job.id), job];
      const next = { ...v, results };
      await this.kv.set(SWEEP_PREFIX + sweepId, next);
      return next;
    });
  }

  setStatus(sweepId: string, status: SweepStatus): Promise<void> {
    return this.serial(async () => {
      const v = await this.kv.get(SWEEP_PREFIX + sweepId);
      if (isSavedSweep(v)) await this.kv.set(SWEEP_PREFIX + sweepId, { ...v, status });
    });
  }

  removeSweep(id: string): Promise<void> {
    return this.serial(() => this.kv.del(SWEEP_PREFIX + id));
  }

  async listFindings(): Promise<SavedFinding[]> {
    const out: SavedFinding[] = [];
    for (const k of await this.kv.keys()) {
      if (!k.startsWith(FINDING_PREFIX)) continue;
      const v = await this.kv.get(k);
      if (isSavedFinding(v)) out.push(v);
      else this.dropped++;
    }
    return out;
  }

  saveFinding(f: SavedFinding): Promise<void> {
    return this.serial(() => this.kv.set(FINDING_PREFIX + f.id, f));
  }
}
