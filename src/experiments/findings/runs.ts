// The runs a finding needs: each arm's full settings per seed (or as one multi-seed run, as the
// playground's presets run it), the distinct settings shared by several findings (run once),
// and the summaries grouped back into assess()'s input, from stored summaries or from a live
// run's records.
import { assertValidSettings, DEFAULT_SETTINGS, type Settings } from '../../engine/settings';
import type { EvalRecord, RunInfo, StepRecord } from '../../engine/types';
import { SweepError } from '../grid';
import { summarizeSeeds, type RunSummary } from '../summary';
import { stableKey } from '../sweep-file';
import { DEFAULT_FINDING_SEEDS, type ArmSummaries, type Finding, type FindingArm } from './finding';

/**
 * The full settings of one arm as one (multi-seed) run: defaults, then the finding's budget,
 * then the arm, then a caller's budget override (the Findings view lets users shrink the budget;
 * a preset adds its browser budget, seeds included). The caller's budget comes last so it also
 * overrides an arm's own step cap (the plateau arms of findings 1 and 2 carry one per anchor).
 * The playground's presets run this.
 */
export function armRunSettings(finding: Finding, arm: FindingArm, base: Settings = DEFAULT_SETTINGS, budget: Partial<Settings> = {}): Settings {
  return assertValidSettings({ ...base, ...finding.budget, ...arm.settings, ...budget });
}

/** The full settings of one arm at one seed: armRunSettings with that seed alone. */
export function armSettings(finding: Finding, arm: FindingArm, seed: number, base: Settings = DEFAULT_SETTINGS, budget: Partial<Settings> = {}): Settings {
  // One seed per run: the pool runs an arm's consecutive seeds together (groupSeeds).
  return assertValidSettings({ ...armRunSettings(finding, arm, base, budget), seed, seeds: 1 });
}

export interface FindingRun {
  finding: string;
  arm: string;
  seed: number;
  settings: Settings;
  /** Canonical key of the settings: arms with equal settings share one run. */
  key: string;
}

export function findingRuns(finding: Finding, seeds: readonly number[] = DEFAULT_FINDING_SEEDS, base: Settings = DEFAULT_SETTINGS, budget: Partial<Settings> = {}): FindingRun[] {
  return finding.arms.flatMap((arm) => seeds.map((seed) => {
    const settings = armSettings(finding, arm, seed, base, budget);
    return { finding: finding.id, arm: arm.id, seed, settings, key: stableKey(settings) };
  }));
}

/** Distinct settings needed by several findings (shared arms run once). */
export function uniqueRuns(findings: readonly Finding[], seeds: readonly number[] = DEFAULT_FINDING_SEEDS, base: Settings = DEFAULT_SETTINGS): Map<string, Settings> {
  const out = new Map<string, Settings>();
  for (const f of findings) for (const r of findingRuns(f, seeds, base)) if (!out.has(r.key)) out.set(r.key, r.settings);
  return out;
}

/**
 * A finding run's summary naming the seed it ran with, so arms pair by seed (armDiff):
 * summaries made before they recorded their seed take it from the run.
 */
export function withSeed(summary: RunSummary, seed: number): RunSummary {
  return typeof summary.seed === 'number' ? summary : { ...summary, seed };
}

/** Group run summaries (looked up by settings key) into assess()'s input. */
export function armSummaries(
  finding: Finding, lookup: (key: string) => RunSummary | undefined, seeds: readonly number[] = DEFAULT_FINDING_SEEDS,
  base: Settings = DEFAULT_SETTINGS, budget: Partial<Settings> = {},
): ArmSummaries {
  const out: Record<string, RunSummary[]> = {};
  for (const r of findingRuns(finding, seeds, base, budget)) {
    const s = lookup(r.key);
    if (s) (out[r.arm] ??= []).push(withSeed(s, r.seed));
  }
  return out;
}

/** A finished run's records as the playground holds them (its RunData satisfies this). */
export interface RecordedRun {
  evals: readonly EvalRecord[];
  steps: readonly StepRecord[];
  info?: Pick<RunInfo, 'promptPool'> | null;
  activeMs?: number;
}

/**
 * assess()'s input from live runs: runs[i] is the run of arm ids[i], a multi-seed run split
 * into one summary per seed (summarizeSeeds, as the Node runner summarises each seed). A run
 * without an evaluation (or not there) leaves its arm out, so assess() judges the rest.
 */
export function recordedArmSummaries(ids: readonly string[], runs: readonly (RecordedRun | null | undefined)[]): ArmSummaries {
  const out: Record<string, RunSummary[]> = {};
  ids.forEach((id, i) => {
    const r = runs[i];
    if (!r?.evals.length) return;
    try {
      out[id] = summarizeSeeds([...r.evals, ...r.steps], r.info ?? undefined, r.activeMs ?? 0).perSeed;
    } catch (e) {
      // A seed without an evaluation cannot be summarised: the arm counts as not run.
      if (!(e instanceof SweepError)) throw e;
    }
  });
  return out;
}
