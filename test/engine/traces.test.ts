// Worked traces: the exact derivation of every style, and the checker on right traces, wrong
// steps, lucky answers, other styles and malformed text.
import { describe, expect, it } from 'vitest';
import { checkTrace, referenceCompletion, splitTrace, stepsArithmeticOk, structuralStyle, styleSharesOf, traceFor, tracesFor, TRACE_STYLE_LABELS, TRACE_STYLES } from '../../src/engine/traces';
import { makeProblem, TASK_LAYOUT } from '../../src/engine/tasks';

describe('trace generation', () => {
  it('writes each style exactly', () => {
    expect(tracesFor(47, 38)).toEqual({ columns: '7+8=15,4+3+1=8>85', places: '4+3=7,7+8=15,70+15=85>85', jump: '+30=77,+8=85>85' });
    // Unequal lengths pad with zeros; a final carry adds a digit.
    expect(tracesFor(5, 98)).toEqual({ columns: '5+8=13,0+9+1=10>103', places: '0+9=9,5+8=13,90+13=103>103', jump: '+90=95,+8=103>103' });
    // Jumps skip zero places of b; b = 0 is one jump of 0.
    expect(traceFor('jump', 547, 605)).toBe('+600=1147,+5=1152>1152');
    expect(traceFor('jump', 12, 0)).toBe('+0=12>12');
    expect(traceFor('places', 547, 638)).toBe('5+6=11,4+3=7,7+8=15,1100+70+15=1185>1185');
    expect(traceFor('columns', 547, 638)).toBe('7+8=15,4+3+1=8,5+6=11>1185');
    // One place: columns and places are the same text.
    expect(tracesFor(3, 4)).toEqual({ columns: '3+4=7>7', places: '3+4=7>7', jump: '+4=7>7' });
  });
  it('styles differ in their intermediate steps, not only in separators', () => {
    const t = tracesFor(47, 38);
    const numbers = (s: string) => s.split('>')[0].split(/[^0-9]+/).filter(Boolean).join(' ');
    expect(new Set(TRACE_STYLES.map((s) => numbers(t[s]))).size).toBe(3);
  });
  it('every 3-digit trace fits the answer window (the OOD split of digits 2)', () => {
    let longest = 0;
    for (let a = 0; a < 1000; a += 1) for (let b = 0; b < 1000; b += 7) for (const s of TRACE_STYLES) longest = Math.max(longest, traceFor(s, a, b).length);
    for (const s of TRACE_STYLES) longest = Math.max(longest, traceFor(s, 111, 999).length, traceFor(s, 999, 999).length);
    expect(longest + 1).toBeLessThanOrEqual(TASK_LAYOUT.addTrace.answerLength);
    expect('999+999='.length).toBeLessThanOrEqual(TASK_LAYOUT.addTrace.promptLength);
  });
  it('problems carry every style and the reference follows the assigned style', () => {
    const p = { ...makeProblem('addTrace', [47, 38]), style: 'jump' };
    expect(p.traces).toEqual(tracesFor(47, 38));
    expect(referenceCompletion(p)).toBe('+30=77,+8=85>85');
    expect(referenceCompletion(p, 'columns')).toBe('7+8=15,4+3+1=8>85');
    expect(referenceCompletion(makeProblem('add', [47, 38]))).toBe('85');
    expect(Object.keys(TRACE_STYLE_LABELS).sort()).toEqual([...TRACE_STYLES, 'other'].sort());
  });
});

describe('trace checking', () => {
  it('a right trace of each style is recognised and right', () => {
    for (const s of TRACE_STYLES) {
      expect(checkTrace(traceFor(s, 47, 38), 47, 38)).toEqual({ style: s, answer: '85', stepsRight: true, arithmeticOk: true });
    }
  });
  it('a wrong step fails the trace and keeps its style', () => {
    const c = checkTrace('7+8=15,4+3+1=9>95', 47, 38);
    expect(c).toEqual({ style: 'columns', answer: '95', stepsRight: false, arithmeticOk: false });
    expect(checkTrace('4+3=7,7+8=16,70+16=86>86', 47, 38)).toMatchObject({ style: 'places', stepsRight: false, arithmeticOk: false });
    expect(checkTrace('+30=77,+8=86>86', 47, 38)).toMatchObject({ style: 'jump', stepsRight: false, arithmeticOk: false });
  });
  it('a wrong trace with a lucky right answer: the answer is right, the steps are not', () => {
    const c = checkTrace('7+8=14,4+3+1=8>85', 47, 38);
    expect(c.answer).toBe('85');
    expect(c.stepsRight).toBe(false);
    expect(c.style).toBe('columns');
    // True arithmetic that is not this problem's derivation (the operands of another problem).
    const other = checkTrace('6+8=14,4+3+1=8>85', 47, 38);
    expect(other).toMatchObject({ stepsRight: false, arithmeticOk: true, answer: '85' });
  });
  it('another problem\'s right trace is not right for this one', () => {
    expect(checkTrace(traceFor('jump', 47, 38), 57, 28).stepsRight).toBe(false);
  });
  it('structure that follows no style is other; no marker means no answer', () => {
    expect(checkTrace('85>85', 47, 38)).toMatchObject({ style: 'other', answer: '85', stepsRight: false });
    expect(checkTrace('>85', 47, 38)).toMatchObject({ style: 'other', answer: '85', stepsRight: false });
    expect(checkTrace('7+8=15,4+3+1=8', 47, 38)).toEqual({ style: 'other', answer: null, stepsRight: false, arithmeticOk: false });
    expect(checkTrace('7+8=15>8>85', 47, 38).answer).toBeNull();
    expect(checkTrace('', 47, 38).answer).toBeNull();
    expect(structuralStyle(['+30=77', '7+8=15'])).toBe('other');
    expect(structuralStyle(['4+3=7', '70+15=85'])).toBe('other'); // a combination needs at least two place sums
    expect(splitTrace('a,b>9')).toEqual({ steps: ['a', 'b'], answer: '9' });
  });
  it('arithmetic is checked step by step, jumps as a chain from a', () => {
    expect(stepsArithmeticOk(['70+15=85', '1+2+3=6'], 0)).toBe(true);
    expect(stepsArithmeticOk(['+30=77', '+8=85'], 47)).toBe(true);
    expect(stepsArithmeticOk(['+30=77', '+8=85'], 48)).toBe(false);
    expect(stepsArithmeticOk(['7+=7'], 0)).toBe(false);
    expect(stepsArithmeticOk(['7=7='], 0)).toBe(false);
  });
  it('style shares count every id and sum to 1', () => {
    expect(styleSharesOf(['columns', 'columns', 'jump', 'other'])).toEqual({ columns: 0.5, places: 0, jump: 0.25, other: 0.25 });
    expect(styleSharesOf([])).toEqual({ columns: 0, places: 0, jump: 0, other: 0 });
  });
});
