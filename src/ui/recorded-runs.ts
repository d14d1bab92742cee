// The recorded runs a rate-or-fate preset opens with: results/recorded-runs.json (written by
// `npm run findings`, read by recorded-file.ts when the page is built), each preset arm's seeds combined into one run to pin (evaluations only, at
// the steps every seed reached), and the finding's own assess() of the recorded seeds, so
// the reader sees the recorded answer, curves and sentence, before running anything.
import { combineEvals } from '../engine/seeds';
import type { Settings } from '../engine/settings';
import type { EvalRecord } from '../engine/types';
import type { Assessment } from '../experiments/findings/finding';
import type { RecordedRuns } from '../experiments/findings/recorded';
import { withSeed } from '../experiments/findings/runs';
import { summarizeRun, type RunSummary } from '../experiments/summary';
import { presetFinding, type Preset } from './presets';

/** One recorded arm as a run to pin: its seeds' evaluations combined at the steps all of them reached. */
export interface RecordedPin {
  arm: string;
  label: string;
  settings: Settings;
  evals: EvalRecord[];
  /** The step each seed stopped at (its plateau or its cap), in seed order. */
  stops: number[];
}

export interface PresetRecord {
  generated: string;
  pins: RecordedPin[];
  /** The finding's assess() of the recorded seeds of the preset's arms. */
  assessment: Assessment;
}

/** The recorded runs of a preset's arms, combined for the charts and assessed by its finding; null when none were recorded. */
export function presetRecord(p: Preset, file: RecordedRuns | null): PresetRecord | null {
  if (!file) return null;
  const f = presetFinding(p);
  const pins: RecordedPin[] = [];
  const summaries: Record<string, RunSummary[]> = {};
  for (const id of p.arms) {
    const seeds = file.arms.filter((a) => a.finding === f.id && a.arm === id).sort((a, b) => a.seed - b.seed);
    if (!seeds.length) continue;
    summaries[id] = seeds.map((s) => withSeed(summarizeRun(s.evals), s.seed));
    // Steps every seed evaluated at: a seed that stopped earlier ends the combined curve there.
    const steps = seeds.map((s) => new Set(s.evals.map((e) => e.step)));
    const common = seeds[0].evals.map((e) => e.step).filter((st) => steps.every((set) => set.has(st)));
    const evals = common.map((st) => combineEvals(seeds.map((s) => ({ ...s.evals.find((e) => e.step === st)!, seed: s.seed })), 0));
    const label = f.arms.find((a) => a.id === id)?.label ?? id;
    pins.push({ arm: id, label, settings: { ...seeds[0].settings, seed: seeds[0].seed, seeds: seeds.length }, evals, stops: seeds.map((s) => s.evals[s.evals.length - 1].step) });
  }
  if (!pins.length) return null;
  return { generated: file.generated, pins, assessment: f.assess(summaries) };
}
