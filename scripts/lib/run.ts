// Run a whole training in Node: shared by the CLI, the benchmark and the tests.
import { createTrainer, runToEnd, type Trainer } from '../../src/engine/trainer';
import { assertValidSettings, type Settings } from '../../src/engine/settings';
import { selectBackend, type BackendResult } from '../../src/engine/backend';
import { loadTrainerAssetsNode } from './node-assets';
import { seedWorkers, threadedTrainer } from './seed-pool';

export interface NodeTrainerOptions {
  /** Threads to spread the seeds over; default one per core, at most one per seed. 1 keeps them all in this thread. */
  workers?: number;
}

export async function nodeTrainer(settings: Settings, backend?: BackendResult, opts: NodeTrainerOptions = {}): Promise<Trainer> {
  assertValidSettings(settings); // before touching files, so a bad task is named as such
  const b = backend ?? await selectBackend(settings.backend === 'auto' ? 'wasm' : settings.backend);
  const workers = Math.min(opts.workers ?? seedWorkers(settings.seeds), settings.seeds);
  if (workers > 1) return threadedTrainer(settings, b, workers);
  return createTrainer(settings, await loadTrainerAssetsNode(settings), b);
}

export { runToEnd };
