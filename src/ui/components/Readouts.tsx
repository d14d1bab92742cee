// Numbers read straight off the latest records: compression ratio, capability gain,
// pass@1 against the base model, speed, progress and time left.
import { formatDuration, formatPercent } from '../fields';
import { useStore, type RunData } from '../store';

function signedPp(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const pp = x * 100;
  return `${pp >= 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} pp`;
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

function Readout({ label, value, title, testId }: { label: string; value: string; title: string; testId: string }) {
  return (
    <div className="readout" title={title} data-testid={testId}>
      <span className="readout-value">{value}</span>
      <span className="readout-label">{label}</span>
    </div>
  );
}

export function Readouts({ compact = false }: { compact?: boolean }) {
  const live = useStore((s) => s.live);
  const evals = live?.evals ?? [];
  const first = evals.find((e) => e.step === 0) ?? evals[0];
  const last = evals[evals.length - 1];
  const k = last?.k ?? first?.k ?? 8;
  const { stepsPerSec, timeLeftMs, progress } = runSpeed(live);
  const total = live?.settings.steps ?? 0;
  const cr = last && last.step > 0 ? last.compressionRatio : null;

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
        value={formatPercent(last?.test.passAtK[0], 1)} title="Held-out pass@1 at the latest evaluation, and of the base model" />
      <Readout testId="readout-compression" label="compression ratio" value={cr === null || cr === undefined ? '—' : formatPercent(cr)}
        title={`pass@1 gain / (base pass@${k} − base pass@1). Above ~70%: RL mostly made the model sample what it could already find.`} />
      <Readout testId="readout-capability" label={compact ? `gain pass@${k}` : `capability gain (pass@${k})`} value={last && last.step > 0 ? signedPp(last.capabilityGain) : '—'}
        title={`Change of held-out pass@${k} against the base model. Down with pass@1 up is mode collapse.`} />
      {!compact && (
        <Readout testId="readout-verifier" label="verifier FN / FP (held-out)"
          value={last ? `${last.test.fnRate === null ? '—' : last.test.fnRate.toFixed(2)} / ${last.test.fpRate === null ? '—' : last.test.fpRate.toFixed(2)}` : '—'}
          title="Effective verifier error rates measured on the latest held-out evaluation: P(rejected | correct) / P(accepted | wrong). Compare random and systematic verifiers at the same rate." />
      )}
      {!compact && (
        <Readout testId="readout-speed" label="steps / second" value={stepsPerSec === null ? '—' : stepsPerSec.toFixed(stepsPerSec < 10 ? 2 : 1)}
          title="GRPO steps per second over the last 20 steps (evaluations not counted)" />
      )}
    </div>
  );
}
