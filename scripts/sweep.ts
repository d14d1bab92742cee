// npm run sweep -- --grid fn=0,0.1,0.2,0.3 --grid k=4,8,16 --seeds 3 --steps 100 --out sweeps/x.json
// npm run sweep -- --grid k=2,4,8,16 --iso 51200 --out sweeps/iso.json      (an iso-compute line)
// npm run sweep -- ... --shard 3/8                                          (one shard of an array job)
// npm run sweep -- merge sweeps/x.shard*.json --out sweeps/x.json [--complete]
// Runs every job of the grid through the engine on a pool of worker threads and writes JSON
// (settings per job, summaries, per-cell mean and standard error) and CSV.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError, parseCliArgs, settingsHelp } from '../src/experiments/cli-args';
import { fixed } from '../src/experiments/format';
import { expandGrid, parseAxis, parseSeeds, parseShard, shardJobs, SweepError, type GridAxis, type Shard, type SweepSpec } from '../src/experiments/grid';
import type { JobResult } from '../src/experiments/summary';
import { buildSweepFile, cellsToCsv, mergeSweeps, sweepToCsv, type SweepFile } from '../src/experiments/sweep-file';
import { defaultWorkers, runPool } from './lib/sweep-pool';
import { runMain } from './lib/main';

const USAGE = `Usage:
  npm run sweep -- --grid FLAG=v1,v2,... [--grid ...] [--seeds N|a,b,c] [settings flags] [--out sweeps/x.json]
                   [--shard i/n] [--workers N] [--iso C [--iso-hold prompts|steps]] [--dry-run]
  npm run sweep -- merge a.json b.json ... --out all.json [--complete]

  --grid      an axis over a setting, by its CLI flag (fn, fp, k, b, lr, verifier, ...); repeat for more axes
  --seeds     a count (seeds start at --seed, default 1) or a list; default 1. One job per cell x seed;
              a cell's consecutive seeds run together as one multi-seed run (at most 8)
  --shard     run only jobs j with j % n == i (0 <= i < n), for array jobs; merge the shard files afterwards
  --workers   worker threads (default: cores - 1 = ${defaultWorkers()}); 0 runs in this thread
  --iso       total sampling budget C = b x k x steps: each cell's steps (or, with --iso-hold steps, b) is derived
  --dry-run   list the jobs and exit
  merge       join shard files of one sweep (deduplicated by job id; conflicting duplicates are errors);
              --complete also fails when a job of the grid is missing
Settings flags (fixed for every job; the settings' --seeds is the sweep's --seeds above):
${settingsHelp().split('\n').filter((l) => !l.startsWith('  --seeds ')).join('\n')}`;

function takeFlags(argv: string[], names: readonly string[], bools: readonly string[] = []): { taken: Map<string, string[]>; rest: string[] } {
  const taken = new Map<string, string[]>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([\w-]+)(?:=(.*))?$/s.exec(arg);
    if (m && bools.includes(m[1])) { taken.set(m[1], ['true']); continue; }
    if (m && names.includes(m[1])) {
      let value = m[2];
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) throw new CliError(`Flag --${m[1]} needs a value`);
      }
      taken.set(m[1], [...(taken.get(m[1]) ?? []), value]);
      continue;
    }
    rest.push(arg);
  }
  return { taken, rest };
}

const one = (taken: Map<string, string[]>, name: string) => {
  const v = taken.get(name);
  if (v && v.length > 1) throw new CliError(`--${name} is given more than once`);
  return v?.[0];
};

async function writeOutputs(file: SweepFile, out: string): Promise<string[]> {
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  const stem = out.replace(/\.json$/i, '');
  await writeFile(out, JSON.stringify(file, null, 1) + '\n');
  await writeFile(`${stem}.csv`, sweepToCsv(file));
  await writeFile(`${stem}.cells.csv`, cellsToCsv(file));
  return [out, `${stem}.csv`, `${stem}.cells.csv`];
}

async function readSweep(file: string): Promise<SweepFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(`Cannot read ${file}`);
  }
  try {
    return JSON.parse(text) as SweepFile;
  } catch (e) {
    throw new CliError(`${file} is not valid JSON (${(e as Error).message})`);
  }
}

async function merge(argv: string[]): Promise<void> {
  const { taken, rest } = takeFlags(argv, ['out'], ['complete']);
  const files = rest.filter((a) => !a.startsWith('--'));
  const unknown = rest.filter((a) => a.startsWith('--'));
  if (unknown.length) throw new CliError(`Unknown flag ${unknown[0]} for merge (flags: --out, --complete)`);
  if (!files.length) throw new CliError('merge needs sweep files: npm run sweep -- merge a.json b.json --out all.json');
  const out = one(taken, 'out') ?? 'sweeps/merged.json';
  const merged = mergeSweeps(await Promise.all(files.map(readSweep)), { requireComplete: taken.has('complete') });
  const expected = expandGrid(merged.spec).length;
  const written = await writeOutputs(merged, out);
  console.log(`merged ${files.length} files: ${merged.results.length} of ${expected} jobs, ${merged.cells.length} cells; wrote ${written.join(', ')}`);
}

