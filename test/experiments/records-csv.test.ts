// The CSV of a run's records: single-seed columns as before (plus seed), and for multi-seed
// runs a standard-error column and one column per seed after every numeric column.
import { describe, expect, it } from 'vitest';
import { recordsToCsv } from '../../src/experiments/records-csv';
import { combineEvals, combineSteps } from '../../src/engine/seeds';
import type { EvalRecord, SplitEval, StepRecord } from '../../src/engine/types';

// Records cut down to a few fields: the export follows whatever fields the records have.
const step = (seed: number, reward: number): StepRecord => ({ type: 'step', step: 1, rollouts: 4, rewardObserved: reward, stepMs: 10, seed } as unknown as StepRecord);
const split = (p1: number, p2: number): SplitEval => ({ passAtK: [p1, p2], fnRate: null } as unknown as SplitEval);
const evalRec = (seed: number, step: number, p1: number, p2: number, ratio: number | null): EvalRecord =>
  ({ type: 'eval', step, rollouts: step * 4, test: split(p1, p2), ood: split(p1 / 2, p2 / 2), k: 2, compressionRatio: ratio, seed } as unknown as EvalRecord);

describe('recordsToCsv', () => {
  it('single seed: the record fields, blank where they do not apply, and the seed last', () => {
    const csv = recordsToCsv([evalRec(3, 0, 0.5, 0.75, null), step(3, 0.25), evalRec(3, 1, 0.625, 0.75, 0.5)]);
    expect(csv).toBe([
      'type,step,rollouts,rewardObserved,stepMs,test_pass@1,test_pass@2,test_fnRate,ood_pass@1,ood_pass@2,ood_fnRate,k,compressionRatio,seed',
      'eval,0,0,,,0.5,0.75,,0.25,0.375,,2,,3',
      'step,1,4,0.25,10,,,,,,,,,3',
      'eval,1,4,,,0.625,0.75,,0.3125,0.375,,2,0.5,3',
      '',
    ].join('\n'));
  });

  it('worked traces: trace pass@k in columns of its own, style shares as JSON', () => {
    const traced = (p1: number, t1: number): SplitEval => ({ passAtK: [p1], tracePassAtK: [t1], styleShares: { columns: 0.5, other: 0.5 } } as unknown as SplitEval);
    const e = { type: 'eval', step: 0, rollouts: 0, test: traced(0.5, 0.25), ood: traced(0, 0), k: 1, seed: 1 } as unknown as EvalRecord;
    const [header, row] = recordsToCsv([e]).trimEnd().split('\n');
    expect(header).toBe('type,step,rollouts,test_pass@1,test_tracePass@1,test_styleShares,ood_pass@1,ood_tracePass@1,ood_styleShares,k,seed');
    expect(row).toBe('eval,0,0,0.5,0.25,"{""columns"":0.5,""other"":0.5}",0,0,"{""columns"":0.5,""other"":0.5}",1,1');
  });

  it('several seeds: each column, its standard error over seeds, then one column per seed', () => {
    const steps = combineSteps([step(1, 0.25), step(2, 0.75)], 30);
    const e0 = combineEvals([evalRec(1, 0, 0.5, 0.75, null), evalRec(2, 0, 0.25, 0.5, null)], 7);
    const e1 = combineEvals([evalRec(1, 1, 0.75, 1, 1), evalRec(2, 1, 0.25, 0.5, null)], 8);
    const lines = recordsToCsv([e0, steps, e1]).trimEnd().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['type', 'step', 'rollouts']);
    const group = (c: string) => header.slice(header.indexOf(c), header.indexOf(c) + 4);
    expect(group('rewardObserved')).toEqual(['rewardObserved', 'rewardObserved_se', 'rewardObserved@seed1', 'rewardObserved@seed2']);
    expect(group('stepMs')).toEqual(['stepMs', 'stepMs_se', 'stepMs@seed1', 'stepMs@seed2']);
    expect(group('test_pass@1')).toEqual(['test_pass@1', 'test_pass@1_se', 'test_pass@1@seed1', 'test_pass@1@seed2']);
    expect(group('test_pass@2')).toEqual(['test_pass@2', 'test_pass@2_se', 'test_pass@2@seed1', 'test_pass@2@seed2']);
    // Every plain column (after the three keys) comes with its _se and per-seed columns.
    const plain = header.slice(3).filter((c) => !/(_se|@seed\d+)$/.test(c));
    expect(header).toHaveLength(3 + plain.length * 4);
    for (const c of ['ood_pass@2', 'k', 'compressionRatio', 'evalMs', 'test_fnRate']) {
      expect(header).toContain(c);
      expect(header).toContain(`${c}_se`);
      expect(header).toContain(`${c}@seed1`);
      expect(header).toContain(`${c}@seed2`);
    }
    expect(header).not.toContain('seed');
    expect(header).not.toContain('perSeed');
    const row = (line: string) => Object.fromEntries(line.split(',').map((v, i) => [header[i], v]));
    const s = row(lines[2]);
    expect(s.type).toBe('step');
    // mean 0.5; sample sd of {0.25, 0.75} = 0.3536; se = 0.3536 / sqrt 2 = 0.25
    expect([s.rewardObserved, s.rewardObserved_se, s['rewardObserved@seed1'], s['rewardObserved@seed2']]).toEqual(['0.5', '0.25', '0.25', '0.75']);
    expect([s.stepMs, s.stepMs_se, s['stepMs@seed1'], s['stepMs@seed2']]).toEqual(['30', '0', '10', '10']);
    expect(s['test_pass@1']).toBe('');
    const last = row(lines[3]);
    expect([last['test_pass@1'], last['test_pass@1_se'], last['test_pass@1@seed1'], last['test_pass@1@seed2']]).toEqual(['0.5', '0.25', '0.75', '0.25']);
    expect([last['ood_pass@2'], last['ood_pass@2@seed1'], last['ood_pass@2@seed2']]).toEqual(['0.375', '0.5', '0.25']);
    // A ratio undefined for one seed is undefined for the mean; the other seed keeps its own.
    expect([last.compressionRatio, last.compressionRatio_se, last['compressionRatio@seed1'], last['compressionRatio@seed2']]).toEqual(['', '', '1', '']);
    expect([last.evalMs, last.rewardObserved, last.test_fnRate, last.test_fnRate_se]).toEqual(['8', '', '', '']);
    expect(lines).toHaveLength(4);
  });

  it('the evaluation that ends a run carries why (stopReason), for one seed and for each of several', () => {
    const one = recordsToCsv([evalRec(3, 0, 0.5, 0.75, null), { ...evalRec(3, 1, 0.625, 0.75, 0.5), stopReason: 'plateau' }]).trimEnd().split('\n');
    expect(one[0].split(',')).toContain('stopReason');
    const at = one[0].split(',').indexOf('stopReason');
    expect(one.slice(1).map((l) => l.split(',')[at])).toEqual(['', 'plateau']);
    const last = combineEvals([{ ...evalRec(1, 1, 0.75, 1, 1), stopReason: 'cap' }, { ...evalRec(2, 1, 0.25, 0.5, null), stopReason: 'cap' }], 8);
    const lines = recordsToCsv([last]).trimEnd().split('\n');
    const header = lines[0].split(',');
    const row = Object.fromEntries(lines[1].split(',').map((v, i) => [header[i], v]));
    expect([row.stopReason, row['stopReason@seed1'], row['stopReason@seed2'], row.stopReason_se]).toEqual(['cap', 'cap', 'cap', '']);
  });
});
