// Which runs are on the charts (live, previous, pinned), the pin button, and chart options.
import { importedLabel, useArmRuns, useStore, hasData, MAX_PINS } from '../store';
import { MAX_SMOOTHING } from '../charts/smoothing';
import { ImportError, MAX_IMPORT_BYTES, parseRunFile } from '../import';

/** Read a run exported earlier (the JSON export, or npm run train's JSON) and pin it. */
async function importFile(file: File): Promise<void> {
  const { addNotice, pinImported } = useStore.getState();
  const name = file.name.replace(/\.json$/i, '').slice(0, 40) || 'run';
  try {
    if (file.size > MAX_IMPORT_BYTES) throw new ImportError(`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    const run = parseRunFile(await file.text());
    pinImported(run, importedLabel(name, run.settings));
    if (run.issues.length) addNotice('warning', `Imported ${name} with defaults for some settings`, run.issues.slice(0, 8));
  } catch (e) {
    addNotice('error', 'Could not import the run', [e instanceof ImportError ? `${file.name.slice(0, 60)}: ${e.message}` : `${file.name.slice(0, 60)}: ${(e as Error).message}`]);
  }
}

export function ChartOptions() {
  const xAxis = useStore((s) => s.xAxis);
  const setXAxis = useStore((s) => s.setXAxis);
  const passKs = useStore((s) => s.passKs);
  const toggle = useStore((s) => s.togglePassK);
  const n = useStore((s) => s.settings.evalSamples);
  const choices = [2, 4, 8, 16, 32].filter((k) => k < n).concat(n > 1 ? [n] : []);
  const smoothing = useStore((s) => s.smoothing);
  const setSmoothing = useStore((s) => s.setSmoothing);
  const showSeeds = useStore((s) => s.showSeeds);
  const setShowSeeds = useStore((s) => s.setShowSeeds);
  return (
    <div className="chart-options">
      <div className="segmented" role="group" aria-label="x-axis">
        <span className="opt-label">x-axis</span>
        {(['step', 'rollouts'] as const).map((x) => (
          <button key={x} type="button" className={`seg${xAxis === x ? ' seg-on' : ''}`} aria-pressed={xAxis === x}
            data-testid={`xaxis-${x}`} onClick={() => setXAxis(x)}>
            {x === 'step' ? 'training step' : 'rollouts spent'}
          </button>
        ))}
      </div>
      <div className="segmented" role="group" aria-label="pass@k curves">
        <span className="opt-label">pass@k</span>
        {choices.map((k) => (
          <button key={k} type="button" className={`seg${passKs.includes(k) ? ' seg-on' : ''}`} aria-pressed={passKs.includes(k)}
            data-testid={`passk-${k}`} onClick={() => toggle(k)}>
            k={k}
          </button>
        ))}
      </div>
      <div className="opt-smoothing" title="Exponential moving average of the step charts (reward, zero-spread groups, entropy, KL), debiased as in TensorBoard; the raw values stay faint behind. A view option: it does not change the run.">
        <label htmlFor="view-smoothing" className="opt-label">smoothing</label>
        <input id="view-smoothing" type="range" min={0} max={MAX_SMOOTHING} step={0.01} value={smoothing} data-testid="smoothing"
          aria-valuetext={smoothing.toFixed(2)} onChange={(e) => setSmoothing(Number(e.currentTarget.value))} />
        <output htmlFor="view-smoothing" className="opt-value">{smoothing.toFixed(2)}</output>
      </div>
      <label className="opt-check" title="Draw each seed of a multi-seed run as a thin line under the mean">
        <input type="checkbox" checked={showSeeds} data-testid="show-seeds" onChange={(e) => setShowSeeds(e.currentTarget.checked)} />
        Show each seed
      </label>
    </div>
  );
}

export function RunsBar() {
  const live = useStore((s) => s.live);
  const ghost = useStore((s) => s.ghost);
  const pinned = useStore((s) => s.pinned);
  const armRuns = useArmRuns();
  const { pinLive, unpin, clearGhost } = useStore.getState();
  return (
    <div className="runs-bar" aria-label="Runs on the charts">
      {live && (
        <span className="run-chip run-live" title={live.label}>
          <span className="chip-line" /> this run: {live.label}
        </span>
      )}
      {ghost && (
        <span className="run-chip run-ghost" data-testid="ghost-chip" title={ghost.label}>
          <span className="chip-line chip-faint" /> previous: {ghost.label}
          <button type="button" className="chip-x" onClick={clearGhost} aria-label="Hide the previous run">✕</button>
        </span>
      )}
      {pinned.map((p, i) => (
        <span key={p.id} className="run-chip" data-testid="pinned-chip" title={p.label}>
          <span className="chip-line" style={{ background: p.color }} /> pin {i + 1}: {p.label}
          <button type="button" className="chip-x" onClick={() => unpin(p.id)} aria-label={`Unpin run ${i + 1}`}>✕</button>
        </span>
      ))}
      {armRuns.map((r) => (
        <span key={r.id} className="run-chip" data-testid="arm-chip" title={r.label}>
          <span className="chip-line" style={{ background: r.color }} /> {r.status === 'running' || r.status === 'loading' || r.status === 'paused' ? 'running' : 'stopped'}: {r.label}
        </span>
      ))}
      <button type="button" className="btn btn-small" data-testid="pin-run" onClick={() => pinLive()}
        disabled={!hasData(live)} title={pinned.length >= MAX_PINS ? `At most ${MAX_PINS} pins; the oldest is dropped` : 'Keep this run on the charts'}>
        Pin this run
      </button>
      <label className="btn btn-small btn-file" title={`Pin a run saved earlier with the JSON export (or written by npm run train); at most ${MAX_PINS} pins, the oldest is dropped`}>
        Import run…
        <input type="file" accept=".json,application/json" data-testid="import-run" className="visually-hidden"
          onChange={(e) => {
            const input = e.currentTarget;
            const files = [...(input.files ?? [])];
            input.value = '';
            void files.reduce((p, f) => p.then(() => importFile(f)), Promise.resolve());
          }} multiple />
      </label>
    </div>
  );
}
