// A sweep's grid, without the file system: axes over settings flags x seeds, stable job and
// cell ids, iso-compute lines and sharding for array jobs. The Node CLI (scripts/sweep.ts),
// the findings runner and the browser sweep view all expand grids here.
import { samplingCompute } from './iso';
import {
  coerceFromString, DEFAULT_SETTINGS, describeRange, fieldOf, parseSettings, SETTING_KEYS, SETTINGS_SPEC,
  type SettingKey, type Settings,
} from '../engine/settings';

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
    // A spec stored before a setting existed runs that setting at its default.
    let s: Settings = { ...DEFAULT_SETTINGS, ...spec.base };
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
