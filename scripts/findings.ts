// npm run findings [-- --seeds 3 --workers N --only 1,2 --reassess | --reuse]
// Runs every finding's arms (shared arms once; an arm's consecutive seeds together as one
// multi-seed run, each seed still summarised on its own) on the sweep worker pool, assesses each
// finding from the runs' numbers (src/experiments/findings/, the same code as the tests and the
// browser view), and writes results/findings.json, results/findings.md and the recorded arms'
// evaluations the page opens two presets with (results/recorded-runs.json). It writes nothing
// outside results/: the docs link to results/findings.md rather than copying its numbers.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../src/experiments/cli-args';
import { FINDINGS } from '../src/experiments/findings';
import { BINDING_BETA, DEFAULT_FINDING_SEEDS, FINDING_BUDGET, REGIME_BUDGET, type Assessment, type Finding } from '../src/experiments/findings/finding';
import { LOOSE_BETA, PLATEAU_BUDGET, PLATEAU_CAPS } from '../src/experiments/findings/rate-or-fate';
import { RECORDED_ARMS, type RecordedRuns } from '../src/experiments/findings/recorded';
import { armSummaries, findingRuns, uniqueRuns } from '../src/experiments/findings/runs';
import { DEFAULT_SETTINGS, diffFromDefaults, type Settings } from '../src/engine/settings';
import { parseSeeds } from '../src/experiments/grid';
import type { EvalRecord, MetricRecord } from '../src/engine/types';
import type { RunSummary } from '../src/experiments/summary';
import { stableKey } from '../src/experiments/sweep-file';
import { defaultWorkers, runPool } from './lib/sweep-pool';
import { runMain } from './lib/main';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'results');

interface StoredRun {
  key: string;
  settings: Settings;
  summary: RunSummary | null;
  error?: string;
}

interface FindingsFile {
  generated: string;
  command: string;
  seeds: number[];
  budget: Partial<Settings>;
  /** wallSeconds: the time the runs in the file took, an earlier invocation's included when --reuse kept its runs. */
  machine: { cores: number; workers: number; wallSeconds: number };
  /** Runs kept from an earlier file by --reuse (absent otherwise). */
  reused?: number;
  /** The engine that made the runs: HEAD, and whether src/engine had uncommitted changes (absent in older files). */
  engine?: { commit: string | null; uncommittedChanges: boolean | null };
  findings: {
    id: string;
    number: number;
    title: string;
    guide: string;
    expectation: string;
    arms: { id: string; label: string; settings: Partial<Settings>; runs: string[] }[];
    assessment: Assessment;
  }[];
  runs: StoredRun[];
}

function parseArgs(argv: string[]): { seeds: number[]; workers: number; only: Finding[]; reassess: boolean; reuse: boolean } {
  let seeds: number[] = [...DEFAULT_FINDING_SEEDS];
  let workers = Math.max(1, availableParallelism());
  let only: Finding[] = [...FINDINGS];
  let reassess = false;
  let reuse = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new CliError(`${a} needs a value`);
      return v;
    };
    if (a === '--seeds') seeds = parseSeeds(val());
    else if (a === '--workers') {
      const v = val();
      if (!/^\d+$/.test(v)) throw new CliError(`--workers must be a whole number (got "${v}")`);
      workers = Number(v);
    } else if (a === '--only') {
      const want = val().split(',').map((s) => s.trim());
      only = FINDINGS.filter((f) => want.includes(String(f.number)) || want.includes(f.id));
      const unknown = want.filter((w) => !FINDINGS.some((f) => String(f.number) === w || f.id === w));
      if (unknown.length) throw new CliError(`--only: unknown finding ${unknown.join(', ')} (numbers 1-12 or ids: ${FINDINGS.map((f) => f.id).join(', ')})`);
    } else if (a === '--reassess') reassess = true;
    else if (a === '--reuse') reuse = true;
    else throw new CliError(`Unknown flag ${a}. Flags: --seeds N|a,b,c, --workers N (default ${availableParallelism()}; ${defaultWorkers()} leaves a core free), --only 1,2,..., --reassess (re-assess results/findings.json without running), --reuse (run only the runs results/findings.json does not hold)`);
  }
  if (reuse && reassess) throw new CliError('--reuse runs what is missing and --reassess runs nothing: choose one');
  return { seeds, workers, only, reassess, reuse };
}

