// Findings about where compute and data go: prompt curation and baselines (8), and the
// split of a fixed sampling budget between rollouts per problem and problems per batch (11).
// Each assess() judges the arms present and names what it could not judge.
import { fixed, ppSigned } from '../format';
import { armMean, CLEAN, combine, has, noRuns, notJudged, sentences } from './assess';
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
      const none = noRuns(['all', 'band', 'median'], arms);
      if (none) return none;
      const p1 = (id: string) => (has(arms, id) ? armMean(arms, id, 'finalPass1') : null);
      const a = p1('all'), b = p1('band'), md = p1('median');
      const vsAll = (x: number) => (a !== null ? ppSigned(x - a) : null);
      const items = [
        ...(a !== null ? [`all prompts ${fixed(a)}`] : []),
        ...(b !== null ? [`band 30-70% ${fixed(b)} (${[vsAll(b), `pool ${fixed(armMean(arms, 'band', 'promptPool'), 0)} prompts`].filter(Boolean).join('; ')})`] : []),
        ...(md !== null ? [`median baseline ${fixed(md)}${a !== null ? ` (${vsAll(md)})` : ''}`] : []),
      ];
      const zero = [...(a !== null ? [`all ${fixed(armMean(arms, 'all', 'fracZeroStd'), 2)}`] : []), ...(b !== null ? [`band ${fixed(armMean(arms, 'band', 'fracZeroStd'), 2)}`] : [])];
      const judged = a === null ? [] : [...(b !== null ? [b > a] : []), ...(md !== null ? [md >= a] : [])];
      const missing = [...(a !== null && b !== null ? [] : ['band curation against all prompts']), ...(a !== null && md !== null ? [] : ['the median against the mean baseline'])];
      return {
        sentence: sentences(`Final held-out pass@1: ${items.join(', ')}.`, zero.length ? `Zero-signal groups: ${zero.join(', ')}.` : '', notJudged(missing)),
        holds: combine(judged),
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
      const none = noRuns(ks.flatMap((K) => [`small-k${K}`, `large-k${K}`]), arms);
      if (none) return none;
      const line = (b: string) => ks.map((K) => armMean(arms, `${b}-k${K}`, 'finalPass1'));
      const small = line('small'), large = line('large');
      const complete = (xs: (number | null)[]): xs is number[] => xs.every((x) => x !== null);
      // Best K among the K that ran (the first of equals, as indexOf picks it).
      const best = (xs: (number | null)[]) => ks[xs.indexOf(Math.max(...xs.filter((x): x is number => x !== null)))];
      const show = (xs: (number | null)[]) => xs.flatMap((x, i) => (x === null ? [] : [`K=${ks[i]} ${fixed(x)}`])).join(', ');
      if (complete(small) && complete(large)) {
        const bs = best(small), bl = best(large);
        return {
          sentence: `Final held-out pass@1 along C=1920: ${show(small)} (best K=${bs}); along C=7680: ${show(large)} (best K=${bl}). `
            + (bl > bs ? 'The best K grew with the budget.' : bl === bs ? 'The best K did not move with the budget.' : 'The best K shrank with the budget.'),
          holds: bl > bs ? true : bl < bs ? false : null,
          metrics: { bestKSmall: bs, bestKLarge: bl, ...Object.fromEntries(ks.flatMap((K, i) => [[`smallK${K}`, small[i]], [`largeK${K}`, large[i]]])) },
        };
      }
      // A partial line: name it by the budget its runs spent (a preset may run more steps than the finding's 60).
      const along = (b: string, xs: (number | null)[]) => {
        const ran = xs.filter((x) => x !== null).length;
        if (!ran) return [];
        const C = armMean(arms, `${b}-k${ks[xs.findIndex((x) => x !== null)]}`, 'rollouts');
        return [`along C=${fixed(C, 0)}: ${show(xs)}${ran >= 2 ? ` (best K=${best(xs)} of those run)` : ''}`];
      };
      return {
        sentence: sentences(`Final held-out pass@1 ${[...along('small', small), ...along('large', large)].join('; ')}.`, notJudged(['how the best K moves with the budget (every K at both budgets)'])),
        holds: null,
        metrics: { bestKSmall: null, bestKLarge: null, ...Object.fromEntries(ks.flatMap((K, i) => [[`smallK${K}`, small[i]], [`largeK${K}`, large[i]]])) },
      };
    },
  },
];
