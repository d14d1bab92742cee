// The settings panel, generated from SETTINGS_SPEC: a slider per number, a select per
// enum, a checkbox per boolean and a number box for the seed. Labels, ranges and help
// text all come from the schema. The control strip (ControlStrip.tsx) shows a few of the
// same fields (Field) and the iso-compute budget (IsoBudget); the panel leaves those out.
import { memo, useState, type ReactNode } from 'react';
import { SETTINGS_SPEC, SETTING_KEYS, fieldOf, type BoolField, type EnumField, type NumberField, type SettingKey, type Settings } from '../../engine/settings';
import { fixed } from '../../experiments/format';
import { samplingCompute } from '../../experiments/iso';
import { fieldContext, formatNumber, nearestIndex, optionNote, sliderValues } from '../fields';
import { useStore } from '../store';

const GROUPS: { id: string; title: string }[] = [
  { id: 'task', title: 'Task' },
  { id: 'verifier', title: 'Verifier' },
  { id: 'correction', title: 'Noise correction' },
  { id: 'rollouts', title: 'Rollouts' },
  { id: 'curation', title: 'Prompts and curation' },
  { id: 'optimiser', title: 'Optimiser' },
  { id: 'evaluation', title: 'Evaluation' },
  { id: 'run', title: 'Run' },
];

function FieldRow({ id, label, value, help, children }: { id: string; label: string; value?: string; help: string; children: ReactNode }) {
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={id} title={help}>{label}</label>
        {value !== undefined && <output htmlFor={id} className="field-value">{value}</output>}
      </div>
      {children}
      <span id={`${id}-help`} className="visually-hidden">{help}</span>
    </div>
  );
}

function SliderField({ k, f, value }: { k: SettingKey; f: NumberField; value: number }) {
  const id = `setting-${k}`;
  const values = sliderValues(f);
  const index = nearestIndex(values, value);
  const setSetting = useStore((s) => s.setSetting);
  const shown = formatNumber(value, f);
  return (
    <FieldRow id={id} label={f.label} value={shown} help={f.help}>
      <input
        id={id}
        name={k}
        type="range"
        min={0}
        max={values.length - 1}
        step={1}
        value={index}
        aria-valuetext={shown}
        aria-describedby={`${id}-help`}
        data-setting={k}
        onChange={(e) => {
          const v = values[Number(e.currentTarget.value)];
          if (v !== undefined && v !== value) setSetting(k, v as Settings[typeof k]);
        }}
      />
    </FieldRow>
  );
}

function SelectField({ k, f, value, settings }: { k: SettingKey; f: EnumField; value: string; settings: Settings }) {
  const id = `setting-${k}`;
  const setSetting = useStore((s) => s.setSetting);
  return (
    <FieldRow id={id} label={f.label} help={f.help}>
      <select
        id={id}
        name={k}
        value={value}
        aria-describedby={`${id}-help`}
        data-setting={k}
        onChange={(e) => setSetting(k, e.currentTarget.value as Settings[typeof k])}
      >
        {f.options.map((o) => {
          const note = optionNote(k, o, settings);
          const label = f.optionLabels?.[o] ?? o;
          return <option key={o} value={o} data-unavailable={note ? '' : undefined}>{note ? `${label} (${note})` : label}</option>;
        })}
      </select>
    </FieldRow>
  );
}

function CheckboxField({ k, f, value }: { k: SettingKey; f: BoolField; value: boolean }) {
  const id = `setting-${k}`;
  const setSetting = useStore((s) => s.setSetting);
  return (
    <div className="field field-check">
      <input
        id={id}
        name={k}
        type="checkbox"
        checked={value}
        aria-describedby={`${id}-help`}
        data-setting={k}
        onChange={(e) => setSetting(k, e.currentTarget.checked as Settings[typeof k])}
      />
      <label htmlFor={id} title={f.help}>{f.label}</label>
      <span id={`${id}-help`} className="visually-hidden">{f.help}</span>
    </div>
  );
}

function SeedField({ value }: { value: number }) {
  const id = 'setting-seed';
  const f = SETTINGS_SPEC.seed;
  const setSetting = useStore((s) => s.setSetting);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = (raw: string) => {
    const n = Number(raw);
    if (raw.trim() !== '' && Number.isInteger(n) && n >= f.min && n <= f.max) {
      if (n !== value) setSetting('seed', n);
      setDraft(null);
    } else {
      setDraft(raw);
    }
  };
  const invalid = draft !== null;
  return (
    <FieldRow id={id} label={f.label} help={f.help}>
      <div className="seed-row">
        <input
          id={id}
          name="seed"
          type="number"
          inputMode="numeric"
          min={f.min}
          max={f.max}
          step={1}
          value={draft ?? String(value)}
          aria-invalid={invalid}
          aria-describedby={`${id}-help`}
          data-setting="seed"
          onChange={(e) => commit(e.currentTarget.value)}
        />
        <button type="button" className="btn btn-small" onClick={() => setSetting('seed', Math.floor(Math.random() * 100000))}>
          New seed
        </button>
      </div>
      {invalid && <span className="field-error">Seed must be a whole number from {f.min} to {f.max}.</span>}
    </FieldRow>
  );
}

function renderControl(k: SettingKey, settings: Settings) {
  if (k === 'seed') return <SeedField key={k} value={settings.seed} />;
  const f = fieldOf(k);
  const v = settings[k];
  if (f.kind === 'enum') return <SelectField key={k} k={k} f={f} value={String(v)} settings={settings} />;
  if (f.kind === 'bool') return <CheckboxField key={k} k={k} f={f} value={Boolean(v)} />;
  return <SliderField key={k} k={k} f={f} value={Number(v)} />;
}

