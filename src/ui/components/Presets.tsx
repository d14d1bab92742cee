// Presets: each is a finding's question at a browser budget. The catalogue (Presets) lists
// them by the question they answer, below the charts, out of the first screen's way; the
// chosen one (PresetInfo, near the top, and compact in an embed) asks its question, says what
// to watch, shows its arms' progress and, when its run (or, for a comparison, its last arm)
// finishes, the finding's own assessment of the runs: its sentence and whether it holds here.
import { useMemo } from 'react';
import { holdsText, type Assessment } from '../../experiments/findings/finding';
import { armProgressLines, armResults, armsProgress, armsWaiting, firstRunningArm } from '../arms-queue';
import { choosePreset } from '../preset-choice';
import { isPresetRun, presetAssessment, presetById, presetFinding, presetsByGroup, type Preset } from '../presets';
import { useStore } from '../store';

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

/** An arm that stopped: which, where and why; its records so far stay on the charts; Rerun runs it again. */
function FailedArm({ index, of, label, error, steps }: { index: number; of: number; label: string; error: string; steps: number }) {
  const rerunArm = useStore((s) => s.rerunArm);
  return (
    <p className="field-error" data-testid="arm-failed" data-arm={index + 1} role="alert">
      {error}{/[.!?]$/.test(error) ? '' : '.'} The {steps} steps it sent are kept on the charts.{' '}
      <button type="button" className="btn" data-testid="rerun-arm" data-arm={index + 1} onClick={() => rerunArm(index)}>Rerun arm {index + 1} of {of} ({label})</button>
    </p>
  );
}

/** Progress and result of a comparison preset: every arm's step while they run (at the same time where the cores allow). */
function ArmsStatus({ preset }: { preset: Preset }) {
  const queue = useStore((s) => s.queue);
  const done = queue?.status === 'done' && queue.presetId === preset.id;
  const assessment = useMemo(() => (done && queue ? presetAssessment(preset, armResults(queue)) : null), [done, queue, preset]);
  if (!queue || queue.presetId !== preset.id) {
    return <p className="mini-help" data-testid="preset-arms-stopped">The comparison stopped when the settings or the run changed; click the preset to run its arms again.</p>;
  }
  if (queue.status === 'done') return assessment ? <Conclusion preset={preset} a={assessment} /> : null;
  const failed = queue.slots.flatMap((s, i) => (s.state === 'failed' ? [i] : []));
  const waiting = armsWaiting(queue);
  return (
    <>
      {queue.status === 'running' && (
        <p className="preset-progress" data-testid="preset-progress" data-arm={firstRunningArm(queue) || undefined} data-state={waiting ? 'queued' : 'running'}
          data-lanes={queue.lanes} data-arms-running={queue.slots.filter((s) => s.state === 'running').length}>
          {waiting ? armsProgress(queue) : armProgressLines(queue).map((line, i) => <span key={i} className="arm-progress" data-testid="arm-progress">{line}{i < queue.arms.length - 1 ? '; ' : ''}</span>)}
        </p>
      )}
      {failed.map((i) => (
        <FailedArm key={i} index={i} of={queue.arms.length} label={queue.arms[i].label} error={queue.slots[i].error ?? 'stopped'} steps={queue.slots[i].run?.steps.length ?? 0} />
      ))}
    </>
  );
}

/** Result of a single-run preset: from the live run once it finished with the preset's settings. */
function SingleStatus({ preset }: { preset: Preset }) {
  const live = useStore((s) => s.live);
  const overrides = useStore((s) => s.presetOverrides);
  const done = !!live && live.status === 'finished' && isPresetRun(preset, live.settings, overrides);
  const assessment = useMemo(() => (done && live ? presetAssessment(preset, [live]) : null), [done, live, preset]);
  return assessment ? <Conclusion preset={preset} a={assessment} /> : null;
}

/** The chosen preset: its question, what to watch, its progress and result; `compact` (an embed) leaves out what to watch and the recorded result. */
export function PresetInfo({ compact = false }: { compact?: boolean }) {
  const active = useStore((s) => s.activePreset);
  const preset = active ? presetById(active) : undefined;
  if (!preset) return null;
  return (
    <section className={`preset-info${compact ? ' preset-info-compact' : ''}`} data-testid="preset-info" data-preset={preset.id} aria-label="Preset">
      <p className="preset-question" data-testid="preset-question" title={compact ? preset.lookFor : undefined}>{preset.question}</p>
      {!compact && <p className="preset-look" data-testid="preset-look">{preset.lookFor}</p>}
      {!compact && preset.recorded && <RecordedResult preset={preset} />}
      {preset.arms.length > 1 ? <ArmsStatus preset={preset} /> : <SingleStatus preset={preset} />}
    </section>
  );
}

/** The catalogue, one short list per question it answers (presets.ts PRESET_GROUPS). */
export function Presets() {
  const active = useStore((s) => s.activePreset);
  return (
    <section className="presets" id="presets" aria-labelledby="presets-title">
      <h2 id="presets-title">Presets: questions to try</h2>
      <div className="preset-groups">
        {presetsByGroup().map(({ group, presets }) => (
          <div key={group.id} className="preset-group" data-group={group.id}>
            <h3>{group.title}</h3>
            <p className="preset-group-question">{group.question}</p>
            <ul className="preset-list">
              {presets.map((p) => (
                <li key={p.id}>
                  <button type="button" className={`preset${p.id === active ? ' preset-active' : ''}`} aria-pressed={p.id === active}
                    data-preset={p.id} title={p.question} onClick={() => choosePreset(p)}>
                    {p.name}{p.arms.length > 1 ? ` (${p.arms.length} runs)` : ''}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
