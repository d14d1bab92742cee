// Page layout: the full playground, or the compact embed (?embed=1) for iframes.
import { lazy, memo, Suspense, useEffect, useState, type ComponentProps } from 'react';
import { buildShareUrl, type ViewOptions } from './share';
import { useStore } from './store';
import { Controls } from './components/Controls';
import { Notices, RunError } from './components/Notices';
import { Presets } from './components/Presets';
import { Readouts } from './components/Readouts';
import { BackendLabel, ExportButtons, RunButtons, ShareButtons } from './components/RunControls';
import { ChartOptions, RunsBar } from './components/RunsBar';

// Charts (recharts) load as their own chunk, so settings, notices and the run start
// without waiting for the charting library.
const ChartsChunk = lazy(() => import('./components/Charts').then((m) => ({ default: m.Charts })));

function Charts(props: ComponentProps<typeof ChartsChunk>) {
  return (
    <Suspense fallback={<div className="charts charts-loading" aria-busy="true" />}>
      <ChartsChunk {...props} />
    </Suspense>
  );
}

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
  return (
    <nav className="tabs" role="tablist" aria-label="Views">
      {TABS.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={`tab${tab === t.id ? ' tab-on' : ''}`}
          data-testid={`tab-${t.id}`} onClick={() => onTab(t.id)}>
          {t.label}
        </button>
      ))}
    </nav>
  );
}

function ModelLine() {
  const info = useStore((s) => s.live?.info ?? s.ghost?.info ?? null);
  if (!info) return null;
  return (
    <p data-testid="model-line">
      Policy: a {info.parameters.toLocaleString('en-US')}-parameter transformer, task {info.task} with up to {info.digits}-digit operands,
      trained on {info.backend.toUpperCase()}.
    </p>
  );
}

/** Keep the address bar in step with the settings, so a bookmark or a copied URL restores the run. */
function useUrlSync(enabled: boolean) {
  const settings = useStore((s) => s.settings);
  useEffect(() => {
    if (!enabled) return;
    const t = setTimeout(() => {
      const u = new URL(window.location.href);
      u.search = '';
      // The hash names the open view (#sweeps); keep it.
      const next = buildShareUrl(u.href, settings) + window.location.hash;
      if (next !== window.location.href) window.history.replaceState(null, '', next);
    }, 300);
    return () => clearTimeout(t);
  }, [settings, enabled]);
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
    if (autoStarted) return;
    autoStarted = true;
    if (useStore.getState().autoRestart) useStore.getState().start();
  }, []);

  if (view.embed) {
    return (
      <div className="app app-embed" {...attrs}>
        <EmbedLayout />
      </div>
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
      {tab === 'findings' && <Suspense fallback={<div className="charts-loading" aria-busy="true" />}><FindingsView /></Suspense>}
      {tab === 'play' && <div className="layout">
        <aside className="sidebar" aria-label="Settings">
          <Presets />
          <Controls />
        </aside>
        <main className="main">
          <div className="toolbar">
            <RunButtons />
            <div className="toolbar-right">
              <ShareButtons />
              <ExportButtons />
            </div>
          </div>
          <Notices />
          <RunError />
          <Readouts />
          <RunsBar />
          <ChartOptions />
          <Charts height={190} />
          <Suspense fallback={null}><MechanismChunk /></Suspense>
          <footer className="footer">
            <ModelLine />
            <p>
              Everything runs in a Web Worker on this device; no data leaves the page. Same settings and seed on the same backend
              give the same curves. Pass@k uses the unbiased estimator over the evaluation samples.
            </p>
          </footer>
        </main>
      </div>}
    </>
  );
});

const EmbedLayout = memo(function EmbedLayout() {
  const settings = useStore((s) => s.settings);
  const label = useStore((s) => s.live?.label ?? '');
  const full = (() => {
    const u = new URL(window.location.href);
    u.search = '';
    return buildShareUrl(u.href, settings);
  })();
  return (
    <>
      <header className="embed-top">
        <strong className="embed-title">RLVR playground</strong>
        <RunButtons />
        <BackendLabel />
      </header>
      <Notices compact />
      <RunError compact />
      <Readouts compact />
      <Charts ids={['pass', 'reward', 'entropy', 'kl']} showHints={false} compact />
      <footer className="embed-foot">
        <span className="embed-settings" title="Settings that differ from the defaults">{label}</span>
        <ShareButtons showLink={false} />
        <a href={full} target="_blank" rel="noopener noreferrer">Open full playground ↗</a>
      </footer>
    </>
  );
});
