// `npm run train`'s closing line, exactly: `plateau X at step N (stopped: <reason>)`, X the
// plateau's held-out pass@1 (mean ± SE over several seeds), N the step the run stopped at. Runs
// the script itself on a tiny budget and checks the line against the files it wrote. From the
// generalist base, one `unverified <task> pass@1 A -> B` line per task the verifier never checks.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixed, meanSeText, unverifiedText } from '../../src/experiments/format';
import { aggregateUnverified } from '../../src/experiments/unverified-summary';
import { summarizeRun, summarizeSeeds } from '../../src/experiments/summary';
import type { MetricRecord } from '../../src/engine/types';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const tiny = ['--b', '4', '--k', '4', '--eval-problems', '8', '--eval-samples', '4', '--seed', '3'];

let dir = '';
beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'rlvr-train-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function train(args: string[], name: string): Promise<{ lines: string[]; records: MetricRecord[] }> {
  const out = path.join(dir, `${name}.json`);
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['scripts/train.ts', ...args, '--out', out], { cwd: root, maxBuffer: 1 << 24 });
  const file = JSON.parse(await readFile(out, 'utf8')) as { records: MetricRecord[] };
  return { lines: stdout.trim().split('\n'), records: file.records };
}

describe('npm run train: where the run ended', () => {
  it('one seed with --plateau: stopped before its cap, the plateau as the summary computes it', async () => {
    const { lines, records } = await train(['--plateau', '--steps', '40', '--eval-every', '2', '--seeds', '1', ...tiny], 'one');
    const line = lines.find((l) => l.startsWith('plateau '))!;
    const m = /^plateau (\d\.\d{3}) at step (\d+) \(stopped: plateau\)$/.exec(line);
    expect(m, line).not.toBeNull();
    const s = summarizeRun(records);
    expect(Number(m![2])).toBe(s.stopStep);
    expect(s.stopStep).toBeLessThan(40);
    expect(m![1]).toBe(fixed(s.plateauPass1));
  }, 120_000);

  it('several seeds without --plateau: mean ± SE over the seeds, stopped at the cap', async () => {
    const { lines, records } = await train(['--steps', '4', '--eval-every', '2', '--seeds', '2', ...tiny], 'two');
    const line = lines.find((l) => l.startsWith('plateau '))!;
    expect(line).toMatch(/^plateau \d\.\d{3} ± \d\.\d{3} at step 4 \(stopped: cap\)$/);
    expect(line).toBe(`plateau ${meanSeText(summarizeSeeds(records).stats.plateauPass1)} at step 4 (stopped: cap)`);
  }, 120_000);

  it('the generalist (--family mix): one line per task the verifier never checks, `unverified <task> pass@1 A -> B`', async () => {
    const { lines, records } = await train(['--family', 'mix', '--steps', '4', '--eval-every', '2', '--seeds', '2', ...tiny], 'mix');
    const got = lines.filter((l) => l.startsWith('unverified '));
    expect(got.map((l) => l.split(' ')[1])).toEqual(['sub', 'max', 'rev']);
    const agg = aggregateUnverified(summarizeSeeds(records).perSeed.map((p) => p.unverified))!;
    for (const l of got) {
      expect(l).toMatch(/^unverified (sub|max|rev) pass@1 \d\.\d{3} ± \d\.\d{3} -> \d\.\d{3} ± \d\.\d{3}$/);
      const t = l.split(' ')[1];
      expect(l).toBe(unverifiedText(t, agg[t].basePass1, agg[t].finalPass1));
      expect(agg[t].basePass1.mean, t).toBeGreaterThan(0); // the generalist can do each task at step 0
    }
    // A single-task run prints none.
    const plain = await train(['--steps', '2', '--eval-every', '2', '--seeds', '1', ...tiny], 'plain');
    expect(plain.lines.some((l) => l.startsWith('unverified'))).toBe(false);
  }, 180_000);
});
