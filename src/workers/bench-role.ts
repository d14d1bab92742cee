// The bench role of the engine worker (engine.worker.ts), the ?bench=1 page's worker: times
// the engine's real GRPO steps (src/engine/backend-bench.ts) on each backend the browser
// offers, for the settings in the page's link. The same code `auto` uses at start-up, with
// more steps.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { baseChoice } from '../engine/mix';
import { benchSettingsKey } from '../engine/backend-bench';
import { benchmarkBackends, browserHas, probeAdapter } from './backend-choice';
import { loadTrainerAssets } from './load';
import type { BenchWorkerApi } from './bench-protocol';
import { comlinkEndpoint, type WorkerScope } from './web-port';

const api: BenchWorkerApi = {
  async run(settings, options, onFigure) {
    const adapter = await probeAdapter();
    const has = browserHas();
    const offered = [
      ...(adapter.info ? ['webgpu'] : []),
      ...(has.wasm ? ['wasm'] : []),
      ...(has.webgl ? ['webgl'] : []),
    ];
    const backends = options.backends ?? offered;
    const assets = await loadTrainerAssets(options.baseUrl, settings);
    const r = await benchmarkBackends(backends, settings, assets, options.wasmPath, options.timing, onFigure,
      (b) => (b === 'webgpu' && adapter.software ? 'software adapter (SwiftShader): not a GPU figure' : b === 'webgpu' && !adapter.info ? 'no WebGPU adapter in this browser' : undefined));
    return {
      format: 'rlvr-browser-bench-v1',
      date: new Date().toISOString(),
      userAgent: navigator.userAgent,
      tfjs: tf.version.tfjs,
      // The size that ran: a size not shipped for this task and base falls back to tiny.
      model: baseChoice(settings).model,
      settingsKey: benchSettingsKey(settings),
      settings,
      timing: options.timing,
      adapter: adapter.info as never,
      seedsInOneWorker: true,
      results: r.figures,
      pick: r.pick,
      summary: r.reason,
    };
  },
};

export function serve(scope: WorkerScope): void {
  Comlink.expose(api, comlinkEndpoint(scope));
}
