// What a finding is: the claim of shared/findings.md as data, its contrasting arms (partial
// settings over a shared budget) and an assess() that states the outcome from the runs'
// numbers; and the budgets the findings run at. Pure and typed: the Node tests,
// `npm run findings` and the browser findings view run the same arms and call the same assess().
import type { Settings } from '../../engine/settings';
import type { RunSummary } from '../summary';

export interface FindingArm {
  /** Key of the arm in assess()'s input. */
  id: string;
  label: string;
  settings: Partial<Settings>;
}

export interface Assessment {
  /** What the runs show, with their numbers (means over seeds). */
  sentence: string;
  /** Whether the runs go in the direction the finding claims; null when they cannot tell. */
  holds: boolean | null;
  /** The key numbers behind the sentence. */
  metrics: Record<string, number | null>;
}

/** The verdict in words, wherever an assessment is shown (Findings cards, presets). */
export function holdsText(holds: boolean | null | undefined): string {
  return holds === true ? 'direction holds' : holds === false ? 'does not hold here' : 'undecided';
}

/** Per arm id, one summary per seed. */
export type ArmSummaries = Record<string, readonly RunSummary[]>;

export interface Finding {
  /** Short stable id, e.g. `fn-vs-fp`. */
  id: string;
  /** Number in shared/findings.md. */
  number: number;
  title: string;
  /** One sentence: what to look at. */
  guide: string;
  /** The direction assess() checks, in words, fixed before any run. */
  expectation: string;
  /** Settings shared by every arm (on top of the engine defaults). */
  budget: Partial<Settings>;
  arms: FindingArm[];
  assess(arms: ArmSummaries): Assessment;
}

/**
 * The budget every finding runs at unless it says otherwise: engine defaults (B 16, K 8, lr,
 * beta, ...) for 80 steps, evaluated at the start and the end on 64 held-out (and 64 OOD)
 * problems x 8 samples. Chosen before any finding was run; small enough for CI on 2 cores.
 */
export const FINDING_BUDGET: Partial<Settings> = { steps: 80, evalEvery: 80, evalProblems: 64, evalSamples: 8 };

export const DEFAULT_FINDING_SEEDS = [1, 2, 3] as const;

/**
 * Budget of the regime findings (1, 2, 12), fixed before they were run: 100 steps at the
 * engine defaults, evaluated at the start and the end on 128 held-out problems x 8 samples
 * (twice the other findings' evaluation, so evaluation noise stays under the seed spread).
 */
export const REGIME_BUDGET: Partial<Settings> = { steps: 100, evalEvery: 100, evalProblems: 128, evalSamples: 8 };

/** KL beta at which the anchor binds: at 0.02 beta x KL is about 0.002 per token against |advantage| about 0.8; at 1 the anchor's pull, beta x |log ratio| (about sqrt(2 KL), 0.45 at KL 0.1), is of the same order. regimes.md's fixed points use beta = 1 too. */
export const BINDING_BETA = 1;
