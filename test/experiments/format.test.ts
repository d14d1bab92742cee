// The one format module, exactly: every format the sentences, tables and CLIs use.
import { describe, expect, it } from 'vitest';
import { cellValue, fixed, formatDuration, meanSeText, pairingText, pct, plateauText, ppChange, ppSigned, sePp } from '../../src/experiments/format';

describe('format', () => {
  it('formatDuration: seconds, minutes and seconds, hours and minutes; a dash when unknown', () => {
    expect(formatDuration(75_000)).toBe('1m 15s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(45_400)).toBe('45s');
    expect(formatDuration(7_620_000)).toBe('2h 07m');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('fixed: decimals, n/a when missing', () => {
    expect(fixed(0.51234)).toBe('0.512');
    expect(fixed(0.51234, 2)).toBe('0.51');
    expect(fixed(1234.5678, 0)).toBe('1235');
    expect(fixed(-0.0001)).toBe('-0.000');
    expect(fixed(null)).toBe('n/a');
    expect(fixed(undefined)).toBe('n/a');
    expect(fixed(NaN)).toBe('n/a');
    expect(fixed(Infinity, 2)).toBe('n/a');
  });

  it('pct: percent with one decimal, or whole percents', () => {
    expect(pct(0.123)).toBe('12.3%');
    expect(pct(1)).toBe('100.0%');
    expect(pct(0)).toBe('0.0%');
    expect(pct(0.5, 0)).toBe('50%');
    expect(pct(0.25, 0)).toBe('25%');
  });

  it('ppSigned: the sign always shown, also on zero', () => {
    expect(ppSigned(0.123)).toBe('+12.3pp');
    expect(ppSigned(0)).toBe('+0.0pp');
    expect(ppSigned(-0.0001)).toBe('-0.0pp');
    expect(ppSigned(-0.0125)).toBe('-1.3pp');
    expect(ppSigned(null)).toBe('n/a');
    expect(ppSigned(NaN)).toBe('n/a');
  });

  it('ppChange: a change that rounds to zero reads 0.0pp, unsigned', () => {
    expect(ppChange(0.041)).toBe('+4.1pp');
    expect(ppChange(-0.0125)).toBe('-1.3pp');
    expect(ppChange(-0.0001)).toBe('0.0pp');
    expect(ppChange(0.0004)).toBe('0.0pp');
    expect(ppChange(0)).toBe('0.0pp');
    expect(ppChange(null)).toBe('n/a');
    expect(ppChange(NaN)).toBe('n/a');
  });

  it('sePp: a standard error after a pp value, nothing without one', () => {
    expect(sePp(0.013)).toBe(' ± 1.3pp');
    expect(sePp(0)).toBe(' ± 0.0pp');
    expect(sePp(null)).toBe('');
    expect(sePp(undefined)).toBe('');
    expect(sePp(NaN)).toBe('');
  });

  it('meanSeText: mean ± SE, or the mean alone without an SE', () => {
    expect(meanSeText({ mean: 0.61, se: 0.02 })).toBe('0.610 ± 0.020');
    expect(meanSeText({ mean: 0.61, se: 0.02 }, 2)).toBe('0.61 ± 0.02');
    expect(meanSeText({ mean: 0.61, se: null }, 2)).toBe('0.61');
    expect(meanSeText({ mean: null, se: null })).toBe('n/a');
  });

  it('cellValue: percent or three decimals, a dash when missing', () => {
    expect(cellValue(0.1234, true)).toBe('12.3%');
    expect(cellValue(0.1234, true, 2)).toBe('12.34%');
    expect(cellValue(0.1234, false)).toBe('0.123');
    expect(cellValue(0.1234, false, 2)).toBe('0.123');
    expect(cellValue(null, true)).toBe('—');
    expect(cellValue(NaN, false)).toBe('—');
  });

  it('pairingText: how a difference of two arms was taken', () => {
    expect(pairingText({ paired: true, n: 3 })).toBe('paired over 3 seeds');
    expect(pairingText({ paired: true, n: 1 })).toBe('paired over 1 seed');
    expect(pairingText({ paired: false, n: 2 })).toBe("unpaired (the arms' seeds differ)");
    expect(pairingText({})).toBe('');
  });

  it('plateauText: the CLI\'s closing line, mean ± SE with several seeds', () => {
    expect(plateauText({ mean: 0.5234, se: null }, 240, 'plateau')).toBe('plateau 0.523 at step 240 (stopped: plateau)');
    expect(plateauText({ mean: 0.6, se: 0.0123 }, 300, 'cap')).toBe('plateau 0.600 ± 0.012 at step 300 (stopped: cap)');
    expect(plateauText({ mean: null, se: null }, 5, null)).toBe('plateau n/a at step 5 (stopped: n/a)');
  });
});
