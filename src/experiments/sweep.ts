// Sweeps without the file system: grid expansion over settings flags x seeds, stable job
// ids, sharding for array jobs, merging shard files, per-run summaries, per-cell
// aggregates (mean and standard error over seeds) and iso-compute lines. The Node CLI
// (scripts/sweep.ts), the findings runner and the browser sweep view all share this code.
import { samplingCompute } from './iso';
import {
  coerceFromString, describeRange, fieldOf, parseSettings, SETTING_KEYS, SETTINGS_SPEC,
  type SettingKey, type Settings,
} from '../engine/settings';
import { seedRecords } from '../engine/seeds';
import type { EvalRecord, MetricRecord, RunInfo, StepRecord } from '../engine/types';

export class SweepError extends Error {}

export type AxisValue = number | string | boolean;

export interface GridAxis {
  key: SettingKey;
  /** The CLI flag (without dashes) the axis was written with; ids use it. */
  flag: string;
  values: AxisValue[];
}

const KEY_BY_FLAG = new Map<string, SettingKey>(SETTING_KEYS.map((k) => [fieldOf(k).flag, k]));

/** The setting named by a CLI flag (`fn`) or by its key (`fnRate`). */
export function settingForName(name: string): SettingKey | undefined {
  const byFlag = KEY_BY_FLAG.get(name);
  if (byFlag) return byFlag;
  return Object.prototype.hasOwnProperty.call(SETTINGS_SPEC, name) ? (name as SettingKey) : undefined;
}

/** Validate one value for a setting, from a string, with an error naming the flag and range. */
export function parseSettingValue(key: SettingKey, raw: string, context = `--${fieldOf(key).flag}`): AxisValue {
  const r = parseSettings({ [key]: coerceFromString(key, raw) });
  if (r.issues.length) throw new SweepError(`${context}: "${raw}" is not valid; --${fieldOf(key).flag} must be ${describeRange(key)}`);
  return r.settings[key] as AxisValue;
}

/** Parse `fn=0,0.1,0.2` (flag or key name, comma-separated values). */
export function parseAxis(spec: string): GridAxis {
  const m = /^([A-Za-z][\w-]*)=(.*)$/s.exec(spec.trim());
  if (!m) throw new SweepError(`--grid "${spec}": write an axis as flag=v1,v2,... (for example fn=0,0.1,0.2)`);
  const [, name, list] = m;
  const key = settingForName(name);
  if (!key) throw new SweepError(`--grid "${spec}": unknown setting "${name}"`);
  if (key === 'seed' || key === 'seeds') throw new SweepError(`--grid ${name}=...: use --seeds for seeds`);
  const raws = list.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
  if (!raws.length) throw new SweepError(`--grid "${spec}": no values`);
  const flag = fieldOf(key).flag;
  const values = raws.map((raw) => parseSettingValue(key, raw, `--grid ${flag}`));
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(String(v))) throw new SweepError(`--grid ${flag}: value ${String(v)} appears twice`);
    seen.add(String(v));
  }
  return { key, flag, values };
}

/** `--seeds 3` means 3 seeds starting at `first`; `--seeds 1,5,9` lists them. */
export function parseSeeds(spec: string, first = 1): number[] {
  const s = spec.trim();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n < 1 || n > 1000) throw new SweepError(`--seeds ${spec}: give a count in [1, 1000] or a list such as 1,2,3`);
    return Array.from({ length: n }, (_, i) => first + i);
  }
  const seeds = s.split(',').map((v) => Number(parseSettingValue('seed', v, '--seeds')));
  if (new Set(seeds).size !== seeds.length) throw new SweepError(`--seeds ${spec}: a seed appears twice`);
  return seeds;
}

export interface IsoSpec {
  /** Total sampling budget C = promptsPerStep x rolloutsPerPrompt x steps. */
  compute: number;
  /** What stays fixed while K moves: the prompts per step (steps derived) or the steps (prompts per step derived). */
  hold: 'prompts' | 'steps';
}

export interface SweepSpec {
  axes: GridAxis[];
  seeds: number[];
  /** Every setting not on an axis (seed is replaced per job, and seeds is 1: a job is one seed). */
  base: Settings;
  iso?: IsoSpec;
}

