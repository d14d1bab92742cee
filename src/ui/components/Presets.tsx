// Presets named after the findings: each asks a question, says what to watch, and when its
// run (or, for a comparison, its last arm) finishes shows one sentence computed from it.
import { useMemo } from 'react';
import { PRESETS, isPresetRun, presetArms, presetById, type Preset } from '../presets';
import { useStore } from '../store';

function choose(p: Preset) {
  const { settings, applySettings, runArms } = useStore.getState();
  const arms = presetArms(p, settings.backend);
  if (p.arms?.length) runArms(p.id, arms, p.iso ?? false);
  else applySettings(arms[0].settings, p.id, p.iso ?? false);
}

function Conclusion({ text }: { text: string }) {
  return <p className="preset-conclusion" data-testid="preset-conclusion" role="status"><strong>Result:</strong> {text}</p>;
}

/** Progress and result of a comparison preset. */
function ArmsStatus({ preset }: { preset: Preset }) {
  const queue = useStore((s) => s.queue);
  const liveStatus = useStore((s) => s.live?.status ?? 'idle');
  const stepsDone = useStore((s) => s.live?.stepsDone ?? 0);
  const text = useMemo(() => (queue?.status === 'done' && queue.presetId === preset.id ? preset.conclude(queue.results) : null), [queue, preset]);
  if (!queue || queue.presetId !== preset.id) {
    return <p className="mini-help" data-testid="preset-arms-stopped">The comparison stopped when the settings or the run changed; click the preset to run its arms again.</p>;
  }
  const n = queue.arms.length;
  if (queue.status === 'failed') return <p className="field-error" data-testid="preset-progress" data-state="failed">Arm {queue.index + 1} of {n} stopped: {queue.error}</p>;
  if (queue.status === 'done') return text ? <Conclusion text={text} /> : null;
  const arm = queue.arms[queue.index];
  return (
    <p className="preset-progress" data-testid="preset-progress" data-arm={queue.index + 1} data-state="running">
      Arm {queue.index + 1} of {n}: {arm.label} · {liveStatus === 'loading' ? 'loading' : `step ${stepsDone} of ${arm.settings.steps}`}{liveStatus === 'paused' ? ' (paused)' : ''}
    </p>
  );
}

/** Result of a single-run preset: from the live run once it finished with the preset's settings. */
function SingleStatus({ preset }: { preset: Preset }) {
  const live = useStore((s) => s.live);
  const done = !!live && live.status === 'finished' && isPresetRun(preset, live.settings);
  const text = useMemo(() => (done && live ? preset.conclude([live]) : null), [done, live, preset]);
  return text ? <Conclusion text={text} /> : null;
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
            {p.name}{p.arms?.length ? ` (${p.arms.length} runs)` : ''}
          </button>
        ))}
      </div>
      {preset && (
        <div className="preset-info" data-testid="preset-info" data-preset={preset.id}>
          <p className="preset-question" data-testid="preset-question">{preset.question}</p>
          <p className="preset-look" data-testid="preset-look">{preset.lookFor}</p>
          {preset.arms?.length ? <ArmsStatus preset={preset} /> : <SingleStatus preset={preset} />}
        </div>
      )}
    </section>
  );
}
