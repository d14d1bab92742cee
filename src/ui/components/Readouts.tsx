// Numbers read straight off the latest records: compression ratio, capability gain,
// pass@1 against the base model, speed, progress and time left.
// A multi-seed run shows the mean over seeds ± one standard error ("51.2 ± 1.3%").
import { seedRecords } from '../../engine/seeds';
import { meanSe } from '../../experiments/stats';
import type { EvalRecord } from '../../engine/types';
import { formatPercent } from '../fields';
import { formatDuration } from '../../experiments/format';
import { useStore, type RunData } from '../store';

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * A readout of one quantity of an evaluation: the plain value for a single-seed record, the
 * mean ± standard error over the seeds for a multi-seed one. `unit` is '%' (fractions shown as
 * percent), 'pp' (signed percentage points) or '' (plain, two decimals).
 */
export function formatAcrossSeeds(e: EvalRecord | undefined, get: (r: EvalRecord) => number | null, unit: '%' | 'pp' | '', digits = unit === '' ? 2 : 1): string {
  if (!e) return '—';
  const value = get(e);
  if (!finite(value)) return '—';
  const recs = seedRecords(e);
  const scale = unit === '' ? 1 : 100;
  const num = (x: number) => (x * scale).toFixed(digits);
  const signed = (x: number) => `${Number(num(x)) < 0 ? '−' : '+'}${num(Math.abs(x))}`;
  const head = unit === 'pp' ? signed(value) : num(value);
  if (recs.length < 2) return unit === '%' ? `${head}%` : unit === 'pp' ? `${head} pp` : head;
  const { se } = meanSe(recs.map(get));
  if (se === null) return unit === '%' ? `${head}%` : unit === 'pp' ? `${head} pp` : head;
  const tail = `± ${num(se)}`;
  return unit === '%' ? `${head} ${tail}%` : unit === 'pp' ? `${head} ${tail} pp` : `${head} ${tail}`;
}

/** The values the readouts show for the latest evaluation (and the base one). */
export function readoutValues(evals: EvalRecord[]): { pass1: string; compression: string; capability: string; fn: string; fp: string } {
  const last = evals[evals.length - 1];
  const trained = last && last.step > 0 ? last : undefined;
  return {
    pass1: formatAcrossSeeds(last, (r) => r.test.passAtK[0], '%'),
    compression: formatAcrossSeeds(trained, (r) => r.compressionRatio, '%', 0),
    capability: formatAcrossSeeds(trained, (r) => r.capabilityGain, 'pp'),
    fn: formatAcrossSeeds(last, (r) => r.test.fnRate, ''),
    fp: formatAcrossSeeds(last, (r) => r.test.fpRate, ''),
  };
}

/** Mean of the last `n` values. */
function recentMean(xs: number[], n: number): number | null {
  const tail = xs.slice(-n);
  return tail.length ? tail.reduce((a, b) => a + b, 0) / tail.length : null;
}

/**
 * Speed and time left from the engine's own timings: training speed is the mean step time of
 * the last 20 steps; time left adds the evaluations still to come at their mean duration.
 */
export function runSpeed(run: RunData | null): { stepsPerSec: number | null; timeLeftMs: number | null; progress: number } {
  if (!run) return { stepsPerSec: null, timeLeftMs: null, progress: 0 };
  const s = run.settings;
  const total = s.steps;
  const progress = Math.min(1, run.stepsDone / Math.max(1, total));
  if (run.status === 'finished') return { stepsPerSec: stepsPerSecOf(run), timeLeftMs: 0, progress: 1 };
  const stepMs = recentMean(run.steps.map((r) => r.stepMs), 20);
  const evalMs = recentMean(run.evals.map((r) => r.evalMs), 5);
  const stepsPerSec = stepsPerSecOf(run);
  if (stepMs === null) return { stepsPerSec, timeLeftMs: null, progress };
  const remaining = Math.max(0, total - run.stepsDone);
  const lastEvalStep = run.evals.length ? run.evals[run.evals.length - 1].step : 0;
  // Evaluations every evalEvery steps plus one at the end (not twice when they coincide).
  const evalsLeft = Math.floor(total / s.evalEvery) - Math.floor(lastEvalStep / s.evalEvery) + (total % s.evalEvery ? 1 : 0);
  return { stepsPerSec, timeLeftMs: remaining * stepMs + Math.max(0, evalsLeft) * (evalMs ?? 0), progress };
}

