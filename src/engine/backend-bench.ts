// Measured backend choice: time a few real GRPO steps of the run's own settings on each
// usable backend and pick the fastest. Which backend wins depends on the device and the
// model size (a small model is faster on WASM than on many GPUs), so `auto` measures
// instead of guessing. Everything here is pure: the caller says how to switch backends and
// how to build a trainer, so Node tests drive it with real trainers on wasm and cpu.
import type { Settings } from './settings';
import type { MetricRecord, StepRecord } from './types';
import type { Trainer } from './trainer';

/** One backend's figures from a short benchmark. */
export interface BackendFigure {
  backend: string;
  /** GRPO steps per second (every seed of the run advances one step per step). */
  stepsPerSecond: number;
  /** stepsPerSecond x seeds. */
  seedStepsPerSecond: number;
  /** Sampled completion tokens per second, over all seeds. */
  tokensPerSecond: number;
  /** Mean wall time of one timed step, ms. */
  meanStepMs: number;
  stepsTimed: number;
  /** The time cap stopped the timing before all requested steps ran. */
  capped: boolean;
  /** Present when the backend could not be used (it is then never picked). */
  error?: string;
  /** A software adapter (SwiftShader) or similar, named so nobody mistakes it for a GPU figure. */
  note?: string;
}

export interface BackendBenchResult {
  figures: BackendFigure[];
  /** The fastest backend that worked, or null if none did. */
  pick: string | null;
  /** Human label, e.g. "WASM 9.8 steps/s, WebGPU 6.1 on this device". */
  reason: string;
}

export interface BenchTiming {
  /** Untimed steps first (shader compilation, allocation, V8's optimisation); they stop early, after at least one, once they have taken capMs. Default 1. */
  warmupSteps?: number;
  /** Timed steps at most. Default 3. */
  steps?: number;
  /** Stop timing once this many ms of timed steps have passed (at least one timed step always runs). Default 3000. */
  capMs?: number;
  now?: () => number;
}

const defaultNow = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * The settings a benchmark trainer runs: the run's model, task, B, K and seeds, but only as
 * many steps as are timed, and the smallest evaluation the schema allows (the trainer's
 * first unit is a base-model evaluation, which is not timed but should not take long).
 */
export function benchSettings(s: Settings, timing: BenchTiming = {}): Settings {
  const steps = (timing.warmupSteps ?? 1) + (timing.steps ?? 3);
  // One more step than are run, so the final evaluation never happens inside the timing.
  return { ...s, steps: steps + 1, evalEvery: 500, evalProblems: 8, evalSamples: 1 };
}

const isStep = (r: MetricRecord): r is StepRecord => r.type === 'step';

/** Time warm-up then timed GRPO steps of one trainer (already built on the active backend). */
export async function timeTrainer(trainer: Trainer, seeds: number, timing: BenchTiming = {}): Promise<Omit<BackendFigure, 'backend'>> {
  const now = timing.now ?? defaultNow;
  const warmup = timing.warmupSteps ?? 1;
  const want = timing.steps ?? 3;
  const capMs = timing.capMs ?? 3000;
  // First unit: the base-model evaluation.
  if (!trainer.stepsDone) await trainer.next();
  // A slow backend (a software WebGPU adapter: ~17 s a step) is not warmed up for minutes: past
  // capMs it has had what warm-up it needs, and its timed steps are cut off by capMs too.
  const w0 = now();
  for (let i = 0; i < warmup && !trainer.finished; i++) {
    await trainer.next();
    if (now() - w0 >= capMs) break;
  }
  let ms = 0;
  let tokens = 0;
  let timed = 0;
  while (timed < want && !trainer.finished) {
    const t0 = now();
    const recs = await trainer.next();
    ms += now() - t0;
    timed++;
    // A step record's tokens is the mean over the run's seeds (per seed, on a multi-seed record).
    for (const r of recs) if (isStep(r)) tokens += r.tokens * seeds;
    if (ms >= capMs) break;
  }
  if (!timed || ms <= 0) throw new Error('benchmark timed no steps');
  const sps = (timed * 1000) / ms;
  return {
    stepsPerSecond: sps,
    seedStepsPerSecond: sps * seeds,
    tokensPerSecond: (tokens * 1000) / ms,
    meanStepMs: ms / timed,
    stepsTimed: timed,
    capped: timed < want,
  };
}

