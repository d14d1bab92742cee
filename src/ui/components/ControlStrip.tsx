// The control strip at the top of the playground, in every layout: the verifier's error
// rates (FN, FP), the rollouts per prompt K (the compute budget C in iso-compute mode), the
// number of seeds, Youden's J, Run/Pause/Reset, and "More settings", which opens the side
// panel with everything else. The panel leaves out what the strip shows (stripKeys).
import type { SettingKey } from '../../engine/settings';
import { useStore } from '../store';
import { Field, IsoBudget } from './Controls';
import { RunButtons } from './RunControls';
import { YoudenJ } from './YoudenJ';

/** The settings in the strip, in its order: K gives way to the budget C while iso-compute mode is on. */
export function stripKeys(iso: boolean): SettingKey[] {
  return iso ? ['fnRate', 'fpRate', 'seeds'] : ['fnRate', 'fpRate', 'rolloutsPerPrompt', 'seeds'];
}

export const SETTINGS_PANEL_ID = 'settings-panel';

export function ControlStrip({ moreOpen, onMore }: { moreOpen: boolean; onMore(): void }) {
  const iso = useStore((s) => s.iso.on);
  const [fn, fp, ...rest] = stripKeys(iso);
  return (
    <section className="strip" aria-label="Main controls" data-testid="control-strip">
      <div className="strip-fields">
        <Field k={fn} />
        <Field k={fp} />
        {iso && <IsoBudget />}
        {rest.map((k) => <Field key={k} k={k} />)}
      </div>
      <YoudenJ />
      <div className="strip-actions">
        <RunButtons />
        <button type="button" className="btn btn-more" data-testid="more-settings" aria-expanded={moreOpen} aria-controls={SETTINGS_PANEL_ID} onClick={onMore}>
          More settings <span aria-hidden="true">{moreOpen ? '▴' : '▾'}</span>
        </button>
      </div>
    </section>
  );
}
