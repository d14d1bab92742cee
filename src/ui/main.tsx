// Entry point: read the link, check the browser, start the worker client, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Unsupported, missingFeatures } from './components/Unsupported';
import { describeIssues, parseShareQuery } from './share';
import { attachRunner, defaultPassKs, useStore } from './store';
import { WorkerRunner, testHooksRequested } from './worker-client';
import { installTestHooks } from './test-hooks';
import { openPresetLink } from './preset-choice';
import { BenchPage } from './components/BenchPage';
import { isBenchPage, parseBenchQuery } from './bench-page';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const missing = missingFeatures();
const link = parseShareQuery(window.location.search);
if (link.view.embed) document.documentElement.classList.add('embed');

// Offline after a first visit: the service worker vite-plugin-pwa writes next to index.html
// (vite.config.ts) precaches the site, wasm, datasets and models. Production builds only, so
// `npm run dev` never has a worker serving stale modules. BASE_URL is './' in the build, so
// this resolves against the page and works from any subpath.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const swUrl = new URL(`${import.meta.env.BASE_URL}sw.js`, document.baseURI);
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(swUrl, { scope: new URL('.', swUrl).href }).catch(() => undefined);
  });
}

if (missing.length) {
  root.render(<Unsupported missing={missing} />);
} else if (isBenchPage(window.location.search)) {
  // The backend benchmark (?bench=1): its own page, no training run.
  root.render(<BenchPage request={parseBenchQuery(window.location.search)} />);
} else {
  useStore.setState({
    settings: link.settings,
    passKs: defaultPassKs(link.settings.evalSamples),
    // A preset link queues its arms and starts them only with autoplay=1 (an embed: once in view).
    autoRestart: link.preset ? link.view.autoplay : !link.view.embed || link.view.autoplay,
  });
  if (link.issues.length) {
    useStore.getState().addNotice(
      'warning',
      'Ignored from this link (defaults used instead):',
      describeIssues(link.issues),
    );
  }
  if (link.preset) openPresetLink(link.preset);
  const store = useStore.getState();
  const runner = new WorkerRunner({
    onUpdate: (u) => store.receive(u),
    onCrash: (m, runId) => store.workerCrashed(m, runId),
  });
  attachRunner(runner);
  // ?testHooks=1 only: what the browser tests reach in (the store, a seed worker to kill).
  if (testHooksRequested()) installTestHooks(runner);
  root.render(
    <StrictMode>
      <App view={link.view} />
    </StrictMode>,
  );
}
