// Page layout: the full playground, or the compact embed (?embed=1) for iframes. The full
// playground opens, in every layout, on the control strip (FN, FP, K, seeds, J, Run), the
// readouts and the held-out pass@1 chart; the other settings wait in the side panel ("More
// settings") and the presets below the charts.
import { lazy, memo, Suspense, useEffect, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { buildShareUrl, PAGE_KEYS, type ViewOptions } from './share';
import { presetLinkOf, useStore } from './store';
import { Controls } from './components/Controls';
import { ControlStrip, SETTINGS_PANEL_ID, stripKeys } from './components/ControlStrip';
import { EmbedFrame, EmbedLayout } from './components/Embed';
import { EMBED_CHART_IDS } from './embed';
import { Notices, RunError } from './components/Notices';
import { PresetInfo, Presets } from './components/Presets';
import { Readouts } from './components/Readouts';
import { BackendLabel, ExportButtons, ShareButtons } from './components/RunControls';
import { ChartOptions, RunsBar } from './components/RunsBar';
import { HealthPanel } from './components/Health';
import { Story } from './components/Story';
// Charts (recharts) load as their own chunk, so settings, notices and the run start without waiting for the charting library.
import { Charts } from './charts/LazyCharts';

// The mechanism panels (success histograms, why noise hurts) share the recharts chunk.
const MechanismChunk = lazy(() => import('./components/Mechanism').then((m) => ({ default: m.Mechanism })));

const SweepsView = lazy(() => import('./components/research/SweepsView').then((m) => ({ default: m.SweepsView })));
const FindingsView = lazy(() => import('./components/research/FindingsView').then((m) => ({ default: m.FindingsView })));

export type Tab = 'play' | 'sweeps' | 'findings';
const TABS: { id: Tab; label: string }[] = [
  { id: 'play', label: 'Playground' },
  { id: 'sweeps', label: 'Sweeps' },
  { id: 'findings', label: 'Findings' },
];

export function tabFromHash(hash: string): Tab {
  const h = hash.replace(/^#/, '');
  return h === 'sweeps' || h === 'findings' ? h : 'play';
}

/** The open view lives in the URL hash (#sweeps, #findings), apart from the settings in the query. */
function useTab(): [Tab, (t: Tab) => void] {
  const [tab, setTab] = useState<Tab>(() => tabFromHash(window.location.hash));
  useEffect(() => {
    const on = () => setTab(tabFromHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const go = (t: Tab) => {
    const u = new URL(window.location.href);
    u.hash = t === 'play' ? '' : t;
    window.history.replaceState(null, '', u.href);
    setTab(t);
  };
  return [tab, go];
}

function Tabs({ tab, onTab }: { tab: Tab; onTab(t: Tab): void }) {
  // ARIA tabs: the open tab is in the Tab order, arrow keys (and Home, End) move between tabs.
  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    onTab(TABS[next].id);
    e.currentTarget.querySelector<HTMLElement>(`[data-testid="tab-${TABS[next].id}"]`)?.focus();
  };
  return (
    <nav className="tabs" role="tablist" aria-label="Views" onKeyDown={onKey}>
      {TABS.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} tabIndex={tab === t.id ? 0 : -1} className={`tab${tab === t.id ? ' tab-on' : ''}`}
          data-testid={`tab-${t.id}`} onClick={() => onTab(t.id)}>
          {t.label}
        </button>
      ))}
    </nav>
  );
}

/** Phone layout (CSS media query of the same width): pass@1 right under the readouts, one chart per row. */
const PHONE_QUERY = '(max-width: 600px)';
/** Every chart but pass@1, which the phone layout shows first. */
const PHONE_REST_CHARTS = EMBED_CHART_IDS.filter((id) => id !== 'pass');

function usePhone(): boolean {
  return useSyncExternalStore(
    (on) => {
      const mq = window.matchMedia?.(PHONE_QUERY);
      mq?.addEventListener('change', on);
      return () => mq?.removeEventListener('change', on);
    },
    () => window.matchMedia?.(PHONE_QUERY).matches ?? false,
  );
}

function ModelLine() {
  const info = useStore((s) => s.live?.info ?? s.ghost?.info ?? null);
  if (!info) return null;
  return (
    <>
      <p data-testid="model-line">
        Policy: a {info.model || 'tiny'} {info.parameters.toLocaleString('en-US')}-parameter transformer, task {info.task} with up to {info.digits}-digit operands,
        trained on {info.backend.toUpperCase()}.
      </p>
      {/* What the engine decided on the user's behalf (a model size that does not ship, a curation fallback). */}
      {(info.notes ?? []).map((n, i) => <p key={i} className="field-note" data-testid="run-note">{n}</p>)}
    </>
  );
}

/** Keep the address bar in step with the settings (or the chosen preset), so a bookmark or a copied URL restores the run. */
function useUrlSync(enabled: boolean) {
  const settings = useStore((s) => s.settings);
  const activePreset = useStore((s) => s.activePreset);
  const presetOverrides = useStore((s) => s.presetOverrides);
  useEffect(() => {
    if (!enabled) return;
    const t = setTimeout(() => {
      const u = new URL(window.location.href);
      const kept = PAGE_KEYS.flatMap((k) => (u.searchParams.has(k) ? [`${k}=${encodeURIComponent(u.searchParams.get(k)!)}`] : []));
      u.search = '';
      // The hash names the open view (#sweeps); keep it, and the page switches.
      const share = buildShareUrl(u.href, settings, {}, presetLinkOf({ activePreset, presetOverrides }));
      const next = (kept.length ? `${share}${share.includes('?') ? '&' : '?'}${kept.join('&')}` : share) + window.location.hash;
      if (next !== window.location.href) window.history.replaceState(null, '', next);
    }, 300);
    return () => clearTimeout(t);
  }, [settings, activePreset, presetOverrides, enabled]);
}

function useStatusAttributes() {
  const live = useStore((s) => s.live);
  return {
    'data-status': live?.status ?? 'idle',
    'data-run-id': live?.id ?? 0,
    'data-steps': live?.steps.length ?? 0,
    'data-evals': live?.evals.length ?? 0,
  };
}

/** Start once per page load (StrictMode runs effects twice in development). */
let autoStarted = false;

export function App({ view }: { view: ViewOptions }) {
  useUrlSync(!view.embed);
  const attrs = useStatusAttributes();

  useEffect(() => {
    // An embed starts when it is shown (components/Embed.tsx), not on load.
    if (autoStarted || view.embed) return;
    autoStarted = true;
    if (useStore.getState().autoRestart) useStore.getState().start();
  }, [view.embed]);

  if (view.embed) {
    return (
      <EmbedFrame view={view} attrs={attrs}>
        <EmbedLayout view={view} />
      </EmbedFrame>
    );
  }
  return (
    <div className="app" {...attrs}>
      <FullLayout />
    </div>
  );
}

/** Memoised so the status attributes above can change without re-rendering the whole page. */
const FullLayout = memo(function FullLayout() {
  const [tab, setTab] = useTab();
  const phone = usePhone();
  const [moreOpen, setMoreOpen] = useState(false);
  const iso = useStore((s) => s.iso.on);
  return (
    <>
      <header className="topbar">
        <div className="brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={28} height={28} />
          <div>
            <h1>RLVR playground</h1>
            <p className="tagline">GRPO on a tiny arithmetic model, trained live in your browser.</p>
          </div>
        </div>
        <Tabs tab={tab} onTab={setTab} />
        <BackendLabel />
      </header>
      {tab === 'sweeps' && <Suspense fallback={<div className="charts-loading" aria-busy="true" />}><SweepsView /></Suspense>}
      {tab === 'findings' && <main><Suspense fallback={<div className="charts-loading" aria-busy="true" />}><FindingsView /></Suspense></main>}
      {tab === 'play' && <>
        <ControlStrip moreOpen={moreOpen} onMore={() => setMoreOpen((o) => !o)} />
        <div className={`layout${moreOpen ? ' layout-panel-open' : ''}${phone ? ' layout-phone' : ''}`}>
          {/* Kept in the page while closed (hidden), so every setting's control exists once. */}
          <aside className="sidebar" id={SETTINGS_PANEL_ID} aria-label="More settings" data-testid="settings-panel" hidden={!moreOpen}>
            <Controls exclude={stripKeys(iso)} />
          </aside>
          <main className="main">
            <div className="toolbar">
              <button type="button" className="btn btn-ghost" data-testid="jump-presets"
                onClick={() => document.getElementById('presets')?.scrollIntoView({ behavior: 'smooth', block: 'start' })}>
                Presets ↓
              </button>
              <div className="toolbar-right">
                <ShareButtons />
                <ExportButtons />
              </div>
            </div>
            <Notices />
            <RunError />
            <PresetInfo />
            <Readouts />
            {phone && <Charts ids={['pass']} height={200} />}
            <RunsBar />
            <ChartOptions />
            <HealthPanel />
            <div className="charts-with-story">
              <Charts height={190} ids={phone ? PHONE_REST_CHARTS : undefined} />
              <Story open={!phone} />
            </div>
            <Presets />
            <Suspense fallback={null}><MechanismChunk /></Suspense>
            <footer className="footer">
              <ModelLine />
              <p>
                Everything runs in a Web Worker on this device; no data leaves the page. Same settings and seed on the same backend
                give the same curves. Pass@k uses the unbiased estimator over the evaluation samples.
              </p>
            </footer>
          </main>
        </div>
      </>}
    </>
  );
});
