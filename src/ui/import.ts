// Import a run saved earlier (the page's JSON export, or the JSON `npm run train` writes) so
// it can sit on the charts as a pinned run. The file is untrusted: it is parsed as JSON only,
// settings go through the engine's parseSettings, and records are rebuilt field by field from
// the numbers the charts and readouts read; anything else in the file is dropped.
import { parseSettings, type Settings } from '../engine/settings';
import type { EvalRecord, RunInfo, SplitEval, StepRecord } from '../engine/types';
import { MIX_TASKS } from '../engine/names';

/** Largest file read (a 2,000-step, 8-seed export is about 30 MB). */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
/** Most records (steps + evaluations) taken from one file. */
export const MAX_IMPORT_RECORDS = 200_000;
const MAX_SEEDS = 64;
const MAX_PASS_K = 1024;

export interface ImportedRun {
  settings: Settings;
  info: RunInfo | null;
  steps: StepRecord[];
  evals: EvalRecord[];
  /** What was not taken as given (settings that fell back to defaults and the like); safe to show as text. */
  issues: string[];
}

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A number; JSON writes NaN and infinities as null, so null and absence read back as NaN. */
function num(o: Obj, k: string, where: string): number {
  const v = o[k];
  if (v === null || v === undefined) return NaN;
  if (typeof v !== 'number') throw new ImportError(`${where}: ${k} is not a number`);
  return v;
}

function nullableNum(o: Obj, k: string, where: string): number | null {
  const v = o[k];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number') throw new ImportError(`${where}: ${k} is not a number`);
  return v;
}

function count(o: Obj, k: string, where: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ImportError(`${where}: ${k} must be a whole number`);
  return v;
}

const STEP_FIELDS = [
  'rewardObserved', 'rewardUsed', 'keptFraction', 'rewardTrue', 'rewardStd', 'fracZeroStd', 'fracAllRejected', 'fracAllAccepted',
  'lossPolicy', 'lossKl', 'lossEntropy', 'loss', 'kl', 'entropy', 'clipFraction', 'gradNorm', 'advantageAbsMean', 'completionLength',
  'tokens', 'stepMs',
] as const satisfies readonly (keyof StepRecord)[];

/** Most trace styles read from one share map, and the longest style id. */
const MAX_STYLES = 32;
const STYLE_ID = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/**
 * Worked-trace share maps (style id -> share), absent when the file has none. Style ids end
 * up as chart keys and legend text: only short plain ids are taken, so a file cannot name a
 * style after an object property or smuggle markup.
 */
function styleSharesOf(o: Obj, where: string): { styleShares?: Record<string, number> } {
  const m = o.styleShares;
  if (m === undefined || m === null) return {};
  if (!isObj(m)) throw new ImportError(`${where}: styleShares must map style ids to shares`);
  const entries = Object.entries(m);
  if (entries.length > MAX_STYLES) throw new ImportError(`${where}: styleShares names more than ${MAX_STYLES} styles`);
  for (const [id, v] of entries) {
    if (!STYLE_ID.test(id)) throw new ImportError(`${where}: styleShares has a style id that is not a short plain name`);
    if (typeof v !== 'number') throw new ImportError(`${where}: styleShares values must be numbers`);
  }
  return { styleShares: Object.fromEntries(entries) as Record<string, number> };
}

/** An optional number: absent when the file has none (JSON null reads back as NaN, as elsewhere). */
function optionalNum<K extends string>(o: Obj, k: K, where: string): Partial<Record<K, number>> {
  return o[k] === undefined ? {} : ({ [k]: num(o, k, where) } as Partial<Record<K, number>>);
}

function seedOf(o: Obj, where: string): { seed?: number } {
  if (o.seed === undefined || o.seed === null) return {};
  return { seed: count(o, 'seed', where) };
}

function perSeedOf<R>(o: Obj, where: string, read: (x: unknown, where: string) => R): { perSeed?: R[] } {
  if (o.perSeed === undefined || o.perSeed === null) return {};
  if (!Array.isArray(o.perSeed) || o.perSeed.length < 1 || o.perSeed.length > MAX_SEEDS) throw new ImportError(`${where}: perSeed must list 1 to ${MAX_SEEDS} records`);
  return { perSeed: o.perSeed.map((r, i) => read(r, `${where}, seed ${i + 1}`)) };
}

function readStep(x: unknown, where: string, nested = false): StepRecord {
  if (!isObj(x)) throw new ImportError(`${where}: not a record`);
  const out = { type: 'step', step: count(x, 'step', where), rollouts: count(x, 'rollouts', where) } as StepRecord;
  for (const k of STEP_FIELDS) out[k] = num(x, k, where);
  Object.assign(out, styleSharesOf(x, where), optionalNum(x, 'traceTrue', where), optionalNum(x, 'trainedTokens', where), seedOf(x, where));
  if (!nested) Object.assign(out, perSeedOf(x, where, (r, w) => readStep(r, w, true)));
  return out;
}

