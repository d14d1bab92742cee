// A worker thread of the sweep pool: runs jobs one at a time through the engine on WASM with
// the one job runner (src/experiments/job-serve.ts). Loaded with tsx (see sweep-pool.ts).
import type { JobMessage, JobReply } from '../../src/experiments/job-port';
import { serveJobs } from '../../src/experiments/job-serve';
import { nodeJobs, NODE_PROGRESS_MS } from './sweep-pool';
import { parentEndpoint } from './ts-worker';

serveJobs(parentEndpoint<JobMessage, JobReply>('sweep-worker.ts'), nodeJobs(), { progressMs: NODE_PROGRESS_MS });
