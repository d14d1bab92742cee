// Dataset generation: train / held-out test / out-of-distribution splits per task and
// difficulty, disjoint by prompt, from a fixed seed.
import { DATASET_FORMAT, type Dataset, type Problem } from './assets';
import type { ProblemTask } from './names';
import { makeProblem, randomOperands } from './tasks';
import { randInt, rngFor, type Rng } from './rng';
import { TRACE_STYLES } from './traces';

export const SPLIT_SIZES = { train: 4000, test: 200, ood: 200 };

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** Up to `count` distinct problems not in `exclude`; enumerates small spaces so tiny tasks still split cleanly. */
function distinctProblems(task: ProblemTask, digits: number, count: number, exclude: Set<string>, rng: Rng, exactTop: boolean): Problem[] {
  const out: Problem[] = [];
  const seen = new Set(exclude);
  const hi = 10 ** digits;
  // Reversal has one operand: its whole space is small enough to enumerate at every difficulty.
  if (task === 'rev') {
    const all: Problem[] = [];
    for (let a = exactTop ? hi / 10 : 0; a < hi; a++) all.push(makeProblem(task, [a]));
    for (const p of shuffle(all, rng)) {
      if (out.length >= count) break;
      if (!seen.has(p.prompt)) { seen.add(p.prompt); out.push(p); }
    }
    return out;
  }
  if (task !== 'mod' && hi * hi <= 4 * count) {
    const all: Problem[] = [];
    for (let a = 0; a < hi; a++) for (let b = 0; b < hi; b++) {
      if (exactTop && a < hi / 10 && b < hi / 10) continue;
      all.push(makeProblem(task, [a, b]));
    }
    for (const p of shuffle(all, rng)) {
      if (out.length >= count) break;
      if (!seen.has(p.prompt)) { seen.add(p.prompt); out.push(p); }
    }
    return out;
  }
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const p = makeProblem(task, randomOperands(task, digits, rng, exactTop));
    if (!seen.has(p.prompt)) { seen.add(p.prompt); out.push(p); }
  }
  return out;
}

export function generateDataset(task: ProblemTask, digits: number, seed: number): Dataset {
  const rng = rngFor(seed, `dataset-${task}-${digits}`);
  const hi = 10 ** digits;
  // Tiny spaces (one-digit addition has 100 problems): hold out a fifth.
  const space = task === 'mod' ? Infinity : task === 'rev' ? hi : task === 'sub' ? hi * (hi + 1) / 2 : hi * hi;
  // Reversal's space is one operand wide (100 problems at 2 digits): hold out half, so its
  // held-out split still measures something.
  const testSize = Math.min(SPLIT_SIZES.test, Math.floor(space / (task === 'rev' ? 2 : 5)));
  const test = distinctProblems(task, digits, testSize, new Set(), rng, false);
  const taken = new Set(test.map((p) => p.prompt));
  const train = distinctProblems(task, digits, Math.min(SPLIT_SIZES.train, space - testSize), taken, rng, false);
  // OOD: one more digit, and at least one operand actually that long.
  const ood = distinctProblems(task, digits + 1, SPLIT_SIZES.ood, new Set(), rng, true);
  // Worked-step tasks: each problem's reference style, uniform from its own stream (so the
  // problems themselves are drawn exactly as without styles).
  if (task === 'addTrace') {
    const styleRng = rngFor(seed, `dataset-${task}-${digits}-styles`);
    for (const p of [...test, ...train, ...ood]) p.style = TRACE_STYLES[randInt(styleRng, TRACE_STYLES.length)];
  }
  return { format: DATASET_FORMAT, task, digits, seed, splits: { train, test, ood } };
}
