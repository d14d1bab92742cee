// What the tests of a comparison's arms share (arms-queue.test.ts, arms-control.test.ts): plain
// records of a tiny run and a runner that records what the store asks of it.
import type { Settings } from '../../src/engine/settings';
import type { EvalRecord, StepRecord } from '../../src/engine/types';
import type { RunPlace, Runner } from '../../src/ui/store';

export function step(n: number): StepRecord {
  return { type: 'step', step: n, rollouts: n * 64, rewardObserved: 0.4, rewardTrue: 0.4 } as Partial<StepRecord> as StepRecord;
}

export function evalRec(n: number, pass1: number): EvalRecord {
  const split = { passAtK: [pass1, 0.6], rewardObserved: 0.4, entropy: 0.5, kl: 0, fnRate: null, fpRate: null, problems: 8, samplesPerProblem: 2 };
  return { type: 'eval', step: n, rollouts: n * 64, test: split, ood: split, k: 2, compressionRatio: null, capabilityGain: 0, evalMs: 1 } as EvalRecord;
}

/** A runner without workers: the settings and places it was started with, and the calls it got. Without a core count it has no cores(). */
export class FakeRunner implements Runner {
  starts: Settings[] = [];
  places: (RunPlace | undefined)[] = [];
  calls: string[] = [];
  cores?: () => number;
  constructor(coreCount?: number) {
    if (coreCount !== undefined) this.cores = () => coreCount;
  }
  start(s: Settings, place?: RunPlace) { this.starts.push(s); this.places.push(place); return this.starts.length; }
  pause() { this.calls.push('pause'); }
  resume() { this.calls.push('resume'); }
  reset() { this.calls.push('reset'); }
  stopOthers(keep: number | null) { this.calls.push(`stopOthers ${keep}`); }
}
