// Slider positions and value formatting derived from the settings schema. A slider
// moves over a list of allowed values (so `steps` goes 1, 10, 20, … rather than
// 1, 11, 21, …, and log-scaled rates move over 1-1.5-2-3-4-5-7 per decade).
import { DEFAULT_SETTINGS, isTraceTask, type NumberField, type SettingKey, type Settings } from '../engine/settings';
import { FALLBACK_MODEL, isShipped, resolveModel, type ModelSize } from '../engine/models';
import { MIX_BASE } from '../engine/mix';

function decimalsOf(x: number): number {
  const s = String(x);
  const e = s.match(/e-(\d+)$/);
  if (e) return Number(e[1]) + (s.split('e')[0].split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

function roundTo(x: number, decimals: number): number {
  return Number(x.toFixed(Math.min(decimals, 20)));
}

const LOG_MANTISSAS = [1, 1.5, 2, 3, 4, 5, 7];

const cache = new WeakMap<NumberField, number[]>();

/** Every value the slider can take, ascending, always including min and max. */
export function sliderValues(f: NumberField): number[] {
  const hit = cache.get(f);
  if (hit) return hit;
  const out: number[] = [f.min];
  if (f.log && f.min > 0) {
    const lo = Math.floor(Math.log10(f.min));
    const hi = Math.ceil(Math.log10(f.max));
    for (let e = lo; e <= hi; e++) {
      for (const m of LOG_MANTISSAS) {
        const v = Number((m * 10 ** e).toPrecision(3));
        if (v > out[out.length - 1] && v < f.max) out.push(v);
      }
    }
  } else {
    const dec = decimalsOf(f.step);
    const firstIdx = Math.ceil(f.min / f.step - 1e-9);
    for (let i = firstIdx; ; i++) {
      const v = roundTo(i * f.step, dec);
      if (v > f.max + 1e-12) break;
      if (v > out[out.length - 1] + 1e-12 && v < f.max) out.push(v);
      if (i - firstIdx > 100000) break;
    }
  }
  if (f.max > out[out.length - 1]) out.push(f.max);
  cache.set(f, out);
  return out;
}

/** Index of the allowed value nearest to `value`. */
export function nearestIndex(values: number[], value: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < values.length; i++) {
    const d = Math.abs(values[i] - value);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export function formatNumber(value: number, f?: Pick<NumberField, 'kind'>): string {
  if (f?.kind === 'int' || Number.isInteger(value)) return String(value);
  const s = String(Number(value.toPrecision(3)));
  return s;
}

export function formatPercent(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

export interface FieldContext {
  /** Whether the setting changes anything under the other settings. */
  active: boolean;
  /** Why not, when it does not. */
  note: string | null;
  /** Show the control: always when active; when inactive only if it holds a non-default value (a link may carry it). */
  shown: boolean;
}

const CONTEXT: Partial<Record<SettingKey, (s: Settings) => string | null>> = {
  randomRate: (s) => (s.verifier === 'random' ? null : 'Used only by the Random reward verifier.'),
  fnRate: (s) => (s.verifier === 'random' ? 'Random reward ignores the answer, so the noise rates do nothing.' : null),
  fpRate: (s) => (s.verifier === 'random' ? 'Random reward ignores the answer, so the noise rates do nothing.' : null),
  assumedFn: (s) => (s.correction === 'none' ? 'Used only by a noise correction.' : null),
  assumedFp: (s) => (s.correction === 'backward' ? null : 'Used only by the backward correction (forward needs only the FN rate).'),
  bandLow: (s) => (s.curation === 'band' ? null : 'Used only when curation keeps a band of base pass rates.'),
  bandHigh: (s) => (s.curation === 'band' ? null : 'Used only when curation keeps a band of base pass rates.'),
  check: (s) => (!isTraceTask(s.task) ? 'Used only by tasks with worked steps (Addition with worked steps).'
    : s.verifier === 'random' ? 'Random reward ignores the completion.' : null),
  model: (s) => (s.family === 'mix' ? GENERALIST_NOTE : resolveModel(s.task, s.model, s.base).note ?? null),
  base: (s) => (s.family === 'mix' ? GENERALIST_NOTE : null),
};

/** family mix: the strength and size controls do not apply (the generalist ships one base). */
const GENERALIST_NOTE = `The generalist base ships one checkpoint (${MIX_BASE.strength} strength, ${MIX_BASE.model} size): this control does not apply to it.`;

/**
 * Why an option of a select would not run as chosen under the other settings (a model size with
 * no base model for this task and strength), or null. Shown next to the option, which stays
 * selectable so that changing the task or base first and the size second both work.
 */
export function optionNote(k: SettingKey, option: string, s: Settings): string | null {
  if (k !== 'model' || s.family === 'mix') return null;
  const size = option as ModelSize;
  return isShipped(s.task, size, s.base) ? null : `not shipped for ${s.task} ${s.base}: runs ${FALLBACK_MODEL}`;
}

/** Whether a control matters under the current settings, and whether to show it. */
export function fieldContext(k: SettingKey, s: Settings): FieldContext {
  const note = CONTEXT[k]?.(s) ?? null;
  const active = note === null;
  return { active, note, shown: active || s[k] !== DEFAULT_SETTINGS[k] };
}