function stepsPerSecOf(run: RunData): number | null {
  const stepMs = recentMean(run.steps.map((r) => r.stepMs), 20);
  return stepMs && stepMs > 0 ? 1000 / stepMs : null;
}

/** The standard-error part of "a ± b" set smaller, so a mean stays the figure that reads first. */
function ValueText({ value }: { value: string }) {
  const parts = value.split(/( ± [^/]+)/);
  return <>{parts.map((p, i) => (p.startsWith(' ± ') ? <span key={i} className="readout-se">{p}</span> : p))}</>;
}

function Readout({ label, value, title, testId }: { label: string; value: string; title: string; testId: string }) {
  return (
    <div className="readout" title={title} data-testid={testId}>
      <span className="readout-value"><ValueText value={value} /></span>
      <span className="readout-label">{label}</span>
    </div>
  );
}

export function Readouts({ compact = false }: { compact?: boolean }) {
  const live = useStore((s) => s.live);
  // Before a run (a preset link's queued arms, an embed waiting to be shown): the steps it will run.
  const settingsSteps = useStore((s) => s.settings.steps);
  const evals = live?.evals ?? [];
  const first = evals.find((e) => e.step === 0) ?? evals[0];
  const last = evals[evals.length - 1];
  const k = last?.k ?? first?.k ?? 8;
  const { stepsPerSec, timeLeftMs, progress } = runSpeed(live);
  const total = live?.settings.steps ?? settingsSteps;
  const v = readoutValues(evals);
  const seeds = last ? seedRecords(last).length : 1;
  const across = seeds > 1 ? ` Mean over ${seeds} seeds ± one standard error.` : '';

  return (
    <div className={`readouts${compact ? ' readouts-compact' : ''}`}>
      <div className="progress-block">
        <div className="progress-text">
          <span data-testid="progress-steps">Step {live?.stepsDone ?? 0} / {total}</span>
          <span>{live?.status === 'finished' ? 'done' : timeLeftMs !== null ? `${formatDuration(timeLeftMs)} left` : ''}</span>
        </div>
        <div className="progress" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100}
          aria-valuenow={Math.round(progress * 100)}>
          <div className="progress-fill" style={{ width: `${progress * 100}%` }} />
        </div>
      </div>
      <Readout testId="readout-pass1" label={compact ? `pass@1 (base ${formatPercent(first?.test.passAtK[0])})` : `held-out pass@1 (base ${formatPercent(first?.test.passAtK[0])})`}
        value={v.pass1} title={`Held-out pass@1 at the latest evaluation, and of the base model.${across}`} />
      <Readout testId="readout-compression" label="compression ratio" value={v.compression}
        title={`pass@1 gain / (base pass@${k} − base pass@1). Above ~70%: RL mostly made the model sample what it could already find.${across}`} />
      <Readout testId="readout-capability" label={compact ? `gain pass@${k}` : `capability gain (pass@${k})`} value={v.capability}
        title={`Change of held-out pass@${k} against the base model. Down with pass@1 up is mode collapse.${across}`} />
      {!compact && (
        <Readout testId="readout-verifier" label="verifier FN / FP (held-out)"
          value={last ? `${v.fn} / ${v.fp}` : '—'}
          title={`Effective verifier error rates measured on the latest held-out evaluation: P(rejected | correct) / P(accepted | wrong). Compare random and systematic verifiers at the same rate.${across}`} />
      )}
      {!compact && (
        <Readout testId="readout-speed" label="steps / second" value={stepsPerSec === null ? '—' : stepsPerSec.toFixed(stepsPerSec < 10 ? 2 : 1)}
          title="GRPO steps per second over the last 20 steps (evaluations not counted)" />
      )}
    </div>
  );
}