/**
 * The evaluations of the arms the page opens its comparison presets with (RECORDED_ARMS), per
 * arm and seed, so a reader sees the recorded answer at once (src/ui reads this file).
 */
function recordedRuns(findings: readonly Finding[], seeds: readonly number[], records: Map<string, MetricRecord[]>): RecordedRuns {
  const arms: RecordedRuns['arms'] = [];
  for (const f of findings) {
    for (const r of findingRuns(f, seeds)) {
      if (!RECORDED_ARMS.includes(r.arm) || arms.some((a) => a.arm === r.arm && a.seed === r.seed)) continue;
      const evals = (records.get(r.key) ?? []).filter((x): x is EvalRecord => x.type === 'eval');
      if (evals.length) arms.push({ finding: f.id, arm: r.arm, seed: r.seed, settings: r.settings, evals });
    }
  }
  return { generated: new Date().toISOString(), command: 'npm run findings', arms };
}

/** "engine commit 1a2b3c4" (plus "with uncommitted changes in src/engine"), or "engine commit not recorded". */
function engineText(file: FindingsFile): string {
  const e = file.engine;
  if (!e?.commit) return 'engine commit not recorded';
  return `engine commit ${e.commit.slice(0, 7)}${e.uncommittedChanges ? ' with uncommitted changes in src/engine' : ''}`;
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const holdsText = (h: boolean | null) => (h === true ? 'yes' : h === false ? '**no**' : 'inconclusive');

function armText(s: Partial<Settings>): string {
  const parts = Object.entries(s).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join(' ') : 'defaults';
}

function table(file: FindingsFile): string {
  const lines = [
    `| # | Finding | Arms | What the engine found (means over seeds ${file.seeds.join(', ')}) | Holds? |`,
    '|---|---|---|---|---|',
  ];
  for (const f of file.findings) {
    lines.push(`| ${f.number} | ${esc(f.title)} | ${esc(f.arms.map((a) => a.label).join('; '))} | ${esc(f.assessment.sentence)} | ${holdsText(f.assessment.holds)} |`);
  }
  return lines.join('\n');
}

function budgetText(file: FindingsFile): string {
  const b = file.budget;
  const r = REGIME_BUDGET;
  return `Engine defaults (B ${16}, K 8, lr 3e-4, KL beta 0.02, add task, 2 digits, mid base) for ${b.steps} steps, evaluated at the start and the end on ${b.evalProblems} held-out and ${b.evalProblems} OOD problems x ${b.evalSamples} samples; ${file.seeds.length} seeds per arm (finding 11 uses 60 steps and its own B x K; finding 13 runs on addition with worked steps). `
    + `Findings 1 and 2 run every arm to its plateau (docs/rate-or-fate.md): the run stops when held-out pass@1 stops rising beyond its sampling noise, capped at ${PLATEAU_CAPS[BINDING_BETA]} steps at KL beta ${BINDING_BETA} and ${PLATEAU_CAPS[LOOSE_BETA]} at ${LOOSE_BETA}, evaluated every ${PLATEAU_BUDGET.evalEvery} steps on ${PLATEAU_BUDGET.evalProblems} problems x ${PLATEAU_BUDGET.evalSamples} samples, over mid/strong base x beta ${LOOSE_BETA}/${BINDING_BETA} x clean/FN 0.3/FP 0.3 x K 4/16, plus mod from its mid base; their differences are paired by seed. `
    + `Finding 12 runs at ${r.steps} steps with ${r.evalProblems} problems x ${r.evalSamples} samples from the weak and the strong base. A direction counts as shown only when the difference exceeds two standard errors.`;
}

function markdown(file: FindingsFile, notes: string | null): string {
  const out = [
    '# Findings reproduced by the engine',
    '',
    `Generated by \`${file.command}\` on ${file.generated.slice(0, 10)} (${file.machine.cores} cores, ${file.machine.workers} workers, ${Math.round(file.machine.wallSeconds)} s${file.reused ? `, ${file.reused} of the runs kept from an earlier invocation by --reuse` : ''}; ${engineText(file)}). Every sentence is computed from the runs by \`assess()\` in src/experiments/findings/; "holds" checks the expectation stated below, fixed before the runs.`,
    '',
    budgetText(file),
    '',
    table(file),
    '',
    ...(notes ? [notes.trim(), ''] : []),
  ];
  for (const f of file.findings) {
    out.push(`## ${f.number}. ${f.title}`, '', f.guide, '', `Expectation: ${f.expectation}. Holds: ${holdsText(f.assessment.holds)}.`, '', f.assessment.sentence, '', '| Arm | Settings (over the budget) |', '|---|---|');
    for (const a of f.arms) out.push(`| ${esc(a.label)} | ${esc(armText(a.settings))} |`);
    out.push('', '| Metric | Value |', '|---|---|');
    for (const [k, v] of Object.entries(f.assessment.metrics)) out.push(`| ${k} | ${typeof v === 'number' ? Number(v.toPrecision(4)) : 'n/a'} |`);
    out.push('');
  }
  return out.join('\n');
}

/** HEAD and whether src/engine differs from it; nulls outside a git checkout. */
function engineVersion(): { commit: string | null; uncommittedChanges: boolean | null } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), uncommittedChanges: git('status', '--porcelain', 'src/engine') !== '' };
  } catch {
    return { commit: null, uncommittedChanges: null };
  }
}