export interface MeasureHooks {
  /** Make `backend` the active one; false (or a throw) = unusable here. */
  activate(backend: string): Promise<boolean>;
  /** A trainer for the benchmark settings on the active backend. */
  makeTrainer(settings: Settings, backend: string): Promise<Trainer>;
  /** A note shown with the figure (e.g. "software adapter"). */
  noteFor?(backend: string): string | undefined;
  /** Called after each backend, so a page can show figures as they come. */
  onFigure?(figure: BackendFigure): void;
}

/** Run the benchmark on each candidate in turn and pick the fastest. */
export async function measureBackends(candidates: readonly string[], settings: Settings, hooks: MeasureHooks, timing: BenchTiming = {}): Promise<BackendBenchResult> {
  const figures: BackendFigure[] = [];
  const bs = benchSettings(settings, timing);
  for (const backend of candidates) {
    const note = hooks.noteFor?.(backend);
    let fig: BackendFigure;
    let trainer: Trainer | null = null;
    try {
      if (!(await hooks.activate(backend))) throw new Error(`${backend} failed to initialise`);
      trainer = await hooks.makeTrainer(bs, backend);
      fig = { backend, ...(await timeTrainer(trainer, settings.seeds, timing)) };
    } catch (e) {
      fig = { backend, stepsPerSecond: 0, seedStepsPerSecond: 0, tokensPerSecond: 0, meanStepMs: 0, stepsTimed: 0, capped: false, error: ((e as Error)?.message ?? String(e)).slice(0, 200) };
    } finally {
      try { trainer?.dispose(); } catch { /* a failed backend may have lost its device */ }
    }
    if (note) fig.note = note;
    figures.push(fig);
    hooks.onFigure?.(fig);
  }
  const pick = pickFastest(figures);
  return { figures, pick, reason: describeFigures(figures) };
}

/** The working backend with the most steps per second; ties go to the earlier candidate. */
export function pickFastest(figures: readonly BackendFigure[]): string | null {
  let best: BackendFigure | null = null;
  for (const f of figures) {
    if (f.error || !(f.stepsPerSecond > 0) || !Number.isFinite(f.stepsPerSecond)) continue;
    if (!best || f.stepsPerSecond > best.stepsPerSecond) best = f;
  }
  return best?.backend ?? null;
}

const DISPLAY: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };
export const backendName = (b: string): string => DISPLAY[b] ?? b.toUpperCase();

/** Steps/s with 2 significant-ish digits: 9.8, 12, 0.42. */
export function formatRate(x: number): string {
  if (!Number.isFinite(x)) return '?';
  if (x >= 10) return x.toFixed(0);
  if (x >= 1) return x.toFixed(1);
  return x.toPrecision(2);
}

/** "WASM 9.8 steps/s, WebGPU 6.1 on this device" (fastest first; failures named last). */
export function describeFigures(figures: readonly BackendFigure[]): string {
  const ok = figures.filter((f) => !f.error && f.stepsPerSecond > 0).sort((a, b) => b.stepsPerSecond - a.stepsPerSecond);
  const failed = figures.filter((f) => f.error || !(f.stepsPerSecond > 0));
  if (!ok.length) return `no backend completed the benchmark (${failed.map((f) => `${backendName(f.backend)}: ${f.error ?? 'no steps'}`).join('; ')})`;
  const parts = ok.map((f, i) => `${backendName(f.backend)} ${formatRate(f.stepsPerSecond)}${i === 0 ? ' steps/s' : ''}`);
  let text = `${parts.join(', ')} on this device`;
  if (failed.length) text += ` (${failed.map((f) => `${backendName(f.backend)} failed`).join(', ')})`;
  return text;
}

/** What the benchmark of a run depends on, besides the device: the cache key's settings part. */
export function benchSettingsKey(s: Settings): string {
  // `model` is added by another change; until then every run is the tiny model.
  const model = (s as Settings & { model?: string }).model ?? 'tiny';
  return `model=${model};task=${s.task}-${s.digits};B=${s.promptsPerStep};K=${s.rolloutsPerPrompt};seeds=${s.seeds};alg=${s.algorithm}`;
}

/** The adapter part of the cache key: a hardware WebGPU adapter's identity, or 'no-webgpu'. */
export function adapterKey(info: { vendor?: string; architecture?: string; description?: string; device?: string } | null): string {
  if (!info) return 'no-webgpu';
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((x) => typeof x === 'string' && x.length);
  return parts.length ? parts.join('/') : 'webgpu-unknown';
}

export interface CachedBench {
  /** When measured (ms since epoch). */
  at: number;
  figures: BackendFigure[];
  pick: string;
  reason: string;
  /** What was measured, so a run with nearby settings can reuse the pick (see findCached). */
  adapter?: string;
  model?: string;
  /** Rollouts per step over all seeds (B x K x seeds), the work a step does. */
  work?: number;
  /** "B=16, K=8, 3 seeds", for the label of a reused entry. */
  shape?: string;
}

