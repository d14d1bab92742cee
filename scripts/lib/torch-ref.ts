// The PyTorch CPU reference of the same model and GRPO step (shared/reference), run beside
// the benchmark so the engine/PyTorch ratio comes from one run on one machine state.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the reference lives: ../shared/reference beside the repository root. */
export function torchReferencePath(repoRoot: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'reference', 'torch_grpo_step.py');
}

export interface TorchResult {
  stepsPerSecond: number;
  sampledTokensPerSecond: number | null;
  line: string;
}

/** Parse the reference's summary line (`torch-cpu: X steps/s, Y sampled tokens/s, ...`). */
export function parseTorchLine(out: string): TorchResult | null {
  const line = out.split('\n').find((l) => l.startsWith('torch-cpu:'));
  if (!line) return null;
  const m = /torch-cpu:\s*([\d.]+)\s*steps\/s/.exec(line);
  if (!m) return null;
  const tok = /([\d.]+)\s*sampled tokens\/s/.exec(line);
  return { stepsPerSecond: Number(m[1]), sampledTokensPerSecond: tok ? Number(tok[1]) : null, line: line.trim() };
}

/**
 * The reference reads public/models/add/{model.json,weights.bin} and public/datasets/add-2.json
 * under its --root; base models now live one level down (public/models/add/<strength>). When
 * the flat layout is absent, a temporary root of links presents the chosen strength there.
 */
export function referenceRoot(repoRoot: string, strength: string): string {
  if (existsSync(path.join(repoRoot, 'public', 'models', 'add', 'model.json'))) return repoRoot;
  const models = path.join(repoRoot, 'public', 'models', 'add', strength);
  if (!existsSync(path.join(models, 'model.json'))) throw new Error(`no base model at ${models}: run \`npm run base-models\``);
  const root = mkdtempSync(path.join(os.tmpdir(), 'torch-ref-'));
  mkdirSync(path.join(root, 'public', 'models'), { recursive: true });
  symlinkSync(models, path.join(root, 'public', 'models', 'add'));
  symlinkSync(path.join(repoRoot, 'public', 'datasets'), path.join(root, 'public', 'datasets'));
  return root;
}

/** Interpreters tried in order: the one on PATH (may be a pyenv shim without torch), then Debian's. */
export const PYTHONS = ['python3', '/usr/bin/python3'];

/** The first interpreter for which `import torch` works, or null. */
export function torchPython(candidates: readonly string[] = PYTHONS): string | null {
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

/**
 * Run the reference; resolves with its figures, or rejects with a message saying why not
 * (script absent, torch missing, unexpected output).
 */
/**
 * Runs the reference unchanged, with time.perf_counter standing for time.process_time, so the
 * steps/s it prints are per second of its own CPU time (all threads) over the timed steps.
 */
const CPU_TIME_WRAPPER = 'import runpy, sys, time; time.perf_counter = time.process_time; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")';

export function runTorchReference(repoRoot: string, opts: { steps: number; threads: number; python: string; strength: string; cpuTime?: boolean }): Promise<TorchResult> {
  const script = torchReferencePath(repoRoot);
  if (!existsSync(script)) return Promise.reject(new Error(`PyTorch reference not found at ${script} (expected ../shared/reference/torch_grpo_step.py beside the repository)`));
  let root: string;
  try { root = referenceRoot(repoRoot, opts.strength); } catch (e) { return Promise.reject(e as Error); }
  return new Promise((resolve, reject) => {
    const pre = opts.cpuTime ? ['-c', CPU_TIME_WRAPPER] : [];
    const child = spawn(opts.python, [...pre, script, '--root', root, '--steps', String(opts.steps), '--threads', String(opts.threads)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
    child.on('error', (e) => reject(new Error(`could not start ${opts.python}: ${e.message}`)));
    child.on('close', (code) => {
      if (root !== repoRoot) rmSync(root, { recursive: true, force: true }); // the links only, not what they point to
      const parsed = parseTorchLine(out);
      if (code === 0 && parsed) resolve(parsed);
      else reject(new Error(`PyTorch reference failed (exit ${code}): ${(err || out).trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}
