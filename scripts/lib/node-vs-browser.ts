// `npm run bench:browser -- --ratio`: the same benchmark the page's worker ran (the settings
// and timing of its report, timeTrainer of src/engine/backend-bench.ts), now in this Node
// process on tfjs-backend-wasm, so the browser/Node ratio compares exactly one workload.
import type { BenchTiming } from '../../src/engine/backend-bench';
import { benchSettings, timeTrainer } from '../../src/engine/backend-bench';
import { selectBackend } from '../../src/engine/backend';
import type { Settings } from '../../src/engine/settings';
import { nodeTrainer } from './run';

/** Steps per second of one Node run of the page's benchmark settings on WASM. */
export async function nodeWasmStepsPerSecond(settings: Settings, timing: BenchTiming): Promise<number> {
  const backend = await selectBackend('wasm');
  if (backend.backend !== 'wasm') throw new Error(`Node WASM unavailable: ${backend.reason}`);
  // workers: 1 keeps every seed in this thread, as the page's one bench worker does.
  const trainer = await nodeTrainer({ ...benchSettings(settings, timing), backend: 'wasm' }, backend, { workers: 1 });
  try {
    return (await timeTrainer(trainer, settings.seeds, timing)).stepsPerSecond;
  } finally {
    trainer.dispose();
  }
}

/** The one line the issue asks for: `browser/node wasm tiny: R (browser X, node Y steps/s)`. */
export function ratioLine(model: string, browser: number, node: number): string {
  return `browser/node wasm ${model}: ${(browser / node).toFixed(2)} (browser ${browser.toFixed(2)}, node ${node.toFixed(2)} steps/s)`;
}
