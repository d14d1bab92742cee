// The recorded runs the page opens its rate-or-fate comparison presets with: `npm run findings`
// keeps these arms' evaluations (results/recorded-runs.json), so a reader sees the recorded
// answer, curves included, before running anything.
import type { Settings } from '../../engine/settings';
import type { EvalRecord } from '../../engine/types';
import { plateauArmId } from './rate-or-fate';

/** Mid base, K=4, clean / FN 0.3 / FP 0.3 at the loose and at the binding anchor (finding 1's arms). */
export const RECORDED_ARMS: readonly string[] = [0.02, 1].flatMap((beta) => (['clean', 'fn', 'fp'] as const).map((n) => plateauArmId('mid', beta, 4, n)));

export interface RecordedRun {
  finding: string;
  arm: string;
  seed: number;
  settings: Settings;
  evals: EvalRecord[];
}

export interface RecordedRuns {
  generated: string;
  command: string;
  arms: RecordedRun[];
}
