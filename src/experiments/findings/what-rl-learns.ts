// Findings about what RL from a verifier teaches: search compression (3), entropy collapse
// (4), spurious rewards (5), partial verifiers (6), and verifier-based against verifier-free
// training on bare answers (7) and on worked traces (13). Each assess() judges the arms
// present (a playground preset runs one or two of them) and names what it could not judge.
import { fixed, pairingText, ppSigned, sePp } from '../format';
import type { Diff } from '../stats';
import {
  armChange, armDiff, armMean, armMeanText, capitalize, CLEAN, combine, diffText, gain, gainK, has, noRuns, notJudged, sentences, verdict,
} from './assess';
import { FINDING_BUDGET, type ArmSummaries, type Finding } from './finding';
import { armDrift, MIX, taskMovesText } from './forgetting';

/** Pass@1 against pass@k of one arm, from the base to the end: the numbers of finding 3 and its sentence (no full stop). */
function compression(arms: ArmSummaries, id: string) {
  const k = armMean(arms, id, 'readoutK')!;
  const b1 = armMean(arms, id, 'basePass1')!, f1 = armMean(arms, id, 'finalPass1')!;
  const bk = armMean(arms, id, 'basePassK')!, fk = armMean(arms, id, 'finalPassK')!;
  const g1 = f1 - b1, gk = fk - bk;
  const ratio = armMean(arms, id, 'compressionRatio');
  const regime = gk > 0.02 ? 'healthy (pass@k up too)' : gk < -0.02 ? 'mode collapse (pass@k down)' : 'pure compression (pass@k flat)';
  return {
    k, b1, f1, bk, fk, g1, gk, ratio,
    text: `pass@1 ${fixed(b1)} -> ${fixed(f1)} (${ppSigned(g1)}), pass@${k} ${fixed(bk)} -> ${fixed(fk)} (${ppSigned(gk)}): compression ratio ${fixed(ratio, 2)}${ratio !== null && ratio > 0.7 ? ' (mostly search efficiency)' : ''}, capability gain ${ppSigned(gk)}; ${regime}`,
  };
}

/** Entropy, KL and pass@1 (held-out and OOD) of one arm, from the base to the end: the numbers of finding 4 and its sentence (lower case, no full stop). */
function entropy(arms: ArmSummaries, id: string) {
  const e0 = armMean(arms, id, 'baseEntropy')!, e1 = armMean(arms, id, 'finalEntropy')!;
  const kl = armMean(arms, id, 'finalKl')!;
  const id0 = armMean(arms, id, 'basePass1')!, id1 = armMean(arms, id, 'finalPass1')!;
  const o0 = armMean(arms, id, 'baseOodPass1')!, o1 = armMean(arms, id, 'finalOodPass1')!;
  return {
    e0, e1, kl, id0, id1, o0, o1,
    text: `entropy ${fixed(e0)} -> ${fixed(e1)} nats/token (${fixed(e0 > 0 ? (100 * (e1 - e0)) / e0 : null, 0)}%), KL to base 0 -> ${fixed(kl, 4)}; in-distribution pass@1 ${fixed(id0)} -> ${fixed(id1)}, OOD pass@1 ${fixed(o0)} -> ${fixed(o1)}${o1 < o0 ? ' (fell)' : ''}`,
  };
}

