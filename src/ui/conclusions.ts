// The sentence a preset ends with, computed from the finished run's records (one run, or
// one per arm of a comparison preset). Pure: records and settings in, one sentence out.
// Means and standard errors are over the seeds of a multi-seed run (perSeed); a
// difference between arms takes the two standard errors in quadrature, and counts as a
// difference only beyond two standard errors (stats.ts, the findings' rule).
import { seedRecords } from '../engine/seeds';
import type { Settings } from '../engine/settings';
import type { EvalRecord, StepRecord } from '../engine/types';
import { fixed, meanSeText, ppChange, sePp } from '../experiments/format';
import { diffOfMeans, meanSe, pairedDiff, type Diff, type PairedDiff, type Stat } from '../experiments/stats';

/** A finished run as the conclusions read it (RunData satisfies it). */
export interface ArmRun {
  label: string;
  settings: Settings;
  evals: EvalRecord[];
  steps: StepRecord[];
}

export type Conclude = (arms: readonly ArmRun[]) => string;

/** 0.35 */
const f2 = (x: number | null) => fixed(x, 2);

/** 0.61 ± 0.02, or 0.61 with one seed. */
const meanText = (m: Stat) => meanSeText(m, 2);

function seedsText(n: number): string {
  return n >= 2 ? `${n} seeds` : 'one seed, no standard error';
}

/** pass@k on the held-out split of each seed of a record (k = 1 by default). */
function perSeedPass(r: EvalRecord, k = 1, split: 'test' | 'ood' = 'test'): number[] {
  return seedRecords(r).map((x) => x[split].passAtK[k - 1]);
}

/** The base evaluation (step 0, else the first) and the last one; null without two evaluations. */
export function endpoints(run: Pick<ArmRun, 'evals'>): { base: EvalRecord; last: EvalRecord } | null {
  if (run.evals.length < 2) return null;
  const base = run.evals.find((e) => e.step === 0) ?? run.evals[0];
  const last = run.evals[run.evals.length - 1];
  return last === base ? null : { base, last };
}

export interface Change {
  before: Stat;
  after: Stat;
  /** Per-seed after - before: mean and standard error of the change. */
  change: PairedDiff;
  /** 1 / -1 when the change exceeds two standard errors up / down; 0 within (or with one seed). */
  sign: -1 | 0 | 1;
  step: number;
}

/** How held-out pass@k moved from the base evaluation to the last, seed by seed. */
export function passChange(run: Pick<ArmRun, 'evals'>, k = 1): Change | null {
  const ends = endpoints(run);
  if (!ends) return null;
  const b = perSeedPass(ends.base, k), a = perSeedPass(ends.last, k);
  const change = pairedDiff(a, b);
  return { before: meanSe(b), after: meanSe(a), change, sign: change.sign, step: ends.last.step };
}

/** diff is b - a: sign 1 / -1 when b is above / below a by more than two standard errors. */
export interface ArmDiff extends Diff {
  a: Stat;
  b: Stat;
}

/** Final held-out pass@1 of arm b against arm a. */
export function finalDiff(a: Pick<ArmRun, 'evals'>, b: Pick<ArmRun, 'evals'>): ArmDiff | null {
  const la = a.evals[a.evals.length - 1], lb = b.evals[b.evals.length - 1];
  if (!la || !lb) return null;
  const x = meanSe(perSeedPass(la)), y = meanSe(perSeedPass(lb));
  return { a: x, b: y, ...diffOfMeans(y, x) };
}

const NO_EVALS = 'The run ended without a held-out evaluation after the base one, so there is nothing to compare.';

/** "Held-out pass@1 went from 0.35 to 0.61 ± 0.02 in 100 steps (+26.0pp ± 1.5pp, 3 seeds)" (no full stop). */
function pass1Clause(c: Change): string {
  return `held-out pass@1 went from ${f2(c.before.mean)} to ${meanText(c.after)} in ${c.step} steps (${ppChange(c.change.mean)}${sePp(c.change.se)}, ${seedsText(c.change.n)})`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The largest k with pass@k in the run's evaluations (the evaluation's n samples). */
function largestK(run: ArmRun): number {
  const e = run.evals[0];
  return e ? e.test.passAtK.length : 1;
}

/** Pass@1 change, and whether it is beyond two standard errors. */
export const concludePass1: Conclude = ([run]) => {
  const c = run && passChange(run);
  if (!c) return NO_EVALS;
  const verdict = c.sign === 1 ? 'a rise beyond two standard errors' : c.sign === -1 ? 'a fall beyond two standard errors' : 'within two standard errors of no change';
  return `${cap(pass1Clause(c))}: ${verdict}.`;
};

