// The ?bench=1 page: times the engine's GRPO steps per backend in a worker (bench-role.ts)
// for the settings in the link, and shows the figures and a JSON to copy. Rendering only.
import { useEffect, useState } from 'react';
import * as Comlink from 'comlink';
import type { BackendFigure } from '../../engine/backend-bench';
import { backendName } from '../../engine/backend-bench';
import type { BenchWorkerApi, BrowserBenchReport } from '../../workers/bench-protocol';
import { startWorker } from '../../workers/start';
import type { BenchRequest } from '../bench-page';
import { WASM_DIR, siteBaseUrl } from '../worker-client';

type State = { status: 'running'; figures: BackendFigure[] } | { status: 'done'; report: BrowserBenchReport } | { status: 'error'; message: string; figures: BackendFigure[] };

export function BenchPage({ request }: { request: BenchRequest }) {
  const [state, setState] = useState<State>({ status: 'running', figures: [] });
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const worker = startWorker('bench');
    const api = Comlink.wrap<BenchWorkerApi>(worker);
    let live = true;
    const figures: BackendFigure[] = [];
    worker.onerror = (e) => { e.preventDefault(); if (live) setState({ status: 'error', message: e.message || 'the benchmark worker crashed', figures: [...figures] }); };
    const baseUrl = siteBaseUrl();
    api.run(request.settings, { baseUrl, wasmPath: new URL(WASM_DIR, baseUrl).href, backends: request.backends, timing: request.timing },
      Comlink.proxy((f: BackendFigure) => { figures.push(f); if (live) setState({ status: 'running', figures: [...figures] }); }))
      .then((report) => { if (live) setState({ status: 'done', report }); })
      .catch((e: unknown) => { if (live) setState({ status: 'error', message: (e as Error)?.message ?? String(e), figures: [...figures] }); });
    return () => { live = false; worker.terminate(); };
  }, [request]);

  const figures = state.status === 'done' ? state.report.results : state.figures;
  const json = state.status === 'done' ? JSON.stringify(state.report, null, 2) : '';
  const s = request.settings;
  return (
    <main className="bench-page" data-bench-status={state.status}>
      <h1>Backend benchmark</h1>
      <p>
        Real GRPO steps of the engine on each tfjs backend in this browser ({s.task}-{s.digits}, model {(s as typeof s & { model?: string }).model ?? 'tiny'},
        B={s.promptsPerStep}, K={s.rolloutsPerPrompt}, {s.seeds} seed{s.seeds > 1 ? 's' : ''} in one worker; {request.timing.warmupSteps} warm-up
        and up to {request.timing.steps} timed steps or {request.timing.capMs / 1000} s per backend). Change the settings in the link as on the playground.
      </p>
      {request.notes.length > 0 && <ul className="bench-notes">{request.notes.map((n) => <li key={n}>Ignored: {n}</li>)}</ul>}
      {state.status === 'done' && (
        <p data-testid="bench-adapter">
          WebGPU adapter: {state.report.adapter ? `${[state.report.adapter.vendor, state.report.adapter.architecture, state.report.adapter.description].filter(Boolean).join(' / ') || 'unnamed'}${state.report.adapter.software ? ' (software)' : ''}` : 'none'}
        </p>
      )}
      <table className="bench-table">
        <thead>
          <tr><th scope="col">Backend</th><th scope="col">steps/s</th><th scope="col">seed-steps/s</th><th scope="col">tokens/s</th><th scope="col">ms/step</th><th scope="col">steps timed</th><th scope="col">Note</th></tr>
        </thead>
        <tbody>
          {figures.map((f) => (
            <tr key={f.backend} data-testid="bench-row" data-backend={f.backend} data-steps-per-second={f.error ? '' : String(f.stepsPerSecond)}>
              <th scope="row">{backendName(f.backend)}</th>
              {f.error ? <td colSpan={5}>failed: {f.error}</td> : (
                <>
                  <td>{f.stepsPerSecond.toFixed(2)}</td>
                  <td>{f.seedStepsPerSecond.toFixed(2)}</td>
                  <td>{Math.round(f.tokensPerSecond)}</td>
                  <td>{f.meanStepMs.toFixed(0)}</td>
                  <td>{f.stepsTimed}{f.capped ? ' (time cap)' : ''}</td>
                </>
              )}
              <td>{f.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.status === 'running' && <p role="status">Measuring… (a software WebGPU adapter can take a minute)</p>}
      {state.status === 'error' && <p role="alert">The benchmark stopped: {state.message}</p>}
      {state.status === 'done' && (
        <>
          <p data-testid="bench-summary">{state.report.summary}</p>
          <button type="button" className="btn" data-testid="bench-copy" onClick={() => {
            navigator.clipboard?.writeText(json).then(() => setCopied(true), () => setCopied(false));
          }}>{copied ? 'Copied' : 'Copy JSON'}</button>
          <pre className="bench-json" data-testid="bench-json">{json}</pre>
        </>
      )}
    </main>
  );
}
