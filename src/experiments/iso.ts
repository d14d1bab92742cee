// Iso-compute arithmetic for the playground's controls: with the sampling budget
// C = B x K x steps fixed, moving B or K recomputes the steps. Pure; the sweep's
// iso-compute lines (grid.ts isoComputeLine) use the same definition of C.
import { SETTINGS_SPEC, type Settings } from '../engine/settings';

export type IsoKnob = 'promptsPerStep' | 'rolloutsPerPrompt';

export function samplingCompute(s: Pick<Settings, 'promptsPerStep' | 'rolloutsPerPrompt' | 'steps'>): number {
  return s.promptsPerStep * s.rolloutsPerPrompt * s.steps;
}

/** Steps that spend C with B prompts x K rollouts per step: round(C / (B K)), within the steps range. */
export function isoSteps(compute: number, promptsPerStep: number, rolloutsPerPrompt: number): number {
  const f = SETTINGS_SPEC.steps;
  const raw = Math.round(compute / (promptsPerStep * rolloutsPerPrompt));
  return Math.min(f.max, Math.max(f.min, raw));
}

export interface IsoMove {
  settings: Settings;
  /** The compute actually spent after rounding (and clamping) the steps. */
  spent: number;
  /** Set when the steps had to be clamped to their range, so C is not met. */
  clamped: boolean;
}

/** Change B or K (or both) while holding C: the steps follow. */
export function moveAlongIso(s: Settings, compute: number, change: Partial<Pick<Settings, IsoKnob>>): IsoMove {
  const B = change.promptsPerStep ?? s.promptsPerStep;
  const K = change.rolloutsPerPrompt ?? s.rolloutsPerPrompt;
  const steps = isoSteps(compute, B, K);
  const raw = Math.round(compute / (B * K));
  const settings = { ...s, promptsPerStep: B, rolloutsPerPrompt: K, steps };
  return { settings, spent: samplingCompute(settings), clamped: raw !== steps };
}
