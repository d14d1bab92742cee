import { describe, expect, it } from 'vitest';
import { cleanCheck, isWellFormed, verify, type VerifierConfig } from '../../src/engine/verifier';
import { makeProblem } from '../../src/engine/tasks';
import { mulberry32 } from '../../src/engine/rng';
import type { Completion } from '../../src/engine/tokenizer';

const p = makeProblem('add', [12, 34]); // 46
const ans = (text: string, ended = true): Completion => ({ text, ended, length: text.length + (ended ? 1 : 0) });

/** |observed - expected| within 5 standard errors of a Bernoulli mean over n draws. */
function expectRate(hits: number, n: number, rate: number) {
  const se = Math.sqrt(Math.max(rate * (1 - rate), 1e-12) / n);
  expect(Math.abs(hits / n - rate)).toBeLessThanOrEqual(5 * se + 1e-12);
}

describe('exact and partial checks', () => {
  it('parses well-formed answers only', () => {
    expect(isWellFormed(ans('46'))).toBe(true);
    expect(isWellFormed(ans('0'))).toBe(true);
    expect(isWellFormed(ans('046'))).toBe(false);
    expect(isWellFormed(ans('4+6'))).toBe(false);
    expect(isWellFormed(ans(''))).toBe(false);
    expect(isWellFormed(ans('46', false))).toBe(false);
  });
  it('last-digit and format verifiers accept wrong answers that exact match rejects', () => {
    expect(cleanCheck('noisy', p, ans('46'))).toBe(true);
    expect(cleanCheck('noisy', p, ans('56'))).toBe(false);
    expect(cleanCheck('lastDigit', p, ans('56'))).toBe(true);
    expect(cleanCheck('lastDigit', p, ans('45'))).toBe(false);
    expect(cleanCheck('format', p, ans('999'))).toBe(true);
    expect(cleanCheck('format', p, ans('9*9'))).toBe(false);
  });
});

describe('noise channel rates over many draws', () => {
  const N = 20000;
  const run = (cfg: VerifierConfig, text: string, seed: number) => {
    const rng = mulberry32(seed);
    let observed = 0;
    let correct = 0;
    for (let i = 0; i < N; i++) {
      const v = verify(cfg, p, ans(text), rng);
      observed += v.observed;
      correct += v.correct ? 1 : 0;
    }
    return { observed, correct };
  };
  for (const fn of [0, 0.1, 0.3, 0.5]) {
    it(`false-negative rate ${fn}: correct answers rejected at that rate, truth recorded`, () => {
      const r = run({ mode: 'noisy', fnRate: fn, fpRate: 0, randomRate: 0 }, '46', 11);
      expectRate(N - r.observed, N, fn);
      expect(r.correct).toBe(N);
    });
  }
  for (const fp of [0, 0.1, 0.3]) {
    it(`false-positive rate ${fp}: wrong answers accepted at that rate`, () => {
      const r = run({ mode: 'noisy', fnRate: 0.2, fpRate: fp, randomRate: 0 }, '47', 12);
      expectRate(r.observed, N, fp);
      expect(r.correct).toBe(0);
    });
  }
  it('random reward ignores the answer', () => {
    const right = run({ mode: 'random', fnRate: 0, fpRate: 0, randomRate: 0.35 }, '46', 13);
    const wrong = run({ mode: 'random', fnRate: 0, fpRate: 0, randomRate: 0.35 }, '47', 14);
    expectRate(right.observed, N, 0.35);
    expectRate(wrong.observed, N, 0.35);
  });
  it('draws exactly one number per call in every mode (aligned streams)', () => {
    for (const mode of ['noisy', 'random', 'lastDigit', 'format'] as const) {
      const a = mulberry32(5);
      verify({ mode, fnRate: 0.3, fpRate: 0.3, randomRate: 0.5 }, p, ans('46'), a);
      const b = mulberry32(5);
      b();
      expect(a()).toBe(b());
    }
  });
});

