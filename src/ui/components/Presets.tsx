// Presets: each is a finding's question at a browser budget. It asks its question, says what
// to watch, and when its run (or, for a comparison, its last arm) finishes shows the finding's
// own assessment of the runs: its sentence and whether the finding holds here.
import { useMemo } from 'react';
import { holdsText, type Assessment } from '../../experiments/findings/finding';
import { armsProgress } from '../arms-queue';
import { PRESETS, isPresetRun, presetArms, presetAssessment, presetById, presetFinding, type Preset } from '../presets';
import { useStore } from '../store';
import { presetRecord } from '../recorded-runs';

function choose(p: Preset) {
  const { settings, applySettings, runArms } = useStore.getState();
  const arms = presetArms(p, settings.backend);
  if (arms.length > 1) runArms(p.id, arms, p.iso ?? false);
  else applySettings(arms[0].settings, p.id, p.iso ?? false);
  if (p.recorded) void openRecorded(p);
}

/** Pin a rate-or-fate preset's recorded arms and show their recorded result (loaded on first use). */
async function openRecorded(p: Preset) {
  const { showRecorded, addNotice } = useStore.getState();
  try {
    const file = (await import('virtual:recorded-runs')).default;
    const record = presetRecord(p, file);
    if (record) showRecorded(p.id, record);
    else addNotice('info', 'No recorded runs for this preset', ['This build has no results/recorded-runs.json entry for its arms: run npm run findings, then build again. The live arms run as usual.']);
  } catch (e) {
    addNotice('error', 'Could not load the recorded runs', [(e as Error).message]);
  }
}

/** The recorded result a rate-or-fate preset opened with: the finding's assess() of the recorded seeds. */
function RecordedResult({ preset }: { preset: Preset }) {
  const recorded = useStore((s) => s.recorded);
  if (!recorded || recorded.presetId !== preset.id) return null;
  const { record } = recorded;
  const f = presetFinding(preset);
  const stops = record.pins.map((p) => `${p.label}: ${p.stops.join(', ')}`).join('; ');
  return (
    <p className="preset-recorded" data-testid="preset-recorded" data-holds={String(record.assessment.holds)}>
      <strong>Recorded by npm run findings{record.generated ? ` on ${record.generated.slice(0, 10)}` : ''}:</strong> {record.assessment.sentence}{' '}
      <em title={`Finding ${f.number} checks: ${f.expectation}.`}>Finding {f.number}, “{f.title}”: {holdsText(record.assessment.holds)}.</em>{' '}
      <span className="mini-help">Pinned as "recorded: …" (mean over seeds up to the step every seed reached; seeds stopped at steps {stops}). The live arms below add your own runs.</span>
    </p>
  );
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
          {preset.recorded && <RecordedResult preset={preset} />}
          {preset.arms.length > 1 ? <ArmsStatus preset={preset} /> : <SingleStatus preset={preset} />}
        </div>
      )}
    </section>
  );
}
