// Saved backend benchmarks (src/engine/backend-bench.ts), in localStorage: the trainer worker
// has no localStorage, so the page hands them over with each start and keeps what the
// worker measured. Keyed by WebGPU adapter and the settings the speed depends on.
import { parseBenchCache, type BenchCache, type CachedBench } from '../engine/backend-bench';

export const BENCH_CACHE_KEY = 'rlvr-backend-bench-v1';
/** Most entries kept; the oldest go first. */
const MAX_ENTRIES = 40;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked (privacy settings): measure every time
  }
}

export function loadBenchCache(): BenchCache {
  return parseBenchCache(storage()?.getItem(BENCH_CACHE_KEY));
}

export function saveBenchEntry(key: string, entry: CachedBench): void {
  const st = storage();
  if (!st) return;
  const all = { ...loadBenchCache(), [key]: entry };
  const kept = Object.entries(all).sort((a, b) => (b[1]?.at ?? 0) - (a[1]?.at ?? 0)).slice(0, MAX_ENTRIES);
  try {
    st.setItem(BENCH_CACHE_KEY, JSON.stringify(Object.fromEntries(kept)));
  } catch {
    /* quota: the figures are only a shortcut */
  }
}

/** Forget every saved benchmark, so the next `auto` run measures again. */
export function clearBenchCache(): void {
  try {
    storage()?.removeItem(BENCH_CACHE_KEY);
  } catch {
    /* ignore */
  }
}
