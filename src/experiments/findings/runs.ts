// The runs a finding needs: each arm's full settings per seed, the distinct settings shared
// by several findings (run once), and the summaries grouped back into assess()'s input.
import { assertValidSettings, DEFAULT_SETTINGS, type Settings } from '../../engine/settings';
import type { RunSummary } from '../summary';
import { stableKey } from '../sweep-file';
import { DEFAULT_FINDING_SEEDS, type ArmSummaries, type Finding, type FindingArm } from './finding';

/**
 * The full settings of one arm at one seed: defaults, then the finding's budget, then a
 * caller's budget override (the page lets users shrink the budget), then the arm.
 */
export function armSettings(finding: Finding, arm: FindingArm, seed: number, base: Settings = DEFAULT_SETTINGS, budget: Partial<Settings> = {}): Settings {
  // One seed per run: the pool runs an arm's consecutive seeds together (groupSeeds).
  return assertValidSettings({ ...base, ...finding.budget, ...budget, ...arm.settings, seed, seeds: 1 });
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