export interface SweepJob {
  /** Stable id: the cell and the seed, e.g. `fn=0.1,k=8/seed=2`. */
  id: string;
  /** The grid cell: axis values in axis order, e.g. `fn=0.1,k=8` (`base` without axes). */
  cell: string;
  seed: number;
  /** Position in the full job list (sharding uses it). */
  index: number;
  settings: Settings;
  /** Sampling compute of the run: promptsPerStep x rolloutsPerPrompt x steps. */
  compute: number;
}

export function runCompute(s: Pick<Settings, 'promptsPerStep' | 'rolloutsPerPrompt' | 'steps'>): number {
  return s.promptsPerStep * s.rolloutsPerPrompt * s.steps;
}

export function cellKey(axes: readonly GridAxis[], values: readonly AxisValue[]): string {
  return axes.length ? axes.map((a, i) => `${a.flag}=${String(values[i])}`).join(',') : 'base';
}

export function jobId(cell: string, seed: number): string {
  return `${cell}/seed=${seed}`;
}

export interface IsoPoint {
  rolloutsPerPrompt: number;
  promptsPerStep: number;
  steps: number;
  /** The compute actually spent after rounding: B x K x steps. */
  compute: number;
}

/**
 * Settings along an iso-compute line. Holding the prompts per step B, steps = round(C / (B K));
 * holding the steps, B = round(C / (K steps)). Each point reports the compute it really spends.
 */
export function isoComputeLine(base: Pick<Settings, 'promptsPerStep' | 'rolloutsPerPrompt' | 'steps'>, compute: number, ks: readonly number[], hold: IsoSpec['hold'] = 'prompts'): IsoPoint[] {
  if (!(Number.isFinite(compute) && compute > 0)) throw new SweepError(`--iso ${compute}: the budget must be a positive number of rollouts`);
  return ks.map((K) => {
    const B = hold === 'prompts' ? base.promptsPerStep : Math.round(compute / (K * base.steps));
    const steps = hold === 'prompts' ? Math.round(compute / (base.promptsPerStep * K)) : base.steps;
    const point = { rolloutsPerPrompt: K, promptsPerStep: B, steps, compute: samplingCompute({ promptsPerStep: B, rolloutsPerPrompt: K, steps }) };
    const derived = hold === 'prompts' ? 'steps' : 'promptsPerStep';
    const value = point[derived];
    const f = SETTINGS_SPEC[derived];
    if (value < f.min || value > f.max) {
      throw new SweepError(`--iso ${compute} with k=${K}: ${f.flag} would be ${value}, outside [${f.min}, ${f.max}] (hold ${hold === 'prompts' ? `--b ${base.promptsPerStep}` : `--steps ${base.steps}`})`);
    }
    return point;
  });
}

/** Every job of a sweep: cells in row-major order (first axis slowest), seeds innermost. */
export function expandGrid(spec: SweepSpec): SweepJob[] {
  if (!spec.seeds.length) throw new SweepError('a sweep needs at least one seed');
  const keys = new Set<SettingKey>();
  for (const a of spec.axes) {
    if (keys.has(a.key)) throw new SweepError(`--grid ${a.flag} is given twice`);
    keys.add(a.key);
  }
  if (spec.iso) {
    const derived: SettingKey = spec.iso.hold === 'prompts' ? 'steps' : 'promptsPerStep';
    if (keys.has(derived)) throw new SweepError(`--iso derives --${fieldOf(derived).flag}; it cannot also be a grid axis`);
  }
  const cells: AxisValue[][] = [[]];
  for (const a of spec.axes) {
    const next: AxisValue[][] = [];
    for (const c of cells) for (const v of a.values) next.push([...c, v]);
    cells.splice(0, cells.length, ...next);
  }
  const jobs: SweepJob[] = [];
  for (const values of cells) {
    const cell = cellKey(spec.axes, values);
    let s: Settings = { ...spec.base };
    spec.axes.forEach((a, i) => { (s as Record<string, unknown>)[a.key] = values[i]; });
    if (spec.iso) {
      const [p] = isoComputeLine(s, spec.iso.compute, [s.rolloutsPerPrompt], spec.iso.hold);
      s = { ...s, steps: p.steps, promptsPerStep: p.promptsPerStep };
    }
    const checked = parseSettings(s);
    if (checked.issues.length) throw new SweepError(`cell ${cell}: ${checked.issues.map((i) => `${i.key} ${i.message}`).join('; ')}`);
    for (const seed of spec.seeds) {
      // A job is one seed; the pool runs a cell's consecutive seeds together (groupSeeds).
      const settings = { ...s, seed, seeds: 1 };
      jobs.push({ id: jobId(cell, seed), cell, seed, index: jobs.length, settings, compute: runCompute(settings) });
    }
  }
  return jobs;
}

