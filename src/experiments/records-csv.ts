// Metric history as CSV: one row per record in step order, step and evaluation columns side
// by side (blank where they do not apply). Columns follow the records' own fields, so a new
// engine field exports without a change here. Used by the CLI and the page's CSV download.
//
// Multi-seed runs (records with perSeed): every column keeps its name and holds the record's
// own value (the mean over seeds; stepMs/evalMs are the wall time of all seeds together), and
// is followed by `<column>_se` (standard error of the mean over the seeds: sample standard
// deviation / sqrt(n); blank with fewer than two seeds having a value) and one `<column>@seed<N>` per seed N, e.g. `rewardObserved`,
// `rewardObserved_se`, `rewardObserved@seed1`, `rewardObserved@seed2`, `test_pass@1`,
// `test_pass@1_se`, `test_pass@1@seed1`. Single-seed runs have the plain columns and, last, `seed`.
// Runs from the generalist (family mix) add `unverified_<task>_pass@k`, `_kl` and `_entropy` per
// task the verifier never checks.
import type { EvalRecord, MetricRecord, StepRecord } from '../engine/types';
import { meanSe } from './stats';
import { unverifiedTaskNames } from './unverified-summary';

const KEY_COLUMNS = new Set(['type', 'step', 'rollouts']);

/** Keys of the records' own fields, in first-seen order, so new engine fields export without a change here. */
function keysOf<T extends object>(rows: T[], skip: Set<string>): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!skip.has(k)) seen.add(k);
  return [...seen];
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

interface Column<R> {
  name: string;
  get: (r: R) => unknown;
}

const field = <R>(name: string, key: string = name): Column<R> => ({ name, get: (r) => (r as unknown as Record<string, unknown>)[key] });

/** Standard error over the seeds' values; blank with fewer than two finite values. */
function seOf(values: unknown[] | undefined): number | undefined {
  if (!values) return undefined;
  return meanSe(values.map((v) => (typeof v === 'number' ? v : null))).se ?? undefined;
}

/** A column, or for multi-seed records the column, its standard error and one column per seed. */
function expand<R extends StepRecord | EvalRecord>(cols: Column<R>[], seeds: number[]): Column<R>[] {
  if (!seeds.length) return cols;
  const ofSeed = (r: R, seed: number) => (r.perSeed as R[] | undefined)?.find((p) => p.seed === seed);
  return cols.flatMap((c) => [
    c,
    { name: `${c.name}_se`, get: (r: R) => seOf((r.perSeed as R[] | undefined)?.map((p) => c.get(p))) },
    ...seeds.map((seed) => ({ name: `${c.name}@seed${seed}`, get: (r: R) => { const p = ofSeed(r, seed); return p ? c.get(p) : undefined; } })),
  ]);
}

export function recordsToCsv(records: readonly MetricRecord[]): string {
  const run = {
    steps: records.filter((r): r is StepRecord => r.type === 'step'),
    evals: records.filter((r): r is EvalRecord => r.type === 'eval'),
  };
  // The seeds of a multi-seed run, in the order the records hold them; none for a single-seed run.
  const seeds: number[] = [];
  for (const r of records) for (const p of r.perSeed ?? []) if (typeof p.seed === 'number' && !seeds.includes(p.seed)) seeds.push(p.seed);
  // A single-seed run's seed is one column at the end (step and evaluation rows share it).
  const skip = new Set([...KEY_COLUMNS, 'perSeed', 'seed']);
  const seedCol = !seeds.length && records.some((r) => typeof r.seed === 'number');
  const stepCols = expand<StepRecord>(keysOf(run.steps, skip).map((k) => field<StepRecord>(k)), seeds);
  const n = run.evals.reduce((m, e) => Math.max(m, e.test.passAtK.length, e.ood.passAtK.length), 0);
  const splitKeys = keysOf(run.evals.flatMap((e) => [e.test, e.ood]), new Set(['passAtK', 'tracePassAtK']));
  const traced = run.evals.some((e) => e.test.tracePassAtK || e.ood.tracePassAtK);
  const evalBase: Column<EvalRecord>[] = [];
  for (const split of ['test', 'ood'] as const) {
    for (let k = 1; k <= n; k++) evalBase.push({ name: `${split}_pass@${k}`, get: (e) => e[split].passAtK[k - 1] });
    // Worked-step tasks: trace pass@k (answer and every step right) in columns of its own.
    if (traced) for (let k = 1; k <= n; k++) evalBase.push({ name: `${split}_tracePass@${k}`, get: (e) => e[split].tracePassAtK?.[k - 1] });
    for (const c of splitKeys) evalBase.push({ name: `${split}_${c}`, get: (e) => (e[split] as unknown as Record<string, unknown>)[c] });
  }
  // family mix: each task the verifier never checks, as its own split: unverified_<task>_pass@k, _kl, _entropy.
  const unverifiedTasks = unverifiedTaskNames(run.evals.map((e) => e.unverified));
  for (const t of unverifiedTasks) {
    for (let k = 1; k <= n; k++) evalBase.push({ name: `unverified_${t}_pass@${k}`, get: (e) => e.unverified?.[t]?.passAtK[k - 1] });
    for (const c of ['kl', 'entropy'] as const) evalBase.push({ name: `unverified_${t}_${c}`, get: (e) => e.unverified?.[t]?.[c] });
  }
  evalBase.push(...keysOf(run.evals, new Set([...skip, 'test', 'ood', 'unverified'])).map((k) => field<EvalRecord>(k)));
  const evalCols = expand(evalBase, seeds);
  const header = ['type', 'step', 'rollouts', ...stepCols.map((c) => c.name), ...evalCols.map((c) => c.name), ...(seedCol ? ['seed'] : [])];
  const blankSteps = stepCols.map(() => '');
  const blankEvals = evalCols.map(() => '');
  const merged: (StepRecord | EvalRecord)[] = [...run.steps, ...run.evals].sort(
    (a, b) => a.step - b.step || (a.type === 'step' ? -1 : 1) - (b.type === 'step' ? -1 : 1),
  );
  const rows: unknown[][] = merged.map((r) => [
    ...(r.type === 'step'
      ? ['step', r.step, r.rollouts, ...stepCols.map((c) => c.get(r)), ...blankEvals]
      : ['eval', r.step, r.rollouts, ...blankSteps, ...evalCols.map((c) => c.get(r))]),
    ...(seedCol ? [r.seed] : []),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
