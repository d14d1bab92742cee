// State of the research views (sweeps and findings): saved results (IndexedDB through
// ResultsRepo), the one pool run in flight, its progress and ETA. The numbers shown come
// from the engine's run summaries; this store only files them.
import { create } from 'zustand';
import { DEFAULT_SETTINGS, type Settings } from '../engine/settings';
import { expandGrid, type SweepSpec } from '../experiments/grid';
import type { Finding } from '../experiments/findings/finding';
import { findingRuns, type FindingRun } from '../experiments/findings/runs';
import type { JobOutcome, JobProgress, PoolJob } from '../experiments/job';
import { estimateEta, poolSize, runPool, type PoolRun, type StartWorker } from '../experiments/pool';
import { sweepWorkers } from '../workers/pool-worker';
import { memoryKv, openStorage, ResultsRepo, type FindingRunResult, type SavedFinding, type SavedSweep, type StoredJob } from './persist';
import { siteBaseUrl, WASM_DIR } from './worker-client';
import { useStore } from './store';

export interface ActiveRun {
  kind: 'sweep' | 'finding';
  /** Sweep id or finding id. */
  target: string;
  total: number;
  done: number;
  failed: number;
  stepsTotal: number;
  /** Steps of finished jobs plus the progress of running ones. */
  stepsDone: number;
  startedAt: number;
  etaMs: number | null;
  workers: number;
}

export interface FindingState {
  status: 'idle' | 'running' | 'done' | 'cancelled';
  budget: Partial<Settings>;
  seeds: number[];
  runs: FindingRunResult[];
  savedAt?: number;
}

interface ResearchState {
  ready: boolean;
  persistent: boolean;
  storageReason: string | null;
  dropped: number;
  sweeps: SavedSweep[];
  selected: string | null;
  active: ActiveRun | null;
  findings: Record<string, FindingState>;
  error: string | null;
  /** A quick pick another view asked the sweep form to fill in (the core figure from the Findings view). */
  quickRequest: string | null;

  init(): Promise<void>;
  /** Ask the sweep form to fill in a quick pick the next time it shows. */
  requestQuick(id: string | null): void;
  select(id: string | null): void;
  startSweep(spec: SweepSpec, name: string): Promise<void>;
  resumeSweep(id: string): Promise<void>;
  removeSweep(id: string): Promise<void>;
  runFinding(f: Finding, budget: Partial<Settings>, seeds: number[], base?: Settings): void;
  cancel(): void;
}

let repo: ResultsRepo | null = null;
let current: PoolRun | null = null;
let factory: StartWorker | undefined;
const progress = new Map<string, number>();
let pace: { t: number; steps: number } | null = null;
let initOnce: Promise<void> | null = null;

/** Tests swap the worker factory (and the storage) here. */
export function configureResearch(opts: { factory?: StartWorker; repo?: ResultsRepo }): void {
  factory = opts.factory;
  if (opts.repo) repo = opts.repo;
}

/** Sweep workers loading this site's assets. */
function pageSweepWorkers(): StartWorker {
  const baseUrl = siteBaseUrl();
  return sweepWorkers({ baseUrl, wasmPath: new URL(WASM_DIR, baseUrl).href });
}

function newId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The playground's live run competes for the same cores: pause it while a pool runs. */
function pausePlayground() {
  const s = useStore.getState();
  if (s.live?.status === 'running' || s.live?.status === 'loading') {
    if (s.live.status === 'running') s.pause();
    else s.reset();
    s.addNotice('info', 'Paused the playground run', ['Sweeps and findings use the spare cores; resume the run from the Playground tab.']);
  }
}