/** Saved benchmarks, keyed by `${adapterKey}|${benchSettingsKey}`. */
export type BenchCache = Record<string, CachedBench>;

export const benchCacheKey = (adapter: string, s: Settings): string => `${adapter}|${benchSettingsKey(s)}`;

const modelOf = (s: Settings): string => (s as Settings & { model?: string }).model ?? 'tiny';
const workOf = (s: Settings): number => s.promptsPerStep * s.rolloutsPerPrompt * s.seeds;

/** A cache entry for a measurement of `s` on `adapter`. */
export function benchEntry(adapter: string, s: Settings, at: number, r: { figures: BackendFigure[]; pick: string; reason: string }): CachedBench {
  return { at, figures: r.figures, pick: r.pick, reason: r.reason, adapter, model: modelOf(s), work: workOf(s), shape: `B=${s.promptsPerStep}, K=${s.rolloutsPerPrompt}, ${s.seeds} seed${s.seeds > 1 ? 's' : ''}` };
}

/** Figures older than this are measured again (browsers and drivers update). */
export const BENCH_CACHE_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/**
 * A saved pick is reused for settings whose work per step (B x K x seeds) is within this
 * factor of the measured one, on the same adapter and model: which backend wins moves with the
 * model size and the batch, not with the learning rate or the verifier, and measuring anew at
 * every slider move would stall each restart (WebGL's shader compilation alone takes ~13 s on
 * a software renderer).
 */
export const NEARBY_WORK_FACTOR = 4;

function usable(e: Partial<CachedBench> | undefined, candidates: readonly string[], nowMs: number): e is CachedBench {
  if (!e || typeof e !== 'object') return false;
  if (typeof e.pick !== 'string' || !candidates.includes(e.pick)) return false;
  if (typeof e.at !== 'number' || !(nowMs - e.at < BENCH_CACHE_MAX_AGE_MS) || e.at > nowMs + 60_000) return false;
  return Array.isArray(e.figures) && typeof e.reason === 'string';
}

/** A usable cache entry for this key, or null (missing, stale, malformed, or picks a backend not offered now). */
export function cachedPick(cache: unknown, key: string, candidates: readonly string[], nowMs: number): CachedBench | null {
  if (!cache || typeof cache !== 'object') return null;
  const e = (cache as Record<string, unknown>)[key] as Partial<CachedBench> | undefined;
  return usable(e, candidates, nowMs) ? e : null;
}

/**
 * The saved measurement for these settings on this adapter, or else the nearest one of the
 * same adapter and model whose work per step is within NEARBY_WORK_FACTOR (exact = false).
 */
export function findCached(cache: unknown, adapter: string, s: Settings, candidates: readonly string[], nowMs: number): { entry: CachedBench; exact: boolean } | null {
  const exact = cachedPick(cache, benchCacheKey(adapter, s), candidates, nowMs);
  if (exact) return { entry: exact, exact: true };
  if (!cache || typeof cache !== 'object') return null;
  const model = modelOf(s);
  const work = workOf(s);
  let best: { entry: CachedBench; dist: number } | null = null;
  for (const e of Object.values(cache as Record<string, Partial<CachedBench>>)) {
    if (!usable(e, candidates, nowMs) || e.adapter !== adapter || e.model !== model || typeof e.work !== 'number' || !(e.work > 0)) continue;
    const dist = Math.abs(Math.log(e.work / work));
    if (dist > Math.log(NEARBY_WORK_FACTOR) + 1e-12) continue;
    if (!best || dist < best.dist || (dist === best.dist && e.at > best.entry.at)) best = { entry: e, dist };
  }
  return best ? { entry: best.entry, exact: false } : null;
}

/** Parse a stored cache (localStorage text); anything unreadable is an empty cache. */
export function parseBenchCache(text: string | null | undefined): BenchCache {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as BenchCache) : {};
  } catch {
    return {};
  }
}

/**
 * Backends `auto` measures, in order of preference for ties: a hardware WebGPU adapter,
 * WASM, WebGL; CPU only when none of them exists (it is ~10-40x slower than WASM).
 */
export function autoCandidates(available: { webgpuHardware: boolean; wasm: boolean; webgl: boolean }): string[] {
  const out: string[] = [];
  if (available.webgpuHardware) out.push('webgpu');
  if (available.wasm) out.push('wasm');
  if (available.webgl) out.push('webgl');
  if (!out.length) out.push('cpu');
  return out;
}
