import { describe, expect, it } from 'vitest';
import { decodeCompletion, encodeAnswer, encodeChars, encodePrompt, EOS, PAD, TRACE_VOCAB, VOCAB, vocabFor } from '../../src/engine/tokenizer';

describe('vocabulary per task', () => {
  it('the arithmetic tasks keep the original 18 ids; addTrace appends its symbols after them', () => {
    expect(VOCAB).toEqual(['<pad>', '<eos>', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '*', '%', '(', ')', '=']);
    for (const t of ['add', 'mul', 'mod'] as const) expect(vocabFor(t)).toBe(VOCAB);
    expect(vocabFor('addTrace')).toBe(TRACE_VOCAB);
    expect(TRACE_VOCAB.slice(0, VOCAB.length)).toEqual([...VOCAB]);
    expect(TRACE_VOCAB.slice(VOCAB.length)).toEqual([',', '>']);
    expect([PAD, EOS]).toEqual([0, 1]);
  });
  it('encodes with the task\'s vocabulary only', () => {
    expect(encodeChars('12+3=')).toEqual([3, 4, 12, 5, 17]);
    expect(encodeChars('12+3=', TRACE_VOCAB)).toEqual([3, 4, 12, 5, 17]);
    expect(encodeAnswer('7,8>9', TRACE_VOCAB)).toEqual([9, 18, 10, 19, 11, EOS]);
    expect(() => encodeChars('7,8>9')).toThrow(/not in the vocabulary/);
    expect(encodePrompt('1+2=', 6, TRACE_VOCAB)).toEqual([PAD, PAD, 3, 12, 4, 17]);
  });
  it('decodes a trace with its vocabulary', () => {
    const ids = [...encodeAnswer('+30=77,+8=85>85', TRACE_VOCAB), PAD];
    expect(decodeCompletion(ids, 0, ids.length, TRACE_VOCAB)).toEqual({ text: '+30=77,+8=85>85', ended: true, length: 16 });
    expect(decodeCompletion([9, 18], 0, 2, TRACE_VOCAB)).toEqual({ text: '7,', ended: false, length: 2 });
  });
});
