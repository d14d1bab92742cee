// A worker thread of the sweep pool: runs jobs one at a time through the engine on WASM with
// the one job runner (src/experiments/job-port.ts). Loaded with tsx (see sweep-pool.ts).
import { serveJobs, type JobMessage, type JobReply } from '../../src/experiments/job-port';
import { nodeJobs, NODE_PROGRESS_MS } from './sweep-pool';
import { parentEndpoint } from './ts-worker';

serveJobs(parentEndpoint<JobMessage, JobReply>('sweep-worker.ts'), nodeJobs(), { progressMs: NODE_PROGRESS_MS });
