// The calls between the trainer worker and the seed workers it spreads a run's seeds over.
import type { Settings } from '../engine/settings';
import type { MetricRecord, RunInfo } from '../engine/types';
import type { StartOptions } from './protocol';

export interface SeedWorkerApi {
  /** Build the trainer for these settings (its seeds: seed .. seed + seeds - 1). */
  init(settings: Settings, options: Pick<StartOptions, 'baseUrl' | 'wasmPath'>): Promise<RunInfo>;
  /** One unit of work of every seed held here (as Trainer.next()). */
  next(): Promise<MetricRecord[]>;
  dispose(): Promise<void>;
}
