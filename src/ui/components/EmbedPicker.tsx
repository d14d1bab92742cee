// "Copy embed code" in the playground: pick the controls and charts the embed shows,
// autoplay or not, see the snippet and a live preview (an iframe of the embed URL at half size).
import { useEffect, useState } from 'react';
import { SETTING_KEYS, fieldOf, type SettingKey } from '../../engine/settings';
import { DEFAULT_EMBED_CHARTS, DEFAULT_EMBED_CONTROLS, EMBED_CHARTS, EMBED_CHART_IDS, MAX_EMBED_CONTROLS, inOrder } from '../embed';
import { buildShareUrl, embedCode } from '../share';
import { presetLinkOf, useStore } from '../store';

function copyText(text: string): Promise<boolean> {
  if (!navigator.clipboard?.writeText) return Promise.resolve(false);
  return navigator.clipboard.writeText(text).then(() => true, () => false);
}

function pageUrl(): string {
  const u = new URL(window.location.href);
  u.search = '';
  u.hash = '';
  return u.href;
}

/** The preview reloads a moment after the last change, not on every click. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function EmbedPicker({ onClose }: { onClose(): void }) {
  const settings = useStore((s) => s.settings);
  const activePreset = useStore((s) => s.activePreset);
  const overrides = useStore((s) => s.presetOverrides);
  // A chosen preset is embedded as ?preset=<id>: the embed queues its arms and starts them in view (autoplay).
  const preset = presetLinkOf({ activePreset, presetOverrides: overrides });
  const [controls, setControls] = useState<SettingKey[]>([...DEFAULT_EMBED_CONTROLS]);
  const [charts, setCharts] = useState<string[]>([...DEFAULT_EMBED_CHARTS]);
  const [autoplay, setAutoplay] = useState(true);
  const [copied, setCopied] = useState<boolean | null>(null);
  const code = embedCode(pageUrl(), settings, autoplay, { controls, charts }, preset);
  // The preview never autoplays: it would train beside the playground's own run.
  const previewUrl = useDebounced(buildShareUrl(pageUrl(), settings, { embed: true, controls, charts }, preset), 400);

  const toggleControl = (k: SettingKey, on: boolean) => {
    setCopied(null);
    setControls((cur) => inOrder(on ? [...cur, k] : cur.filter((x) => x !== k), SETTING_KEYS));
  };
  const toggleChart = (id: string, on: boolean) => {
    setCopied(null);
    setCharts((cur) => inOrder(on ? [...cur, id] : cur.filter((x) => x !== id), EMBED_CHART_IDS));
  };
  const full = controls.length >= MAX_EMBED_CONTROLS;

  return (
    <div className="embed-picker" role="dialog" aria-label="Embed code" data-testid="embed-picker">
      <div className="embed-picker-head">
        <strong>{preset ? 'Embed this preset' : 'Embed this run'}</strong>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label="Close">✕</button>
      </div>
      <div className="embed-picker-lists">
        <fieldset className="pick-list" data-testid="pick-controls">
          <legend>Controls ({controls.length} of at most {MAX_EMBED_CONTROLS})</legend>
          <div className="pick-scroll">
            {SETTING_KEYS.map((k) => (
              <label key={k} className="pick-item" title={fieldOf(k).help}>
                <input type="checkbox" value={k} checked={controls.includes(k)} disabled={full && !controls.includes(k)}
                  onChange={(e) => toggleControl(k, e.currentTarget.checked)} />
                {fieldOf(k).label}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="pick-list" data-testid="pick-charts">
          <legend>Charts</legend>
          {EMBED_CHARTS.map((c) => (
            <label key={c.id} className="pick-item">
              <input type="checkbox" value={c.id} checked={charts.includes(c.id)} disabled={charts.length === 1 && charts.includes(c.id)}
                onChange={(e) => toggleChart(c.id, e.currentTarget.checked)} />
              {c.label}
            </label>
          ))}
          <label className="pick-item pick-autoplay">
            <input type="checkbox" checked={autoplay} data-testid="pick-autoplay" onChange={(e) => { setCopied(null); setAutoplay(e.currentTarget.checked); }} />
            Autoplay when scrolled into view
          </label>
        </fieldset>
      </div>
      <label className="embed-code">
        <span>{copied === true ? 'Copied to the clipboard:' : copied === false ? 'Copy this (the clipboard is blocked):' : 'Embed code:'}</span>
        <textarea readOnly rows={3} value={code} data-testid="share-embed" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <div className="embed-picker-actions">
        <button type="button" className="btn btn-primary" data-testid="copy-embed-code" onClick={async () => setCopied(await copyText(code))}>Copy</button>
        <a href={previewUrl} target="_blank" rel="noopener noreferrer">Open the embed ↗</a>
      </div>
      <div className="embed-preview-label">Preview (640 × 480 at half size; press Run inside to try it)</div>
      <div className="embed-preview-box">
        <iframe src={previewUrl} width={640} height={480} title="Embed preview" data-testid="embed-preview" loading="lazy" />
      </div>
    </div>
  );
}
