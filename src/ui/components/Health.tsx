// Training health notices for the live run, the thresholds panel (view options), and the
// verdict under the pass@1 / pass@k chart. The rules are in ../health.ts.
import { useMemo } from 'react';
import { HEALTH_LIMITS, healthSigns, passVerdict, type HealthThresholds } from '../health';
import { useStore } from '../store';

const KEYS = Object.keys(HEALTH_LIMITS) as (keyof HealthThresholds)[];

function Thresholds() {
  const health = useStore((s) => s.health);
  const setHealth = useStore((s) => s.setHealth);
  return (
    <details className="health-thresholds" data-testid="health-thresholds">
      <summary>Health thresholds</summary>
      <div className="health-fields">
        {KEYS.map((k) => {
          const l = HEALTH_LIMITS[k];
          return (
            <label key={k} className="mini-field" htmlFor={`health-${k}`}>
              <span>{l.label} <small>({l.unit})</small></span>
              <input id={`health-${k}`} data-testid={`health-${k}`} type="number" min={l.min} max={l.max} step={l.step} value={health[k]}
                onChange={(e) => { const v = Number(e.currentTarget.value); if (e.currentTarget.value !== '' && Number.isFinite(v)) setHealth({ [k]: v }); }} />
            </label>
          );
        })}
      </div>
      <p className="mini-help">View options: they change what is flagged, never a run or its link.</p>
    </details>
  );
}

export function HealthPanel() {
  const steps = useStore((s) => s.live?.steps);
  const evals = useStore((s) => s.live?.evals);
  const health = useStore((s) => s.health);
  const ks = useStore((s) => s.passKs);
  const signs = useMemo(() => (steps && evals ? healthSigns({ steps, evals }, health, ks) : []), [steps, evals, health, ks]);
  const started = !!steps && steps.length > 0;
  return (
    <div className="health" data-testid="health" data-signs={signs.map((s) => s.id).join(',')}>
      {signs.map((s) => (
        <div key={s.id} className="notice notice-warning health-notice" role="status" data-testid="health-notice" data-sign={s.id}>
          <div className="notice-body"><strong>{s.title}</strong> <span>{s.detail}</span></div>
        </div>
      ))}
      <div className="health-row">
        {started && signs.length === 0 && (
          <span className="health-ok" data-testid="health-ok">
            Training health: no warning signs in this run so far{steps.length < health.window ? ` (step signs need ${health.window} steps)` : ''}.
          </span>
        )}
        <Thresholds />
      </div>
    </div>
  );
}

/** The verdict on the live run's evaluations, shown under the pass@1 / pass@k chart. */
export function PassVerdict() {
  const evals = useStore((s) => s.live?.evals);
  const health = useStore((s) => s.health);
  const ks = useStore((s) => s.passKs);
  const v = useMemo(() => (evals ? passVerdict(evals, health, ks) : null), [evals, health, ks]);
  if (!evals || evals.length === 0) return null;
  if (!v) return <p className="verdict verdict-none" data-testid="pass-verdict" data-kind="pending">Verdict after the next evaluation (it compares with step 0).</p>;
  return (
    <p className={`verdict verdict-${v.kind}`} data-testid="pass-verdict" data-kind={v.kind} title={v.sentence}>
      <strong>{v.label}.</strong> {v.sentence.slice(v.label.length + 2)}
    </p>
  );
}
