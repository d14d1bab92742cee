// The benchmark's helpers: kernel counting from a tfjs profile, and the PyTorch reference's
// location, output parsing and CPU-time wrapper.
import { existsSync, lstatSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { countKernels, summariseKernels } from '../../scripts/lib/kernels';
import { parseTorchLine, referenceRoot, torchReferencePath } from '../../scripts/lib/torch-ref';
import { ratioLine } from '../../scripts/lib/node-vs-browser';
import { workerCpuMs } from '../../scripts/lib/worker-cpu';

describe('kernel counting', () => {
  it('counts registered kernels only, by name, most calls first', () => {
    const isKernel = (n: string) => n !== 'myCustomOp';
    const s = summariseKernels([
      { name: 'Add', kernelTimeMs: 1 }, { name: 'myCustomOp', kernelTimeMs: 5 }, { name: 'MatMul', kernelTimeMs: 2 },
      { name: 'Add', kernelTimeMs: 0.5 }, { name: 'Exp', kernelTimeMs: { error: 'no timer' } },
    ], isKernel);
    expect(s.calls).toBe(4);
    expect(s.kernelMs).toBeCloseTo(3.5, 9);
    expect(s.byKernel.map((k) => [k.name, k.calls])).toEqual([['Add', 2], ['MatMul', 1], ['Exp', 1]]);
  });

  it('counts what tfjs really dispatches on the current backend (a customGrad wrapper once, through its kernels)', async () => {
    await tf.setBackend('cpu');
    const x = tf.tensor1d([1, 2, 3]);
    const twice = tf.customGrad(((a: tf.Tensor) => ({ value: a.add(a), gradFunc: (dy: tf.Tensor) => dy.mul(2) })) as never) as unknown as (a: tf.Tensor) => tf.Tensor;
    const { result, count } = await countKernels(async () => tf.tidy(() => twice(x).exp().sum()).data());
    expect(Array.from(result)[0]).toBeCloseTo(Math.exp(2) + Math.exp(4) + Math.exp(6), 2);
    expect(Object.fromEntries(count.byKernel.map((k) => [k.name, k.calls]))).toEqual({ Add: 1, Exp: 1, Sum: 1 });
    x.dispose();
  });
});

describe('PyTorch reference', () => {
  it('lives in ../shared/reference beside the repository', () => {
    expect(torchReferencePath('/a/repo')).toBe('/a/shared/reference/torch_grpo_step.py');
  });

  it('parses the summary line, and nothing else', () => {
    const out = 'loading\ntorch-cpu: 8.28 steps/s, 3696 sampled tokens/s, step 121 ms (27154 params, B=16 K=8, threads 1, torch 1.13.0a0)\n';
    expect(parseTorchLine(out)).toEqual({ stepsPerSecond: 8.28, sampledTokensPerSecond: 3696, line: out.split('\n')[1] });
    expect(parseTorchLine('Traceback (most recent call last):\n')).toBeNull();
  });

  it('presents the chosen base strength where the reference looks (public/models/add)', () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'bench-lib-'));
    mkdirSync(path.join(repo, 'public', 'models', 'add', 'mid'), { recursive: true });
    mkdirSync(path.join(repo, 'public', 'datasets'), { recursive: true });
    writeFileSync(path.join(repo, 'public', 'models', 'add', 'mid', 'model.json'), '{}');
    const root = referenceRoot(repo, 'mid');
    expect(root).not.toBe(repo);
    expect(existsSync(path.join(root, 'public', 'models', 'add', 'model.json'))).toBe(true);
    expect(lstatSync(path.join(root, 'public', 'datasets')).isSymbolicLink()).toBe(true);
    expect(() => referenceRoot(repo, 'strong')).toThrow(/no base model/);
    // A repository in the old flat layout is used as it is.
    writeFileSync(path.join(repo, 'public', 'models', 'add', 'model.json'), '{}');
    expect(referenceRoot(repo, 'mid')).toBe(repo);
  });
});

describe('browser/node ratio line', () => {
  it('prints exactly the issue\'s format', () => {
    expect(ratioLine('tiny', 14.4, 16)).toBe('browser/node wasm tiny: 0.90 (browser 14.40, node 16.00 steps/s)');
  });
});

describe('worker CPU time from a Chrome trace', () => {
  it('sums the outermost events of dedicated-worker threads only', () => {
    const trace = { traceEvents: [
      { name: 'thread_name', ph: 'M', pid: 1, tid: 7, args: { name: 'DedicatedWorker thread' } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 8, args: { name: 'CrRendererMain' } },
      { name: 'RunTask', ph: 'X', pid: 1, tid: 7, ts: 100, dur: 50, tdur: 40 },
      { name: 'RunMicrotasks', ph: 'X', pid: 1, tid: 7, ts: 110, dur: 20, tdur: 20 }, // inside the task: not counted twice
      { name: 'RunMicrotasks', ph: 'X', pid: 1, tid: 7, ts: 200, dur: 30, tdur: 10 },
      { name: 'RunTask', ph: 'X', pid: 1, tid: 8, ts: 100, dur: 500, tdur: 500 }, // main thread: not a worker
    ] };
    expect(workerCpuMs(JSON.stringify(trace))).toBeCloseTo(0.05, 12);
  });
});