/** Search compression: pass@1 against pass@k (k = the evaluation's n). */
export const concludeCompression: Conclude = ([run]) => {
  const c1 = run && passChange(run);
  if (!c1) return NO_EVALS;
  const k = largestK(run);
  const ck = passChange(run, k)!;
  const g1 = c1.change.mean ?? NaN, gk = ck.change.mean ?? NaN;
  const head = `Held-out pass@1 went from ${f2(c1.before.mean)} to ${meanText(c1.after)} while pass@${k} moved ${ppChange(gk)}${sePp(ck.change.se)} (from ${f2(ck.before.mean)})`;
  if (!(g1 > 0) || c1.sign === -1) return `${head}: pass@1 did not rise, so there is nothing to compress.`;
  if (ck.sign === -1) return `${head}: pass@${k} fell beyond two standard errors, the mode-collapse red flag.`;
  if (gk > g1 / 3 && ck.sign === 1) return `${head}: pass@${k} grew too, so some capability was gained, not only compressed.`;
  return `${head}: mostly compression, pass@1 moved toward what the base already found in ${k} tries.`;
};

/** Entropy and KL from the held-out samples at the base and the last evaluation. */
export const concludeEntropy: Conclude = ([run]) => {
  const ends = run && endpoints(run);
  if (!ends) return NO_EVALS;
  const h0 = meanSe(seedRecords(ends.base).map((r) => r.test.entropy));
  const h1 = meanSe(seedRecords(ends.last).map((r) => r.test.entropy));
  const kl = meanSe(seedRecords(ends.last).map((r) => r.test.kl));
  const k = largestK(run);
  const c1 = passChange(run)!, ck = passChange(run, k)!;
  const rel = h0.mean !== null && h0.mean > 0 ? Math.round((100 * ((h1.mean ?? NaN) - h0.mean)) / h0.mean) : NaN;
  const tail = ck.sign === -1 ? `pass@${k} fell below the base's, the mode-collapse red flag` : ck.sign === 1 ? `pass@${k} still rose` : `pass@${k} stayed within two standard errors of the base's`;
  return `Entropy on held-out samples went from ${f2(h0.mean)} to ${meanText(h1)} nats/token (${Number.isFinite(rel) ? `${rel > 0 ? '+' : ''}${rel}%` : 'n/a'}) and KL to the base reached ${(kl.mean ?? NaN).toFixed(3)}, `
    + `while pass@1 went ${f2(c1.before.mean)} to ${f2(c1.after.mean)} and pass@${k} ${f2(ck.before.mean)} to ${f2(ck.after.mean)}: ${tail}.`;
};

/** Random reward: the observed reward's level, and whether pass@1 gained anything. */
export const concludeRandom: Conclude = ([run]) => {
  const c = run && passChange(run);
  if (!c) return NO_EVALS;
  const obs = run.steps.length ? run.steps.reduce((a, s) => a + s.rewardObserved, 0) / run.steps.length : NaN;
  const verdict = c.sign === 1 ? 'a gain beyond two standard errors from a reward that ignores the answer'
    : c.sign === -1 ? 'it fell beyond two standard errors: random advantages push the policy off the base'
      : 'no gain beyond two standard errors';
  return `The random verifier's reward averaged ${f2(obs)} (rate ${f2(run.settings.randomRate)}) and ${pass1Clause(c)}: ${verdict}.`;
};

/** Partial verifier: observed against true reward late in the run, and the pass@1 it bought. */
export const concludePartial: Conclude = ([run]) => {
  const c = run && passChange(run);
  if (!c) return NO_EVALS;
  const tail = run.steps.slice(-10);
  const obs = tail.reduce((a, s) => a + s.rewardObserved, 0) / Math.max(1, tail.length);
  const tru = tail.reduce((a, s) => a + s.rewardTrue, 0) / Math.max(1, tail.length);
  const gap = obs - tru;
  return `Over the last ${tail.length} steps the verifier accepted ${f2(obs)} of rollouts while ${f2(tru)} were correct (${ppChange(gap)} accepted but wrong), and ${pass1Clause(c)}.`;
};

/** Measured verifier errors at the last evaluation, and the pass@1 change. */
export const concludeMeasuredErrors: Conclude = ([run]) => {
  const c = run && passChange(run);
  if (!c) return NO_EVALS;
  const last = run.evals[run.evals.length - 1];
  const fp = meanSe(seedRecords(last).map((r) => r.test.fpRate));
  const fn = meanSe(seedRecords(last).map((r) => r.test.fnRate));
  const rate = (m: Stat) => (m.n ? f2(m.mean) : 'n/a');
  return `At the last evaluation this verifier accepted ${rate(fp)} of wrong held-out answers and rejected ${rate(fn)} of correct ones, and ${pass1Clause(c)}.`;
};

/**
 * Worked traces: the most used style among held-out samples at the base and at the end (its
 * share before and after, mean over seeds), and answer vs whole-trace pass@1 at the end.
 */
