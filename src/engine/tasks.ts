// Problem generators. Each task has a fixed layout (prompt and answer window) wide enough
// for its out-of-distribution split, so one base model serves every difficulty of a task.
import type { Problem } from './assets';
import type { ModelTask, ProblemTask, TaskName } from './names';
import { randInt, type Rng } from './rng';
import { tracesFor } from './traces';

export interface TaskLayout {
  promptLength: number;
  /** Answer digits plus the end token. */
  answerLength: number;
}

export const TASK_LAYOUT: Record<TaskName, TaskLayout> = {
  // "9999+9999=" -> "19998" + end
  add: { promptLength: 4 + 1 + 4 + 1, answerLength: 5 + 1 },
  // "9999*9999=" -> "99980001" + end
  mul: { promptLength: 4 + 1 + 4 + 1, answerLength: 8 + 1 },
  // "(9999*9999+9999)%9=" -> "8" + end
  mod: { promptLength: 1 + 4 + 1 + 4 + 1 + 4 + 2 + 1 + 1, answerLength: 1 + 1 },
  // Digits 1-2 only, so the OOD split has 3: "999+999=" -> the longest 3-digit trace, the
  // places trace of 111+999 "1+9=10,1+9=10,1+9=10,1000+100+10=1110>1110" (42) + end.
  addTrace: { promptLength: 3 + 1 + 3 + 1, answerLength: 42 + 1 },
};

/**
 * The generalist's one layout: every mixture task at up to 4 digits (the OOD split of 3) fits
 * addition's window ("9999-9999=", "9999m9999=", "r9999=" -> at most 4 digits + end), so it is
 * addition's, and addition's prompts encode to the same ids in the shared vocabulary.
 */
export const MIX_LAYOUT: TaskLayout = TASK_LAYOUT.add;

/** The layout of a task's models, or of the generalist. */
export function layoutFor(task: ModelTask): TaskLayout {
  return task === 'mix' ? MIX_LAYOUT : TASK_LAYOUT[task];
}

export function makeProblem(task: ProblemTask, operands: number[]): Problem {
  const [a, b, c, m] = operands;
  switch (task) {
    case 'sub': { const [hi, lo] = a >= b ? [a, b] : [b, a]; return { prompt: `${hi}-${lo}=`, answer: String(hi - lo), operands: [hi, lo] }; }
    case 'max': return { prompt: `${a}m${b}=`, answer: String(Math.max(a, b)), operands: [a, b] };
    // Reversal of the digits, leading zeros dropped so the answer is a plain number (r120 -> 21).
    case 'rev': return { prompt: `r${a}=`, answer: String(Number(String(a).split('').reverse().join(''))), operands: [a] };
    case 'add': return { prompt: `${a}+${b}=`, answer: String(a + b), operands: [a, b] };
    case 'mul': return { prompt: `${a}*${b}=`, answer: String(a * b), operands: [a, b] };
    case 'mod': return { prompt: `(${a}*${b}+${c})%${m}=`, answer: String((a * b + c) % m), operands: [a, b, c, m] };
    case 'addTrace': return { prompt: `${a}+${b}=`, answer: String(a + b), operands: [a, b], traces: tracesFor(a, b) };
  }
}

/** Operands with at most `digits` digits; with `exactTop`, at least one operand has exactly `digits` digits. */
export function randomOperands(task: ProblemTask, digits: number, rng: Rng, exactTop = false): number[] {
  const hi = 10 ** digits;
  const lo = 10 ** (digits - 1);
  const count = task === 'mod' ? 3 : task === 'rev' ? 1 : 2;
  const ops: number[] = [];
  for (let i = 0; i < count; i++) ops.push(randInt(rng, hi));
  if (exactTop && !ops.some((x) => x >= lo)) ops[randInt(rng, count)] = lo + randInt(rng, hi - lo);
  if (task === 'mod') ops.push(2 + randInt(rng, 8)); // modulus 2..9: a one-digit answer
  return ops;
}
