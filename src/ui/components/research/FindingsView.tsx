// Findings: one card per finding in src/experiments/findings/, with its guide sentence, the
// contrasting arms, a Run button that runs every arm at the same seeds and budget on the
// worker pool, the arms' held-out pass@1 curves overlaid, and the outcome that the
// finding's own assess() computes from those runs' summaries.
import { useEffect, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FINDINGS } from '../../../experiments/findings';
import { FINDING_BUDGET, holdsText, type ArmSummaries, type Finding } from '../../../experiments/findings/finding';
import { withSeed } from '../../../experiments/findings/runs';
import type { RunSummary } from '../../../experiments/summary';
import { DEFAULT_SETTINGS, type Settings } from '../../../engine/settings';
import { useResearch, type FindingState } from '../../research';
import { useStore } from '../../store';
import { PoolProgress } from './SweepsView';
import RECORD from 'virtual:findings-record';
import { commitText, dateText, staleArms, type FindingsRecord, type RecordedFinding } from '../../findings-record';

const ARM_COLORS = ['#1c64d6', '#e67700', '#c92a2a', '#2f9e44', '#7048e8', '#0c8599', '#495057', '#d6336c'];

export interface FindingBudget {
  steps: number;
  evalEvery: number;
  evalProblems: number;
  evalSamples: number;
  seeds: number;
}

/** The finding's own budget, with more frequent evaluations so the curves have a shape. */
export const DEFAULT_VIEW_BUDGET: FindingBudget = {
  steps: FINDING_BUDGET.steps ?? 80, evalEvery: 10, evalProblems: FINDING_BUDGET.evalProblems ?? 64, evalSamples: FINDING_BUDGET.evalSamples ?? 8, seeds: 1,
};

/**
 * Steps for a finding's arms: the budget's steps, scaled for a finding whose own budget
 * differs from the common one (the iso-compute finding runs 60 steps where the others run
 * 80), so its arms keep their ratios.
 */
export function findingSteps(f: Finding, steps: number): number {
  const common = FINDING_BUDGET.steps ?? 80;
  const own = f.budget.steps ?? common;
  return Math.max(1, Math.round((steps * own) / common));
}

/** assess()'s input: each arm's run summaries (one per seed). */
export function armsOf(st: FindingState): ArmSummaries {
  const out: Record<string, RunSummary[]> = {};
  for (const r of st.runs) if (r.summary) (out[r.arm] ??= []).push(withSeed(r.summary, r.seed));
  return out;
}

/** Mean held-out pass@1 per evaluation step over the seeds of each arm. */
export function armCurves(f: Finding, st: FindingState): { id: string; label: string; points: { step: number; pass1: number }[] }[] {
  return f.arms.map((arm) => {
    const byStep = new Map<number, number[]>();
    for (const r of st.runs) if (r.arm === arm.id) for (const p of r.curve) byStep.set(p.step, [...(byStep.get(p.step) ?? []), p.pass1]);
    const points = [...byStep.entries()].sort((a, b) => a[0] - b[0]).map(([step, xs]) => ({ step, pass1: xs.reduce((a, b) => a + b, 0) / xs.length }));
    return { id: arm.id, label: arm.label, points };
  });
}

