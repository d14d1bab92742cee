// npm run bench [-- --steps 30 --warmup 10 --backends wasm,cpu --seeds 1,4 --models tiny,small --task add --out bench/results.json --torch --kernels]
// Per backend available in Node, per model size and per seed count: seed-steps/s (steps x seeds per second),
// steps/s and sampled tokens/s at the default preset,
// evaluation time, peak tensor count and memory, and (in this thread) the tfjs kernel calls of
// one GRPO step. With --torch (default when python3 can import torch) it also runs the PyTorch
// CPU reference of the same step (../shared/reference/torch_grpo_step.py) and prints the
// engine/PyTorch ratio. --kernels lists the step's kernels by calls. Written to JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_SETTINGS, TASKS, type TaskName } from '../src/engine/settings';
import { MODEL_SIZES, resolveModel, type ModelSize } from '../src/engine/models';
import { selectBackend } from '../src/engine/backend';
import { nodeTrainer } from './lib/run';
import type { EvalRecord, StepRecord } from '../src/engine/types';
import { runMain } from './lib/main';
import { countKernels, type KernelCount } from './lib/kernels';
import { runTorchReference, torchPython, type TorchResult } from './lib/torch-ref';

const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

runMain(async () => {
  const { values } = parseArgs({ options: {
    steps: { type: 'string', default: '30' },
    // Untimed steps before the timing: V8 needs ~10 steps to optimise the engine's JavaScript
    // (the first run slower by half), as in the browser; a run of 200 steps spends its time past it.
    warmup: { type: 'string', default: '10' },
    backends: { type: 'string', default: 'wasm,cpu' },
    seeds: { type: 'string', default: '1,4' },
    models: { type: 'string', default: 'tiny' },
    out: { type: 'string', default: 'bench/results.json' },
    torch: { type: 'boolean' },
    'no-torch': { type: 'boolean', default: false },
    'torch-threads': { type: 'string', default: '1' },
    kernels: { type: 'boolean', default: false },
    task: { type: 'string', default: DEFAULT_SETTINGS.task },
  } });
  const task = values.task as TaskName;
  if (!TASKS.includes(task)) throw new RangeError(`--task must be one of ${TASKS.join(', ')}`);
  const python = values['no-torch'] ? null : torchPython();
  const wantTorch = !values['no-torch'] && (values.torch ?? python !== null);
  if (values.torch && !python) throw new RangeError('--torch: python3 cannot import torch (Debian: apt-get install -y python3-torch)');
  const warmup = Number(values.warmup);
  if (!Number.isInteger(warmup) || warmup < 0 || warmup > 200) throw new RangeError('--warmup must be a whole number of steps in [0, 200]');
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
    const warm = name === 'cpu' ? Math.min(warmup, 2) : warmup;
    for (const model of models) for (const S of name === 'cpu' ? [1] : seedCounts) {
      // Warm-up steps, 1 profiled step (single-threaded runs), then the timed ones; the run's
      // last step, untimed, evaluates again (the warmed-up evaluation).
      const settings = { ...DEFAULT_SETTINGS, task, model, seeds: S, steps: steps + warm + 2, evalEvery: steps + warm + 2 }; // evaluate at the start and after the last step
      const ran = resolveModel(settings.task, model, settings.base);
      if (ran.note) { console.log(`${name} ${model}: skipped (${ran.note})`); continue; }
      const trainer = await nodeTrainer(settings, backend);
      const baseTensors = tf.memory().numTensors;
      let peakTensors = baseTensors;
      let peakBytes = tf.memory().numBytes;
      const track = () => { peakTensors = Math.max(peakTensors, tf.memory().numTensors); peakBytes = Math.max(peakBytes, tf.memory().numBytes); };
      const baseEval = (await trainer.next())[0] as EvalRecord; // step-0 evaluation of both splits
      track();
      for (let i = 0; i < warm; i++) { await trainer.next(); track(); } // warm-up
      // Kernel calls of one GRPO step (not timed: the profiler adds its own overhead). Seeds on
      // worker threads dispatch there, out of this thread's profiler's sight.
      let kernels: KernelCount | null = null;
      if (trainer.info.shards === 1) kernels = (await countKernels(() => trainer.next())).count;
      else await trainer.next();
      track();
      const kernelsPerSeedStep = kernels ? kernels.calls / S : null;
      const stepRecs: StepRecord[] = [];
      const t0 = performance.now();
      // CPU time as well as wall time: on a shared machine wall time mostly measures the others.
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < steps; i++) {
        for (const r of await trainer.next()) if (r.type === 'step') stepRecs.push(r);
        track();
      }
      const cpu = process.cpuUsage(cpu0);
      const cpuSecs = (cpu.user + cpu.system) / 1e6;
      const secs = (performance.now() - t0) / 1000;
      // The run's last step, untimed, ends with an evaluation of the trained policy: the
      // warmed-up evaluation cost (step 0's includes the first compilation of every shape).
      const finalEval = (await trainer.next()).find((r): r is EvalRecord => r.type === 'eval');
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
        warmEvalMs: finalEval?.evalMs ?? null,
        evalRollouts: 2 * S * settings.evalProblems * settings.evalSamples,
        // In this thread only: seeds on worker threads keep their tensors there.
        peakNumTensors: peakTensors,
        tensorsAtStart: baseTensors,
        peakTensorBytes: peakBytes,
        rssBytes: process.memoryUsage().rss,
        wallSeconds: secs,
        cpuSeconds: cpuSecs,
        /** Seed-steps per second of this process's CPU time (all its threads); = steps for one seed. */
        seedStepsPerCpuSecond: (S * stepRecs.length) / cpuSecs,
        kernelCallsPerStep: kernelsPerSeedStep,
        kernelMsPerStep: kernels ? kernels.kernelMs / S : null,
        kernelsByName: kernels?.byKernel ?? null,
      };
      results.push(r);
      // tiny keeps the line it always had (other tools read it); other sizes name themselves.
      console.log(`${name}${model === 'tiny' ? '' : ` ${model}`} seeds=${S}: ${r.seedStepsPerSecond.toFixed(2)} seed-steps/s, ${r.stepsPerSecond.toFixed(2)} steps/s on ${r.workers} thread${r.workers > 1 ? 's' : ''}, ${Math.round(r.sampledTokensPerSecond)} sampled tokens/s, step ${r.meanStepMs.toFixed(0)} ms, eval ${r.evalMs.toFixed(0)} ms (${r.evalRollouts} rollouts), peak tensors ${peakTensors}, peak tensor memory ${(peakBytes / 1e6).toFixed(1)} MB, RSS ${(r.rssBytes / 1e6).toFixed(0)} MB${kernelsPerSeedStep !== null ? `, ${Math.round(kernelsPerSeedStep)} kernel calls/step` : ''}, ${r.seedStepsPerCpuSecond.toFixed(2)} seed-steps per CPU-second`);
      if (values.kernels && kernels) {
        for (const k of kernels.byKernel) console.log(`  ${k.name.padEnd(22)} ${String(k.calls).padStart(5)} calls ${k.ms.toFixed(1).padStart(7)} ms`);
        console.log(`  ${'total'.padEnd(22)} ${String(kernels.calls).padStart(5)} calls ${kernels.kernelMs.toFixed(1).padStart(7)} ms (profiled step, ${S} seed${S > 1 ? 's' : ''})`);
      }
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
  // Evaluation against training, per rollout, for one seed of WASM (the first model listed):
  // the warmed-up evaluation of both splits (the run's final one) against the timed steps' mean.
  const evalTrain = (() => {
    const one = results.find((r) => r.backend === 'wasm' && r.seeds === 1);
    if (!one || one.warmEvalMs === null) return null;
    const evalMs = one.warmEvalMs / one.evalRollouts;
    const firstMs = one.evalMs / one.evalRollouts;
    const trainMs = one.meanStepMs / (DEFAULT_SETTINGS.promptsPerStep * DEFAULT_SETTINGS.rolloutsPerPrompt);
    return { ratio: evalMs / trainMs, evalMs, trainMs, first: { ratio: firstMs / trainMs, evalMs: firstMs } };
  })();
  if (evalTrain) {
    console.log(`eval/train per rollout: ${evalTrain.ratio.toFixed(2)} (eval ${evalTrain.evalMs.toFixed(3)} ms, train ${evalTrain.trainMs.toFixed(3)} ms per rollout)`);
    console.log(`  eval: the run's final evaluation (warmed up); step 0's, which includes the first compilation of every shape: ${evalTrain.first.ratio.toFixed(2)} (${evalTrain.first.evalMs.toFixed(3)} ms per rollout)`);
  }
  let torch: TorchResult | null = null;
  let torchCpu: TorchResult | null = null;
  if (wantTorch) {
    const threads = Number(values['torch-threads']);
    try {
      const opts = { steps: Number(values.steps), threads, python: python!, strength: DEFAULT_SETTINGS.base };
      torch = await runTorchReference(REPO_ROOT, opts);
      console.log(torch.line);
      torchCpu = await runTorchReference(REPO_ROOT, { ...opts, cpuTime: true });
      console.log(`torch-cpu: ${torchCpu.stepsPerSecond.toFixed(2)} steps per CPU-second`);
      const one = results.find((r) => r.backend === 'wasm' && r.seeds === 1);
      if (one) {
        const t = `${threads} thread${threads > 1 ? 's' : ''}`;
        console.log(`wasm seeds=1 vs torch-cpu (${t}): ${(one.stepsPerSecond / torch.stepsPerSecond).toFixed(2)}x steps/s (wall), ${(one.seedStepsPerCpuSecond / torchCpu.stepsPerSecond).toFixed(2)}x steps per CPU-second`);
      }
    } catch (e) {
      console.log(`torch-cpu: skipped (${(e as Error).message})`);
    }
  }
  const report = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() }, tfjs: tf.version.tfjs, results, evalTrain, torch, torchCpu };
  await mkdir(path.dirname(path.resolve(values.out!)), { recursive: true });
  await writeFile(values.out!, JSON.stringify(report, null, 1));
  console.log(`wrote ${values.out}`);
});
