// Sweeps: two axes over any numeric or enum setting, a grid of values, seeds and a step
// budget; the grid runs on the worker pool and lands in IndexedDB job by job. Results:
// a heatmap of a summary field per cell and final pass@1 against compute per noise level
// (or along an iso-compute line).
import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, ErrorBar, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DEFAULT_SETTINGS, SETTING_KEYS, SETTINGS_SPEC, assertValidSettings, describeRange, fieldOf, type SettingKey, type Settings } from '../../../engine/settings';
import { expandGrid, isoComputeLine, parseAxis, type SweepSpec } from '../../../experiments/grid';
import { buildSweepFile, cellsToCsv, sweepToCsv } from '../../../experiments/sweep-file';
import { cellValue } from '../../../experiments/format';
import { download, fileStamp } from '../../export';
import { formatDuration } from '../../../experiments/format';
import type { SavedSweep } from '../../persist';
import { useResearch } from '../../research';
import { describeSettings, useStore } from '../../store';
import { axisCurves, computeCurves, heatFields, heatmap, type HeatField, type LinePlot } from '../../sweep-model';
import { Heatmap } from './Heatmap';

/** Settings that can be an axis: every number and enum except the seed (seeds have their own field) and the backend. */
export const AXIS_KEYS = SETTING_KEYS.filter((k) => k !== 'seed' && k !== 'backend' && fieldOf(k).kind !== 'bool');

const SUGGESTED: Partial<Record<SettingKey, string>> = {
  fnRate: '0,0.1,0.2,0.3', fpRate: '0,0.1,0.2,0.3', randomRate: '0.2,0.35,0.5', assumedFn: '0,0.15,0.3', assumedFp: '0,0.15,0.3',
  rolloutsPerPrompt: '4,8,16', promptsPerStep: '8,16,32', steps: '50,100,200', lr: '0.0001,0.0003,0.001', klBeta: '0,0.02,0.1',
  temperature: '0.7,1,1.3', entropyBonus: '0,0.01', digits: '1,2', updatesPerBatch: '1,2', clipEps: '0.1,0.2,0.4',
};

export function suggestedValues(k: SettingKey): string {
  const f = fieldOf(k);
  if (SUGGESTED[k]) return SUGGESTED[k]!;
  if (f.kind === 'enum') return f.options.join(',');
  if (f.kind === 'bool') return 'false,true';
  return `${f.min},${f.default},${f.max}`;
}

interface Form {
  a1: SettingKey;
  v1: string;
  a2: SettingKey | '';
  v2: string;
  seeds: number;
  steps: number;
  evalEvery: number;
  evalProblems: number;
  evalSamples: number;
  iso: boolean;
  isoCompute: number;
  isoHold: 'prompts' | 'steps';
  /** Other settings from the defaults (keeping the backend) instead of the playground's. */
  defaults: boolean;
}

/**
 * The study's core figure: final held-out pass@1 against rollouts per prompt K, clean and
 * FN 0.3, 3 seeds, 60 steps at the default settings otherwise.
 */
export const CORE_FIGURE: Partial<Form> = {
  a1: 'rolloutsPerPrompt', v1: '4,8,16,32', a2: 'fnRate', v2: '0,0.3', seeds: 3, steps: 60, evalEvery: 60, evalProblems: 64, evalSamples: 8, iso: false, defaults: true,
};

const QUICK: { id: string; name: string; form: Partial<Form> }[] = [
  { id: 'core', name: 'Core figure: pass@1 vs K, clean and noisy', form: CORE_FIGURE },
  { id: 'fn-fp', name: 'FN × FP', form: { a1: 'fnRate', v1: '0,0.15,0.3', a2: 'fpRate', v2: '0,0.15,0.3', iso: false } },
  { id: 'noise-k', name: 'Noise × rollouts (K)', form: { a1: 'fnRate', v1: '0,0.15,0.3', a2: 'rolloutsPerPrompt', v2: '4,8,16', iso: false } },
  { id: 'verifier-fn', name: 'Verifier × FN', form: { a1: 'verifier', v1: 'noisy,sysFn7,sysFpOffByOne', a2: 'fnRate', v2: '0,0.3', iso: false } },
  { id: 'iso', name: 'Iso-compute line', form: { a1: 'rolloutsPerPrompt', v1: '2,4,8,16', a2: 'fnRate', v2: '0,0.3', iso: true, isoCompute: 12800, isoHold: 'prompts' } },
];

