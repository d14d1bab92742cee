// The helpers every finding's assess() is written with: which arms have runs (an assess()
// judges the arms present and names what it could not judge), an arm's mean (and SE) over
// seeds, the difference of two arms and an arm's change over training with their
// two-standard-error sign (stats.ts), the verdict of a predicted sign, and the texts they
// read as (format.ts).
import type { Settings } from '../../engine/settings';
import { meanSeText, ppSigned, sePp } from '../format';
import { armDifference, meanSe, pairedDiff, type Diff, type PairedDiff, type SeedValue, type Stat } from '../stats';
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

/** Whether every one of the arms has runs. An assess() judges what the arms present can show. */
export function has(arms: ArmSummaries, ...ids: string[]): boolean {
  return ids.every((id) => !!arms[id]?.length);
}

/** The assessment of a finding none of whose arms has runs yet; null when some have. */
export function noRuns(ids: readonly string[], arms: ArmSummaries): Assessment | null {
  return ids.some((id) => has(arms, id)) ? null : { sentence: `No runs yet for ${ids.join(', ')}.`, holds: null, metrics: {} };
}

/** `Not run here, so not judged: a; b.` after a sentence from a subset of the arms; '' when nothing is missing. */
export function notJudged(what: readonly string[]): string {
  return what.length ? `Not run here, so not judged: ${what.join('; ')}.` : '';
}

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Sentences joined by one space, the empty ones left out. */
export function sentences(...xs: string[]): string {
  return xs.filter(Boolean).join(' ');
}

/** Verdicts of the parts of a claim that were judged: no when one is, yes when all are, else null (also when none was judged). */
export function combine(xs: readonly (boolean | null)[]): boolean | null {
  return xs.some((x) => x === false) ? false : xs.length && xs.every((x) => x === true) ? true : null;
}

/**
 * Arm a minus arm b in one field, paired by seed where both arms ran the same seeds (the mean
 * of the per-seed differences and their standard error), else over independent seeds; with the
 * two-SE sign, and `paired` and `n` saying which (armDifference in stats.ts).
 */
export function armDiff(arms: ArmSummaries, a: string, b: string, f: Field | ((s: RunSummary) => number | null)): Diff {
  return armDifference(armSeedValues(arms, a, f), armSeedValues(arms, b, f));
}

/** One arm's value of a field (or a derived value) per run, with the seed it ran with: what pairing reads. */
export function armSeedValues(arms: ArmSummaries, arm: string, f: Field | ((s: RunSummary) => number | null)): SeedValue[] {
  return (arms[arm] ?? []).map((s) => ({ seed: s.seed, value: typeof f === 'function' ? f(s) : ((s[f] ?? null) as number | null) }));
}

/** `+3.1pp ± 1.2pp` */
export function diffText(d: Diff): string {
  return `${ppSigned(d.diff)}${sePp(d.se)}`;
}

/** Verdict of a predicted sign against the 2-SE rule: true shown, false reversed, null within noise. */
export function verdict(d: Diff, predicted: -1 | 1): boolean | null {
  return d.sign === 0 ? null : d.sign === predicted;
}

/** How one arm moved over training, seed by seed (final - base of each seed), with its two-SE sign. */
export function armChange(arms: ArmSummaries, arm: string, base: Field, final: Field): PairedDiff {
  const runs = arms[arm] ?? [];
  const v = (s: RunSummary, f: Field) => (s[f] ?? NaN) as number;
  return pairedDiff(runs.map((s) => v(s, final)), runs.map((s) => v(s, base)));
}
