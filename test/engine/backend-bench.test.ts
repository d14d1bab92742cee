// The measured backend choice: picking, the label, the cache rules (exact, with a fake
// clock), and the benchmark itself on real trainers in Node (wasm and cpu).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import { selectBackend } from '../../src/engine/backend';
import {
  BENCH_CACHE_MAX_AGE_MS, adapterKey, autoCandidates, benchCacheKey, benchEntry, benchSettings, cachedPick, describeFigures, findCached,
  measureBackends, parseBenchCache, pickFastest, timeTrainer, type BackendFigure, type CachedBench,
} from '../../src/engine/backend-bench';
import type { Trainer } from '../../src/engine/trainer';
import type { MetricRecord } from '../../src/engine/types';
import { nodeTrainer } from '../../scripts/lib/run';

const fig = (backend: string, stepsPerSecond: number, extra: Partial<BackendFigure> = {}): BackendFigure => ({
  backend, stepsPerSecond, seedStepsPerSecond: stepsPerSecond, tokensPerSecond: 0, meanStepMs: 1000 / stepsPerSecond, stepsTimed: 3, capped: false, ...extra,
});

/** A trainer whose steps each advance a fake clock by `stepMs` (the first unit, the evaluation, by 1000). */
function fakeTrainer(clock: { t: number }, stepMs: number, steps: number): Trainer {
  let done = 0;
  let evaluated = false;
  return {
    info: {} as Trainer['info'],
    get stepsDone() { return done; },
    get finished() { return done >= steps; },
    get stopReason() { return done >= steps ? 'cap' as const : null; },
    async next(): Promise<MetricRecord[]> {
      if (!evaluated) { evaluated = true; clock.t += 1000; return []; }
      clock.t += stepMs;
      done++;
      return [{ type: 'step', step: done, tokens: 10 } as MetricRecord];
    },
    dispose() {},
  };
}

describe('pick and label', () => {
  it('picks the most steps per second, skipping failures', () => {
    expect(pickFastest([fig('webgpu', 6.1), fig('wasm', 9.8), fig('webgl', 3)])).toBe('wasm');
    expect(pickFastest([fig('webgpu', 60, { error: 'device lost' }), fig('wasm', 9.8)])).toBe('wasm');
    expect(pickFastest([fig('wasm', Number.NaN), fig('cpu', 0.5)])).toBe('cpu');
    expect(pickFastest([fig('wasm', 0, { error: 'x' })])).toBeNull();
    // Ties keep the earlier (preferred) candidate.
    expect(pickFastest([fig('webgpu', 5), fig('wasm', 5)])).toBe('webgpu');
  });

  it('says why, fastest first, in the issue\'s words', () => {
    expect(describeFigures([fig('webgpu', 6.1), fig('wasm', 9.8)])).toBe('WASM 9.8 steps/s, WebGPU 6.1 on this device');
    expect(describeFigures([fig('wasm', 12.34), fig('webgl', 0.456), fig('webgpu', 0, { error: 'lost' })]))
      .toBe('WASM 12 steps/s, WebGL 0.46 on this device (WebGPU failed)');
    expect(describeFigures([fig('wasm', 0, { error: 'no wasm' })])).toMatch(/^no backend completed the benchmark \(WASM: no wasm\)$/);
  });

  it('measures hardware WebGPU, WASM and WebGL; CPU only when nothing else exists', () => {
    expect(autoCandidates({ webgpuHardware: true, wasm: true, webgl: true })).toEqual(['webgpu', 'wasm', 'webgl']);
    expect(autoCandidates({ webgpuHardware: false, wasm: true, webgl: false })).toEqual(['wasm']);
    expect(autoCandidates({ webgpuHardware: false, wasm: false, webgl: false })).toEqual(['cpu']);
  });
});

