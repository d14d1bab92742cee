// Findings about what RL from a verifier teaches: search compression (3), entropy collapse
// (4), spurious rewards (5), partial verifiers (6), and verifier-based against verifier-free
// training on bare answers (7) and on worked traces (13).
import { fixed, ppSigned } from '../format';
import { armDiff, armMean, armMeanText, CLEAN, diffText, gain, gainK, undecided, verdict } from './assess';
import { FINDING_BUDGET, type Finding } from './finding';

export const WHAT_RL_LEARNS_FINDINGS: readonly Finding[] = [
  {
    id: 'compression',
    number: 3,
    title: 'Search compression, not capability',
    guide: 'Watch pass@1 and pass@k on held-out problems: pass@1 climbs, pass@k barely moves; the compression ratio says how much of the headroom pass@1 took.',
    expectation: 'pass@1 gains at least twice as much as pass@k (and gains at all)',
    budget: FINDING_BUDGET,
    arms: [{ id: 'clean', label: 'GRPO, clean verifier', settings: CLEAN }],
    assess(arms) {
      const u = undecided(['clean'], arms);
      if (u) return u;
      const k = armMean(arms, 'clean', 'readoutK')!;
      const b1 = armMean(arms, 'clean', 'basePass1')!, f1 = armMean(arms, 'clean', 'finalPass1')!;
      const bk = armMean(arms, 'clean', 'basePassK')!, fk = armMean(arms, 'clean', 'finalPassK')!;
      const g1 = f1 - b1, gk = fk - bk;
      const ratio = armMean(arms, 'clean', 'compressionRatio');
      const regime = gk > 0.02 ? 'healthy (pass@k up too)' : gk < -0.02 ? 'mode collapse (pass@k down)' : 'pure compression (pass@k flat)';
      return {
        sentence: `pass@1 ${fixed(b1)} -> ${fixed(f1)} (${ppSigned(g1)}), pass@${k} ${fixed(bk)} -> ${fixed(fk)} (${ppSigned(gk)}): compression ratio ${fixed(ratio, 2)}${ratio !== null && ratio > 0.7 ? ' (mostly search efficiency)' : ''}, capability gain ${ppSigned(gk)}; ${regime}.`,
        holds: g1 > 0 && g1 >= 2 * Math.max(gk, 0),
        metrics: { k, basePass1: b1, finalPass1: f1, basePassK: bk, finalPassK: fk, pass1Gain: g1, passKGain: gk, compressionRatio: ratio },
      };
    },
  },
  {
    id: 'entropy',
    number: 4,
    title: 'Entropy collapse',
    guide: 'Watch the policy entropy fall and the KL to the base model grow while in-distribution pass@1 rises; check whether OOD (one more digit) follows.',
    expectation: 'held-out entropy ends below the base model\'s and KL to the base ends above zero',
    budget: FINDING_BUDGET,
    arms: [{ id: 'clean', label: 'GRPO, clean verifier', settings: CLEAN }],
    assess(arms) {
      const u = undecided(['clean'], arms);
      if (u) return u;
      const e0 = armMean(arms, 'clean', 'baseEntropy')!, e1 = armMean(arms, 'clean', 'finalEntropy')!;
      const kl = armMean(arms, 'clean', 'finalKl')!;
      const id0 = armMean(arms, 'clean', 'basePass1')!, id1 = armMean(arms, 'clean', 'finalPass1')!;
      const o0 = armMean(arms, 'clean', 'baseOodPass1')!, o1 = armMean(arms, 'clean', 'finalOodPass1')!;
      return {
        sentence: `Entropy ${fixed(e0)} -> ${fixed(e1)} nats/token (${fixed(e0 > 0 ? (100 * (e1 - e0)) / e0 : null, 0)}%), KL to base 0 -> ${fixed(kl, 4)}; in-distribution pass@1 ${fixed(id0)} -> ${fixed(id1)}, OOD pass@1 ${fixed(o0)} -> ${fixed(o1)}${o1 < o0 ? ' (fell)' : ''}.`,
        holds: e1 < e0 && kl > 0,
        metrics: { baseEntropy: e0, finalEntropy: e1, finalKl: kl, basePass1: id0, finalPass1: id1, baseOod: o0, finalOod: o1 },
      };
    },
  },
  {
    id: 'random-reward',
    number: 5,
    title: 'Spurious rewards',
    guide: 'Reward each rollout at random with the base model\'s success rate (about 0.35 on add-2) and compare with the real verifier.',
    expectation: 'random reward gains less than 3pp of held-out pass@1 over the base',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'clean', label: 'real verifier', settings: CLEAN },
      { id: 'random', label: 'random reward, rate 0.35', settings: { verifier: 'random', randomRate: 0.35 } },
    ],
    assess(arms) {
      const u = undecided(['clean', 'random'], arms);
      if (u) return u;
      const base = armMean(arms, 'random', 'basePass1')!;
      const gr = armMean(arms, 'random', gain)!, gc = armMean(arms, 'clean', gain)!;
      return {
        sentence: `Base pass@1 ${fixed(base)} (reward rate 0.35). Random reward: ${fixed(base)} -> ${fixed(armMean(arms, 'random', 'finalPass1'))} (${ppSigned(gr)}); real verifier: ${ppSigned(gc)}.`,
        holds: gr < 0.03,
        metrics: { basePass1: base, randomRate: 0.35, randomGain: gr, cleanGain: gc },
      };
    },
  },
  {
    id: 'partial-verifier',
    number: 6,
    title: 'Partial verifiers get exploited',
    guide: 'Train with a verifier that checks only the last digit: observed reward climbs, true accuracy lags behind.',
    expectation: 'held-out observed reward ends at least 0.1 above true pass@1 and rises more than true pass@1 does',
    budget: FINDING_BUDGET,
    arms: [{ id: 'lastDigit', label: 'last-digit verifier', settings: { verifier: 'lastDigit' } }],
    assess(arms) {
      const u = undecided(['lastDigit'], arms);
      if (u) return u;
      const o0 = armMean(arms, 'lastDigit', 'baseObserved')!, o1 = armMean(arms, 'lastDigit', 'finalObserved')!;
      const t0 = armMean(arms, 'lastDigit', 'basePass1')!, t1 = armMean(arms, 'lastDigit', 'finalPass1')!;
      const lateObs = armMean(arms, 'lastDigit', 'observedLate')!, lateTrue = armMean(arms, 'lastDigit', 'trueLate')!;
      return {
        sentence: `Held-out observed reward ${fixed(o0)} -> ${fixed(o1)} (${ppSigned(o1 - o0)}) while true pass@1 went ${fixed(t0)} -> ${fixed(t1)} (${ppSigned(t1 - t0)}); last 20% of training: observed ${fixed(lateObs)} vs true ${fixed(lateTrue)}.`,
        holds: o1 - t1 >= 0.1 && o1 - o0 > t1 - t0,
        metrics: { baseObserved: o0, finalObserved: o1, basePass1: t0, finalPass1: t1, observedLate: lateObs, trueLate: lateTrue, finalGap: o1 - t1 },
      };
    },
  },
  {
    id: 'grpo-vs-rft',
    number: 7,
    title: 'Verifier-based beats verifier-free',
    guide: 'Same budget: GRPO with the verifier against rejection-sampling fine-tuning (cloning the base model\'s accepted samples).',
    expectation: 'GRPO ends above RFT in held-out pass@1',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'grpo', label: 'GRPO', settings: CLEAN },
      { id: 'rft', label: 'rejection-sampling fine-tuning', settings: { algorithm: 'rft' } },
    ],
    assess(arms) {
      const u = undecided(['grpo', 'rft'], arms);
      if (u) return u;
      const g = armMean(arms, 'grpo', 'finalPass1')!, r = armMean(arms, 'rft', 'finalPass1')!;
      return {
        sentence: `Final held-out pass@1: GRPO ${armMeanText(arms, 'grpo', 'finalPass1')} (${ppSigned(armMean(arms, 'grpo', gain))}), RFT ${armMeanText(arms, 'rft', 'finalPass1')} (${ppSigned(armMean(arms, 'rft', gain))}); pass@k gain GRPO ${ppSigned(armMean(arms, 'grpo', gainK))}, RFT ${ppSigned(armMean(arms, 'rft', gainK))}.`,
        holds: g > r,
        metrics: { grpo: g, rft: r, grpoMinusRft: g - r },
      };
    },
  },
  {
    id: 'grpo-vs-sft-trace',
    number: 13,
    title: 'Verifier-based beats verifier-free on worked traces',
    guide: 'Addition with worked steps, where a problem has three genuinely different correct traces: GRPO with the verifier (final answer) against rejection-sampling fine-tuning and against supervised fine-tuning on the dataset\'s reference traces of every style, at the same B x K and steps (trained tokens reported).',
    // Written before the first run (issue 13): finding 7 cannot show this on bare answers, where
    // each problem has one correct string and cloning it is as good as rewarding it.
    expectation: 'verifier-based ahead when correct traces are heterogeneous (arXiv 2502.12118): GRPO ends above both SFT on reference traces and RFT in held-out pass@1 of the final answer, each beyond two standard errors',
    budget: { ...FINDING_BUDGET, task: 'addTrace' },
    arms: [
      { id: 'grpo', label: 'GRPO (verifier as reward)', settings: CLEAN },
      { id: 'rft', label: 'rejection-sampling fine-tuning', settings: { algorithm: 'rft' } },
      { id: 'sft', label: 'SFT on reference traces of every style (no verifier)', settings: { algorithm: 'sft' } },
    ],
    assess(arms) {
      const u = undecided(['grpo', 'rft', 'sft'], arms);
      if (u) return u;
      const vsSft = armDiff(arms, 'grpo', 'sft', 'finalPass1');
      const vsRft = armDiff(arms, 'grpo', 'rft', 'finalPass1');
      const tok = (id: string) => armMean(arms, id, 'trainedTokens');
      const g = tok('grpo');
      const ratio = (id: string) => (g && tok(id) !== null ? fixed(tok(id)! / g, 2) : 'n/a');
      const arm = (id: string, name: string) => `${name} ${armMeanText(arms, id, 'finalPass1')} (trace ${fixed(armMean(arms, id, 'finalTracePass1'))}, OOD ${fixed(armMean(arms, id, 'finalOodPass1'))}, top style ${fixed(armMean(arms, id, 'finalTopStyleShare'), 2)})`;
      const v = [verdict(vsSft, 1), verdict(vsRft, 1)];
      return {
        sentence: `Final held-out pass@1 (final answer): ${arm('grpo', 'GRPO')}, ${arm('sft', 'SFT')}, ${arm('rft', 'RFT')}; base ${fixed(armMean(arms, 'grpo', 'basePass1'))} (trace ${fixed(armMean(arms, 'grpo', 'baseTracePass1'))}). `
          + `GRPO - SFT ${diffText(vsSft)}, GRPO - RFT ${diffText(vsRft)}. Trained tokens relative to GRPO: SFT ${ratio('sft')}, RFT ${ratio('rft')}.`,
        holds: v.some((x) => x === false) ? false : v.every((x) => x === true) ? true : null,
        metrics: {
          grpo: armMean(arms, 'grpo', 'finalPass1'), sft: armMean(arms, 'sft', 'finalPass1'), rft: armMean(arms, 'rft', 'finalPass1'),
          grpoTrace: armMean(arms, 'grpo', 'finalTracePass1'), sftTrace: armMean(arms, 'sft', 'finalTracePass1'), rftTrace: armMean(arms, 'rft', 'finalTracePass1'),
          grpoMinusSft: vsSft.diff, grpoMinusSftSe: vsSft.se, grpoMinusRft: vsRft.diff, grpoMinusRftSe: vsRft.se,
          grpoTokens: g, sftTokens: tok('sft'), rftTokens: tok('rft'),
        },
      };
    },
  },
];
