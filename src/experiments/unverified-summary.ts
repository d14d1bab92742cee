// What a run from the generalist (family mix) leaves behind about the tasks the verifier never
// checks: per task, pass@1 and pass@k at the base and at the end and the KL to the base there,
// per run and as mean and standard error over seeds (the CLI's closing lines, sweeps, findings).
import type { EvalRecord, MetricRecord } from '../engine/types';
import { meanSe, type Stat } from './stats';

export interface UnverifiedSummary {
  basePass1: number;
  finalPass1: number;
  basePassK: number;
  finalPassK: number;
  /** Mean per-token k3 KL to the base on this task's final samples. */
  finalKl: number;
}
export const UNVERIFIED_FIELDS = ['basePass1', 'finalPass1', 'basePassK', 'finalPassK', 'finalKl'] as const satisfies readonly (keyof UnverifiedSummary)[];
export type UnverifiedField = (typeof UNVERIFIED_FIELDS)[number];

/** The unverified tasks named in any of these per-task maps (records, summaries, cells), first-seen order. */
export function unverifiedTaskNames(maps: Iterable<Record<string, unknown> | null | undefined>): string[] {
  const names = new Set<string>();
  for (const m of maps) for (const t of Object.keys(m ?? {})) names.add(t);
  return [...names];
}

/** Per unverified task, from one run's (one seed's) evaluations; null when the run measured none. */
export function summarizeUnverified(records: readonly MetricRecord[]): Record<string, UnverifiedSummary> | null {
  const evals = records.filter((r): r is EvalRecord => r.type === 'eval');
  const base = evals[0];
  const last = evals[evals.length - 1];
  if (!base?.unverified || !last?.unverified) return null;
  const k = last.k;
  const out: Record<string, UnverifiedSummary> = {};
  for (const [task, b] of Object.entries(base.unverified)) {
    const f = last.unverified[task];
    if (!f) continue;
    out[task] = { basePass1: b.passAtK[0], finalPass1: f.passAtK[0], basePassK: b.passAtK[k - 1], finalPassK: f.passAtK[k - 1], finalKl: f.kl };
  }
  return out;
}

/** Mean and standard error over seeds, per task and field (tasks every summary has). */
export function aggregateUnverified(per: readonly (Record<string, UnverifiedSummary> | null | undefined)[]): Record<string, Record<UnverifiedField, Stat>> | null {
  const have = per.filter((p): p is Record<string, UnverifiedSummary> => !!p);
  if (!have.length || have.length < per.length) return null;
  const tasks = Object.keys(have[0]).filter((t) => have.every((p) => p[t]));
  return Object.fromEntries(tasks.map((t) => [t, Object.fromEntries(UNVERIFIED_FIELDS.map((f) => [f, meanSe(have.map((p) => p[t][f]))])) as Record<UnverifiedField, Stat>]));
}
