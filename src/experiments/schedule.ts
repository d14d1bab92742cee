// How a sweep's jobs are scheduled: which one-seed jobs share a multi-seed run, and a rough
// cost per run so pools start the longest first. Pure: the pools (Node and browser) only add
// how a worker is started.
import { SETTINGS_SPEC, type Settings } from '../engine/settings';
import { stableKey } from './sweep-file';

/** The most seeds one run trains (the settings' range). */
export const MAX_SEEDS_PER_RUN = SETTINGS_SPEC.seeds.max;

/** One engine run that stands for several one-seed jobs: settings with seed = the first seed and seeds = the count. */
export interface SeedGroup<J> {
  settings: Settings;
  /** The jobs it runs, in seed order (jobs[i] has seed settings.seed + i). */
  jobs: J[];
}

/**
 * Whether seeds can share a run without changing a number of any seed's summary: not when
 * the prompt pool of curation depends on the seed, nor with `plateau` on (a multi-seed run
 * stops where the mean over its seeds stops rising, not where each seed alone would).
 */
export function groupable(s: Settings): boolean {
  return s.seeds === 1 && s.curation === 'none' && s.schedule === 'none' && !s.plateau;
}

export interface GroupOptions {
  /** Largest group (default and at most MAX_SEEDS_PER_RUN). */
  maxSeeds?: number;
  /** Split the largest groups (into contiguous halves) until there are at least this many runs, so spare workers are not left idle. */
  minGroups?: number;
}

/**
 * Group one-seed jobs into multi-seed runs: jobs whose settings differ only in the seed (one
 * sweep cell, or one finding arm) and whose seeds are consecutive run together, at most
 * maxSeeds at a time. Each seed of a multi-seed run computes exactly what its run alone
 * computes, so grouping never changes a job's summary (wall time aside). Jobs with several
 * seeds of their own, with seed-dependent curation or run to their plateau, run alone. Groups come in the order
 * of their first job.
 */
export function groupSeeds<J extends { settings: Settings }>(jobs: readonly J[], opts: GroupOptions = {}): SeedGroup<J>[] {
  const max = Math.max(1, Math.min(MAX_SEEDS_PER_RUN, Math.floor(opts.maxSeeds ?? MAX_SEEDS_PER_RUN)));
  const byKey = new Map<string, { job: J; at: number }[]>();
  const groups: { at: number; jobs: J[] }[] = [];
  jobs.forEach((job, at) => {
    if (!groupable(job.settings)) { groups.push({ at, jobs: [job] }); return; }
    const key = stableKey({ ...job.settings, seed: 0 });
    const list = byKey.get(key) ?? [];
    list.push({ job, at });
    byKey.set(key, list);
  });
  for (const list of byKey.values()) {
    const sorted = [...list].sort((a, b) => a.job.settings.seed - b.job.settings.seed || a.at - b.at);
    let cur: { at: number; jobs: J[] } | null = null;
    for (const { job, at } of sorted) {
      const prev = cur?.jobs[cur.jobs.length - 1];
      if (cur && prev && job.settings.seed === prev.settings.seed + 1 && cur.jobs.length < max) {
        cur.jobs.push(job);
        cur.at = Math.min(cur.at, at);
      } else {
        cur = { at, jobs: [job] };
        groups.push(cur);
      }
    }
  }
  const want = Math.floor(opts.minGroups ?? 0);
  for (;;) {
    if (groups.length >= want) break;
    let big = -1;
    groups.forEach((g, i) => { if (g.jobs.length > 1 && (big < 0 || g.jobs.length > groups[big].jobs.length)) big = i; });
    if (big < 0) break;
    const g = groups[big];
    const half = Math.ceil(g.jobs.length / 2);
    groups.splice(big, 1, { at: g.at, jobs: g.jobs.slice(0, half) }, { at: g.at, jobs: g.jobs.slice(half) });
  }
  return groups
    .map((g, i) => ({ g, i }))
    .sort((a, b) => a.g.at - b.g.at || a.i - b.i)
    .map(({ g }) => ({ settings: g.jobs.length === 1 ? g.jobs[0].settings : { ...g.jobs[0].settings, seeds: g.jobs.length }, jobs: g.jobs }));
}

/**
 * A rough cost of a run in "rollout units", for scheduling the longest jobs first: a step
 * costs its rollouts plus a fixed overhead, an evaluation samples both splits, curation and
 * schedules first estimate base pass rates on 512 x 8 samples.
 */
export function estimateCost(s: Settings): number {
  const evals = 1 + Math.ceil(s.steps / s.evalEvery);
  const rates = s.curation !== 'none' || s.schedule !== 'none' ? 4096 : 0;
  return s.seeds * (s.steps * (48 + s.promptsPerStep * s.rolloutsPerPrompt) * s.updatesPerBatch + evals * 2 * s.evalProblems * s.evalSamples * 1.5 + rates);
}
