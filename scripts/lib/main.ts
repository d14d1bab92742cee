// Top-level wrapper for the Node scripts: print an error's message, not a stack dump
// (the tfjs WASM module rethrows uncaught errors and Node then prints its minified source).
import { AssetError } from '../../src/engine/assets';
import { TrainingError } from '../../src/engine/types';
import { CliError } from '../../src/experiments/cli-args';

export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      const err = e as Error;
      const known = e instanceof AssetError || e instanceof TrainingError || e instanceof CliError || e instanceof RangeError;
      console.error(`\nerror: ${err?.message ?? String(e)}`);
      if (!known && err?.stack) console.error(err.stack.split('\n').slice(1, 6).join('\n'));
      process.exit(e instanceof CliError ? 2 : 1);
    },
  );
}
