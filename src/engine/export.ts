// Metric history as CSV: one row per record, steps and evaluations interleaved in order.
import type { EvalRecord, MetricRecord, SplitEval, StepRecord } from './types';

const STEP_COLUMNS: (keyof StepRecord)[] = [
  'rewardObserved', 'rewardTrue', 'rewardStd', 'fracZeroStd', 'loss', 'lossPolicy', 'lossKl', 'lossEntropy',
  'kl', 'entropy', 'clipFraction', 'gradNorm', 'advantageAbsMean', 'completionLength', 'tokens', 'stepMs',
];

function splitColumns(prefix: string, n: number): string[] {
  const cols = [];
  for (let k = 1; k <= n; k++) cols.push(`${prefix}_pass@${k}`);
  return [...cols, `${prefix}_reward_observed`, `${prefix}_entropy`, `${prefix}_kl`];
}

function splitValues(s: SplitEval | undefined, n: number): (number | '')[] {
  const out: (number | '')[] = [];
  for (let k = 1; k <= n; k++) out.push(s ? s.passAtK[k - 1] ?? '' : '');
  return [...out, s?.rewardObserved ?? '', s?.entropy ?? '', s?.kl ?? ''];
}

export function recordsToCsv(records: readonly MetricRecord[]): string {
  const evals = records.filter((r): r is EvalRecord => r.type === 'eval');
  const n = Math.max(0, ...evals.map((e) => e.test.passAtK.length));
  const header = ['type', 'step', 'rollouts', ...STEP_COLUMNS, ...splitColumns('test', n), ...splitColumns('ood', n), 'k', 'compression_ratio', 'capability_gain', 'evalMs'];
  const lines = [header.join(',')];
  for (const r of records) {
    const row: (number | string | null)[] = [r.type, r.step, r.rollouts];
    if (r.type === 'step') {
      row.push(...STEP_COLUMNS.map((c) => r[c] as number), ...splitValues(undefined, n), ...splitValues(undefined, n), '', '', '', '');
    } else {
      row.push(...STEP_COLUMNS.map(() => ''), ...splitValues(r.test, n), ...splitValues(r.ood, n), r.k, r.compressionRatio ?? '', r.capabilityGain, r.evalMs);
    }
    lines.push(row.map((v) => (v === null ? '' : typeof v === 'number' ? String(Number(v.toPrecision(7))) : v)).join(','));
  }
  return lines.join('\n') + '\n';
}
