// npm run datasets: writes public/datasets/<task>-<digits>.json from a fixed seed.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDataset } from '../src/engine/datasets';
import { datasetPath } from '../src/engine/assets';
import { TASKS, fieldOf, maxDigitsFor } from '../src/engine/settings';
import { PUBLIC_DIR } from './lib/node-assets';
import { runMain } from './lib/main';
import { DATASET_SEED } from './lib/dataset-seed';

runMain(async () => {
  const digits = fieldOf('digits');
  if (digits.kind !== 'int') throw new Error('digits must be an int field');
  await mkdir(path.join(PUBLIC_DIR, 'datasets'), { recursive: true });
  for (const task of TASKS) {
    for (let d = digits.min; d <= Math.min(digits.max, maxDigitsFor(task)); d++) {
      const ds = generateDataset(task, d, DATASET_SEED);
      const file = path.join(PUBLIC_DIR, datasetPath(task, d));
      await writeFile(file, JSON.stringify(ds));
      console.log(`${file}: train ${ds.splits.train.length}, test ${ds.splits.test.length}, ood ${ds.splits.ood.length}`);
    }
  }
});