describe('timing', () => {
  it('times the steps after the evaluation and the warm-up, exactly', async () => {
    const clock = { t: 0 };
    const t = fakeTrainer(clock, 250, 10);
    const r = await timeTrainer(t, 2, { warmupSteps: 1, steps: 3, capMs: 10_000, now: () => clock.t });
    expect(r.stepsTimed).toBe(3);
    expect(r.stepsPerSecond).toBeCloseTo(4, 12);
    expect(r.seedStepsPerSecond).toBeCloseTo(8, 12);
    expect(r.meanStepMs).toBeCloseTo(250, 12);
    // 10 tokens per seed per step, 2 seeds, 3 steps in 0.75 s.
    expect(r.tokensPerSecond).toBeCloseTo(80, 12);
    expect(r.capped).toBe(false);
    expect(t.stepsDone).toBe(4);
  });

  it('a slow backend is cut off by the time cap after one timed step', async () => {
    const clock = { t: 0 };
    const r = await timeTrainer(fakeTrainer(clock, 5000, 10), 1, { steps: 5, capMs: 3000, now: () => clock.t });
    expect(r.stepsTimed).toBe(1);
    expect(r.capped).toBe(true);
    expect(r.stepsPerSecond).toBeCloseTo(0.2, 12);
  });

  it('warm-up stops after the time cap too (after at least one step), so a slow backend is not warmed up for minutes', async () => {
    const clock = { t: 0 };
    const t = fakeTrainer(clock, 5000, 40);
    const r = await timeTrainer(t, 1, { warmupSteps: 20, steps: 5, capMs: 8000, now: () => clock.t });
    // Two warm-up steps reach 10 s >= 8 s; then timed steps until 8 s of them.
    expect(t.stepsDone).toBe(2 + 2);
    expect(r.stepsTimed).toBe(2);
    const fast = fakeTrainer(clock, 10, 40);
    await timeTrainer(fast, 1, { warmupSteps: 20, steps: 5, capMs: 8000, now: () => clock.t });
    expect(fast.stepsDone).toBe(25);
  });

  it('benchmark settings keep the model, task, B, K and seeds but run few steps and the smallest evaluation', () => {
    const s: Settings = { ...DEFAULT_SETTINGS, promptsPerStep: 7, rolloutsPerPrompt: 5, seeds: 2, task: 'mul' };
    const b = benchSettings(s, { warmupSteps: 1, steps: 3 });
    expect(b).toMatchObject({ promptsPerStep: 7, rolloutsPerPrompt: 5, seeds: 2, task: 'mul', steps: 5, evalProblems: 8, evalSamples: 1 });
    expect(b.evalEvery).toBeGreaterThan(b.steps);
  });

  it('measureBackends: failures are recorded, never picked, and every trainer is disposed', async () => {
    const clock = { t: 0 };
    const disposed: string[] = [];
    const speed: Record<string, number> = { webgpu: 400, wasm: 100, webgl: 300 };
    const r = await measureBackends(['webgpu', 'wasm', 'webgl', 'cpu'], DEFAULT_SETTINGS, {
      activate: async (b) => b !== 'cpu',
      makeTrainer: async (_s, b) => {
        if (b === 'webgl') throw new Error('context lost');
        const t = fakeTrainer(clock, speed[b], 10);
        return { ...t, get stepsDone() { return t.stepsDone; }, get finished() { return t.finished; }, next: () => t.next(), dispose: () => disposed.push(b) };
      },
      noteFor: (b) => (b === 'webgpu' ? 'software adapter' : undefined),
    }, { now: () => clock.t });
    expect(r.pick).toBe('wasm');
    expect(r.figures.map((f) => [f.backend, f.error ?? null])).toEqual([['webgpu', null], ['wasm', null], ['webgl', 'context lost'], ['cpu', 'cpu failed to initialise']]);
    expect(r.figures[0].note).toBe('software adapter');
    expect(r.figures[1].stepsPerSecond).toBeCloseTo(10, 12);
    expect(disposed).toEqual(['webgpu', 'wasm']);
    expect(r.reason).toBe('WASM 10 steps/s, WebGPU 2.5 on this device (WebGL failed, CPU failed)');
  });
});

