// Verifiers: exact check, the noise channel the user controls, random reward, and partial
// checks that can be gamed. Every decision records the observed reward and the truth.
import type { Problem } from './assets';
import type { CheckMode, Settings, VerifierMode } from './settings';
import type { Completion } from './tokenizer';
import type { Rng } from './rng';
import { checkTrace, type StyleId } from './traces';

export interface VerifierConfig {
  mode: VerifierMode;
  fnRate: number;
  fpRate: number;
  randomRate: number;
  /** Worked-step tasks: judge the final answer alone, or the answer and every step. Absent = answer. */
  check?: CheckMode;
}

export function verifierConfig(s: Settings): VerifierConfig {
  return { mode: s.verifier, fnRate: s.fnRate, fpRate: s.fpRate, randomRate: s.randomRate, check: s.check };
}

export interface Verdict {
  /** Reward the learner sees (0 or 1). */
  observed: number;
  /** Exact-match correctness of the (final) answer, independent of the verifier. */
  correct: boolean;
  /** Worked-step tasks: the answer is right and every step is a correct derivation. */
  traceCorrect?: boolean;
  /** Worked-step tasks: the style the completion follows. */
  style?: StyleId;
}

const WELL_FORMED = /^(0|[1-9][0-9]*)$/;

/** An answer is well formed when it is a decimal number (no leading zeros) closed by the end token. */
export function isWellFormed(c: Completion): boolean {
  return c.ended && WELL_FORMED.test(c.text);
}

export function isCorrect(problem: Problem, c: Completion): boolean {
  return isWellFormed(c) && c.text === problem.answer;
}

/** What the verifier would say before noise. */
export function cleanCheck(mode: VerifierMode, problem: Problem, c: Completion): boolean {
  switch (mode) {
    case 'noisy':
    case 'random':
      return isCorrect(problem, c);
    case 'lastDigit':
      return isWellFormed(c) && c.text[c.text.length - 1] === problem.answer[problem.answer.length - 1];
    case 'format':
      return isWellFormed(c);
    // Systematic errors: exact match, wrong in a fixed pattern rather than at random.
    case 'sysFnLong':
      return isCorrect(problem, c) && c.text.length < 3;
    case 'sysFn7':
      return isCorrect(problem, c) && !c.text.includes('7');
    case 'sysFpOffByOne':
      return isCorrect(problem, c) || (isWellFormed(c) && offByOneInLastDigit(c.text, problem.answer));
    case 'sysFpOperand':
      return isCorrect(problem, c) || (isWellFormed(c) && problem.operands.slice(0, problem.operands.length === 4 ? 3 : 2).some((x) => String(x) === c.text));
  }
}

/** Same digits except the last, which differs by exactly one. */
function offByOneInLastDigit(text: string, answer: string): boolean {
  if (text.length !== answer.length || text.slice(0, -1) !== answer.slice(0, -1)) return false;
  return Math.abs(Number(text[text.length - 1]) - Number(answer[answer.length - 1])) === 1;
}

/**
 * Exactly one uniform draw per call, whatever the mode, so runs that differ only in the
 * verifier consume the same random stream and stay comparable.
 */
export function verify(cfg: VerifierConfig, problem: Problem, c: Completion, rng: Rng): Verdict {
  const u = rng();
  let answer = c;
  let trace: Pick<Verdict, 'traceCorrect' | 'style'> = {};
  if (problem.traces) {
    const t = checkTrace(c.text, problem.operands[0], problem.operands[1]);
    // Without a single answer marker there is no final answer: not ended, so never well formed.
    answer = t.answer === null ? { text: '', ended: false, length: c.length } : { text: t.answer, ended: c.ended, length: c.length };
    trace = { traceCorrect: t.stepsRight && isCorrect(problem, answer), style: t.style };
  }
  const correct = isCorrect(problem, answer);
  if (cfg.mode === 'random') return { observed: u < cfg.randomRate ? 1 : 0, correct, ...trace };
  // The modes judge the final answer; the trace check also requires every step to be right.
  const pass = cleanCheck(cfg.mode, problem, answer) && (cfg.check !== 'trace' || trace.traceCorrect !== false);
  // The noise channel applies on top of the (exact or partial) check.
  const observed = pass ? (u < cfg.fnRate ? 0 : 1) : (u < cfg.fpRate ? 1 : 0);
  return { observed, correct, ...trace };
}
