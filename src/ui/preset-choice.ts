// Choosing a preset, by its button (components/Presets.tsx) or by a link (?preset=<id>,
// main.tsx): a comparison's arms go to the store's arms queue, a single run's settings are
// applied, and a rate-or-fate preset's recorded runs are loaded and pinned. A link queues
// the arms without starting them (autoplay, the Run button or an embed coming into view
// start them), and the settings it names beside the preset override the preset's, which a
// notice says.
import { describeIssues, type PresetLink } from './share';
import { overrideLines, presetArmsChecked, presetById, type Preset, type PresetOverrides } from './presets';
import { presetRecord } from './recorded-runs';
import { useStore } from './store';

/** Choose `p`: its arms with `overrides` on top; `start: false` queues them without starting a run. */
export function choosePreset(p: Preset, opts: { overrides?: PresetOverrides; start?: boolean } = {}): void {
  const overrides = opts.overrides ?? {};
  const start = opts.start ?? true;
  const { settings, applySettings, runArms, addNotice } = useStore.getState();
  const { arms, issues } = presetArmsChecked(p, settings.backend, overrides);
  if (arms.length > 1) runArms(p.id, arms, p.iso ?? false, { overrides, start });
  else applySettings(arms[0].settings, p.id, p.iso ?? false, { overrides, restart: start });
  if (issues.length) addNotice('warning', `Not used on the arms of “${p.name}” (their own values kept):`, describeIssues(issues));
  if (p.recorded) void openRecorded(p);
}

/** Open the preset a link names: chosen, its arms queued, the link's settings on top and named in a notice. */
export function openPresetLink(link: PresetLink): void {
  const p = presetById(link.id);
  if (!p) return; // share.ts reported it; the page keeps the defaults
  choosePreset(p, { overrides: link.overrides, start: false });
  const lines = overrideLines(p, link.overrides);
  if (lines.length) useStore.getState().addNotice('info', `Preset “${p.name}”: settings in this link override the preset's`, lines);
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