const INITIAL: Form = {
  a1: 'fnRate', v1: '0,0.15,0.3', a2: 'rolloutsPerPrompt', v2: '4,8,16', seeds: 1, steps: 60, evalEvery: 20, evalProblems: 32, evalSamples: 8,
  iso: false, isoCompute: 12800, isoHold: 'prompts', defaults: false,
};

function buildSpec(form: Form, playground: Settings): { spec: SweepSpec | null; jobs: number; error: string | null; iso: string | null } {
  try {
    const axes = [parseAxis(`${form.a1}=${form.v1}`)];
    if (form.a2) axes.push(parseAxis(`${form.a2}=${form.v2}`));
    const from = form.defaults ? { ...DEFAULT_SETTINGS, backend: playground.backend } : playground;
    const base = assertValidSettings({ ...from, steps: form.steps, evalEvery: form.evalEvery, evalProblems: form.evalProblems, evalSamples: form.evalSamples });
    const seeds = Array.from({ length: form.seeds }, (_, i) => base.seed + i);
    let iso: string | null = null;
    const spec: SweepSpec = { axes, seeds, base };
    if (form.iso) {
      spec.iso = { compute: form.isoCompute, hold: form.isoHold };
      const kAxis = axes.find((a) => a.key === 'rolloutsPerPrompt');
      if (!kAxis) throw new Error('An iso-compute line moves along K: make rollouts per prompt (K) one of the axes.');
      const pts = isoComputeLine(base, form.isoCompute, kAxis.values as number[], form.isoHold);
      iso = pts.map((p) => `K=${p.rolloutsPerPrompt}: B=${p.promptsPerStep}, ${p.steps} steps`).join(' · ');
    }
    const jobs = expandGrid(spec).length;
    if (jobs > 400) throw new Error(`${jobs} runs is more than this page will queue (400); use npm run sweep for big grids.`);
    return { spec, jobs, error: null, iso };
  } catch (e) {
    return { spec: null, jobs: 0, error: (e as Error).message.replace(/^--grid /, ''), iso: null };
  }
}

function sweepName(spec: SweepSpec): string {
  const axes = spec.axes.map((a) => a.flag).join(' × ');
  return `${axes}${spec.iso ? ` at C=${spec.iso.compute.toLocaleString('en-US')}` : ''} · ${spec.seeds.length} seed${spec.seeds.length === 1 ? '' : 's'} · ${spec.iso ? 'iso' : `${spec.base.steps} steps`}`;
}

function NumberInput({ id, label, value, min, max, onChange, testId }: { id: string; label: string; value: number; min: number; max: number; onChange(v: number): void; testId?: string }) {
  return (
    <label className="mini-field" htmlFor={id}>
      <span>{label}</span>
      <input id={id} type="number" min={min} max={max} value={value} data-testid={testId}
        onChange={(e) => { const n = Number(e.currentTarget.value); if (Number.isFinite(n)) onChange(n); }} />
    </label>
  );
}

function AxisPicker({ n, axis, values, onAxis, onValues, allowNone }: { n: number; axis: SettingKey | ''; values: string; onAxis(k: SettingKey | ''): void; onValues(v: string): void; allowNone: boolean }) {
  return (
    <div className="axis-picker">
      <label className="mini-field" htmlFor={`axis${n}`}>
        <span>Axis {n}</span>
        <select id={`axis${n}`} value={axis} data-testid={`axis${n}`} onChange={(e) => onAxis(e.currentTarget.value as SettingKey | '')}>
          {allowNone && <option value="">none (one axis)</option>}
          {AXIS_KEYS.map((k) => <option key={k} value={k}>{fieldOf(k).label} ({fieldOf(k).flag})</option>)}
        </select>
      </label>
      {axis && (
        <label className="mini-field" htmlFor={`axis${n}-values`}>
          <span>Values (comma-separated)</span>
          <input id={`axis${n}-values`} type="text" value={values} data-testid={`axis${n}-values`} spellCheck={false} onChange={(e) => onValues(e.currentTarget.value)} />
          <span className="mini-help">{describeRange(axis)}</span>
        </label>
      )}
    </div>
  );
}

