// npm run datasets: writes public/datasets/<task>-<digits>.json from a fixed seed (the single
// tasks and the generalist's sub, max and rev).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDataset } from '../src/engine/datasets';
import { datasetPath } from '../src/engine/assets';
import { TASKS, fieldOf, maxDigitsFor } from '../src/engine/settings';
import { MIX_TASKS, type ProblemTask } from '../src/engine/names';
import { PUBLIC_DIR } from './lib/node-assets';
import { runMain } from './lib/main';
import { DATASET_SEED } from './lib/dataset-seed';

runMain(async () => {
  const digits = fieldOf('digits');
  if (digits.kind !== 'int') throw new Error('digits must be an int field');
  await mkdir(path.join(PUBLIC_DIR, 'datasets'), { recursive: true });
  // The generalist's own tasks (addition's files are already above) fit every difficulty.
  const tasks: ProblemTask[] = [...TASKS, ...MIX_TASKS.filter((t) => !(TASKS as readonly string[]).includes(t))];
  for (const task of tasks) {
    const most = (TASKS as readonly string[]).includes(task) ? maxDigitsFor(task as (typeof TASKS)[number]) : digits.max;
    for (let d = digits.min; d <= Math.min(digits.max, most); d++) {
      const ds = generateDataset(task, d, DATASET_SEED);
      const file = path.join(PUBLIC_DIR, datasetPath(task, d));
      await writeFile(file, JSON.stringify(ds));
      console.log(`${file}: train ${ds.splits.train.length}, test ${ds.splits.test.length}, ood ${ds.splits.ood.length}`);
    }
  }
});
