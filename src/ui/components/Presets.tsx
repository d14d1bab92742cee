// Presets: each is a finding's question at a browser budget. It asks its question, says what
// to watch, and when its run (or, for a comparison, its last arm) finishes shows the finding's
// own assessment of the runs: its sentence and whether the finding holds here.
import { useMemo } from 'react';
import { holdsText, type Assessment } from '../../experiments/findings/finding';
import { armsProgress } from '../arms-queue';
import { PRESETS, isPresetRun, presetArms, presetAssessment, presetById, presetFinding, type Preset } from '../presets';
import { useStore } from '../store';

function choose(p: Preset) {
  const { settings, applySettings, runArms } = useStore.getState();
  const arms = presetArms(p, settings.backend);
  if (arms.length > 1) runArms(p.id, arms, p.iso ?? false);
  else applySettings(arms[0].settings, p.id, p.iso ?? false);
}

function Conclusion({ preset, a }: { preset: Preset; a: Assessment }) {
  const f = presetFinding(preset);
  return (
    <p className="preset-conclusion" data-testid="preset-conclusion" data-holds={String(a.holds)} role="status">
      <strong>Result:</strong> {a.sentence}{' '}
      <em className="preset-holds" data-testid="preset-holds" title={`Finding ${f.number} checks: ${f.expectation}.`}>Finding {f.number}, “{f.title}”: {holdsText(a.holds)}.</em>
    </p>
  );
}

/** Progress and result of a comparison preset. */
function ArmsStatus({ preset }: { preset: Preset }) {
  const queue = useStore((s) => s.queue);
  const liveStatus = useStore((s) => s.live?.status ?? 'idle');
  const stepsDone = useStore((s) => s.live?.stepsDone ?? 0);
  const done = queue?.status === 'done' && queue.presetId === preset.id;
  const assessment = useMemo(() => (done && queue ? presetAssessment(preset, queue.results) : null), [done, queue, preset]);
  if (!queue || queue.presetId !== preset.id) {
    return <p className="mini-help" data-testid="preset-arms-stopped">The comparison stopped when the settings or the run changed; click the preset to run its arms again.</p>;
  }
  if (queue.status === 'failed') return <p className="field-error" data-testid="preset-progress" data-state="failed">Arm {queue.index + 1} of {queue.arms.length} stopped: {queue.error}</p>;
  if (queue.status === 'done') return assessment ? <Conclusion preset={preset} a={assessment} /> : null;
  return (
    <p className="preset-progress" data-testid="preset-progress" data-arm={queue.index + 1} data-state="running">
      {armsProgress(queue, { status: liveStatus, stepsDone })}
    </p>
  );
}

/** Result of a single-run preset: from the live run once it finished with the preset's settings. */
function SingleStatus({ preset }: { preset: Preset }) {
  const live = useStore((s) => s.live);
  const done = !!live && live.status === 'finished' && isPresetRun(preset, live.settings);
  const assessment = useMemo(() => (done && live ? presetAssessment(preset, [live]) : null), [done, live, preset]);
  return assessment ? <Conclusion preset={preset} a={assessment} /> : null;
}

export function Presets() {
  const active = useStore((s) => s.activePreset);
  const preset = active ? presetById(active) : undefined;
  return (
    <section className="presets" aria-label="Presets">
      <h2>Presets</h2>
      <div className="preset-list">
        {PRESETS.map((p) => (
          <button key={p.id} type="button" className={`preset${p.id === active ? ' preset-active' : ''}`} aria-pressed={p.id === active}
            data-preset={p.id} title={p.question} onClick={() => choose(p)}>
            {p.name}{p.arms.length > 1 ? ` (${p.arms.length} runs)` : ''}
          </button>
        ))}
      </div>
      {preset && (
        <div className="preset-info" data-testid="preset-info" data-preset={preset.id}>
          <p className="preset-question" data-testid="preset-question">{preset.question}</p>
          <p className="preset-look" data-testid="preset-look">{preset.lookFor}</p>
          {preset.arms.length > 1 ? <ArmsStatus preset={preset} /> : <SingleStatus preset={preset} />}
        </div>
      )}
    </section>
  );
}