/**
 * A control that does nothing under the other settings (the random reward rate outside
 * random mode) is hidden while it holds its default; with any other value (from a link,
 * say) it stays visible, dimmed, with the reason, so no state is hidden.
 */
function renderField(k: SettingKey, settings: Settings) {
  const ctx = fieldContext(k, settings);
  if (!ctx.shown) return null;
  if (ctx.active) return renderControl(k, settings);
  return (
    <div key={k} className="field-inactive" data-inactive={k}>
      {renderControl(k, settings)}
      <span className="field-note">{ctx.note}</span>
    </div>
  );
}

/** Effective verifier error rates measured on the held-out samples of the latest evaluation. */
function MeasuredRates() {
  const last = useStore((s) => (s.live?.evals.length ? s.live.evals[s.live.evals.length - 1] : null));
  return (
    <div className="measured" data-testid="measured-rates" title="P(rejected | correct) and P(accepted | wrong) on the held-out evaluation samples">
      {last ? (
        <>Measured on held-out samples (step {last.step}): <strong data-testid="measured-fn">FN {fixed(last.test.fnRate, 2)}</strong> · <strong data-testid="measured-fp">FP {fixed(last.test.fpRate, 2)}</strong></>
      ) : 'The measured FN and FP rates on held-out samples appear after the first evaluation.'}
    </div>
  );
}

/** The iso-compute budget C (in the control strip, in place of K, while iso-compute mode is on). */
export function IsoBudget() {
  const compute = useStore((s) => s.iso.compute);
  const setIsoCompute = useStore((s) => s.setIsoCompute);
  const [draft, setDraft] = useState<string | null>(null);
  const help = 'The sampling budget C = B × K × steps held fixed in iso-compute mode: moving B or K recomputes the steps.';
  return (
    <FieldRow id="iso-compute" label="Budget C (rollouts)" help={help}>
      <input id="iso-compute" type="number" min={1} step={1} value={draft ?? String(compute)} data-testid="iso-compute" aria-describedby="iso-compute-help"
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={() => { if (draft !== null) { setIsoCompute(Math.round(Number(draft))); setDraft(null); } }}
        onKeyDown={(e) => { if (e.key === 'Enter' && draft !== null) { setIsoCompute(Math.round(Number(draft))); setDraft(null); } }} />
    </FieldRow>
  );
}

function IsoControls({ settings }: { settings: Settings }) {
  const iso = useStore((s) => s.iso);
  const setIso = useStore((s) => s.setIso);
  const spent = samplingCompute(settings);
  return (
    <>
      <div className="field field-check">
        <input id="iso-mode" type="checkbox" checked={iso.on} data-testid="iso-toggle" onChange={(e) => setIso(e.currentTarget.checked)} />
        <label htmlFor="iso-mode" title="Hold the sampling budget C = B x K x steps fixed: moving B or K recomputes the steps.">Iso-compute: fix C = B × K × steps</label>
      </div>
      {iso.on && (
        <div className="iso-box" data-testid="iso-box">
          <span data-testid="iso-readout">
            {settings.promptsPerStep} × {settings.rolloutsPerPrompt} × <strong>{settings.steps} steps</strong> = {spent.toLocaleString('en-US')} rollouts
            {spent !== iso.compute ? ` (C = ${iso.compute.toLocaleString('en-US')}, rounded)` : ''}
          </span>
          <span className="field-note">The budget C is set in the strip at the top, in place of K.</span>
        </div>
      )}
    </>
  );
}

/** The schema's groups in display order; a group the list above does not name goes last under its own id. */
function groupsInSpec(): { id: string; title: string }[] {
  const known = new Set<string>(GROUPS.map((g) => g.id));
  const extra = [...new Set(SETTING_KEYS.map((k) => fieldOf(k).group as string))].filter((g) => !known.has(g));
  return [...GROUPS, ...extra.map((id) => ({ id, title: id.charAt(0).toUpperCase() + id.slice(1) }))];
}

/** `exclude`: settings shown elsewhere (the control strip's). */
export const Controls = memo(function Controls({ exclude }: { exclude?: readonly SettingKey[] }) {
  const settings = useStore((s) => s.settings);
  return (
    <div className="controls">
      {groupsInSpec().map((g) => {
        const keys = SETTING_KEYS.filter((k) => fieldOf(k).group === g.id && !exclude?.includes(k));
        if (!keys.length) return null;
        return (
          <fieldset key={g.id} className="control-group">
            <legend>{g.title}</legend>
            {keys.map((k) => renderField(k, settings))}
            {g.id === 'verifier' && <MeasuredRates />}
            {g.id === 'rollouts' && <IsoControls settings={settings} />}
          </fieldset>
        );
      })}
    </div>
  );
});

/** One setting's control, as the panel draws it (the control strip's fields). */
export const Field = memo(function Field({ k }: { k: SettingKey }) {
  const settings = useStore((s) => s.settings);
  return renderField(k, settings);
});

/** Just these settings' controls, in this order (an embed's `controls=`). */
export const SettingFields = memo(function SettingFields({ keys, className }: { keys: readonly SettingKey[]; className?: string }) {
  const settings = useStore((s) => s.settings);
  if (!keys.length) return null;
  return (
    <div className={className ?? 'setting-fields'} data-testid="setting-fields">
      {keys.map((k) => renderField(k, settings))}
    </div>
  );
});
