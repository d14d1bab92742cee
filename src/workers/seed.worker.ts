// A Web Worker holding one block of a playground run's seeds (started by the trainer
// worker, one per extra core). It runs the engine's multi-seed trainer for its seeds and
// does one unit of work per next() call; the trainer worker merges the blocks (see
// src/engine/shards.ts). Each seed computes exactly what a single run with that seed does.
import * as Comlink from 'comlink';
import { createTrainer, type Trainer } from '../engine/trainer';
import { ensureBackend, loadDataset, loadModel } from './load';
import type { SeedWorkerApi } from './seed-protocol';

let trainer: Trainer | null = null;

const api: SeedWorkerApi = {
  async init(settings, options) {
    const backend = await ensureBackend(settings.backend, options.wasmPath);
    const [dataset, base] = await Promise.all([
      loadDataset(options.baseUrl, settings.task, settings.digits),
      loadModel(options.baseUrl, settings),
    ]);
    trainer?.dispose();
    trainer = await createTrainer(settings, { dataset, base }, backend);
    return trainer.info;
  },
  async next() {
    if (!trainer) throw new Error('seed worker: next() before init()');
    return trainer.next();
  },
  async dispose() {
    trainer?.dispose();
    trainer = null;
  },
};

Comlink.expose(api);