function SweepForm() {
  const playground = useStore((s) => s.settings);
  const active = useResearch((s) => s.active);
  const startSweep = useResearch((s) => s.startSweep);
  const quickRequest = useResearch((s) => s.quickRequest);
  const requestQuick = useResearch((s) => s.requestQuick);
  const [form, setForm] = useState<Form>(INITIAL);
  const set = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }));
  // Another view (Findings) asked for a quick pick: fill it in once.
  useEffect(() => {
    const q = quickRequest ? QUICK.find((x) => x.id === quickRequest) : undefined;
    if (!quickRequest) return;
    if (q) setForm((f) => ({ ...f, ...q.form }));
    requestQuick(null);
  }, [quickRequest, requestQuick]);
  const built = useMemo(() => buildSpec(form, playground), [form, playground]);
  const from = form.defaults ? { ...DEFAULT_SETTINGS, backend: playground.backend } : playground;
  const fixed = describeSettings({ ...from, steps: SETTINGS_SPEC.steps.default, evalEvery: SETTINGS_SPEC.evalEvery.default, evalProblems: SETTINGS_SPEC.evalProblems.default, evalSamples: SETTINGS_SPEC.evalSamples.default, seed: SETTINGS_SPEC.seed.default });
  return (
    <form className="sweep-form" onSubmit={(e) => { e.preventDefault(); if (built.spec) void startSweep(built.spec, sweepName(built.spec)); }}>
      <h2>New sweep</h2>
      <div className="preset-list">
        {QUICK.map((q) => (
          <button key={q.id} type="button" className="preset" data-quick={q.id} onClick={() => set({ defaults: false, ...q.form })}>{q.name}</button>
        ))}
      </div>
      <AxisPicker n={1} axis={form.a1} values={form.v1} allowNone={false}
        onAxis={(k) => k && set({ a1: k, v1: suggestedValues(k) })} onValues={(v) => set({ v1: v })} />
      <AxisPicker n={2} axis={form.a2} values={form.v2} allowNone
        onAxis={(k) => set({ a2: k, v2: k ? suggestedValues(k) : '' })} onValues={(v) => set({ v2: v })} />
      <div className="mini-row">
        <NumberInput id="sweep-seeds" label="Seeds" value={form.seeds} min={1} max={10} onChange={(v) => set({ seeds: Math.max(1, Math.min(10, Math.round(v))) })} testId="sweep-seeds" />
        <NumberInput id="sweep-steps" label="Steps" value={form.steps} min={1} max={5000} onChange={(v) => set({ steps: Math.round(v) })} testId="sweep-steps" />
        <NumberInput id="sweep-eval-every" label="Eval every" value={form.evalEvery} min={1} max={500} onChange={(v) => set({ evalEvery: Math.round(v) })} testId="sweep-eval-every" />
      </div>
      <div className="mini-row">
        <NumberInput id="sweep-eval-problems" label="Eval problems" value={form.evalProblems} min={8} max={500} onChange={(v) => set({ evalProblems: Math.round(v) })} testId="sweep-eval-problems" />
        <NumberInput id="sweep-eval-samples" label="Samples (n)" value={form.evalSamples} min={1} max={32} onChange={(v) => set({ evalSamples: Math.round(v) })} testId="sweep-eval-samples" />
      </div>
      <div className="field field-check">
        <input id="sweep-iso" type="checkbox" checked={form.iso} onChange={(e) => set({ iso: e.currentTarget.checked })} />
        <label htmlFor="sweep-iso">Iso-compute line: fix C = B × K × steps</label>
      </div>
      {form.iso && (
        <div className="mini-col">
          <NumberInput id="sweep-iso-c" label="Budget C (rollouts)" value={form.isoCompute} min={1} max={10_000_000} onChange={(v) => set({ isoCompute: Math.round(v) })} />
          <label className="mini-field" htmlFor="sweep-iso-hold">
            <span>Derive</span>
            <select id="sweep-iso-hold" value={form.isoHold} onChange={(e) => set({ isoHold: e.currentTarget.value as Form['isoHold'] })}>
              <option value="prompts">the steps, holding B = {playground.promptsPerStep} prompts per step</option>
              <option value="steps">the prompts per step B, holding {form.steps} steps</option>
            </select>
          </label>
        </div>
      )}
      {built.iso && <p className="mini-help" data-testid="iso-preview">Along the line: {built.iso}</p>}
      <div className="field field-check">
        <input id="sweep-defaults" type="checkbox" checked={form.defaults} data-testid="sweep-defaults" onChange={(e) => set({ defaults: e.currentTarget.checked })} />
        <label htmlFor="sweep-defaults">Other settings from the defaults, not the playground</label>
      </div>
      <p className="mini-help" data-testid="sweep-fixed">Other settings come from {form.defaults ? 'the defaults' : 'the playground'}: {fixed}.</p>
      {built.error ? <p className="field-error" role="alert" data-testid="sweep-error">{built.error}</p>
        : <p className="mini-help" data-testid="sweep-jobs">{built.jobs} run{built.jobs === 1 ? '' : 's'}.</p>}
      <button type="submit" className="btn btn-primary" data-testid="sweep-run" disabled={!built.spec || !!active}>Run sweep</button>
    </form>
  );
}