describe('cache', () => {
  const entry: CachedBench = { at: 1_000_000, figures: [fig('wasm', 9.8)], pick: 'wasm', reason: 'WASM 9.8 steps/s on this device' };

  it('keys on the adapter and on every setting the speed depends on', () => {
    const a = benchCacheKey('no-webgpu', DEFAULT_SETTINGS);
    expect(a).toBe(`no-webgpu|model=tiny;task=add-${DEFAULT_SETTINGS.digits};B=16;K=8;seeds=${DEFAULT_SETTINGS.seeds};alg=grpo`);
    expect(benchCacheKey('no-webgpu', { ...DEFAULT_SETTINGS, lr: 0.001 })).toBe(a); // the learning rate does not change the speed
    for (const change of [{ promptsPerStep: 4 }, { rolloutsPerPrompt: 4 }, { seeds: 1 }, { task: 'mul' as const }, { model: 'small' }]) {
      expect(benchCacheKey('no-webgpu', { ...DEFAULT_SETTINGS, ...change } as Settings)).not.toBe(a);
    }
    expect(adapterKey({ vendor: 'nvidia', architecture: 'ampere', description: 'RTX 3060' })).toBe('nvidia/ampere/RTX 3060');
    expect(adapterKey(null)).toBe('no-webgpu');
    expect(adapterKey({})).toBe('webgpu-unknown');
  });

  it('a fresh entry for a backend still on offer is used; stale, future, malformed or unavailable ones are not', () => {
    const k = 'no-webgpu|x';
    expect(cachedPick({ [k]: entry }, k, ['wasm', 'webgl'], entry.at + 1000)).toEqual(entry);
    expect(cachedPick({ [k]: entry }, 'other', ['wasm'], entry.at)).toBeNull();
    expect(cachedPick({ [k]: entry }, k, ['webgl'], entry.at)).toBeNull();
    expect(cachedPick({ [k]: entry }, k, ['wasm'], entry.at + BENCH_CACHE_MAX_AGE_MS + 1)).toBeNull();
    expect(cachedPick({ [k]: { ...entry, at: entry.at + 3_600_000 } }, k, ['wasm'], entry.at)).toBeNull();
    expect(cachedPick({ [k]: { ...entry, figures: 'x' } }, k, ['wasm'], entry.at)).toBeNull();
    expect(cachedPick({ [k]: 5 }, k, ['wasm'], entry.at)).toBeNull();
    expect(cachedPick(null, k, ['wasm'], entry.at)).toBeNull();
  });

  it('settings without their own figures reuse the nearest measurement of the same adapter and model within 4x the work per step', () => {
    const s16 = { ...DEFAULT_SETTINGS, promptsPerStep: 16, rolloutsPerPrompt: 8, seeds: 3 }; // 384 rollouts per step
    const m = benchEntry('no-webgpu', s16, 1000, { figures: [fig('wasm', 1)], pick: 'wasm', reason: 'r' });
    expect(m).toMatchObject({ adapter: 'no-webgpu', model: 'tiny', work: 384, shape: 'B=16, K=8, 3 seeds' });
    const cache = { [benchCacheKey('no-webgpu', s16)]: m };
    expect(findCached(cache, 'no-webgpu', s16, ['wasm'], 2000)).toEqual({ entry: m, exact: true });
    // A learning-rate change is the same key; one seed instead of three is nearby (3x less work).
    expect(findCached(cache, 'no-webgpu', { ...s16, lr: 0.001 }, ['wasm'], 2000)?.exact).toBe(true);
    expect(findCached(cache, 'no-webgpu', { ...s16, seeds: 1 }, ['wasm'], 2000)).toEqual({ entry: m, exact: false });
    expect(findCached(cache, 'no-webgpu', { ...s16, promptsPerStep: 4 }, ['wasm'], 2000)?.exact).toBe(false); // exactly 4x less
    // Too far, another adapter or model, or a backend no longer offered: measure.
    expect(findCached(cache, 'no-webgpu', { ...s16, promptsPerStep: 4, seeds: 1 }, ['wasm'], 2000)).toBeNull();
    expect(findCached(cache, 'nvidia/ampere', { ...s16, seeds: 1 }, ['wasm'], 2000)).toBeNull();
    expect(findCached(cache, 'no-webgpu', { ...s16, seeds: 1, model: 'small' } as Settings, ['wasm'], 2000)).toBeNull();
    expect(findCached(cache, 'no-webgpu', { ...s16, seeds: 1 }, ['webgl'], 2000)).toBeNull();
    // The nearest wins.
    const s8 = { ...s16, promptsPerStep: 8 };
    const m8 = benchEntry('no-webgpu', s8, 1500, { figures: [fig('webgl', 1)], pick: 'webgl', reason: 'r8' });
    const both = { ...cache, [benchCacheKey('no-webgpu', s8)]: m8 };
    expect(findCached(both, 'no-webgpu', { ...s16, promptsPerStep: 6 }, ['wasm', 'webgl'], 2000)?.entry).toEqual(m8);
    expect(findCached(both, 'no-webgpu', { ...s16, promptsPerStep: 14 }, ['wasm', 'webgl'], 2000)?.entry).toEqual(m);
  });

  it('unreadable stored text is an empty cache', () => {
    expect(parseBenchCache(null)).toEqual({});
    expect(parseBenchCache('{bad')).toEqual({});
    expect(parseBenchCache('[1,2]')).toEqual({});
    expect(parseBenchCache(JSON.stringify({ a: entry }))).toEqual({ a: entry });
  });
});

describe('real benchmark in Node', () => {
  it('times real GRPO steps on wasm and cpu, picks the faster, and leaks no tensors', async () => {
    const s: Settings = { ...DEFAULT_SETTINGS, seeds: 1, promptsPerStep: 2, rolloutsPerPrompt: 2 };
    const before = { wasm: 0, cpu: 0 } as Record<string, number>;
    const r = await measureBackends(['wasm', 'cpu'], s, {
      activate: async (b) => (await selectBackend(b as 'wasm' | 'cpu')).backend === b,
      makeTrainer: async (bs, b) => { before[b] = tf.memory().numTensors; return nodeTrainer(bs, { backend: b, reason: 'bench' }, { workers: 1 }); },
    }, { warmupSteps: 1, steps: 3, capMs: 20_000 });
    for (const f of r.figures) {
      expect(f.error).toBeUndefined();
      expect(f.stepsTimed).toBe(3);
      expect(f.stepsPerSecond).toBeGreaterThan(0);
      expect(f.tokensPerSecond).toBeGreaterThan(0);
    }
    // The pick is the faster of the two as measured. Which one that is is not asserted: at B=2,
    // K=2 WASM leads CPU by only 2-3x (23 against 7-12 steps/s alone), and with other test files
    // loading the two cores a 4-step timing flipped it once in CI.
    expect(r.pick).toBe(pickFastest(r.figures));
    expect(r.pick).not.toBeNull();
    // On the cpu backend (active last) the disposed benchmark trainer left nothing behind.
    expect(tf.memory().numTensors).toBe(before.cpu);
  }, 120_000);
});
