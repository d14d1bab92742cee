// How numbers read in sentences, tables and the CLIs: one function per format, so a mean, a
// rate or a change in percentage points reads the same wherever it is shown. Pure strings.

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** `0.512` with `digits` decimals; `n/a` when missing. Means, SEs and rates (findings, the CLIs, the controls). */
export function fixed(x: number | null | undefined, digits = 3): string {
  return finite(x) ? x.toFixed(digits) : 'n/a';
}

/** `12.3%` with `digits` decimals (health sentences; 0 decimals for the mechanism chart's ticks). */
export function pct(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)}%`;
}

/** Signed percentage points, the sign always shown: `+12.3pp`, `+0.0pp`, `-0.0pp`; `n/a` when missing (findings). */
export function ppSigned(x: number | null | undefined): string {
  return finite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}pp` : 'n/a';
}

/** A change in percentage points: `+4.1pp`, `-1.3pp`, and `0.0pp` when it rounds to zero; `n/a` when missing (health). */
export function ppChange(x: number | null | undefined): string {
  if (!finite(x)) return 'n/a';
  const v = (100 * x).toFixed(1);
  if (v === '0.0' || v === '-0.0') return '0.0pp';
  return `${x > 0 ? '+' : ''}${v}pp`;
}

/** ` ± 1.3pp`, to follow a value in percentage points; nothing without a standard error. */
export function sePp(se: number | null | undefined): string {
  return finite(se) ? ` ± ${(100 * se).toFixed(1)}pp` : '';
}

/** `0.610 ± 0.020`, or `0.610` without a standard error (one seed): a mean over seeds (findings: 3 digits). */
export function meanSeText(st: { mean: number | null; se: number | null }, digits = 3): string {
  return st.se === null ? fixed(st.mean, digits) : `${fixed(st.mean, digits)} ± ${fixed(st.se, digits)}`;
}

/** A heatmap cell, its tooltip and the sweep chart: `12.3%` (percent) or `0.512`; `—` when missing. */
export function cellValue(v: number | null, percent: boolean, digits = 1): string {
  if (!finite(v)) return '—';
  return percent ? pct(v, digits) : v.toFixed(3);
}

/**
 * How a difference of two arms was taken, to follow it: `paired over 3 seeds` (the mean of
 * per-seed differences, stats.ts armDifference), `unpaired (the arms' seeds differ)`, or
 * nothing where the difference does not say.
 */
export function pairingText(d: { paired?: boolean; n?: number }): string {
  if (d.paired === undefined) return '';
  if (!d.paired) return "unpaired (the arms' seeds differ)";
  return `paired over ${d.n ?? 0} seed${d.n === 1 ? '' : 's'}`;
}

/**
 * Where a run ended (the CLI's closing line): `plateau 0.612 at step 240 (stopped: plateau)`,
 * with several seeds `plateau 0.612 ± 0.010 at step 240 (stopped: cap)`.
 */
export function plateauText(plateau: { mean: number | null; se: number | null }, step: number, reason: string | null): string {
  return `plateau ${meanSeText(plateau, 3)} at step ${step} (stopped: ${reason ?? 'n/a'})`;
}

/**
 * A task the verifier never checks (the CLI's closing lines, family mix): `unverified sub pass@1
 * 0.312 -> 0.250`, with several seeds `unverified sub pass@1 0.312 ± 0.004 -> 0.250 ± 0.010`.
 */
export function unverifiedText(task: string, base: { mean: number | null; se: number | null }, final: { mean: number | null; se: number | null }): string {
  return `unverified ${task} pass@1 ${meanSeText(base, 3)} -> ${meanSeText(final, 3)}`;
}

/** `45s`, `3m 05s`, `2h 07m`: a duration (time left, a worker's silence); `—` when unknown. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
