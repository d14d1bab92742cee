// The sweep role of the engine worker (engine.worker.ts), a worker of the page's job pool:
// runs one job at a time with the one job runner (src/experiments/job-serve.ts), building its
// trainer the way the playground's trainer worker does (backend, dataset and base model loaded
// once per worker). Cancelling a sweep terminates the worker; nothing here needs to be
// interruptible.
import { serveJobs } from '../experiments/job-serve';
import { createTrainer } from '../engine/trainer';
import { ensureBackend, loadTrainerAssets, yieldToEventLoop } from './load';
import type { AssetUrls, SweepMessage } from './pool-worker';
import type { JobReply } from '../experiments/job-port';
import { selfEndpoint, type WorkerScope } from './web-port';

export function serve(scope: WorkerScope): void {
  serveJobs<AssetUrls>(selfEndpoint<SweepMessage, JobReply>(scope), async (settings, urls) => {
    const backend = await ensureBackend(settings.backend, urls.wasmPath);
    const assets = await loadTrainerAssets(urls.baseUrl, settings);
    return { backend: backend.backend, makeTrainer: () => createTrainer(settings, assets, backend) };
  }, { progressMs: 250, yieldEach: yieldToEventLoop });
}
