// Run buttons, the backend label, share and export actions. Links and embed code carry a chosen preset.
import { useState } from 'react';
import { buildShareUrl, embedCode } from '../share';
import { download, fileStamp, toCsv, toJson } from '../export';
import { useStore, hasData, presetLinkOf } from '../store';
import type { EmbedView } from '../embed';
import { EmbedPicker } from './EmbedPicker';
import { clearBenchCache } from '../backend-cache';

export function BackendLabel() {
  const live = useStore((s) => s.live);
  const ghost = useStore((s) => s.ghost);
  // While a restarted run loads, the previous run's backend (same choice) is still the one in use.
  const info = live?.backend ?? (ghost && live && ghost.settings.backend === live.settings.backend ? ghost.backend : null);
  let text: string;
  let reason: string;
  if (info) {
    text = info.backend.toUpperCase();
    reason = info.reason;
  } else if (live && live.status === 'loading') {
    text = '…';
    reason = live.loadingText ?? 'Starting';
  } else {
    text = 'not started';
    reason = 'The backend is chosen when a run starts.';
  }
  return (
    <div className="backend" data-testid="backend-label" data-backend={info?.backend ?? ''}>
      <span className="backend-name">Backend: {text}</span>
      <span className="backend-reason" title={reason}>{reason}</span>
      {(info?.how === 'cached' || info?.how === 'measured') && live && live.status !== 'loading' && (
        <button
          type="button"
          className="backend-remeasure"
          data-testid="backend-remeasure"
          title="Forget the saved speed figures and time each backend again (restarts the run)"
          onClick={() => { clearBenchCache(); useStore.getState().start(); }}
        >
          Measure again
        </button>
      )}
    </div>
  );
}

export function RunButtons() {
  const status = useStore((s) => s.live?.status ?? 'idle');
  const { start, pause, resume, reset } = useStore.getState();
  const primary =
    status === 'running' || status === 'loading'
      ? { label: 'Pause', action: pause, disabled: status === 'loading' }
      : status === 'paused'
        ? { label: 'Resume', action: resume, disabled: false }
        : { label: status === 'idle' ? 'Run' : 'Run again', action: start, disabled: false };
  return (
    <div className="run-buttons">
      <button type="button" className="btn btn-primary" data-testid="run-toggle" onClick={primary.action} disabled={primary.disabled}>
        {primary.label}
      </button>
      <button type="button" className="btn" data-testid="reset" onClick={reset} disabled={status === 'idle'}>Reset</button>
      <span className={`status-pill status-${status}`} data-testid="run-status">{status}</span>
    </div>
  );
}

function copyText(text: string): Promise<boolean> {
  if (!navigator.clipboard?.writeText) return Promise.resolve(false);
  return navigator.clipboard.writeText(text).then(() => true, () => false);
}

/**
 * "Copy link" and "Copy embed code"; the text is also shown in a read-only box in case the clipboard is blocked.
 * In the playground "Copy embed code" opens the picker (controls, charts, preview); inside an
 * embed (`embedView` given) it copies the code of this embed as it is.
 */
export function ShareButtons({ showLink = true, embedView }: { showLink?: boolean; embedView?: Partial<EmbedView> }) {
  const [shown, setShown] = useState<{ kind: 'link' | 'embed'; text: string; copied: boolean } | null>(null);
  const [picking, setPicking] = useState(false);
  const pageUrl = () => {
    const u = new URL(window.location.href);
    u.search = '';
    return u.href;
  };
  const copy = async (kind: 'link' | 'embed') => {
    const state = useStore.getState();
    // A chosen preset travels as ?preset=<id> (with the settings a link set on top of it).
    const preset = presetLinkOf(state);
    const text = kind === 'link' ? buildShareUrl(pageUrl(), state.settings, {}, preset) : embedCode(pageUrl(), state.settings, false, embedView, preset);
    setShown({ kind, text, copied: false });
    const ok = await copyText(text);
    setShown({ kind, text, copied: ok });
  };
  return (
    <div className="share">
      {showLink && <button type="button" className="btn" data-testid="copy-link" onClick={() => { setPicking(false); void copy('link'); }}>Copy link</button>}
      <button type="button" className="btn" data-testid="copy-embed" aria-expanded={embedView ? undefined : picking}
        onClick={() => { if (embedView) void copy('embed'); else { setShown(null); setPicking((p) => !p); } }}>Copy embed code</button>
      {picking && !embedView && <EmbedPicker onClose={() => setPicking(false)} />}
      {shown && (
        <div className="share-box" role="status">
          <label>
            <span>{shown.copied ? 'Copied to the clipboard:' : 'Copy this:'}</span>
            <input readOnly value={shown.text} data-testid={`share-${shown.kind}`} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setShown(null)} aria-label="Close">✕</button>
        </div>
      )}
    </div>
  );
}

export function ExportButtons() {
  const live = useStore((s) => s.live);
  const disabled = !hasData(live);
  const exportAs = (kind: 'csv' | 'json') => {
    if (!live) return;
    const stamp = fileStamp();
    // The CSV holds only the records; its name carries the backend the curve was trained on
    // (the JSON also records how it was chosen and the settings).
    const on = live.backend?.backend ? `-${live.backend.backend}` : '';
    if (kind === 'csv') download(`rlvr-run-${stamp}${on}.csv`, new Blob([toCsv(live)], { type: 'text/csv' }));
    else download(`rlvr-run-${stamp}${on}.json`, new Blob([toJson(live)], { type: 'application/json' }));
  };
  return (
    <div className="export">
      <button type="button" className="btn" data-testid="export-csv" disabled={disabled} onClick={() => exportAs('csv')}>CSV</button>
      <button type="button" className="btn" data-testid="export-json" disabled={disabled} onClick={() => exportAs('json')}>JSON</button>
    </div>
  );
}
