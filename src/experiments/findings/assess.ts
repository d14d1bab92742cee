// The helpers every finding's assess() is written with: an arm's mean (and SE) over seeds,
// the difference of two arms, paired by seed, with its two-standard-error sign (stats.ts), the verdict of a
// predicted sign, and the texts they read as (format.ts).
import type { Settings } from '../../engine/settings';
import { meanSeText, ppSigned, sePp } from '../format';
import { armDifference, meanSe, type Diff, type Stat } from '../stats';
import type { RunSummary } from '../summary';
import type { ArmSummaries, Assessment } from './finding';

export const CLEAN: Partial<Settings> = {};
export const FN3: Partial<Settings> = { fnRate: 0.3 };
export const FP3: Partial<Settings> = { fpRate: 0.3 };

export type Field = keyof RunSummary;

/** Mean and standard error over seeds of one field (or a derived value) of one arm. */
export function armStat(arms: ArmSummaries, arm: string, f: Field | ((s: RunSummary) => number | null)): Stat {
  const runs = arms[arm] ?? [];
  return meanSe(runs.map((s) => (typeof f === 'function' ? f(s) : ((s[f] ?? null) as number | null))));
}

/** The mean over seeds of one field of one arm (null without runs). */
export function armMean(arms: ArmSummaries, arm: string, f: Field | ((s: RunSummary) => number | null)): number | null {
  return armStat(arms, arm, f).mean;
}

export const gain = (s: RunSummary) => s.finalPass1 - s.basePass1;
export const gainK = (s: RunSummary) => s.finalPassK - s.basePassK;

/** `0.512 ± 0.020`, or `0.512` with one seed. */
export function armMeanText(arms: ArmSummaries, arm: string, f: Field | ((s: RunSummary) => number | null)): string {
  return meanSeText(armStat(arms, arm, f), 3);
}

function missing(arms: ArmSummaries, ids: readonly string[]): string | null {
  const gone = ids.filter((id) => !(arms[id]?.length));
  return gone.length ? `No runs yet for ${gone.join(', ')}.` : null;
}

/** The assessment of a finding some of whose arms have no runs yet; null when all have. */
export function undecided(ids: readonly string[], arms: ArmSummaries): Assessment | null {
  const why = missing(arms, ids);
  return why ? { sentence: why, holds: null, metrics: {} } : null;
}

export const all = (...xs: (boolean | null)[]) => (xs.some((x) => x === null) ? null : xs.every(Boolean));

/**
 * Arm a minus arm b in one field, paired by seed where both arms ran the same seeds (the mean
 * of the per-seed differences and their standard error), else over independent seeds; with the
 * two-SE sign, and `paired` and `n` saying which (armDifference in stats.ts).
 */
export function armDiff(arms: ArmSummaries, a: string, b: string, f: Field | ((s: RunSummary) => number | null)): Diff {
  const values = (arm: string) => (arms[arm] ?? []).map((s) => ({ seed: s.seed, value: typeof f === 'function' ? f(s) : ((s[f] ?? null) as number | null) }));
  return armDifference(values(a), values(b));
}

/** `+3.1pp ± 1.2pp` */
export function diffText(d: Diff): string {
  return `${ppSigned(d.diff)}${sePp(d.se)}`;
}

/** Verdict of a predicted sign against the 2-SE rule: true shown, false reversed, null within noise. */
export function verdict(d: Diff, predicted: -1 | 1): boolean | null {
  return d.sign === 0 ? null : d.sign === predicted;
}

/** Several verdicts as one: false when any is false, true when all are true, else null (some within noise). */
export function verdictOf(vs: readonly (boolean | null)[]): boolean | null {
  return vs.some((v) => v === false) ? false : vs.length && vs.every((v) => v === true) ? true : null;
}
