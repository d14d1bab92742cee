// Statistics over seeds, the one definition for sweeps, findings, the CLIs and the page: mean
// and standard error, and the difference of two arms (paired seed by seed where the arms ran
// the same seeds, else over independent seeds) with its two-standard-error sign. Sweep files persist Stat as it is, so its JSON
// shape (null mean and SE where they are undefined) must not change.

/** Plain mean; 0 for no values. */
export const meanOf = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export interface Stat {
  mean: number | null;
  /** Standard error of the mean: sample standard deviation / sqrt(n); null for n < 2. */
  se: number | null;
  /** Runs with a value (null values, such as an undefined compression ratio, are left out). */
  n: number;
}

/** Mean and standard error of the finite values (null, undefined and NaN are left out). */
export function meanSe(xs: readonly (number | null | undefined)[]): Stat {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  const n = v.length;
  if (!n) return { mean: null, se: null, n: 0 };
  const m = meanOf(v);
  if (n < 2) return { mean: m, se: null, n };
  const variance = v.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1);
  return { mean: m, se: Math.sqrt(variance / n), n };
}

/** Up (1), down (-1) or neither (0): x beyond the bar on either side, strictly. */
export type Sign = -1 | 0 | 1;

export function signBeyond(x: number, bar: number): Sign {
  return x > bar ? 1 : x < -bar ? -1 : 0;
}

/** The two-standard-error rule: 0 without a standard error or a finite difference. */
export function twoSeSign(diff: number | null, se: number | null): Sign {
  return se === null || diff === null || !Number.isFinite(diff) ? 0 : signBeyond(diff, 2 * se);
}

/** Difference of two arms' means, a - b, with its standard error. */
export interface Diff {
  /** a - b; NaN when either arm has no value. */
  diff: number;
  /**
   * Paired: the standard error of the per-seed differences. Independent: the two arms'
   * standard errors in quadrature. Null with fewer than two seeds (in either arm).
   */
  se: number | null;
  /** +1 when a - b exceeds two standard errors, -1 when b - a does, 0 within noise (or unknown SE). */
  sign: Sign;
  /** Whether it was paired by seed (armDifference says; absent from diffOfMeans, which never pairs). */
  paired?: boolean;
  /** Seeds behind it: the pairs when paired, else the smaller arm's runs. */
  n?: number;
}

/** a - b over independent seeds: the arms' standard errors in quadrature, two-SE sign. */
export function diffOfMeans(a: Stat, b: Stat): Diff {
  const diff = (a.mean ?? NaN) - (b.mean ?? NaN);
  const se = a.se === null || b.se === null ? null : Math.sqrt(a.se * a.se + b.se * b.se);
  return { diff, se, sign: twoSeSign(diff, se) };
}

/** Mean and standard error of per-seed differences, with their two-SE sign. */
export interface PairedDiff extends Stat {
  sign: Sign;
}

/**
 * a - b seed by seed (a[i] - b[i] over the seeds both have): mean and standard error of those
 * differences and the two-SE sign. Pairing removes what the seeds share, so it is tighter
 * than diffOfMeans when a and b come from the same seeds (before and after training).
 */
export function pairedDiff(a: readonly number[], b: readonly number[]): PairedDiff {
  const n = Math.min(a.length, b.length);
  const st = meanSe(Array.from({ length: n }, (_, i) => a[i] - b[i]));
  return { ...st, sign: twoSeSign(st.mean, st.se) };
}

/** One run's value of a field and the seed it ran with (null or absent: not recorded). */
export interface SeedValue {
  seed?: number | null;
  value: number | null | undefined;
}

/**
 * a - b of two arms, the one rule for findings, presets and sweeps. Arms that differ in one
 * setting share each seed's random streams (prompts, rollouts, verifier dice, evaluation), so
 * their per-seed results move together: when both arms hold the same seeds (each once, every
 * run naming its seed, runs without a finite value left out) the difference is the mean of the
 * per-seed differences with their standard error (pairedDiff), paired: true. Otherwise (seeds
 * unrecorded, repeated or not the same in both arms) it is the difference of the arms' means
 * over independent seeds (diffOfMeans), paired: false.
 */
export function armDifference(a: readonly SeedValue[], b: readonly SeedValue[]): Diff {
  const finite = (xs: readonly SeedValue[]) => xs.filter((x): x is { seed?: number | null; value: number } => typeof x.value === 'number' && Number.isFinite(x.value));
  const fa = finite(a);
  const fb = finite(b);
  const bySeed = (xs: typeof fa) => {
    const m = new Map<number, number>();
    for (const x of xs) {
      if (typeof x.seed !== 'number' || m.has(x.seed)) return null;
      m.set(x.seed, x.value);
    }
    return m;
  };
  const ma = bySeed(fa);
  const mb = bySeed(fb);
  const seeds = ma ? [...ma.keys()].sort((x, y) => x - y) : [];
  if (ma && mb && seeds.length > 0 && ma.size === mb.size && seeds.every((s) => mb.has(s))) {
    const d = pairedDiff(seeds.map((s) => ma.get(s)!), seeds.map((s) => mb.get(s)!));
    return { diff: d.mean ?? NaN, se: d.se, sign: d.sign, paired: true, n: d.n };
  }
  const sa = meanSe(fa.map((x) => x.value));
  const sb = meanSe(fb.map((x) => x.value));
  return { ...diffOfMeans(sa, sb), paired: false, n: Math.min(sa.n, sb.n) };
}
