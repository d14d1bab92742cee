// Findings about where compute and data go: prompt curation and baselines (8), and the
// split of a fixed sampling budget between rollouts per problem and problems per batch (11).
import { fixed, ppSigned } from '../format';
import { armMean, CLEAN, undecided } from './assess';
import { FINDING_BUDGET, type Finding } from './finding';

export const COMPUTE_AND_DATA_FINDINGS: readonly Finding[] = [
  {
    id: 'curation',
    number: 8,
    title: 'Curation and baselines',
    guide: 'Train only on prompts the base solves 30-70% of the time, and try a median group baseline instead of the mean.',
    expectation: 'band curation ends above training on all prompts, and the median baseline ends at least as high as the mean',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'all', label: 'all prompts, mean baseline', settings: CLEAN },
      { id: 'band', label: 'band 30-70%, mean baseline', settings: { curation: 'band', bandLow: 0.3, bandHigh: 0.7 } },
      { id: 'median', label: 'all prompts, median baseline', settings: { baseline: 'median' } },
    ],
    assess(arms) {
      const u = undecided(['all', 'band', 'median'], arms);
      if (u) return u;
      const a = armMean(arms, 'all', 'finalPass1')!, b = armMean(arms, 'band', 'finalPass1')!, md = armMean(arms, 'median', 'finalPass1')!;
      return {
        sentence: `Final held-out pass@1: all prompts ${fixed(a)}, band 30-70% ${fixed(b)} (${ppSigned(b - a)}; pool ${fixed(armMean(arms, 'band', 'promptPool'), 0)} prompts), median baseline ${fixed(md)} (${ppSigned(md - a)}). `
          + `Zero-signal groups: all ${fixed(armMean(arms, 'all', 'fracZeroStd'), 2)}, band ${fixed(armMean(arms, 'band', 'fracZeroStd'), 2)}.`,
        holds: b > a && md >= a,
        metrics: { all: a, band: b, median: md, bandPool: armMean(arms, 'band', 'promptPool'), fracZeroAll: armMean(arms, 'all', 'fracZeroStd'), fracZeroBand: armMean(arms, 'band', 'fracZeroStd') },
      };
    },
  },
  {
    id: 'iso-compute',
    number: 11,
    title: 'Where to spend sampling compute',
    guide: 'Fix the sampling budget C = B x K x steps and trade rollouts per problem K against problems per batch B, at a small and a 4x larger budget.',
    expectation: 'the best K at the larger budget is larger than the best K at the small budget',
    // 60 steps at both budgets: C = 60 x 32 and 60 x 128; K x B is held at 32 and 128.
    budget: { ...FINDING_BUDGET, steps: 60, evalEvery: 60 },
    arms: [
      ...[2, 4, 8, 16].map((K) => ({ id: `small-k${K}`, label: `C=1920: K=${K}, B=${32 / K}`, settings: { rolloutsPerPrompt: K, promptsPerStep: 32 / K } })),
      ...[2, 4, 8, 16].map((K) => ({ id: `large-k${K}`, label: `C=7680: K=${K}, B=${128 / K}`, settings: { rolloutsPerPrompt: K, promptsPerStep: 128 / K } })),
    ],
    assess(arms) {
      const ks = [2, 4, 8, 16];
      const u = undecided(ks.flatMap((K) => [`small-k${K}`, `large-k${K}`]), arms);
      if (u) return u;
      const line = (b: string) => ks.map((K) => armMean(arms, `${b}-k${K}`, 'finalPass1')!);
      const small = line('small'), large = line('large');
      const best = (xs: number[]) => ks[xs.indexOf(Math.max(...xs))];
      const bs = best(small), bl = best(large);
      const show = (b: string, xs: number[]) => xs.map((x, i) => `K=${ks[i]} ${fixed(x)}`).join(', ');
      return {
        sentence: `Final held-out pass@1 along C=1920: ${show('small', small)} (best K=${bs}); along C=7680: ${show('large', large)} (best K=${bl}). `
          + (bl > bs ? 'The best K grew with the budget.' : bl === bs ? 'The best K did not move with the budget.' : 'The best K shrank with the budget.'),
        holds: bl > bs ? true : bl < bs ? false : null,
        metrics: { bestKSmall: bs, bestKLarge: bl, ...Object.fromEntries(ks.flatMap((K, i) => [[`smallK${K}`, small[i]], [`largeK${K}`, large[i]]])) },
      };
    },
  },
];
