// Notices (ignored link settings, copy confirmations) and the run error banner. All
// text is rendered as React text nodes; nothing here is ever treated as HTML.
import { useStore } from '../store';

export function Notices({ compact = false }: { compact?: boolean }) {
  const notices = useStore((s) => s.notices);
  const dismiss = useStore((s) => s.dismissNotice);
  if (!notices.length) return null;
  if (compact) {
    return (
      <div className="notices notices-compact" aria-live="polite">
        {notices.map((n) => (
          <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notice"
            title={n.lines.join('\n')}>
            <span className="notice-line"><strong>{n.title}</strong> {n.lines.join('; ')}</span>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => dismiss(n.id)} aria-label={`Dismiss: ${n.title}`}>✕</button>
          </div>
        ))}
      </div>
    );
  }
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <div className="notice-body">
            <strong>{n.title}</strong>
            {n.lines.length > 0 && (
              <ul>
                {n.lines.map((l, i) => <li key={i}>{l}</li>)}
              </ul>
            )}
          </div>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => dismiss(n.id)} aria-label={`Dismiss: ${n.title}`}>✕</button>
        </div>
      ))}
    </div>
  );
}

export function RunError({ compact = false }: { compact?: boolean }) {
  const live = useStore((s) => s.live);
  const start = useStore((s) => s.start);
  if (!live || (live.status !== 'error' && live.status !== 'crashed')) return null;
  const kept = live.steps.length + live.evals.length;
  return (
    <div className="notice notice-error run-error" role="alert" data-testid="run-error">
      <div className="notice-body">
        <strong>{live.status === 'crashed' ? 'The training worker stopped.' : 'Training stopped with an error.'}</strong>
        <p>{live.error}</p>
        {!compact && <p className="muted">{kept > 0 ? `The ${kept} ${kept === 1 ? 'record' : 'records'} already streamed ${kept === 1 ? 'is' : 'are'} kept below and can still be exported.` : 'No records were produced.'}</p>}
      </div>
      <button type="button" className="btn btn-primary" onClick={start}>Restart run</button>
    </div>
  );
}