describe('systematic verifier patterns (hand-written cases)', () => {
  const big = makeProblem('add', [60, 57]); // 117: three digits, contains a 7
  const small = makeProblem('add', [12, 30]); // 42
  const mul = makeProblem('mul', [7, 6]); // 42, operands 7 and 6
  it('sysFnLong rejects correct answers of three or more digits only', () => {
    expect(cleanCheck('sysFnLong', big, ans('117'))).toBe(false);
    expect(cleanCheck('sysFnLong', small, ans('42'))).toBe(true);
    expect(cleanCheck('sysFnLong', small, ans('41'))).toBe(false);
  });
  it('sysFn7 rejects correct answers containing a 7', () => {
    expect(cleanCheck('sysFn7', big, ans('117'))).toBe(false);
    expect(cleanCheck('sysFn7', small, ans('42'))).toBe(true);
  });
  it('sysFpOffByOne accepts a last digit off by exactly one', () => {
    expect(cleanCheck('sysFpOffByOne', small, ans('42'))).toBe(true);
    expect(cleanCheck('sysFpOffByOne', small, ans('41'))).toBe(true);
    expect(cleanCheck('sysFpOffByOne', small, ans('43'))).toBe(true);
    expect(cleanCheck('sysFpOffByOne', small, ans('44'))).toBe(false);
    expect(cleanCheck('sysFpOffByOne', small, ans('52'))).toBe(false);
    expect(cleanCheck('sysFpOffByOne', small, ans('041'))).toBe(false);
  });
  it('sysFpOperand accepts an answer equal to an operand', () => {
    expect(cleanCheck('sysFpOperand', mul, ans('7'))).toBe(true);
    expect(cleanCheck('sysFpOperand', mul, ans('6'))).toBe(true);
    expect(cleanCheck('sysFpOperand', mul, ans('42'))).toBe(true);
    expect(cleanCheck('sysFpOperand', mul, ans('8'))).toBe(false);
    const mod = makeProblem('mod', [3, 4, 5, 7]); // (12+5)%7 = 3; the modulus is not an operand to copy
    expect(cleanCheck('sysFpOperand', mod, ans('7'))).toBe(false);
    expect(cleanCheck('sysFpOperand', mod, ans('4'))).toBe(true);
  });
  it('true correctness is recorded whatever the pattern says', () => {
    const v = verify({ mode: 'sysFpOffByOne', fnRate: 0, fpRate: 0, randomRate: 0 }, small, ans('41'), mulberry32(1));
    expect(v).toEqual({ observed: 1, correct: false });
  });
});

describe('worked traces: the check setting and the noise channel', () => {
  const t = makeProblem('addTrace', [47, 38]); // 85
  const right = ans('7+8=15,4+3+1=8>85');
  const lucky = ans('7+8=14,4+3+1=8>85'); // wrong step, right answer
  const wrong = ans('+30=77,+8=86>86');
  const cfg = (check: 'answer' | 'trace', fnRate = 0, fpRate = 0): VerifierConfig => ({ mode: 'noisy', fnRate, fpRate, randomRate: 0, check });
  it('answer-only passes a wrong trace with a lucky answer; the trace check does not; both truths recorded', () => {
    expect(verify(cfg('answer'), t, right, mulberry32(1))).toEqual({ observed: 1, correct: true, traceCorrect: true, style: 'columns' });
    expect(verify(cfg('trace'), t, right, mulberry32(1))).toEqual({ observed: 1, correct: true, traceCorrect: true, style: 'columns' });
    expect(verify(cfg('answer'), t, lucky, mulberry32(1))).toEqual({ observed: 1, correct: true, traceCorrect: false, style: 'columns' });
    expect(verify(cfg('trace'), t, lucky, mulberry32(1))).toEqual({ observed: 0, correct: true, traceCorrect: false, style: 'columns' });
    expect(verify(cfg('answer'), t, wrong, mulberry32(1))).toEqual({ observed: 0, correct: false, traceCorrect: false, style: 'jump' });
  });
  it('the final answer is what the answer modes judge; no marker is no answer', () => {
    expect(verify({ ...cfg('answer'), mode: 'lastDigit' }, t, ans('+30=77,+8=95>95'), mulberry32(1)).observed).toBe(1);
    expect(verify({ ...cfg('answer'), mode: 'format' }, t, ans('85'), mulberry32(1))).toEqual({ observed: 0, correct: false, traceCorrect: false, style: 'other' });
    expect(verify(cfg('answer'), t, ans('7+8=15,4+3+1=8>85', false), mulberry32(1)).correct).toBe(false); // no end token
    // The check setting means nothing without traces.
    expect(verify(cfg('trace'), p, ans('46'), mulberry32(1))).toEqual({ observed: 1, correct: true });
  });
  it('noise applies on top of either check, at its rates', () => {
    const N = 20000;
    const rate = (c: VerifierConfig, x: Completion, seed: number) => {
      const rng = mulberry32(seed);
      let obs = 0;
      for (let i = 0; i < N; i++) obs += verify(c, t, x, rng).observed;
      return obs;
    };
    expectRate(N - rate(cfg('trace', 0.3), right, 21), N, 0.3); // a right trace rejected at the FN rate
    expectRate(rate(cfg('trace', 0, 0.2), lucky, 22), N, 0.2); // a lucky trace accepted only at the FP rate
    expectRate(N - rate(cfg('answer', 0.1), lucky, 23), N, 0.1); // ...but passes answer-only, minus FN
  });
});
