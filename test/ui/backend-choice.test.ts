// The page's side of the measured backend choice: the store keeps how the backend was chosen
// (with the figures) when the trainer's info arrives, the JSON export records it with the
// link parameter that reproduces the curve, saved figures survive in storage, and the
// ?bench=1 link is read with safe defaults.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import type { BackendFigure } from '../../src/engine/backend-bench';
import type { RunInfo } from '../../src/engine/types';
import { toJson } from '../../src/ui/export';
import { attachRunner, useStore, type Runner } from '../../src/ui/store';
import { BENCH_CACHE_KEY, clearBenchCache, loadBenchCache, saveBenchEntry } from '../../src/ui/backend-cache';
import { isBenchPage, parseBenchQuery } from '../../src/ui/bench-page';

const figures: BackendFigure[] = [
  { backend: 'wasm', stepsPerSecond: 9.8, seedStepsPerSecond: 9.8, tokensPerSecond: 4000, meanStepMs: 102, stepsTimed: 3, capped: false },
  { backend: 'webgl', stepsPerSecond: 6.1, seedStepsPerSecond: 6.1, tokensPerSecond: 2500, meanStepMs: 164, stepsTimed: 3, capped: false },
];

class FakeRunner implements Runner {
  n = 0;
  start(): number { return ++this.n; }
  pause(): void {}
  resume(): void {}
  reset(): void {}
}

describe('backend in the store and the export', () => {
  beforeEach(() => {
    attachRunner(new FakeRunner());
    useStore.setState({ settings: { ...DEFAULT_SETTINGS }, live: null, ghost: null, pinned: [], notices: [], autoRestart: true, activePreset: null, queue: null });
  });
  afterEach(() => attachRunner(null));

  it('keeps how the backend was chosen after the trainer info arrives, and exports it', () => {
    useStore.getState().start();
    const id = useStore.getState().live!.id;
    const backend = { backend: 'wasm', reason: 'WASM 9.8 steps/s, WebGL 6.1 on this device', how: 'measured' as const, figures, adapter: 'no-webgpu' };
    useStore.getState().receive({ runId: id, records: [], phase: 'loading', stepsDone: 0, activeMs: 0, backend });
    const info = { backend: 'wasm', backendReason: backend.reason, seeds: [1], shards: 1 } as unknown as RunInfo;
    useStore.getState().receive({ runId: id, records: [], phase: 'running', stepsDone: 0, activeMs: 0, info });
    const live = useStore.getState().live!;
    expect(live.backend).toEqual(backend);
    const out = JSON.parse(toJson(live));
    expect(out.backend).toEqual({ ...backend, reproduceWith: 'backend=wasm' });
    expect(out.settings.backend).toBe('auto');
    expect(out.info.backend).toBe('wasm');
  });

  it('without a backend update, the trainer info still names the backend', () => {
    useStore.getState().start();
    const id = useStore.getState().live!.id;
    const info = { backend: 'cpu', backendReason: 'CPU (requested)', seeds: [1], shards: 1 } as unknown as RunInfo;
    useStore.getState().receive({ runId: id, records: [], phase: 'running', stepsDone: 0, activeMs: 0, info });
    expect(useStore.getState().live!.backend).toEqual({ backend: 'cpu', reason: 'CPU (requested)' });
  });
});

describe('saved benchmarks', () => {
  const mem = new Map<string, string>();
  beforeEach(() => {
    mem.clear();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v), removeItem: (k: string) => void mem.delete(k),
    };
  });
  afterEach(() => { delete (globalThis as { localStorage?: unknown }).localStorage; });

  it('saves, reads back, keeps the newest 40 and clears', () => {
    const entry = { at: 1000, figures, pick: 'wasm', reason: 'r' };
    saveBenchEntry('a', entry);
    expect(loadBenchCache()).toEqual({ a: entry });
    for (let i = 0; i < 45; i++) saveBenchEntry(`k${i}`, { ...entry, at: 2000 + i });
    const all = loadBenchCache();
    expect(Object.keys(all)).toHaveLength(40);
    expect(all.a).toBeUndefined();
    expect(all.k44.at).toBe(2044);
    clearBenchCache();
    expect(mem.has(BENCH_CACHE_KEY)).toBe(false);
    mem.set(BENCH_CACHE_KEY, 'not json');
    expect(loadBenchCache()).toEqual({});
  });

  it('without storage (blocked), nothing throws and nothing is cached', () => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
    saveBenchEntry('a', { at: 1, figures, pick: 'wasm', reason: 'r' });
    expect(loadBenchCache()).toEqual({});
  });
});

describe('?bench=1 link', () => {
  it('reads the run settings and the benchmark keys', () => {
    expect(isBenchPage('?bench=1&task=mul')).toBe(true);
    expect(isBenchPage('?task=mul')).toBe(false);
    const r = parseBenchQuery('?bench=1&task=mul&seeds=1&promptsPerStep=4&benchBackends=wasm,WebGL&benchSteps=5');
    expect(r.settings).toMatchObject({ task: 'mul', seeds: 1, promptsPerStep: 4 });
    expect(r.backends).toEqual(['wasm', 'webgl']);
    expect(r.timing).toEqual({ warmupSteps: 2, steps: 5, capMs: 20_000 });
    expect(r.notes).toEqual([]);
  });

  it('bad values fall back with a note', () => {
    const r = parseBenchQuery('?bench=1&benchBackends=metal,<b>&benchSteps=0&seeds=99');
    expect(r.backends).toBeNull();
    expect(r.timing.steps).toBe(10);
    expect(r.settings.seeds).toBe(DEFAULT_SETTINGS.seeds);
    expect(r.notes.join(' | ')).toMatch(/benchBackends: unknown "metal", "<b>" ignored.*benchSteps: must be a whole number/);
    expect(r.notes.some((n) => n.startsWith('seeds'))).toBe(true);
  });
});