export const useResearch = create<ResearchState>()((set, get) => {
  const tick = (stepsFinished: number) => {
    const a = get().active;
    if (!a) return;
    let running = 0;
    for (const v of progress.values()) running += v;
    const stepsDone = stepsFinished + running;
    // Pace from the first reported step on, so loading the backend and assets does not skew it.
    const now = performance.now();
    if (!pace && stepsDone > 0) pace = { t: now, steps: stepsDone };
    const etaMs = pace && now - pace.t > 1000 ? estimateEta(stepsDone - pace.steps, a.stepsTotal - pace.steps, now - pace.t) : null;
    set({ active: { ...a, stepsDone, etaMs } });
  };

  /** Run jobs on the pool; `onResult` files each outcome. */
  const launch = (kind: ActiveRun['kind'], target: string, jobs: (PoolJob & { steps: number })[], onResult: (id: string, r: { outcome?: JobOutcome; error?: string }) => Promise<void> | void, onEnd: (cancelled: boolean) => Promise<void> | void) => {
    pausePlayground();
    progress.clear();
    pace = null;
    const stepsOf = new Map(jobs.map((j) => [j.id, j.steps]));
    let finished = 0;
    const workers = poolSize();
    set({
      active: { kind, target, total: jobs.length, done: 0, failed: 0, stepsTotal: jobs.reduce((a, j) => a + j.steps, 0), stepsDone: 0, startedAt: performance.now(), etaMs: null, workers },
      error: null,
    });
    // The one pool (src/experiments/pool.ts): a cell's (or an arm's) consecutive seeds run
    // together as one multi-seed run, longest first; events still name the jobs.
    const run = runPool(jobs, {
      lanes: workers,
      start: factory ?? pageSweepWorkers(),
      onStart(id) { progress.set(id, 0); },
      onProgress(id, p: JobProgress) { progress.set(id, p.stepsDone); tick(finished); },
      async onDone(id, outcome) {
        progress.delete(id);
        finished += stepsOf.get(id) ?? 0;
        const a = get().active;
        if (a) set({ active: { ...a, done: a.done + 1 } });
        tick(finished);
        await onResult(id, { outcome });
      },
      async onError(id, text) {
        const message = text.slice(0, 400);
        progress.delete(id);
        finished += stepsOf.get(id) ?? 0;
        const a = get().active;
        if (a) set({ active: { ...a, done: a.done + 1, failed: a.failed + 1 } });
        tick(finished);
        await onResult(id, { error: message });
      },
    });
    current = run;
    void run.done.then(async () => {
      if (current !== run) return;
      current = null;
      await onEnd(run.cancelled);
      set({ active: null });
    });
  };

  const refreshSweep = (s: SavedSweep) => set({ sweeps: get().sweeps.map((x) => (x.id === s.id ? s : x)) });

  const runSweepJobs = (saved: SavedSweep) => {
    const doneIds = new Set(saved.results.filter((r) => r.summary).map((r) => r.id));
    const all = expandGrid(saved.spec);
    const todo = all.filter((j) => !doneIds.has(j.id)).sort((a, b) => b.compute - a.compute);
    const byId = new Map(all.map((j) => [j.id, j]));
    launch('sweep', saved.id, todo.map((j) => ({ id: j.id, settings: j.settings, steps: j.settings.steps })), async (id, r) => {
      const job = byId.get(id)!;
      const stored: StoredJob = { id, cell: job.cell, seed: job.seed, settings: job.settings, summary: r.outcome?.summary ?? null, curve: r.outcome?.curve, ...(r.error ? { error: r.error } : {}) };
      const next = await repo!.addResult(saved.id, stored);
      if (next) refreshSweep(next);
    }, async (cancelled) => {
      const status = cancelled ? 'cancelled' : 'complete';
      await repo!.setStatus(saved.id, status);
      const s = get().sweeps.find((x) => x.id === saved.id);
      if (s) refreshSweep({ ...s, status });
    });
  };

  return {
    ready: false,
    persistent: false,
    storageReason: null,
    dropped: 0,
    sweeps: [],
    selected: null,
    active: null,
    findings: {},
    error: null,
    quickRequest: null,

    requestQuick(id) {
      set({ quickRequest: id });
    },

    init() {
      // StrictMode and a second view both call this: they share one opening.
      initOnce ??= (async () => {
        let persistent = true;
        let reason: string | null = null;
        if (!repo) {
          const st = await openStorage();
          repo = new ResultsRepo(st.kv);
          persistent = st.persistent;
          reason = st.reason ?? null;
        }
        let sweeps: SavedSweep[] = [];
        let saved: SavedFinding[] = [];
        try {
          sweeps = await repo.listSweeps();
          saved = await repo.listFindings();
        } catch (e) {
          // Opened but unreadable (quota, corruption): carry on in memory and say so.
          repo = new ResultsRepo(memoryKv());
          persistent = false;
          reason = `saved results could not be read: ${(e as Error)?.message ?? String(e)}`;
        }
        const findings: Record<string, FindingState> = {};
        for (const f of saved) findings[f.id] = { status: 'done', budget: f.budget, seeds: f.seeds, runs: f.runs, savedAt: f.savedAt };
        set({ ready: true, persistent, storageReason: reason, dropped: repo.dropped, sweeps, findings, selected: sweeps[0]?.id ?? null });
      })();
      return initOnce;
    },

    select(id) {
      set({ selected: id });
    },

    async startSweep(given, name) {
      if (get().active || !repo) return;
      // A job is one seed (spec.seeds lists them): the playground's seeds setting does not apply.
      const spec: SweepSpec = { ...given, base: { ...given.base, seeds: 1 } };
      let total: number;
      try {
        total = expandGrid(spec).length;
      } catch (e) {
        set({ error: (e as Error).message });
        return;
      }
      const saved: SavedSweep = { version: 1, id: newId(), name, createdAt: Date.now(), spec, total, results: [], status: 'running' };
      await repo.saveSweep(saved);
      set({ sweeps: [saved, ...get().sweeps], selected: saved.id });
      runSweepJobs(saved);
    },

    async resumeSweep(id) {
      const saved = get().sweeps.find((s) => s.id === id);
      if (!saved || get().active || !repo) return;
      const next = { ...saved, status: 'running' as const };
      await repo.setStatus(id, 'running');
      refreshSweep(next);
      set({ selected: id });
      runSweepJobs(next);
    },

    async removeSweep(id) {
      if (get().active?.target === id) return;
      await repo?.removeSweep(id);
      const sweeps = get().sweeps.filter((s) => s.id !== id);
      set({ sweeps, selected: get().selected === id ? sweeps[0]?.id ?? null : get().selected });
    },

    runFinding(f, budget, seeds, base = DEFAULT_SETTINGS) {
      if (get().active) return;
      // Same budget and seed for every arm; arms with equal settings share one run.
      let runs: FindingRun[];
      try {
        runs = findingRuns(f, seeds, base, budget);
      } catch (e) {
        set({ error: `${f.title}: ${(e as Error).message}` });
        return;
      }
      const unique = new Map<string, Settings>();
      for (const r of runs) if (!unique.has(r.key)) unique.set(r.key, r.settings);
      const results: FindingRunResult[] = [];
      const setFinding = (st: FindingState) => set({ findings: { ...get().findings, [f.id]: st } });
      setFinding({ status: 'running', budget, seeds, runs: [] });
      launch('finding', f.id, [...unique.entries()].map(([key, settings]) => ({ id: key, settings, steps: settings.steps })), (key, r) => {
        for (const run of runs.filter((x) => x.key === key)) {
          results.push({ arm: run.arm, seed: run.seed, settings: run.settings, summary: r.outcome?.summary ?? null, curve: r.outcome?.curve ?? [], ...(r.error ? { error: r.error } : {}) });
        }
        setFinding({ status: 'running', budget, seeds, runs: [...results] });
      }, async (cancelled) => {
        const st: FindingState = { status: cancelled ? 'cancelled' : 'done', budget, seeds, runs: [...results], savedAt: Date.now() };
        setFinding(st);
        if (!cancelled) {
          const saved: SavedFinding = { version: 1, id: f.id, savedAt: st.savedAt!, budget, seeds, runs: st.runs };
          await repo?.saveFinding(saved).catch(() => undefined);
        }
      });
    },

    cancel() {
      const run = current;
      if (!run) return;
      run.cancel();
    },
  };
});
