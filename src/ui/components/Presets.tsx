// Presets named after the findings, each with what to look for.
import { DEFAULT_SETTINGS } from '../../engine/settings';
import { PRESETS, presetById } from '../presets';
import { useStore } from '../store';

export function Presets() {
  const active = useStore((s) => s.activePreset);
  const applySettings = useStore((s) => s.applySettings);
  const preset = active ? presetById(active) : undefined;
  return (
    <section className="presets" aria-label="Presets">
      <h2>Presets</h2>
      <div className="preset-list">
        {PRESETS.map((p) => (
          <button key={p.id} type="button" className={`preset${p.id === active ? ' preset-active' : ''}`} aria-pressed={p.id === active}
            data-preset={p.id}
            onClick={() => applySettings({ ...DEFAULT_SETTINGS, backend: useStore.getState().settings.backend, ...p.settings }, p.id, p.iso ?? false)}>
            {p.name}
          </button>
        ))}
      </div>
      {preset && <p className="preset-look" data-testid="preset-look"><strong>Look for:</strong> {preset.lookFor}</p>}
    </section>
  );
}
