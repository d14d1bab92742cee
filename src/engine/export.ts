// Metric history as CSV: one row per record in step order, step and evaluation columns side
// by side (blank where they do not apply). Columns follow the records' own fields, so a new
// engine field exports without a change here. Used by the CLI and the page's CSV download.
import type { EvalRecord, MetricRecord, StepRecord } from './types';

const KEY_COLUMNS = new Set(['type', 'step', 'rollouts']);

/** Keys of the records' own fields, in first-seen order, so new engine fields export without a change here. */
function keysOf<T extends object>(rows: T[], skip: Set<string>): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!skip.has(k)) seen.add(k);
  return [...seen];
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function recordsToCsv(records: readonly MetricRecord[]): string {
  const run = {
    steps: records.filter((r): r is StepRecord => r.type === 'step'),
    evals: records.filter((r): r is EvalRecord => r.type === 'eval'),
  };
  const stepCols = keysOf(run.steps, KEY_COLUMNS);
  const n = run.evals.reduce((m, e) => Math.max(m, e.test.passAtK.length, e.ood.passAtK.length), 0);
  const splitCols = keysOf(run.evals.flatMap((e) => [e.test, e.ood]), new Set(['passAtK']));
  const evalTopCols = keysOf(run.evals, new Set([...KEY_COLUMNS, 'test', 'ood']));
  const evalHeader: string[] = [];
  for (const split of ['test', 'ood']) {
    for (let k = 1; k <= n; k++) evalHeader.push(`${split}_pass@${k}`);
    for (const c of splitCols) evalHeader.push(`${split}_${c}`);
  }
  evalHeader.push(...evalTopCols);
  const header = ['type', 'step', 'rollouts', ...stepCols, ...evalHeader];
  const blankSteps = stepCols.map(() => '');
  const blankEvals = evalHeader.map(() => '');
  const evalRow = (e: EvalRecord) => {
    const cells: unknown[] = [];
    for (const s of [e.test, e.ood]) {
      for (let k = 1; k <= n; k++) cells.push(s.passAtK[k - 1]);
      for (const c of splitCols) cells.push((s as unknown as Record<string, unknown>)[c]);
    }
    for (const c of evalTopCols) cells.push((e as unknown as Record<string, unknown>)[c]);
    return cells;
  };
  const merged: (StepRecord | EvalRecord)[] = [...run.steps, ...run.evals].sort(
    (a, b) => a.step - b.step || (a.type === 'step' ? -1 : 1) - (b.type === 'step' ? -1 : 1),
  );
  const rows: unknown[][] = merged.map((r) =>
    r.type === 'step'
      ? ['step', r.step, r.rollouts, ...stepCols.map((c) => (r as unknown as Record<string, unknown>)[c]), ...blankEvals]
      : ['eval', r.step, r.rollouts, ...blankSteps, ...evalRow(r)],
  );
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