function SavedList() {
  const sweeps = useResearch((s) => s.sweeps);
  const selected = useResearch((s) => s.selected);
  const select = useResearch((s) => s.select);
  if (!sweeps.length) return null;
  return (
    <section className="saved-list" aria-label="Saved sweeps">
      <h2>Saved sweeps</h2>
      <ul>
        {sweeps.map((s) => (
          <li key={s.id}>
            <button type="button" className={`saved-item${s.id === selected ? ' saved-on' : ''}`} aria-pressed={s.id === selected} onClick={() => select(s.id)}>
              <span className="saved-name">{s.name}</span>
              <span className="saved-meta">{new Date(s.createdAt).toLocaleString()} · {s.results.filter((r) => r.summary).length}/{s.total} · {s.status}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PoolProgress({ target }: { target: string }) {
  const active = useResearch((s) => s.active);
  const cancel = useResearch((s) => s.cancel);
  if (!active || active.target !== target) return null;
  const frac = active.stepsTotal ? active.stepsDone / active.stepsTotal : 0;
  return (
    <div className="pool-progress" data-testid="pool-progress">
      <div className="progress-text">
        <span>{active.done} / {active.total} runs{active.failed ? ` (${active.failed} failed)` : ''} · {active.workers} worker{active.workers === 1 ? '' : 's'}</span>
        <span>{active.etaMs !== null ? `${formatDuration(active.etaMs)} left` : 'starting…'}</span>
      </div>
      <div className="pool-bar-row">
        <div className="progress" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(frac * 100)}>
          <div className="progress-fill" style={{ width: `${frac * 100}%` }} />
        </div>
        <button type="button" className="btn btn-small" data-testid="pool-cancel" onClick={cancel}>Cancel</button>
      </div>
    </div>
  );
}

const LINE_COLORS = ['#1c64d6', '#e67700', '#c92a2a', '#2f9e44', '#7048e8', '#0c8599', '#495057'];

function compactNum(v: number): string {
  if (Math.abs(v) >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (Math.abs(v) >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

function CurvesChart({ sweep }: { sweep: SavedSweep }) {
  const plot = computeCurves(sweep, 'finalPass1');
  const title = plot.xKind === 'axis' ? 'Final held-out pass@1 along the iso-compute line' : 'Final held-out pass@1 against compute';
  const hint = plot.note ?? (plot.xKind === 'axis'
    ? 'Same sampling budget at every point: more rollouts per problem to the right, more problems (or steps) to the left.'
    : 'If the noisy lines stay below the clean one as rollouts grow, compute does not close the gap the verifier opens.');
  return <LinePlotCard plot={plot} title={title} hint={hint} testId="compute-curves" />;
}

/** Final pass@1 against K itself (log2 axis), one line per level of the other axis: the core figure. */
function KCurvesChart({ sweep }: { sweep: SavedSweep }) {
  const plot = axisCurves(sweep, 'rolloutsPerPrompt', 'finalPass1');
  if (!plot) return null;
  return (
    <LinePlotCard plot={plot} title="Final held-out pass@1 against rollouts per prompt K" testId="k-curves" xName="K"
      hint={`Each point is ${sweep.spec.base.steps} steps of ${sweep.spec.base.promptsPerStep} prompts; K doubles to the right, and so do the rollouts spent. A noisy line that stays below the clean one at every K is a gap compute did not close.`} />
  );
}

function LinePlotCard({ plot, title, hint, testId, xName }: { plot: LinePlot; title: string; hint: string; testId: string; xName?: string }) {
  const xs = plot.series.flatMap((s) => s.points.map((p) => p.x));
  const withSe = plot.series.some((s) => s.points.some((p) => p.se !== null));
  const xWord = xName ?? (plot.xKind === 'axis' ? 'K' : 'rollouts');
  return (
    <section className="chart-card" data-testid={testId} aria-label={title}>
      <header className="chart-head"><h3>{title}</h3></header>
      <ul className="chart-legend" aria-label="Series">
        {plot.series.map((s, i) => <li key={s.name}><span className="swatch" style={{ background: LINE_COLORS[i % LINE_COLORS.length] }} />{s.name}</li>)}
      </ul>
      <div className="chart-body" style={{ height: 240 }}>
        {!xs.length && <div className="chart-empty">Waiting for the first finished run…</div>}
        <ResponsiveContainer width="100%" height="100%" minWidth={100}>
          <LineChart margin={{ top: 8, right: 16, bottom: 18, left: 0 }}>
            <CartesianGrid stroke="#e9ecef" strokeDasharray="3 3" />
            <XAxis type="number" dataKey="x" domain={xs.length ? ['dataMin', 'dataMax'] : [0, 1]} scale={plot.xKind === 'axis' ? 'log' : 'auto'}
              ticks={[...new Set(xs)].sort((a, b) => a - b)}
              tickFormatter={compactNum} tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da"
              label={{ value: plot.xLabel, position: 'insideBottom', offset: -10, fontSize: 11, fill: '#5c6773' }} />
            <YAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
              tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" width={42} />
            <Tooltip formatter={(v) => cellValue(Number(v), true)} labelFormatter={(v) => `${xWord} ${compactNum(Number(v))}`} />
            {plot.series.map((s, i) => (
              <Line key={s.name} data={s.points.map((p) => ({ ...p, err: p.se ?? 0 }))} dataKey="y" name={s.name} stroke={LINE_COLORS[i % LINE_COLORS.length]} strokeWidth={2}
                dot={{ r: 3.5, strokeWidth: 0, fill: LINE_COLORS[i % LINE_COLORS.length] }} isAnimationActive={false}>
                {withSe && <ErrorBar dataKey="err" direction="y" width={5} strokeWidth={1.2} stroke={LINE_COLORS[i % LINE_COLORS.length]} />}
              </Line>
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="chart-hint">
        {hint}
        {withSe ? ' Bars: ± one standard error over seeds.' : ''}
      </p>
    </section>
  );
}

function SweepResults({ sweep }: { sweep: SavedSweep }) {
  const [field, setField] = useState<HeatField>('finalPass1');
  const active = useResearch((s) => s.active);
  const resume = useResearch((s) => s.resumeSweep);
  const remove = useResearch((s) => s.removeSweep);
  const fields = heatFields(sweep);
  const def = fields.find((h) => h.field === field) ?? fields[0];
  const model = heatmap(sweep, def.field);
  const finished = sweep.results.filter((r) => r.summary).length;
  const running = active?.target === sweep.id;
  const file = () => buildSweepFile(sweep.spec, sweep.results.map(({ curve: _c, ...r }) => r));
  return (
    <div className="sweep-results" data-testid="sweep-results" data-sweep={sweep.id} data-finished={finished} data-total={sweep.total} data-status={running ? 'running' : sweep.status}>
      <div className="toolbar">
        <div>
          <h2 className="results-title">{sweep.name}</h2>
          <p className="mini-help">{finished} of {sweep.total} runs finished · {running ? 'running' : sweep.status} · base pass@1 {cellValue(model.cells.flat().find((c) => c?.basePass1 != null)?.basePass1 ?? null, true)}</p>
        </div>
        <div className="toolbar-right">
          {!running && finished < sweep.total && <button type="button" className="btn" disabled={!!active} onClick={() => void resume(sweep.id)} data-testid="sweep-resume">Resume</button>}
          <button type="button" className="btn" disabled={!finished} onClick={() => download(`rlvr-sweep-${fileStamp()}.json`, new Blob([JSON.stringify(file(), null, 2)], { type: 'application/json' }))}>JSON</button>
          <button type="button" className="btn" disabled={!finished} onClick={() => { const f = file(); download(`rlvr-sweep-${fileStamp()}.csv`, new Blob([sweepToCsv(f)], { type: 'text/csv' })); download(`rlvr-sweep-${fileStamp()}.cells.csv`, new Blob([cellsToCsv(f)], { type: 'text/csv' })); }}>CSV</button>
          <button type="button" className="btn" disabled={running} onClick={() => void remove(sweep.id)}>Delete</button>
        </div>
      </div>
      <PoolProgress target={sweep.id} />
      <div className="heat-options">
        <label className="opt-label" htmlFor="heat-field">Heatmap of</label>
        <select id="heat-field" value={def.field} onChange={(e) => setField(e.currentTarget.value as HeatField)}>
          {fields.map((h) => <option key={h.field} value={h.field}>{h.label}</option>)}
        </select>
        <span className="mini-help">mean over seeds{sweep.spec.seeds.length > 1 ? ' ± standard error' : ''}; colours span the observed range</span>
      </div>
      <div className="sweep-panels">
        <section className="chart-card"><Heatmap model={model} label={def.label} percent={def.percent} /></section>
        {!sweep.spec.iso && sweep.spec.axes.some((a) => a.key === 'rolloutsPerPrompt') ? <KCurvesChart sweep={sweep} /> : null}
        <CurvesChart sweep={sweep} />
      </div>
    </div>
  );
}

export function SweepsView() {
  const init = useResearch((s) => s.init);
  const ready = useResearch((s) => s.ready);
  const persistent = useResearch((s) => s.persistent);
  const reason = useResearch((s) => s.storageReason);
  const dropped = useResearch((s) => s.dropped);
  const error = useResearch((s) => s.error);
  const sweeps = useResearch((s) => s.sweeps);
  const selected = useResearch((s) => s.selected);
  useEffect(() => { void init(); }, [init]);
  const sweep = sweeps.find((s) => s.id === selected) ?? null;
  return (
    <div className="layout" data-testid="sweeps-view" data-ready={ready}>
      <aside className="sidebar" aria-label="Sweep settings">
        <SweepForm />
        <SavedList />
      </aside>
      <main className="main">
        {ready && !persistent && (
          <div className="notice notice-warning" role="status" data-testid="storage-notice">
            <div className="notice-body"><strong>Results are not saved in this browser.</strong><p>IndexedDB is unavailable ({reason}); sweeps last until the page is closed.</p></div>
          </div>
        )}
        {dropped > 0 && <div className="notice" role="status"><div className="notice-body">{dropped} saved result{dropped === 1 ? ' was' : 's were'} unreadable (an older format?) and skipped.</div></div>}
        {error && <div className="notice notice-error" role="alert"><div className="notice-body">{error}</div></div>}
        {sweep ? <SweepResults sweep={sweep} /> : (
          <div className="empty-state">
            <h2>Sweeps</h2>
            <p>Pick two axes and a grid on the left (FN × FP, noise × rollouts per prompt, or an iso-compute line), then Run sweep.
              Runs go to a pool of workers, one per spare core, and are kept in this browser across reloads.</p>
          </div>
        )}
      </main>
    </div>
  );
}