export const concludeStyles: Conclude = ([run]) => {
  const ends = run && endpoints(run);
  if (!ends) return NO_EVALS;
  const shares = (r: EvalRecord) => seedRecords(r).map((x) => x.test.styleShares).filter((m): m is Record<string, number> => !!m);
  const before = shares(ends.base), after = shares(ends.last);
  if (!before.length || !after.length) return 'This run has no worked traces (choose "Addition with worked steps"), so there are no styles to compare.';
  const ids = [...new Set([...before, ...after].flatMap((m) => Object.keys(m)))].filter((id) => id !== 'other');
  const mean = (maps: Record<string, number>[], id: string) => meanSe(maps.map((m) => m[id] ?? 0));
  const avg = (maps: Record<string, number>[], id: string) => mean(maps, id).mean ?? NaN;
  const top = ids.reduce((best, id) => (avg(after, id) > avg(after, best) ? id : best), ids[0]);
  const used = (maps: Record<string, number>[]) => ids.filter((id) => avg(maps, id) >= 0.05).length;
  const c = passChange(run)!;
  const tp = meanSe(seedRecords(ends.last).map((x) => x.test.tracePassAtK?.[0] ?? NaN).filter(Number.isFinite));
  const collapse = avg(after, top) >= 0.8 ? `the policy collapsed onto "${top}"` : avg(after, top) > avg(before, top) ? `"${top}" grew but the others survive` : 'no style took over';
  return `"${top}" went from ${f2(mean(before, top).mean)} to ${meanText(mean(after, top))} of held-out traces (${used(before)} styles above 5% at the base, ${used(after)} at step ${ends.last.step}): ${collapse}; `
    + `${pass1Clause(c)}, with ${tp.n ? meanText(tp) : 'n/a'} of samples right in every step.`;
};

/** Youden's J of the set rates (noisy verifier). */
export function youdenJ(s: Pick<Settings, 'fnRate' | 'fpRate'>): number {
  return 1 - s.fnRate - s.fpRate;
}

/** J < 0: did pass@1 fall? */
export const concludeUnteach: Conclude = ([run]) => {
  const c = run && passChange(run);
  if (!c) return NO_EVALS;
  const j = youdenJ(run.settings);
  const verdict = c.sign === -1 ? 'it fell beyond two standard errors, so the inverted verifier unteaches'
    : c.sign === 1 ? 'it rose beyond two standard errors, so at this budget the verifier did not unteach'
      : 'it did not fall beyond two standard errors at this budget';
  return `With J = ${j.toFixed(2)} ${pass1Clause(c)}: ${verdict}.`;
};

/** The iso-compute preset: pass@1 change at the stated budget C. */
export const concludeBudget: Conclude = ([run]) => {
  const c = run && passChange(run);
  if (!c) return NO_EVALS;
  const s = run.settings;
  const C = s.promptsPerStep * s.rolloutsPerPrompt * s.steps;
  return `At C = ${C.toLocaleString('en-US')} rollouts (B ${s.promptsPerStep} × K ${s.rolloutsPerPrompt} × ${s.steps} steps) ${pass1Clause(c)}.`;
};

/**
 * Arm b against arm a (and any further arm against a), final held-out pass@1:
 * "FP 0.3 ended 4.1pp ± 1.3pp below FN 0.3 (0.34 vs 0.38 after 100 steps, 3 seeds): beyond two standard errors".
 * `context` follows the reference arm's label ("from the weak base"); `then` adds a clause
 * for the verdict of the first comparison.
 */
export function compareArms(arms: readonly ArmRun[], opts: { context?: string; then?: (d: ArmDiff) => string } = {}): string {
  const [a, ...rest] = arms;
  if (!a || !rest.length) return 'A comparison needs at least two finished arms.';
  const parts: string[] = [];
  let first: ArmDiff | null = null;
  for (const b of rest) {
    const d = finalDiff(a, b);
    if (!d) return NO_EVALS;
    first ??= d;
    const dir = Math.abs(d.diff) < 0.0005 ? 'level with' : d.diff > 0 ? 'above' : 'below';
    const size = dir === 'level with' ? '' : `${(100 * Math.abs(d.diff)).toFixed(1)}pp${sePp(d.se)} `;
    const verdict = Math.min(d.a.n, d.b.n) < 2 ? 'one seed, so no standard error to judge by'
      : d.sign !== 0 ? 'beyond two standard errors' : 'within two standard errors';
    const last = b.evals[b.evals.length - 1];
    parts.push(`${b.label} ended ${size}${dir} ${a.label}${opts.context ? ` ${opts.context}` : ''} (${f2(d.b.mean)} vs ${f2(d.a.mean)} held-out pass@1 after ${last.step} steps, ${seedsText(Math.min(d.a.n, d.b.n))}): ${verdict}`);
  }
  const extra = first && opts.then ? opts.then(first) : '';
  return `${parts.join('; ')}${extra}.`;
}