async function sweep(argv: string[]): Promise<void> {
  const { taken, rest } = takeFlags(argv, ['grid', 'seeds', 'out', 'shard', 'workers', 'iso', 'iso-hold'], ['dry-run']);
  const parsed = parseCliArgs(rest);
  // A job is one seed (the sweep's --seeds lists them); the pool runs a cell's consecutive seeds together.
  const base = { ...parsed.settings, seeds: 1 };
  const axes: GridAxis[] = (taken.get('grid') ?? []).map(parseAxis);
  const seeds = parseSeeds(one(taken, 'seeds') ?? '1', base.seed);
  const isoRaw = one(taken, 'iso');
  const holdRaw = one(taken, 'iso-hold') ?? 'prompts';
  if (holdRaw !== 'prompts' && holdRaw !== 'steps') throw new CliError(`--iso-hold must be prompts or steps (got "${holdRaw}")`);
  if (one(taken, 'iso-hold') && !isoRaw) throw new CliError('--iso-hold needs --iso C');
  const spec: SweepSpec = { axes, seeds, base, ...(isoRaw ? { iso: { compute: Number(isoRaw), hold: holdRaw } } : {}) };
  if (isoRaw && !/^\d+(\.\d+)?([eE]\d+)?$/.test(isoRaw.trim())) throw new CliError(`--iso must be a number of rollouts (got "${isoRaw}")`);
  const all = expandGrid(spec);
  const shardRaw = one(taken, 'shard');
  const shard: Shard | undefined = shardRaw ? parseShard(shardRaw) : undefined;
  const jobs = shard ? shardJobs(all, shard) : all;
  const workersRaw = one(taken, 'workers');
  if (workersRaw !== undefined && !/^\d+$/.test(workersRaw)) throw new CliError(`--workers must be a whole number (got "${workersRaw}")`);
  const workers = workersRaw !== undefined ? Number(workersRaw) : defaultWorkers();
  const out = one(taken, 'out') ?? (shard ? `sweeps/sweep.shard-${shard.index}-of-${shard.count}.json` : 'sweeps/sweep.json');

  const cells = new Set(all.map((j) => j.cell)).size;
  console.error(`sweep: ${cells} cells x ${seeds.length} seeds = ${all.length} jobs${shard ? `; shard ${shard.index}/${shard.count} runs ${jobs.length}` : ''}; ${Math.min(workers, jobs.length)} worker${workers === 1 ? '' : 's'}`);
  if (taken.has('dry-run')) {
    for (const j of jobs) console.log(`${j.index}\t${j.id}\tcompute ${j.compute}\tsteps ${j.settings.steps}\tb ${j.settings.promptsPerStep}\tk ${j.settings.rolloutsPerPrompt}`);
    return;
  }

  const t0 = Date.now();
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const outcomes = await runPool(jobs.map((j) => ({ id: j.id, settings: j.settings })), {
    workers,
    onProgress: (p) => {
      if (!p.outcome) return;
      const secs = (Date.now() - t0) / 1000;
      const eta = p.finished ? (secs / p.finished) * (p.total - p.finished) : 0;
      const s = p.outcome.summary;
      const what = s
        ? `pass@1 ${fixed(s.basePass1)} -> ${fixed(s.finalPass1)}, pass@${s.readoutK} ${fixed(s.basePassK)} -> ${fixed(s.finalPassK)} (${(s.wallMs / 1000).toFixed(1)} s)`
        : `FAILED: ${p.outcome.error}`;
      console.error(`[${p.finished}/${p.total}] ${p.outcome.id}: ${what}; elapsed ${secs.toFixed(0)} s, eta ${eta.toFixed(0)} s`);
    },
  });
  const results: JobResult[] = outcomes.map((o) => {
    const j = jobById.get(o.id)!;
    return { id: j.id, cell: j.cell, seed: j.seed, settings: j.settings, summary: o.summary, ...(o.error ? { error: o.error } : {}) };
  });
  const file = buildSweepFile(spec, results, shard);
  const written = await writeOutputs(file, out);
  const failed = results.filter((r) => !r.summary).length;
  console.error(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const c of file.cells) {
    const st = c.stats;
    console.log(`${c.cell.padEnd(24)} final pass@1 ${fixed(st.finalPass1.mean)} ± ${fixed(st.finalPass1.se)}  pass@k ${fixed(st.finalPassK.mean)}  compute ${fixed(st.rollouts.mean, 0)}  (${c.seeds.length} seeds${c.failed ? `, ${c.failed} failed` : ''})`);
  }
  console.log(`wrote ${written.join(', ')}`);
  if (failed) {
    console.error(`error: ${failed} of ${results.length} jobs failed (see "error" in ${out})`);
    process.exit(1);
  }
}

runMain(async () => {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  try {
    if (argv[0] === 'merge') await merge(argv.slice(1));
    else await sweep(argv);
  } catch (e) {
    // Grid and merge errors are usage errors: print the message, not a stack.
    if (e instanceof SweepError) throw new CliError(e.message);
    throw e;
  }
});