runMain(async () => {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('Usage: npm run findings [-- --seeds 3 --workers N --only 1,2 --reassess | --reuse]');
    return;
  }
  const opts = parseArgs(argv);
  // Read before the runs: the engine that runs is the one on disk now.
  const engine = engineVersion();
  const t0 = Date.now();
  const summaries = new Map<string, StoredRun>();
  let reused: number | null = null;
  let earlierSeconds = 0;
  const jsonPath = path.join(RESULTS, 'findings.json');
  if (opts.reassess) {
    const prev = JSON.parse(await readFile(jsonPath, 'utf8')) as FindingsFile;
    // Runs stored before the seeds setting existed were one seed each: key them as today's one-seed runs.
    // A setting added after the runs (model, check, ...) was at what is now its default: fill it in.
    for (const r of prev.runs) {
      const settings = { ...DEFAULT_SETTINGS, ...r.settings, seeds: r.settings.seeds ?? 1 };
      const key = stableKey(settings);
      summaries.set(key, { ...r, key, settings });
    }
  } else {
    const runs = uniqueRuns(opts.only, opts.seeds);
    if (opts.reuse) {
      // Runs stored with exactly these settings (same key) are kept, not run again: only new arms run.
      const prev = JSON.parse(await readFile(jsonPath, 'utf8').catch(() => '{"runs":[]}')) as Pick<FindingsFile, 'runs' | 'machine'>;
      earlierSeconds = prev.machine?.wallSeconds ?? 0;
      let kept = 0;
      for (const r of prev.runs) {
        const key = stableKey({ ...DEFAULT_SETTINGS, ...r.settings });
        if (runs.has(key) && r.summary) {
          summaries.set(key, { ...r, key });
          runs.delete(key);
          kept++;
        }
      }
      reused = kept;
      console.error(`--reuse: ${kept} runs kept from results/findings.json`);
    }
    console.error(`findings ${opts.only.map((f) => f.number).join(', ')}: ${runs.size} distinct runs (${opts.seeds.length} seeds) on ${Math.min(opts.workers, runs.size)} workers`);
    const outcomes = await runPool([...runs.entries()].map(([key, settings]) => ({ id: key, settings })), {
      workers: opts.workers,
      // The recorded arms' evaluations are kept for the page (results/recorded-runs.json).
      keepRecords: true,
      onProgress: (p) => {
        if (!p.outcome) return;
        const s = p.outcome.settings;
        const d = diffFromDefaults(s);
        const label = Object.entries(d).filter(([k]) => !['steps', 'evalEvery', 'evalProblems', 'evalSamples'].includes(k)).map(([k, v]) => `${k}=${String(v)}`).join(' ');
        const r = p.outcome.summary;
        console.error(`[${p.finished}/${p.total}] ${label}: ${r ? `pass@1 ${r.basePass1.toFixed(3)} -> ${r.finalPass1.toFixed(3)} (${(r.wallMs / 1000).toFixed(1)} s)` : `FAILED ${p.outcome.error}`}; ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      },
    });
    for (const o of outcomes) summaries.set(o.id, { key: o.id, settings: o.settings, summary: o.summary, ...(o.error ? { error: o.error } : {}) });
    const recorded = recordedRuns(opts.only, opts.seeds, new Map(outcomes.map((o) => [o.id, o.records ?? []])));
    if (recorded.arms.length) {
      await mkdir(RESULTS, { recursive: true });
      await writeFile(path.join(RESULTS, 'recorded-runs.json'), JSON.stringify(recorded) + '\n');
    }
  }
  const lookup = (key: string) => summaries.get(key)?.summary ?? undefined;
  const file: FindingsFile = {
    generated: new Date().toISOString(),
    command: 'npm run findings',
    seeds: opts.seeds,
    budget: FINDING_BUDGET,
    machine: { cores: availableParallelism(), workers: opts.workers, wallSeconds: earlierSeconds + (Date.now() - t0) / 1000 },
    ...(reused !== null ? { reused } : {}),
    engine,
    findings: opts.only.map((f) => ({
      id: f.id,
      number: f.number,
      title: f.title,
      guide: f.guide,
      expectation: f.expectation,
      arms: f.arms.map((a) => ({ id: a.id, label: a.label, settings: a.settings, runs: findingRuns(f, opts.seeds).filter((r) => r.arm === a.id).map((r) => r.key) })),
      assessment: f.assess(armSummaries(f, lookup, opts.seeds)),
    })),
    runs: [...summaries.values()],
  };
  if (opts.reassess) {
    const prev = JSON.parse(await readFile(jsonPath, 'utf8')) as FindingsFile;
    file.machine = prev.machine;
    file.generated = prev.generated;
    if (prev.reused) file.reused = prev.reused;
    // The runs are the earlier ones: keep the engine that made them (none when not recorded).
    if (prev.engine) file.engine = prev.engine;
    else delete file.engine;
  }
  await mkdir(RESULTS, { recursive: true });
  await writeFile(jsonPath, JSON.stringify(file, null, 1) + '\n');
  // Hand-written reading of the numbers (results/notes.md), kept apart from the generated text.
  const notes = await readFile(path.join(RESULTS, 'notes.md'), 'utf8').catch(() => null);
  await writeFile(path.join(RESULTS, 'findings.md'), markdown(file, notes));
  for (const f of file.findings) console.log(`${String(f.number).padStart(2)}. ${f.title} [${holdsText(f.assessment.holds)}]\n    ${f.assessment.sentence}`);
  console.log(`wrote results/findings.json, results/findings.md in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const failed = [...summaries.values()].filter((r) => !r.summary).length;
  if (failed) {
    console.error(`error: ${failed} runs failed`);
    process.exit(1);
  }
});
