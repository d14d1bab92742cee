// A worker thread of the seed pool: holds one block of a run's seeds as an in-thread
// multi-seed trainer and runs one unit of work per request (src/experiments/shard-port.ts).
import { selectBackend } from '../../src/engine/backend';
import { serveShard } from '../../src/experiments/shard-port';
import type { NodeShardOptions } from './seed-pool';
import { nodeTrainer } from './run';
import { parentEndpoint } from './ts-worker';

serveShard<NodeShardOptions>(parentEndpoint('seed-worker.ts'), async (settings, { backend }) => {
  const b = await selectBackend(backend as 'wasm' | 'cpu');
  if (b.backend !== backend) throw new Error(`backend ${backend} unavailable in a seed worker: ${b.reason}`);
  return nodeTrainer(settings, b, { workers: 1 });
});