export const WHAT_RL_LEARNS_FINDINGS: readonly Finding[] = [
  {
    id: 'compression',
    number: 3,
    title: 'Search compression, not capability',
    guide: 'Watch pass@1 and pass@k on held-out problems: pass@1 climbs, pass@k barely moves; the compression ratio says how much of the headroom pass@1 took. Beside it, the same from a strong base.',
    expectation: 'pass@1 gains at least twice as much as pass@k (and gains at all)',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'clean', label: 'GRPO, clean verifier', settings: CLEAN },
      // Not in the claim (the "From a strong base" preset): how much headroom a strong base leaves.
      { id: 'strong', label: 'GRPO, clean verifier, strong base', settings: { ...CLEAN, base: 'strong' } },
    ],
    assess(arms) {
      const none = noRuns(['clean', 'strong'], arms);
      if (none) return none;
      const c = has(arms, 'clean') ? compression(arms, 'clean') : null;
      const s = has(arms, 'strong') ? compression(arms, 'strong') : null;
      return {
        sentence: sentences(c ? `${c.text}.` : '', s ? `From the strong base: ${s.text}.` : '', notJudged(c ? [] : ['the claim, read on the clean run from the default base'])),
        holds: c ? c.g1 > 0 && c.g1 >= 2 * Math.max(c.gk, 0) : null,
        metrics: {
          k: c?.k ?? null, basePass1: c?.b1 ?? null, finalPass1: c?.f1 ?? null, basePassK: c?.bk ?? null, finalPassK: c?.fk ?? null,
          pass1Gain: c?.g1 ?? null, passKGain: c?.gk ?? null, compressionRatio: c ? c.ratio : null,
          strongPass1Gain: s?.g1 ?? null, strongPassKGain: s?.gk ?? null, strongCompressionRatio: s ? s.ratio : null,
        },
      };
    },
  },
  {
    id: 'entropy',
    number: 4,
    title: 'Entropy collapse',
    guide: 'Watch the policy entropy fall and the KL to the base model grow while in-distribution pass@1 rises; check whether OOD (one more digit) follows. Beside it, the same without a KL penalty at a 3x higher learning rate and K=16.',
    expectation: 'held-out entropy ends below the base model\'s and KL to the base ends above zero',
    budget: FINDING_BUDGET,
    arms: [
      { id: 'clean', label: 'GRPO, clean verifier', settings: CLEAN },
      // Not in the claim (the "Entropy collapse" preset): nothing holds the policy near the base.
      { id: 'unanchored', label: 'GRPO, no KL penalty, lr 0.001, K=16', settings: { ...CLEAN, klBeta: 0, entropyBonus: 0, lr: 0.001, rolloutsPerPrompt: 16 } },
      // Not in the claim: the same from the generalist base, where the tasks the verifier never checks can fall (docs/forgetting.md).
      { id: 'mix', label: 'GRPO from the generalist base (family mix)', settings: { ...CLEAN, ...MIX } },
    ],
    assess(arms) {
      const none = noRuns(['clean', 'unanchored', 'mix'], arms);
      if (none) return none;
      const c = has(arms, 'clean') ? entropy(arms, 'clean') : null;
      const u = has(arms, 'unanchored') ? entropy(arms, 'unanchored') : null;
      const m = has(arms, 'mix') ? entropy(arms, 'mix') : null;
      const md = m ? armDrift(arms, 'mix') : null;
      const mixText = m ? `From the generalist base: ${m.text}${md ? `; the tasks the verifier never checks, pass@1 change: ${taskMovesText(md)}` : ''}.` : '';
      return {
        sentence: sentences(c ? `${capitalize(c.text)}.` : '', u ? `Without a KL penalty at lr 0.001 and K=16: ${u.text}.` : '', mixText, notJudged(c ? [] : ['the claim, read on the clean run at the default KL penalty'])),
        holds: c ? c.e1 < c.e0 && c.kl > 0 : null,
        metrics: {
          baseEntropy: c?.e0 ?? null, finalEntropy: c?.e1 ?? null, finalKl: c?.kl ?? null, basePass1: c?.id0 ?? null, finalPass1: c?.id1 ?? null, baseOod: c?.o0 ?? null, finalOod: c?.o1 ?? null,
          unanchoredFinalEntropy: u?.e1 ?? null, unanchoredFinalKl: u?.kl ?? null,
          mixFinalEntropy: m?.e1 ?? null, mixFinalKl: m?.kl ?? null, mixBasePass1: m?.id0 ?? null, mixFinalPass1: m?.id1 ?? null,
          ...Object.fromEntries(Object.entries(md?.tasks ?? {}).map(([t, d]) => [`mixUnverified.${t}`, d.mean])),
        },
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
      // A reward that points the wrong way (J = 1 - FN - FP = -0.1): reported beside the claim, never part of it.
      { id: 'inverted', label: 'FN 0.5 + FP 0.6 (J = -0.1)', settings: { fnRate: 0.5, fpRate: 0.6 } },
    ],
    assess(arms) {
      const none = noRuns(['clean', 'random', 'inverted'], arms);
      if (none) return none;
      const j = has(arms, 'inverted') ? armChange(arms, 'inverted', 'basePass1', 'finalPass1') : null;
      const jText = !j ? '' : `FN 0.5 + FP 0.6 (J = -0.1): held-out pass@1 ${fixed(armMean(arms, 'inverted', 'basePass1'))} -> ${fixed(armMean(arms, 'inverted', 'finalPass1'))} (${ppSigned(j.mean)}${sePp(j.se)}), `
        + (j.sign === -1 ? 'a fall beyond two standard errors: the inverted verifier unteaches.' : j.sign === 1 ? 'a rise beyond two standard errors: at this budget it did not unteach.' : 'within two standard errors of no change.');
      if (!has(arms, 'clean') && !has(arms, 'random')) {
        const metrics: Record<string, number | null> = { jNegativeChange: j!.mean, jNegativeChangeSe: j!.se };
        return { sentence: sentences(jText, notJudged(['random reward'])), holds: null, metrics };
      }
      // The claim reads the random arm alone; the real verifier's gain is the yardstick beside it.
      const hasRandom = has(arms, 'random');
      const base = armMean(arms, hasRandom ? 'random' : 'clean', 'basePass1')!;
      const gr = armMean(arms, 'random', gain), gc = armMean(arms, 'clean', gain);
      const real = has(arms, 'clean') ? ppSigned(gc) : 'not run here';
      return {
        sentence: sentences(hasRandom
          ? `Base pass@1 ${fixed(base)} (reward rate 0.35). Random reward: ${fixed(base)} -> ${fixed(armMean(arms, 'random', 'finalPass1'))} (${ppSigned(gr)}); real verifier: ${real}.`
          : sentences(`Base pass@1 ${fixed(base)}. Real verifier: ${fixed(base)} -> ${fixed(armMean(arms, 'clean', 'finalPass1'))} (${ppSigned(gc)}).`, notJudged(['random reward'])), jText),
        holds: hasRandom ? gr! < 0.03 : null,
        metrics: { basePass1: base, randomRate: 0.35, randomGain: gr, cleanGain: gc, jNegativeChange: j ? j.mean : null, jNegativeChangeSe: j ? j.se : null },
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
      const none = noRuns(['lastDigit'], arms);
      if (none) return none;
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
      const none = noRuns(['grpo', 'rft'], arms);
      if (none) return none;
      const names = ([['grpo', 'GRPO'], ['rft', 'RFT']] as const).filter(([id]) => has(arms, id));
      const both = names.length === 2;
      const g = armMean(arms, 'grpo', 'finalPass1'), r = armMean(arms, 'rft', 'finalPass1');
      return {
        sentence: sentences(`Final held-out pass@1: ${names.map(([id, n]) => `${n} ${armMeanText(arms, id, 'finalPass1')} (${ppSigned(armMean(arms, id, gain))})`).join(', ')}; `
          + `pass@k gain ${names.map(([id, n]) => `${n} ${ppSigned(armMean(arms, id, gainK))}`).join(', ')}.`, notJudged(both ? [] : ['GRPO against RFT'])),
        holds: both ? g! > r! : null,
        metrics: { grpo: g, rft: r, grpoMinusRft: both ? g! - r! : null },
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
      const none = noRuns(['grpo', 'rft', 'sft'], arms);
      if (none) return none;
      const vs = (other: string) => (has(arms, 'grpo', other) ? armDiff(arms, 'grpo', other, 'finalPass1') : null);
      const vsSft = vs('sft'), vsRft = vs('rft');
      const tok = (id: string) => armMean(arms, id, 'trainedTokens');
      const g = tok('grpo');
      const ratio = (id: string) => (g && tok(id) !== null ? fixed(tok(id)! / g, 2) : 'n/a');
      const arm = (id: string, name: string) => `${name} ${armMeanText(arms, id, 'finalPass1')} (trace ${fixed(armMean(arms, id, 'finalTracePass1'))}, OOD ${fixed(armMean(arms, id, 'finalOodPass1'))}, top style ${fixed(armMean(arms, id, 'finalTopStyleShare'), 2)})`;
      const present = ([['grpo', 'GRPO'], ['sft', 'SFT'], ['rft', 'RFT']] as const).filter(([id]) => has(arms, id));
      const ref = has(arms, 'grpo') ? 'grpo' : present[0][0];
      const pairs = ([['SFT', vsSft], ['RFT', vsRft]] as [string, Diff | null][]).filter((x): x is [string, Diff] => x[1] !== null);
      const d = (x: Diff | null, k: 'diff' | 'se') => (x ? x[k] : null);
      return {
        sentence: sentences(
          `Final held-out pass@1 (final answer): ${present.map(([id, n]) => arm(id, n)).join(', ')}; base ${fixed(armMean(arms, ref, 'basePass1'))} (trace ${fixed(armMean(arms, ref, 'baseTracePass1'))}).`,
          pairs.length ? `${pairs.map(([n, x]) => `GRPO - ${n} ${diffText(x)}`).join(', ')}, ${pairingText(pairs[0][1])}. Trained tokens relative to GRPO: ${pairs.map(([n]) => `${n} ${ratio(n.toLowerCase())}`).join(', ')}.` : '',
          notJudged(pairs.length === 2 ? [] : [...(vsSft ? [] : ['GRPO against SFT']), ...(vsRft ? [] : ['GRPO against RFT'])]),
        ),
        holds: combine(pairs.map(([, x]) => verdict(x, 1))),
        metrics: {
          grpo: armMean(arms, 'grpo', 'finalPass1'), sft: armMean(arms, 'sft', 'finalPass1'), rft: armMean(arms, 'rft', 'finalPass1'),
          grpoTrace: armMean(arms, 'grpo', 'finalTracePass1'), sftTrace: armMean(arms, 'sft', 'finalTracePass1'), rftTrace: armMean(arms, 'rft', 'finalTracePass1'),
          grpoMinusSft: d(vsSft, 'diff'), grpoMinusSftSe: d(vsSft, 'se'), grpoMinusRft: d(vsRft, 'diff'), grpoMinusRftSe: d(vsRft, 'se'),
          grpoTokens: g, sftTokens: tok('sft'), rftTokens: tok('rft'),
        },
      };
    },
  },
];
