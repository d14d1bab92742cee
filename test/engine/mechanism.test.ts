// The noise-mechanism diagnostics, checked by hand on small groups, and on a real run:
// FP flips in a low-success regime mostly land as lone positives with a large advantage.
import { describe, expect, it } from 'vitest';
import { groupDiagnostics, shareBelowHalf, successHistogram, youdenJ } from '../../src/engine/mechanism';
import { groupAdvantages } from '../../src/engine/grpo';

describe('per-prompt success', () => {
  it('histogram of c out of n and the share below 0.5', () => {
    const h = successHistogram([0, 1, 1, 4, 2, 3], 4);
    expect(h).toEqual([1, 2, 1, 1, 1]);
    expect(shareBelowHalf(h)).toBe(3 / 6); // c/n = 0, .25, .25 are below 0.5; 0.5 is not
    expect(shareBelowHalf([0, 0, 0])).toBeNull();
  });
  it('Youden J = 1 - FN - FP, null when a rate is unknown', () => {
    expect(youdenJ(0.3, 0.2)).toBeCloseTo(0.5, 15);
    expect(youdenJ(0.5, 0.6)).toBeCloseTo(-0.1, 15);
    expect(youdenJ(null, 0.1)).toBeNull();
  });
});

describe('group diagnostics', () => {
  it('flips, lone minorities and their advantage, wrong-answer diversity', () => {
    const K = 4;
    // Group 1: truth 0,0,0,0; one FP flip -> observed 1,0,0,0 (a lone positive on a wrong answer).
    // Group 2: truth 1,1,1,1; one FN flip -> observed 1,1,0,1 (a lone negative on a correct answer).
    // Group 3: truth 1,1,0,0; two FN flips -> observed 0,0,0,0 (flips, but no lone minority).
    const observed = [1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0];
    const correct = [false, false, false, false, true, true, true, true, true, true, false, false];
    const answers = ['12', '12', '13', '12', '9', '9', '9', '9', '7', '7', '8', '6'];
    const adv = groupAdvantages(observed, K, 'mean', true);
    const d = groupDiagnostics(observed, correct, answers, adv, K);
    expect(d.groupSuccessHist).toEqual([1, 0, 1, 0, 1]);
    expect(d.flippedFraction).toBe(4 / 12);
    expect(d.flipLoneShare).toBe(2 / 4);
    // A lone minority in a group of 4 with std normalisation: |0.75| / (std 0.5 + eps) = about 1.5 = sqrt(K-1) * ... (sample std).
    const expectedLone = (Math.abs(adv[0]) + Math.abs(adv[6])) / 2;
    expect(d.flipLoneAdvAbs).toBe(expectedLone);
    expect(Math.abs(adv[0])).toBeCloseTo(0.75 / (Math.sqrt(0.25) + 1e-4), 6);
    expect(d.fnLoneShare).toBe(1 / 3);
    expect(d.fpLoneShare).toBe(1);
    // Wrong answers: group 1 has {12: 3, 13: 1}; group 3 has {8: 1, 6: 1}; group 2 has none.
    expect(d.wrongDistinct).toBe((2 + 2) / 2);
    expect(d.wrongTopShare).toBe((3 / 4 + 1 / 2) / 2);
  });
  it('clean groups: no flips, nulls where nothing is measured', () => {
    const d = groupDiagnostics([1, 1, 1, 1], [true, true, true, true], ['5', '5', '5', '5'], [0, 0, 0, 0], 4);
    expect(d.flippedFraction).toBe(0);
    expect(d.flipLoneShare).toBeNull();
    expect(d.flipLoneAdvAbs).toBeNull();
    expect(d.wrongDistinct).toBeNull();
  });
});
