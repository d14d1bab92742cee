// Run a whole training in Node: shared by the CLI, the benchmark and the tests.
import { createTrainer, runToEnd, type Trainer } from '../../src/engine/trainer';
import { assertValidSettings, type Settings } from '../../src/engine/settings';
import { selectBackend, type BackendResult } from '../../src/engine/backend';
import { loadBaseModelNode, loadDatasetNode } from './node-assets';
import { seedWorkers, threadedTrainer } from './seed-pool';
import { resolveModel } from '../../src/engine/models';

export interface NodeTrainerOptions {
  /** Threads to spread the seeds over; default one per core, at most one per seed. 1 keeps them all in this thread. */
  workers?: number;
}

export async function nodeTrainer(settings: Settings, backend?: BackendResult, opts: NodeTrainerOptions = {}): Promise<Trainer> {
  assertValidSettings(settings); // before touching files, so a bad task is named as such
  const b = backend ?? await selectBackend(settings.backend === 'auto' ? 'wasm' : settings.backend);
  const workers = Math.min(opts.workers ?? seedWorkers(settings.seeds), settings.seeds);
  if (workers > 1) return threadedTrainer(settings, b, workers);
  const [dataset, base] = await Promise.all([loadDatasetNode(settings.task, settings.digits), loadBaseModelNode(settings.task, settings.base, resolveModel(settings.task, settings.model, settings.base).model)]);
  return createTrainer(settings, { dataset, base }, b);
}

export { runToEnd };