function readSplit(x: unknown, where: string): SplitEval {
  if (!isObj(x)) throw new ImportError(`${where}: missing`);
  const p = x.passAtK;
  if (!Array.isArray(p) || p.length > MAX_PASS_K || p.some((v) => v !== null && typeof v !== 'number')) throw new ImportError(`${where}: passAtK must be a list of numbers`);
  return {
    passAtK: p.map((v) => (v === null ? NaN : (v as number))),
    rewardObserved: num(x, 'rewardObserved', where),
    entropy: num(x, 'entropy', where),
    kl: num(x, 'kl', where),
    fnRate: nullableNum(x, 'fnRate', where),
    fpRate: nullableNum(x, 'fpRate', where),
    problems: count(x, 'problems', where),
    samplesPerProblem: count(x, 'samplesPerProblem', where),
    ...tracePassOf(x, where),
    ...styleSharesOf(x, where),
  };
}

function tracePassOf(x: Obj, where: string): { tracePassAtK?: number[] } {
  const t = x.tracePassAtK;
  if (t === undefined || t === null) return {};
  if (!Array.isArray(t) || t.length > MAX_PASS_K || t.some((v) => v !== null && typeof v !== 'number')) throw new ImportError(`${where}: tracePassAtK must be a list of numbers`);
  return { tracePassAtK: t.map((v) => (v === null ? NaN : (v as number))) };
}

/** The generalist's unverified tasks: only the mixture's task names are read (anything else is dropped). */
function unverifiedOf(x: Obj, where: string): Pick<EvalRecord, 'unverified'> {
  const u = x.unverified;
  if (u === undefined || u === null) return {};
  if (!isObj(u)) throw new ImportError(`${where}: unverified must map task names to splits`);
  const tasks = MIX_TASKS.filter((t) => Object.prototype.hasOwnProperty.call(u, t));
  return tasks.length ? { unverified: Object.fromEntries(tasks.map((t) => [t, readSplit(u[t], `${where}, unverified ${t}`)])) } : {};
}

function readEval(x: unknown, where: string, nested = false): EvalRecord {
  if (!isObj(x)) throw new ImportError(`${where}: not a record`);
  const out: EvalRecord = {
    type: 'eval',
    step: count(x, 'step', where),
    rollouts: count(x, 'rollouts', where),
    test: readSplit(x.test, `${where}, test`),
    ood: readSplit(x.ood, `${where}, ood`),
    ...unverifiedOf(x, where),
    k: count(x, 'k', where),
    compressionRatio: nullableNum(x, 'compressionRatio', where),
    capabilityGain: num(x, 'capabilityGain', where),
    evalMs: num(x, 'evalMs', where),
    ...seedOf(x, where),
  };
  if (!nested) Object.assign(out, perSeedOf(x, where, (r, w) => readEval(r, w, true)));
  return out;
}

function readInfo(x: unknown): RunInfo | null {
  if (!isObj(x)) return null;
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '');
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const seeds = Array.isArray(x.seeds) ? x.seeds.filter((s): s is number => typeof s === 'number' && Number.isInteger(s)).slice(0, MAX_SEEDS) : [];
  const notes = Array.isArray(x.notes) ? x.notes.filter((s): s is string => typeof s === 'string').slice(0, 20).map(str) : [];
  return {
    backend: str(x.backend), backendReason: str(x.backendReason), parameters: n(x.parameters), model: str(x.model) || 'tiny', task: str(x.task), digits: n(x.digits),
    algorithm: str(x.algorithm), promptPool: n(x.promptPool), seeds, shards: n(x.shards) || 1, notes,
  };
}

/** Parse an exported run. Throws ImportError with a message fit to show the user. */
export function parseRunFile(text: string): ImportedRun {
  if (text.length > MAX_IMPORT_BYTES) throw new ImportError(`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ImportError('the file is not JSON');
  }
  if (!isObj(raw) || !Array.isArray(raw.records) || !isObj(raw.settings)) {
    throw new ImportError('not a run export: expected settings and records (the JSON from the page\'s Export or from npm run train)');
  }
  if (raw.format !== undefined && raw.format !== 'rlvr-playground-run-v1') throw new ImportError(`unknown format ${JSON.stringify(String(raw.format)).slice(0, 60)}`);
  if (raw.records.length > MAX_IMPORT_RECORDS) throw new ImportError(`more than ${MAX_IMPORT_RECORDS.toLocaleString('en-US')} records`);
  const parsed = parseSettings(raw.settings);
  const issues = parsed.issues.map((i) => `settings: ${String(i.key).slice(0, 40)}: ${i.message}`);
  const steps: StepRecord[] = [];
  const evals: EvalRecord[] = [];
  raw.records.forEach((r, i) => {
    const where = `record ${i + 1}`;
    if (!isObj(r)) throw new ImportError(`${where}: not a record`);
    if (r.type === 'step') steps.push(readStep(r, where));
    else if (r.type === 'eval') evals.push(readEval(r, where));
    else throw new ImportError(`${where}: type must be step or eval`);
  });
  if (!steps.length && !evals.length) throw new ImportError('the run has no records');
  steps.sort((a, b) => a.step - b.step);
  evals.sort((a, b) => a.step - b.step);
  return { settings: parsed.settings, info: readInfo(raw.info), steps, evals, issues };
}
