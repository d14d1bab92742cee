// npm run bench [-- --steps 30 --backends wasm,cpu --seeds 1,4 --models tiny,small --out bench/results.json]
// Per backend available in Node, per model size and per seed count: seed-steps/s (steps x seeds per second),
// steps/s and sampled tokens/s at the default preset,
// evaluation time, peak tensor count and memory. Written to JSON for comparison over time.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_SETTINGS } from '../src/engine/settings';
import { MODEL_SIZES, resolveModel, type ModelSize } from '../src/engine/models';
import { selectBackend } from '../src/engine/backend';
import { nodeTrainer, runToEnd } from './lib/run';
import type { EvalRecord, StepRecord } from '../src/engine/types';
import { runMain } from './lib/main';

runMain(async () => {
  const { values } = parseArgs({ options: {
    steps: { type: 'string', default: '30' },
    backends: { type: 'string', default: 'wasm,cpu' },
    seeds: { type: 'string', default: '1,4' },
    models: { type: 'string', default: 'tiny' },
    out: { type: 'string', default: 'bench/results.json' },
  } });
  const seedCounts = values.seeds!.split(',').map(Number);
  if (seedCounts.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) throw new RangeError('--seeds must list seed counts in [1, 8], e.g. 1,4');
  const models = values.models!.split(',') as ModelSize[];
  if (models.some((m) => !MODEL_SIZES.includes(m))) throw new RangeError(`--models must list sizes among ${MODEL_SIZES.join(', ')}`);
  const results = [];
  for (const name of values.backends!.split(',')) {
    const backend = await selectBackend(name as 'wasm' | 'cpu');
    if (backend.backend !== name) { console.log(`${name}: unavailable (${backend.reason})`); continue; }
    // CPU is ~40x slower: fewer steps and one seed count keep the benchmark short.
    const steps = name === 'cpu' ? Math.max(3, Math.round(Number(values.steps) / 10)) : Number(values.steps);
    for (const model of models) for (const S of name === 'cpu' ? [1] : seedCounts) {
      const settings = { ...DEFAULT_SETTINGS, model, seeds: S, steps: steps + 2, evalEvery: steps + 2 }; // evaluate only at the start and the end
      const ran = resolveModel(settings.task, model, settings.base);
      if (ran.note) { console.log(`${name} ${model}: skipped (${ran.note})`); continue; }
      const trainer = await nodeTrainer(settings, backend);
      const baseTensors = tf.memory().numTensors;
      let peakTensors = baseTensors;
      let peakBytes = tf.memory().numBytes;
      const track = () => { peakTensors = Math.max(peakTensors, tf.memory().numTensors); peakBytes = Math.max(peakBytes, tf.memory().numBytes); };
      const baseEval = (await trainer.next())[0] as EvalRecord; // step-0 evaluation of both splits
      track();
      for (let i = 0; i < 2; i++) { await trainer.next(); track(); } // warm-up
      const stepRecs: StepRecord[] = [];
      const t0 = performance.now();
      await runToEnd(trainer, (recs) => {
        for (const r of recs) if (r.type === 'step') stepRecs.push(r);
        track();
      });
      const secs = (performance.now() - t0) / 1000;
      // The final evaluation is included in secs; time steps by their own clocks (for several
      // seeds, a step's clock runs from asking every seed for the step to having them all).
      const stepSecs = stepRecs.reduce((s, r) => s + r.stepMs, 0) / 1000;
      const tokens = stepRecs.reduce((s, r) => s + r.tokens * S, 0);
      const r = {
        backend: name,
        model,
        parameters: trainer.info.parameters,
        seeds: S,
        workers: trainer.info.shards,
        preset: `default (B=${settings.promptsPerStep}, K=${settings.rolloutsPerPrompt}, ${settings.task}-${settings.digits})`,
        stepsTimed: stepRecs.length,
        stepsPerSecond: stepRecs.length / stepSecs,
        seedStepsPerSecond: (S * stepRecs.length) / stepSecs,
        sampledTokensPerSecond: tokens / stepSecs,
        meanStepMs: (stepSecs * 1000) / stepRecs.length,
        evalMs: baseEval.evalMs,
        evalRollouts: 2 * S * settings.evalProblems * settings.evalSamples,
        // In this thread only: seeds on worker threads keep their tensors there.
        peakNumTensors: peakTensors,
        tensorsAtStart: baseTensors,
        peakTensorBytes: peakBytes,
        rssBytes: process.memoryUsage().rss,
        wallSeconds: secs,
      };
      results.push(r);
      // tiny keeps the line it always had (other tools read it); other sizes name themselves.
      console.log(`${name}${model === 'tiny' ? '' : ` ${model}`} seeds=${S}: ${r.seedStepsPerSecond.toFixed(2)} seed-steps/s, ${r.stepsPerSecond.toFixed(2)} steps/s on ${r.workers} thread${r.workers > 1 ? 's' : ''}, ${Math.round(r.sampledTokensPerSecond)} sampled tokens/s, step ${r.meanStepMs.toFixed(0)} ms, eval ${r.evalMs.toFixed(0)} ms (${r.evalRollouts} rollouts), peak tensors ${peakTensors}, peak tensor memory ${(peakBytes / 1e6).toFixed(1)} MB, RSS ${(r.rssBytes / 1e6).toFixed(0)} MB`);
      trainer.dispose();
    }
  }
  const ratio = (() => {
    const w = results.filter((r) => r.backend === 'wasm' && r.model === 'tiny');
    const one = w.find((r) => r.seeds === 1);
    const most = w.filter((r) => r.seeds > 1).pop();
    return one && most ? { seeds: most.seeds, speedup: most.seedStepsPerSecond / one.seedStepsPerSecond } : null;
  })();
  if (ratio) console.log(`wasm seeds=${ratio.seeds} vs seeds=1: ${ratio.speedup.toFixed(2)}x seed-steps/s on ${os.cpus().length} cores`);
  const report = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, tfjs: tf.version.tfjs, results };
  await mkdir(path.dirname(path.resolve(values.out!)), { recursive: true });
  await writeFile(values.out!, JSON.stringify(report, null, 1));
  console.log(`wrote ${values.out}`);
});
