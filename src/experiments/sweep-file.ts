// The sweep file: a sweep's spec with every job's result and each cell's aggregate, merging
// the shard files of one sweep, and the CSV exports.
import { UNVERIFIED_FIELDS, unverifiedTaskNames } from './unverified-summary';
import { expandGrid, runCompute, SweepError, type Shard, type SweepSpec } from './grid';
import { aggregateCells, SUMMARY_FIELDS, type CellAggregate, type JobResult } from './summary';
import { STOP_REASONS } from '../engine/types';

export interface SweepFile {
  version: 1;
  spec: SweepSpec;
  /** The shard this file holds; absent for a whole (or merged) sweep. */
  shard?: Shard;
  results: JobResult[];
  cells: CellAggregate[];
}

export function buildSweepFile(spec: SweepSpec, results: readonly JobResult[], shard?: Shard): SweepFile {
  const order = new Map(expandGrid(spec).map((j) => [j.id, j.index]));
  const sorted = [...results].sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity));
  return { version: 1, spec, ...(shard ? { shard } : {}), results: sorted, cells: aggregateCells(sorted, spec.axes) };
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A canonical string of any JSON value (object keys sorted): equal values give equal keys. */
export const stableKey = stable;

/** Two results of the same job agree when settings and summary agree (wall time aside). */
function sameOutcome(a: JobResult, b: JobResult): boolean {
  const strip = (r: JobResult) => ({ settings: r.settings, summary: r.summary ? { ...r.summary, wallMs: 0 } : null, error: r.error ?? null });
  return stable(strip(a)) === stable(strip(b));
}

export interface MergeOptions {
  /** Fail when a job of the grid is in none of the files. */
  requireComplete?: boolean;
}

/** Join shard files of one sweep: same spec, duplicates deduplicated by id, conflicts are errors. */
export function mergeSweeps(files: readonly SweepFile[], opts: MergeOptions = {}): SweepFile {
  if (!files.length) throw new SweepError('merge needs at least one sweep file');
  for (const f of files) if (f.version !== 1) throw new SweepError(`unsupported sweep file version ${String(f.version)}`);
  const spec = files[0].spec;
  files.forEach((f, i) => {
    if (stable(f.spec) !== stable(spec)) throw new SweepError(`file ${i + 1} was made by a different sweep (grid, seeds or fixed settings differ from file 1)`);
  });
  const byId = new Map<string, JobResult>();
  for (const f of files) {
    for (const r of f.results) {
      const prev = byId.get(r.id);
      if (!prev) { byId.set(r.id, r); continue; }
      if (sameOutcome(prev, r)) continue;
      // A failed run that another shard completed is superseded by the completed one.
      if (!prev.summary && r.summary) { byId.set(r.id, r); continue; }
      if (prev.summary && !r.summary) continue;
      throw new SweepError(`job ${r.id} appears twice with different results (settings or numbers differ)`);
    }
  }
  const expected = expandGrid(spec);
  const known = new Set(expected.map((j) => j.id));
  for (const id of byId.keys()) if (!known.has(id)) throw new SweepError(`job ${id} is not part of the sweep's grid`);
  if (opts.requireComplete) {
    const missing = expected.filter((j) => !byId.has(j.id));
    if (missing.length) {
      throw new SweepError(`${missing.length} of ${expected.length} jobs missing (for example ${missing.slice(0, 3).map((j) => j.id).join(', ')}); run the missing shards or merge without --complete`);
    }
  }
  return buildSweepFile(spec, [...byId.values()]);
}

const csvCell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(Number(v.toPrecision(7)));
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The generalist's columns: per task the verifier never checks and summary field, `unverified_<task>_<field>` (none otherwise). */
function unverifiedColumns(maps: (Record<string, unknown> | null | undefined)[]) {
  return unverifiedTaskNames(maps).flatMap((t) => UNVERIFIED_FIELDS.map((f) => ({ name: `unverified_${t}_${f}`, t, f })));
}

/** One row per job: id, cell, seed, the axis values, then the summary and why the run stopped. */
export function sweepToCsv(file: SweepFile): string {
  const axes = file.spec.axes;
  // Runs from the generalist: per task the verifier never checks, its summary fields (none otherwise).
  const uCols = unverifiedColumns(file.results.map((r) => r.summary?.unverified));
  const header = ['id', 'cell', 'seed', ...axes.map((a) => a.flag), 'compute', ...SUMMARY_FIELDS, 'stopReason', 'error', ...uCols.map((c) => c.name)];
  const rows = file.results.map((r) => [
    r.id, r.cell, r.seed, ...axes.map((a) => r.settings[a.key]), runCompute(r.settings),
    ...SUMMARY_FIELDS.map((f) => r.summary?.[f] ?? null), r.summary?.stopReason ?? null, r.error ?? '',
    ...uCols.map((c) => r.summary?.unverified?.[c.t]?.[c.f] ?? null),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/** One row per cell: the axis values, the seeds, runs stopped per reason, then mean and standard error of each field. */
export function cellsToCsv(file: SweepFile): string {
  const axes = file.spec.axes;
  const uCols = unverifiedColumns(file.cells.map((c) => c.unverified));
  const header = ['cell', ...axes.map((a) => a.flag), 'runs', 'failed', ...STOP_REASONS.map((r) => `stopped_${r}`), ...SUMMARY_FIELDS.flatMap((f) => [f, `${f}_se`]),
    ...uCols.flatMap((u) => [u.name, `${u.name}_se`])];
  const rows = file.cells.map((c) => [
    c.cell, ...axes.map((a) => c.values[a.flag]), c.seeds.length, c.failed,
    // Blank for files made before stop reasons were recorded.
    ...STOP_REASONS.map((r) => (c.stopReasons ? c.stopReasons[r] ?? 0 : null)),
    ...SUMMARY_FIELDS.flatMap((f) => [c.stats[f].mean, c.stats[f].se]),
    ...uCols.flatMap((u) => [c.unverified?.[u.t]?.[u.f].mean ?? null, c.unverified?.[u.t]?.[u.f].se ?? null]),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
