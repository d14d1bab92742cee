// Entry point: read the link, check the browser, start the worker client, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Unsupported, missingFeatures } from './components/Unsupported';
import { describeIssues, parseShareQuery } from './share';
import { attachRunner, defaultPassKs, useStore } from './store';
import { WorkerRunner } from './worker-client';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const missing = missingFeatures();
const link = parseShareQuery(window.location.search);
if (link.view.embed) document.documentElement.classList.add('embed');

if (missing.length) {
  root.render(<Unsupported missing={missing} />);
} else {
  useStore.setState({
    settings: link.settings,
    passKs: defaultPassKs(link.settings.evalSamples),
    autoRestart: !link.view.embed || link.view.autoplay,
  });
  if (link.issues.length) {
    useStore.getState().addNotice(
      'warning',
      'Ignored from this link (defaults used instead):',
      describeIssues(link.issues),
    );
  }
  const store = useStore.getState();
  attachRunner(
    new WorkerRunner({
      onUpdate: (u) => store.receive(u),
      onCrash: (m) => store.workerCrashed(m),
    }),
  );
  root.render(
    <StrictMode>
      <App view={link.view} />
    </StrictMode>,
  );
}