export interface Shard {
  index: number;
  count: number;
}

/** Parse `i/n` with 0 <= i < n. */
export function parseShard(spec: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  if (!m) throw new SweepError(`--shard "${spec}": write i/n, for example 0/4 (i counts from 0)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new SweepError(`--shard ${spec}: need 0 <= i < n`);
  return { index, count };
}

/** The jobs of one shard: job j belongs to shard j % n. */
export function shardJobs<J extends { index: number }>(jobs: readonly J[], shard: Shard): J[] {
  return jobs.filter((j) => j.index % shard.count === shard.index);
}

// ---------------------------------------------------------------------------------------
// Running a cell's seeds together

/** The most seeds one run trains (the settings' range). */
export const MAX_SEEDS_PER_RUN = SETTINGS_SPEC.seeds.max;

/** One engine run that stands for several one-seed jobs: settings with seed = the first seed and seeds = the count. */
export interface SeedGroup<J> {
  settings: Settings;
  /** The jobs it runs, in seed order (jobs[i] has seed settings.seed + i). */
  jobs: J[];
}

/** Whether seeds can share a run without changing a number of any seed's summary (the prompt pool of curation depends on the seed). */
export function groupable(s: Settings): boolean {
  return s.seeds === 1 && s.curation === 'none' && s.schedule === 'none';
}

export interface GroupOptions {
  /** Largest group (default and at most MAX_SEEDS_PER_RUN). */
  maxSeeds?: number;
  /** Split the largest groups (into contiguous halves) until there are at least this many runs, so spare workers are not left idle. */
  minGroups?: number;
}

/**
 * Group one-seed jobs into multi-seed runs: jobs whose settings differ only in the seed (one
 * sweep cell, or one finding arm) and whose seeds are consecutive run together, at most
 * maxSeeds at a time. Each seed of a multi-seed run computes exactly what its run alone
 * computes, so grouping never changes a job's summary (wall time aside). Jobs with several
 * seeds of their own, or with seed-dependent curation, run alone. Groups come in the order
 * of their first job.
 */
export function groupSeeds<J extends { settings: Settings }>(jobs: readonly J[], opts: GroupOptions = {}): SeedGroup<J>[] {
  const max = Math.max(1, Math.min(MAX_SEEDS_PER_RUN, Math.floor(opts.maxSeeds ?? MAX_SEEDS_PER_RUN)));
  const byKey = new Map<string, { job: J; at: number }[]>();
  const groups: { at: number; jobs: J[] }[] = [];
  jobs.forEach((job, at) => {
    if (!groupable(job.settings)) { groups.push({ at, jobs: [job] }); return; }
    const key = stable({ ...job.settings, seed: 0 });
    const list = byKey.get(key) ?? [];
    list.push({ job, at });
    byKey.set(key, list);
  });
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) => a.job.settings.seed - b.job.settings.seed || a.at - b.at);
    let cur: { at: number; jobs: J[] } | null = null;
    for (const { job, at } of sorted) {
      const prev = cur?.jobs[cur.jobs.length - 1];
      if (cur && prev && job.settings.seed === prev.settings.seed + 1 && cur.jobs.length < max) {
        cur.jobs.push(job);
        cur.at = Math.min(cur.at, at);
      } else {
        cur = { at, jobs: [job] };
        groups.push(cur);
      }
    }
  }
  const want = Math.floor(opts.minGroups ?? 0);
  for (;;) {
    if (groups.length >= want) break;
    let big = -1;
    groups.forEach((g, i) => { if (g.jobs.length > 1 && (big < 0 || g.jobs.length > groups[big].jobs.length)) big = i; });
    if (big < 0) break;
    const g = groups[big];
    const half = Math.ceil(g.jobs.length / 2);
    groups.splice(big, 1, { at: g.at, jobs: g.jobs.slice(0, half) }, { at: g.at, jobs: g.jobs.slice(half) });
  }
  return groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => a.g.at - b.g.at || a.i - b.i)
    .map(({ g }) => ({ settings: g.jobs.length === 1 ? g.jobs[0].settings : { ...g.jobs[0].settings, seeds: g.jobs.length }, jobs: g.jobs }));
}

// ---------------------------------------------------------------------------------------
// Summaries

/** The compact outcome of one run: what sweeps, findings and heatmaps read. */
export interface RunSummary {
  steps: number;
  rollouts: number;
  /** The readout k of pass@k (largest power of two <= samples per problem, at most 8). */
  readoutK: number;
  basePass1: number;
  finalPass1: number;
  basePassK: number;
  finalPassK: number;
  baseOodPass1: number;
  finalOodPass1: number;
  /** Mean per-token entropy of held-out samples, base model and end of training. */
  baseEntropy: number;
  finalEntropy: number;
  /** Mean per-token k3 KL to the base model on held-out samples at the end. */
  finalKl: number;
  /** Held-out reward the verifier reported (as opposed to pass@1, the truth). */
  baseObserved: number;
  finalObserved: number;
  /** Verifier error rates measured on the final held-out samples (null without such samples). */
  fnRate: number | null;
  fpRate: number | null;
  compressionRatio: number | null;
  capabilityGain: number;
  /** Training rollouts over the first and the last 20% of steps: verifier reward and truth. */
  observedEarly: number;
  trueEarly: number;
  observedLate: number;
  trueLate: number;
  /** Mean fraction of groups with all-equal observed rewards (no gradient), over all steps. */
  fracZeroStd: number;
  /** Of those, groups where every rollout was rejected, and where every rollout was accepted (null for records without the split). */
  fracAllRejected?: number | null;
  fracAllAccepted?: number | null;
  /** Share of held-out problems whose success rate c/n is below 0.5, base model and end (null for records without it). */
  baseShareBelowHalf?: number | null;
  shareBelowHalf?: number | null;
  /** Over training: share of training groups truly below 0.5, and the share of FN and of FP flips that became their group's lone minority (mechanism.ts). */
  groupShareBelowHalf?: number | null;
  fnLoneShare?: number | null;
  fpLoneShare?: number | null;
  /** Youden's J measured on the final held-out samples. */
  youdenJ?: number | null;
  /** Training prompts the run drew from (after curation); null when unknown. */
  promptPool: number | null;
  /** Worked-step tasks: trace pass@1 (answer and every step right), held-out and OOD, base and end (null elsewhere). */
  baseTracePass1?: number | null;
  finalTracePass1?: number | null;
  baseOodTracePass1?: number | null;
  finalOodTracePass1?: number | null;
  /** Worked-step tasks: the largest share of one trace style among the final held-out samples ('other' excluded). */
  finalTopStyleShare?: number | null;
  /** Tokens that entered the loss over the whole run (null for records without it). */
  trainedTokens?: number | null;
  wallMs: number;
}

/** Numeric fields that are aggregated over seeds. */
export const SUMMARY_FIELDS = [
  'steps', 'rollouts', 'readoutK', 'basePass1', 'finalPass1', 'basePassK', 'finalPassK', 'baseOodPass1', 'finalOodPass1',
  'baseEntropy', 'finalEntropy', 'finalKl', 'baseObserved', 'finalObserved', 'fnRate', 'fpRate',
  'compressionRatio', 'capabilityGain', 'observedEarly', 'trueEarly', 'observedLate', 'trueLate',
  'fracZeroStd', 'fracAllRejected', 'fracAllAccepted', 'baseShareBelowHalf', 'shareBelowHalf', 'groupShareBelowHalf', 'fnLoneShare', 'fpLoneShare', 'youdenJ',
  'promptPool', 'baseTracePass1', 'finalTracePass1', 'baseOodTracePass1', 'finalOodTracePass1', 'finalTopStyleShare', 'trainedTokens', 'wallMs',
] as const satisfies readonly (keyof RunSummary)[];
export type SummaryField = (typeof SUMMARY_FIELDS)[number];

const meanOf = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The last (or first) 20% of the steps, at least one. */
export function windowOf<T>(xs: readonly T[], which: 'first' | 'last', frac = 0.2): T[] {
  const n = Math.max(1, Math.ceil(xs.length * frac));
  return which === 'first' ? xs.slice(0, n) : xs.slice(Math.max(0, xs.length - n));
}

export function summarizeRun(records: readonly MetricRecord[], info?: Pick<RunInfo, 'promptPool'>, wallMs = 0): RunSummary {
  const evals = records.filter((r): r is EvalRecord => r.type === 'eval');
  const steps = records.filter((r): r is StepRecord => r.type === 'step');
  if (!evals.length) throw new SweepError('a run summary needs at least one evaluation');
  const base = evals[0];
  const last = evals[evals.length - 1];
  const k = last.k;
  const early = windowOf(steps, 'first');
  const late = windowOf(steps, 'last');
  const avg = (xs: readonly StepRecord[], f: (s: StepRecord) => number) => meanOf(xs.map(f));
  return {
    steps: steps.length,
    rollouts: last.rollouts,
    readoutK: k,
    basePass1: base.test.passAtK[0],
    finalPass1: last.test.passAtK[0],
    basePassK: base.test.passAtK[k - 1],
    finalPassK: last.test.passAtK[k - 1],
    baseOodPass1: base.ood.passAtK[0],
    finalOodPass1: last.ood.passAtK[0],
    baseEntropy: base.test.entropy,
    finalEntropy: last.test.entropy,
    finalKl: last.test.kl,
    baseObserved: base.test.rewardObserved,
    finalObserved: last.test.rewardObserved,
    fnRate: last.test.fnRate,
    fpRate: last.test.fpRate,
    compressionRatio: last.compressionRatio,
    capabilityGain: last.capabilityGain,
    observedEarly: steps.length ? avg(early, (s) => s.rewardObserved) : 0,
    trueEarly: steps.length ? avg(early, (s) => s.rewardTrue) : 0,
    observedLate: steps.length ? avg(late, (s) => s.rewardObserved) : 0,
    trueLate: steps.length ? avg(late, (s) => s.rewardTrue) : 0,
    fracZeroStd: steps.length ? avg(steps, (s) => s.fracZeroStd) : 0,
    fracAllRejected: steps.length && steps.every((s) => typeof s.fracAllRejected === 'number') ? avg(steps, (s) => s.fracAllRejected) : null,
    fracAllAccepted: steps.length && steps.every((s) => typeof s.fracAllAccepted === 'number') ? avg(steps, (s) => s.fracAllAccepted) : null,
    baseShareBelowHalf: base.test.shareBelowHalf ?? null,
    shareBelowHalf: last.test.shareBelowHalf ?? null,
    groupShareBelowHalf: meanSe(steps.map((s) => s.groupShareBelowHalf)).mean,
    fnLoneShare: meanSe(steps.map((s) => s.fnLoneShare)).mean,
    fpLoneShare: meanSe(steps.map((s) => s.fpLoneShare)).mean,
    youdenJ: last.test.youdenJ ?? null,
    promptPool: info?.promptPool ?? null,
    baseTracePass1: base.test.tracePassAtK?.[0] ?? null,
    finalTracePass1: last.test.tracePassAtK?.[0] ?? null,
    baseOodTracePass1: base.ood.tracePassAtK?.[0] ?? null,
    finalOodTracePass1: last.ood.tracePassAtK?.[0] ?? null,
    finalTopStyleShare: last.test.styleShares ? Math.max(...Object.entries(last.test.styleShares).filter(([k]) => k !== 'other').map(([, v]) => v)) : null,
    trainedTokens: steps.length && steps.every((s) => typeof s.trainedTokens === 'number') ? steps.reduce((a, s) => a + s.trainedTokens!, 0) : null,
    wallMs,
  };
}

/**
 * One record stream per seed: a multi-seed run's records split through their perSeed, in
 * seed order of first appearance (a single-seed stream comes back whole, seed from its records).
 */
export function splitSeeds(records: readonly MetricRecord[]): { seed: number | null; records: MetricRecord[] }[] {
  const streams = new Map<number | null, MetricRecord[]>();
  for (const r of records) {
    for (const p of seedRecords(r)) {
      const seed = typeof p.seed === 'number' ? p.seed : null;
      const list = streams.get(seed) ?? [];
      list.push(p);
      streams.set(seed, list);
    }
  }
  return [...streams.entries()].map(([seed, recs]) => ({ seed, records: recs }));
}

export interface SeedSummaries {
  /** The seeds, in run order (null for records that do not name theirs). */
  seeds: (number | null)[];
  /** summarizeRun of each seed's own records. */
  perSeed: RunSummary[];
  /** Mean and standard error over the seeds of every summary field. */
  stats: Record<SummaryField, Stat>;
}

/**
 * Summaries of a multi-seed run: each seed's records summarised on their own (summarizeRun,
 * so seed s summarises exactly as the single run with seed s), then mean and standard error
 * over the seeds per field. wallMs is shared out evenly (the seeds ran together); promptPool
 * is the run's (the first seed's where curation depends on the seed).
 */
export function summarizeSeeds(records: readonly MetricRecord[], info?: Pick<RunInfo, 'promptPool'>, wallMs = 0): SeedSummaries {
  const streams = splitSeeds(records);
  const perSeed = streams.map((s) => summarizeRun(s.records, info, wallMs / Math.max(1, streams.length)));
  return { seeds: streams.map((s) => s.seed), perSeed, stats: aggregateSummaries(perSeed) };
}

// ---------------------------------------------------------------------------------------
// Aggregation

export interface Stat {
  mean: number | null;
  /** Standard error of the mean: sample standard deviation / sqrt(n); null for n < 2. */
  se: number | null;
  /** Runs with a value (null values, such as an undefined compression ratio, are left out). */
  n: number;
}

export function meanSe(xs: readonly (number | null | undefined)[]): Stat {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  const n = v.length;
  if (!n) return { mean: null, se: null, n: 0 };
  const m = meanOf(v);
  if (n < 2) return { mean: m, se: null, n };
  const variance = v.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1);
  return { mean: m, se: Math.sqrt(variance / n), n };
}

export function aggregateSummaries(summaries: readonly RunSummary[]): Record<SummaryField, Stat> {
  return Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, meanSe(summaries.map((s) => s[f] ?? null))])) as Record<SummaryField, Stat>;
}

export interface JobResult {
  id: string;
  cell: string;
  seed: number;
  settings: Settings;
  /** Null when the run failed; `error` says why. */
  summary: RunSummary | null;
  error?: string;
}

export interface CellAggregate {
  cell: string;
  /** The axis values of the cell, keyed by flag. */
  values: Record<string, AxisValue>;
  seeds: number[];
  /** Runs that failed in this cell. */
  failed: number;
  stats: Record<SummaryField, Stat>;
}

export function aggregateCells(results: readonly JobResult[], axes: readonly GridAxis[]): CellAggregate[] {
  const byCell = new Map<string, JobResult[]>();
  for (const r of results) {
    const list = byCell.get(r.cell) ?? [];
    list.push(r);
    byCell.set(r.cell, list);
  }
  return [...byCell.entries()].map(([cell, rs]) => {
    const ok = rs.filter((r) => r.summary).sort((a, b) => a.seed - b.seed);
    const first = rs[0].settings;
    return {
      cell,
      values: Object.fromEntries(axes.map((a) => [a.flag, first[a.key] as AxisValue])),
      seeds: ok.map((r) => r.seed),
      failed: rs.length - ok.length,
      stats: aggregateSummaries(ok.map((r) => r.summary!)),
    };
  });
}

// ---------------------------------------------------------------------------------------
// Files

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

/** One row per job: id, cell, seed, the axis values, then the summary. */
export function sweepToCsv(file: SweepFile): string {
  const axes = file.spec.axes;
  const header = ['id', 'cell', 'seed', ...axes.map((a) => a.flag), 'compute', ...SUMMARY_FIELDS, 'error'];
  const rows = file.results.map((r) => [
    r.id, r.cell, r.seed, ...axes.map((a) => r.settings[a.key]), runCompute(r.settings),
    ...SUMMARY_FIELDS.map((f) => r.summary?.[f] ?? null), r.error ?? '',
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/** One row per cell: the axis values, the seeds, then mean and standard error of each field. */
export function cellsToCsv(file: SweepFile): string {
  const axes = file.spec.axes;
  const header = ['cell', ...axes.map((a) => a.flag), 'runs', 'failed', ...SUMMARY_FIELDS.flatMap((f) => [f, `${f}_se`])];
  const rows = file.cells.map((c) => [
    c.cell, ...axes.map((a) => c.values[a.flag]), c.seeds.length, c.failed,
    ...SUMMARY_FIELDS.flatMap((f) => [c.stats[f].mean, c.stats[f].se]),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}