function FindingCard({ f, budget }: { f: Finding; budget: FindingBudget }) {
  const st = useResearch((s) => s.findings[f.id]);
  const active = useResearch((s) => s.active);
  const run = useResearch((s) => s.runFinding);
  const playground = useStore((s) => s.settings);
  const arms = st ? armsOf(st) : {};
  const complete = !!st && st.status === 'done';
  const outcome = st && st.runs.length ? f.assess(arms) : null;
  const curves = st ? armCurves(f, st) : [];
  const steps = Math.max(1, ...curves.flatMap((c) => c.points.map((p) => p.step)));
  const failed = st?.runs.filter((r) => r.error) ?? [];
  const steps_ = findingSteps(f, budget.steps);
  const start = () => {
    const seeds = Array.from({ length: budget.seeds }, (_, i) => i + 1);
    const b: Partial<Settings> = { steps: steps_, evalEvery: budget.evalEvery, evalProblems: budget.evalProblems, evalSamples: budget.evalSamples };
    run(f, b, seeds, { ...DEFAULT_SETTINGS, ...inherited(playground) });
  };
  const holds = outcome?.holds;
  return (
    <article className="finding-card" data-testid="finding-card" data-finding={f.id} data-status={st?.status ?? 'idle'}>
      <header className="finding-head">
        <h3><span className="finding-num">{f.number}</span> {f.title}</h3>
        <button type="button" className="btn btn-primary btn-small" data-testid="finding-run" disabled={!!active} onClick={start}>
          {st?.runs.length ? 'Run again' : 'Run'}
        </button>
      </header>
      <p className="finding-guide">{f.guide}</p>
      {f.id === 'noise-vs-compute' && (
        <p className="mini-help">
          <button type="button" className="btn btn-small" data-testid="open-core-figure" onClick={openCoreFigure}>Core figure in Sweeps: pass@1 vs K, clean and noisy</button>
          {' '}fills in the sweep (K 4, 8, 16, 32 × FN 0, 0.3, 3 seeds, 60 steps) for you to run.
        </p>
      )}
      <p className="mini-help"><strong>Checks:</strong> {f.expectation}. <span data-testid="finding-budget">{f.arms.length} arm{f.arms.length === 1 ? '' : 's'} × {budget.seeds} seed{budget.seeds === 1 ? '' : 's'}, {steps_} steps each.</span></p>
      <ul className="chart-legend" aria-label="Arms">
        {f.arms.map((a, i) => <li key={a.id}><span className="swatch" style={{ background: ARM_COLORS[i % ARM_COLORS.length] }} />{a.label}</li>)}
      </ul>
      <PoolProgress target={f.id} />
      {st && st.runs.length > 0 && (
        <div className="chart-body" style={{ height: 170 }}>
          <ResponsiveContainer width="100%" height="100%" minWidth={100}>
            <LineChart margin={{ top: 8, right: 12, bottom: 2, left: 0 }}>
              <CartesianGrid stroke="#e9ecef" strokeDasharray="3 3" />
              <XAxis type="number" dataKey="step" domain={[0, steps]} tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" allowDecimals={false} />
              <YAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11, fill: '#5c6773' }} stroke="#ced4da" width={42} />
              <Tooltip formatter={(v) => `${(Number(v) * 100).toFixed(1)}%`} labelFormatter={(v) => `step ${String(v)}`} />
              {curves.map((c, i) => (
                <Line key={c.id} data={c.points} dataKey="pass1" name={c.label} stroke={ARM_COLORS[i % ARM_COLORS.length]} strokeWidth={2}
                  dot={c.points.length <= 12 ? { r: 2.5, strokeWidth: 0, fill: ARM_COLORS[i % ARM_COLORS.length] } : false} isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      {st && st.runs.length > 0 && <p className="chart-hint">Held-out pass@1 per arm{st.seeds.length > 1 ? `, mean over ${st.seeds.length} seeds` : ''}.</p>}
      <div className="finding-compare">
        <div data-testid="finding-recorded-col">
          <h4>Recorded by npm run findings</h4>
          <RecordedResult f={f} />
        </div>
        <div data-testid="finding-live-col">
          <h4>Live in this browser</h4>
          {outcome && (
            <div className={`finding-outcome outcome-${holds === true ? 'holds' : holds === false ? 'fails' : 'open'}`} data-testid="finding-outcome"
              data-holds={holds === null || holds === undefined ? 'null' : String(holds)}>
              <span className="outcome-badge">{!complete ? 'partial' : holdsText(holds)}</span>
              <p>{outcome.sentence}</p>
              <p className="mini-help">
                Computed by the finding's assess() from {st!.runs.filter((r) => r.summary).length} run{st!.runs.length === 1 ? '' : 's'}: seeds {st!.seeds.join(', ')}, {String(st!.budget.steps)} steps,
                {' '}{String(st!.budget.evalProblems)} held-out problems × {String(st!.budget.evalSamples)} samples{st?.savedAt ? `; ${new Date(st.savedAt).toLocaleString()}` : ''}.
                {failed.length > 0 && ` ${failed.length} run${failed.length === 1 ? '' : 's'} failed: ${failed[0].error}`}
              </p>
            </div>
          )}
          {!outcome && <p className="mini-help" data-testid="finding-live-empty">Not run here yet: Run reproduces it in this browser at the budget above.</p>}
        </div>
      </div>
    </article>
  );
}

/** The finding's result as recorded in results/findings.json when the page was built. */
export function RecordedResult({ f, record = RECORD }: { f: Pick<Finding, 'id' | 'arms'>; record?: FindingsRecord | null }) {
  const r: RecordedFinding | undefined = record?.findings.find((x) => x.id === f.id);
  if (!record || !r) {
    return <p className="mini-help" data-testid="finding-recorded" data-recorded="none">No recorded result: results/findings.json {record ? 'has no entry for this finding' : 'was not there when the page was built'}.</p>;
  }
  const seeds = record.seeds.length;
  return (
    <div className={`finding-record outcome-${r.holds === true ? 'holds' : r.holds === false ? 'fails' : 'open'}`} data-testid="finding-recorded"
      data-holds={r.holds === null ? 'null' : String(r.holds)} data-commit={record.commit ?? ''}>
      <span className="outcome-badge">{holdsText(r.holds)}</span>
      <p data-testid="finding-recorded-sentence">{r.sentence}</p>
      <p className="mini-help" data-testid="finding-recorded-meta">
        {r.runs} run{r.runs === 1 ? '' : 's'}: {seeds} seed{seeds === 1 ? '' : 's'} ({record.seeds.join(', ')})
        {r.steps !== null ? `, ${r.steps} steps` : ''}{r.evalProblems !== null ? `, ${r.evalProblems} held-out problems` : ''}{r.evalSamples !== null ? ` × ${r.evalSamples} samples` : ''}
        {r.failed ? `, ${r.failed} failed` : ''}. Recorded {dateText(record)}, {commitText(record)}.
      </p>
      {staleArms(r, f.arms.map((a) => a.id)) && (
        <p className="mini-help" data-testid="finding-recorded-stale">
          Recorded for an earlier definition of this finding ({r.arms.length} arm{r.arms.length === 1 ? '' : 's'}; it has {f.arms.length} now): run npm run findings again to update it.
        </p>
      )}
    </div>
  );
}

/** Open the Sweeps view with the core figure's sweep filled in (App follows the hash). */
function openCoreFigure() {
  useResearch.getState().requestQuick('core');
  window.location.hash = 'sweeps';
}

/** The playground's settings that findings inherit: only the backend; everything else is the finding's. */
function inherited(s: Settings): Partial<Settings> {
  return { backend: s.backend };
}

function BudgetInput({ id, label, value, min, max, onChange }: { id: string; label: string; value: number; min: number; max: number; onChange(v: number): void }) {
  return (
    <label className="mini-field" htmlFor={id}>
      <span>{label}</span>
      <input id={id} type="number" min={min} max={max} value={value} data-testid={id}
        onChange={(e) => { const n = Math.round(Number(e.currentTarget.value)); if (Number.isFinite(n)) onChange(Math.max(min, Math.min(max, n))); }} />
    </label>
  );
}

export function FindingsView() {
  const init = useResearch((s) => s.init);
  const ready = useResearch((s) => s.ready);
  const persistent = useResearch((s) => s.persistent);
  const error = useResearch((s) => s.error);
  const [budget, setBudget] = useState<FindingBudget>(DEFAULT_VIEW_BUDGET);
  useEffect(() => { void init(); }, [init]);
  const set = (p: Partial<FindingBudget>) => setBudget((b) => ({ ...b, ...p }));
  return (
    <div className="findings-view" data-testid="findings-view" data-ready={ready}>
      <div className="findings-intro">
        <div>
          <h2>Findings</h2>
          <p className="mini-help">Each card runs its contrasting configurations side by side at the same seeds and budget, in a pool of workers, and states what the runs show.
            Next to each result recorded by npm run findings (computed by the same assess() from those runs), Run reproduces it here; nothing is written in advance. {ready && !persistent ? 'IndexedDB is unavailable: results last until the page is closed.' : 'Results are kept in this browser.'}</p>
        </div>
        <fieldset className="findings-budget">
          <legend>Budget for every arm</legend>
          <BudgetInput id="finding-steps" label="Steps" value={budget.steps} min={1} max={5000} onChange={(v) => set({ steps: v })} />
          <BudgetInput id="finding-eval-every" label="Eval every" value={budget.evalEvery} min={1} max={500} onChange={(v) => set({ evalEvery: v })} />
          <BudgetInput id="finding-eval-problems" label="Problems" value={budget.evalProblems} min={8} max={500} onChange={(v) => set({ evalProblems: v })} />
          <BudgetInput id="finding-eval-samples" label="Samples" value={budget.evalSamples} min={1} max={32} onChange={(v) => set({ evalSamples: v })} />
          <BudgetInput id="finding-seeds" label="Seeds" value={budget.seeds} min={1} max={5} onChange={(v) => set({ seeds: v })} />
        </fieldset>
      </div>
      {error && <div className="notice notice-error" role="alert"><div className="notice-body">{error}</div></div>}
      <div className="finding-grid">
        {FINDINGS.map((f) => <FindingCard key={f.id} f={f} budget={budget} />)}
      </div>
    </div>
  );
}
