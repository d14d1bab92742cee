// Findings 1 and 2 judged where training ends (docs/rate-or-fate.md): noise against compute
// (1, rate at a loose anchor, fate at a binding one) and false negatives against false
// positives (2, and how concentrated wrong answers are). Every arm runs to its plateau; the
// arms share seeds, so every difference is paired by seed.
import { armDifference, type Diff, type SeedValue } from '../stats';
import { fixed, pairingText } from '../format';
import { timeToLevel, type RunSummary } from '../summary';
import { armDiff, armMean, armSeedValues, armStat, CLEAN, combine, diffText, FN3, FP3, has, notJudged, sentences, type Field } from './assess';
import { BINDING_BETA, type ArmSummaries, type Finding, type FindingArm } from './finding';

/**
 * Budget of findings 1 and 2, fixed before the runs: each run stops at its plateau (the engine's
 * rule) or at its cap, evaluated every 50 steps on 128 held-out problems x 8 samples, so the
 * rule's first check is at step 300 and its windows are 150 steps apart. (A CI-sized probe with
 * evaluations every 25 steps on 64 problems stopped every run at the rule's first possible
 * check, step 150, while the binding-anchor curves were still rising: too little evaluation to
 * see the rise.) The cap is per anchor (PLATEAU_CAPS); everything else is the engine defaults.
 */
export const PLATEAU_BUDGET = { plateau: true, evalEvery: 50, evalProblems: 128, evalSamples: 8 } as const;

/** KL betas: the engine's default, an anchor that does not bind, and one that does (BINDING_BETA). */
export const LOOSE_BETA = 0.02;
const BINDING = BINDING_BETA;
/** Step caps: a binding anchor flattens by about step 300 in a probe; a loose one still rises at 600. */
export const PLATEAU_CAPS: Record<number, number> = { [LOOSE_BETA]: 600, [BINDING]: 400 };

export const PLATEAU_BASES = ['mid', 'strong'] as const;
export const PLATEAU_KS = [4, 16] as const;
const NOISES = [['clean', 'clean', CLEAN], ['fn', 'FN 0.3', FN3], ['fp', 'FP 0.3', FP3]] as const;
type Noise = (typeof NOISES)[number][0];
type Base = (typeof PLATEAU_BASES)[number];

/** `mid-b1-k16-fn`: base, KL beta, K and noise of an arm on addition. */
export const plateauArmId = (base: string, beta: number, K: number, noise: Noise) => `${base}-b${beta}-k${K}-${noise}`;

function plateauArms(): FindingArm[] {
  const out: FindingArm[] = [];
  for (const base of PLATEAU_BASES) {
    for (const beta of [LOOSE_BETA, BINDING]) {
      for (const K of PLATEAU_KS) {
        for (const [noise, label, settings] of NOISES) {
          out.push({
            id: plateauArmId(base, beta, K, noise),
            label: `${base} base, beta ${beta}, K=${K}, ${label}`,
            settings: { ...settings, base, klBeta: beta, rolloutsPerPrompt: K, steps: PLATEAU_CAPS[beta] },
          });
        }
      }
    }
  }
  return out;
}

/** The concentration arms: mod from its mid base (same held-out pass@1 as add's mid), against add's mid at the same settings. */
const CONCENTRATION_K = 16;
const concentrationArms = (): FindingArm[] => NOISES.map(([noise, label, settings]) => ({
  id: `mod-b${BINDING}-k${CONCENTRATION_K}-${noise}`,
  label: `mod task, mid base, beta ${BINDING}, K=${CONCENTRATION_K}, ${label}`,
  settings: { ...settings, task: 'mod', base: 'mid', klBeta: BINDING, rolloutsPerPrompt: CONCENTRATION_K, steps: PLATEAU_CAPS[BINDING] },
}));

const plateau: Field = 'plateauPass1';

/** Per-seed a - b of two arms, joined on seed (the gap that two further arms are compared by). */
function seedGap(arms: ArmSummaries, a: string, b: string, f: (s: RunSummary) => number | null): SeedValue[] {
  const bs = new Map(armSeedValues(arms, b, f).map((x) => [x.seed, x.value]));
  return armSeedValues(arms, a, f).filter((x) => bs.has(x.seed)).map((x) => {
    const y = bs.get(x.seed);
    return { seed: x.seed, value: typeof x.value === 'number' && typeof y === 'number' ? x.value - y : null };
  });
}

const plateauOf = (s: RunSummary) => s.plateauPass1 ?? null;

/** The level an arm's time is measured to: the clean arm's base plus half its gain (means over seeds). */
function levelOf(arms: ArmSummaries, clean: string): number | null {
  const b = armMean(arms, clean, 'basePass1');
  const p = armMean(arms, clean, plateau);
  return b === null || p === null || !(p > b) ? null : b + (p - b) / 2;
}

/** Steps to the level per seed (null where a seed never reached it). */
const stepsTo = (level: number) => (s: RunSummary) => (s.pass1Curve ? timeToLevel(s.pass1Curve, level) : null);

/** "plateau 0.463 ± 0.004 (plateau 3/3, step 275)": where an arm ended and why. */
function endText(arms: ArmSummaries, id: string): string {
  const runs = arms[id] ?? [];
  const atPlateau = runs.filter((s) => s.stopReason === 'plateau').length;
  return `${fixed(armMean(arms, id, plateau))}${armStat(arms, id, plateau).se !== null ? ` ± ${fixed(armStat(arms, id, plateau).se)}` : ''} (stopped at the plateau ${atPlateau}/${runs.length}, step ${fixed(armMean(arms, id, 'stopStep'), 0)})`;
}

/** Per-arm metrics every row of the results table carries: plateau, SE over seeds, stop step, share stopped at the plateau. */
function armMetrics(arms: ArmSummaries, ids: readonly string[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const id of ids) {
    if (!arms[id]?.length) continue;
    const runs = arms[id];
    out[`${id} plateau`] = armMean(arms, id, plateau);
    out[`${id} plateau se`] = armStat(arms, id, plateau).se;
    out[`${id} stop step`] = armMean(arms, id, 'stopStep');
    out[`${id} share stopped at plateau`] = runs.filter((s) => s.stopReason === 'plateau').length / runs.length;
  }
  return out;
}

/** Arms that ran but could not be paired with the arm they are judged against: each with where it ended, and what was not judged. */
function unpaired(arms: ArmSummaries, all: readonly FindingArm[], what: string) {
  const present = all.filter((a) => has(arms, a.id));
  if (!present.length) return { sentence: `No runs yet for ${what}.`, holds: null, metrics: {} };
  return {
    sentence: sentences(`Held-out pass@1 at the plateau: ${present.map((a) => `${a.label} ${endText(arms, a.id)}`).join('; ')}.`, notJudged([what])),
    holds: null,
    metrics: armMetrics(arms, present.map((a) => a.id)),
  };
}

const sign = (d: Diff) => (d.sign === 0 ? 'within noise' : 'beyond 2 SE');

function assessNoiseVsCompute(arms: ArmSummaries, all: readonly FindingArm[]) {
  const ids = all.map((a) => a.id);
  const parts: string[] = [];
  const fate: (boolean | null)[] = [];
  const rate: (boolean | null)[] = [];
  const metrics: Record<string, number | null> = armMetrics(arms, ids);
  let paired = 0;
  let kCompared = false;
  const buyHolds: (boolean | null)[] = [];
  for (const base of PLATEAU_BASES) {
    const bind: string[] = [];
    for (const K of PLATEAU_KS) {
      const c = plateauArmId(base, BINDING, K, 'clean');
      const noisy = (['fn', 'fp'] as const).filter((n) => has(arms, c, plateauArmId(base, BINDING, K, n)));
      if (!noisy.length) continue;
      const gaps = noisy.map((n) => {
        const d = armDiff(arms, c, plateauArmId(base, BINDING, K, n), plateauOf);
        paired = Math.max(paired, d.n ?? 0);
        fate.push(d.sign === 0 ? null : d.sign === 1);
        metrics[`${base} beta ${BINDING} K${K} clean - ${n}`] = d.diff;
        metrics[`${base} beta ${BINDING} K${K} clean - ${n} se`] = d.se;
        return `${n === 'fn' ? 'FN' : 'FP'} ${fixed(armMean(arms, plateauArmId(base, BINDING, K, n), plateau))} (${diffText(d)}, ${sign(d)})`;
      });
      bind.push(`K=${K} clean ${fixed(armMean(arms, c, plateau))}, ${gaps.join(', ')}`);
    }
    // More rollouts do not close the gap: clean - noisy at K=16 not below K=4's beyond two SE.
    for (const n of ['fn', 'fp'] as const) {
      const ids4 = [plateauArmId(base, BINDING, 4, 'clean'), plateauArmId(base, BINDING, 4, n)];
      const ids16 = [plateauArmId(base, BINDING, 16, 'clean'), plateauArmId(base, BINDING, 16, n)];
      if (!has(arms, ...ids4, ...ids16)) continue;
      const d = armDifference(seedGap(arms, ids16[0], ids16[1], plateauOf), seedGap(arms, ids4[0], ids4[1], plateauOf));
      kCompared = true;
      fate.push(d.sign !== -1);
      metrics[`${base} beta ${BINDING} ${n} gap K16 - K4`] = d.diff;
      metrics[`${base} beta ${BINDING} ${n} gap K16 - K4 se`] = d.se;
      bind.push(`${n === 'fn' ? 'FN' : 'FP'} gap at K=16 minus K=4 ${diffText(d)}${d.sign === -1 ? ' (compute closed part of it)' : ''}`);
    }
    const loose: string[] = [];
    for (const K of PLATEAU_KS) {
      const c = plateauArmId(base, LOOSE_BETA, K, 'clean');
      const level = has(arms, c) ? levelOf(arms, c) : null;
      if (level === null) continue;
      const tc = armStat(arms, c, stepsTo(level));
      const times = (['fn', 'fp'] as const).filter((n) => has(arms, plateauArmId(base, LOOSE_BETA, K, n))).map((n) => {
        const id = plateauArmId(base, LOOSE_BETA, K, n);
        const d = armDiff(arms, id, c, stepsTo(level));
        const tn = armStat(arms, id, stepsTo(level));
        const ratio = tn.mean !== null && tc.mean ? tn.mean / tc.mean : null;
        rate.push(d.sign === 0 ? null : d.sign === 1);
        metrics[`${base} beta ${LOOSE_BETA} K${K} ${n} steps to level / clean`] = ratio;
        metrics[`${base} beta ${LOOSE_BETA} K${K} ${n} - clean steps to level`] = d.diff;
        metrics[`${base} beta ${LOOSE_BETA} K${K} ${n} - clean steps to level se`] = d.se;
        const end = armDiff(arms, c, id, plateauOf);
        metrics[`${base} beta ${LOOSE_BETA} K${K} clean - ${n}`] = end.diff;
        metrics[`${base} beta ${LOOSE_BETA} K${K} clean - ${n} se`] = end.se;
        // The end gap at the loose anchor is expected below the binding anchor's.
        if (has(arms, plateauArmId(base, BINDING, K, 'clean'), plateauArmId(base, BINDING, K, n))) {
          const g = armDifference(seedGap(arms, plateauArmId(base, BINDING, K, 'clean'), plateauArmId(base, BINDING, K, n), plateauOf), seedGap(arms, c, id, plateauOf));
          rate.push(g.sign === 0 ? null : g.sign === 1);
          metrics[`${base} K${K} ${n} gap beta ${BINDING} - beta ${LOOSE_BETA}`] = g.diff;
          metrics[`${base} K${K} ${n} gap beta ${BINDING} - beta ${LOOSE_BETA} se`] = g.se;
        }
        const reached = (arms[id] ?? []).filter((s) => stepsTo(level)(s) !== null).length;
        return `${n === 'fn' ? 'FN' : 'FP'} ${fixed(tn.mean, 0)} (x${fixed(ratio, 2)}, ${reached}/${arms[id].length} seeds reached it; end gap ${diffText(end)})`;
      });
      loose.push(`K=${K} steps to ${fixed(level)}: clean ${fixed(tc.mean, 0)}, ${times.join(', ')}`);
    }
    // Compute against supervision, beside the claim: clean at K=4 against the noisy arms at four times the rollouts.
    const buy: string[] = [];
    for (const beta of [BINDING, LOOSE_BETA]) {
      const c = plateauArmId(base, beta, 4, 'clean');
      for (const n of ['fn', 'fp'] as const) {
        const id = plateauArmId(base, beta, 16, n);
        if (!has(arms, c, id)) continue;
        const d = armDiff(arms, c, id, plateauOf);
        paired = Math.max(paired, d.n ?? 0);
        // Clean at K=4 above the noisy arm at K=16: the rollouts did not buy the supervision back.
        buyHolds.push(d.sign === 0 ? null : d.sign === 1);
        metrics[`${base} beta ${beta} clean K4 - ${n} K16`] = d.diff;
        metrics[`${base} beta ${beta} clean K4 - ${n} K16 se`] = d.se;
        buy.push(`beta ${beta}: clean K=4 ${fixed(armMean(arms, c, plateau))} against ${n === 'fn' ? 'FN' : 'FP'} 0.3 at K=16 ${fixed(armMean(arms, id, plateau))} (${diffText(d)}, ${d.sign === 1 ? 'four times the rollouts did not buy the supervision back' : d.sign === -1 ? 'the extra rollouts more than made up for the noise' : 'within noise'})`);
      }
    }
    // Only the sections that ran: a preset runs a few of the finding's arms (the compute preset
    // runs clean K=4 against FN K=16 alone).
    const sections = [
      ...(bind.length ? [`Beta ${BINDING} (plateaus): ${bind.join('; ')}`] : []),
      ...(loose.length ? [`Beta ${LOOSE_BETA} (time to the clean arm's half gain; J = 0.7, 1/J = 1.43): ${loose.join('; ')}`] : []),
      ...(buy.length ? [`Compute for supervision: ${buy.join('; ')}`] : []),
    ];
    if (sections.length) parts.push(`${base} base. ${sections.join('. ')}`);
  }
  if (!parts.length) return unpaired(arms, all, 'a clean arm beside its noisy counterpart');
  const fateHolds = combine(fate);
  const rateHolds = combine(rate);
  const buyHeld = combine(buyHolds);
  const head = `Held-out pass@1 at the plateau, paired over ${paired} seeds. ${parts.join('. ')}.`;
  // Judged on compute for supervision alone (the compute preset): that comparison decides.
  if (!fate.length && !rate.length && buyHolds.length) {
    const buyTail = buyHeld === true ? 'Four times the rollouts did not make up for the noisy verifier.'
      : buyHeld === false ? 'Here the extra rollouts made up for the noisy verifier: the finding does not hold in this regime.'
        : 'The comparison is within noise.';
    return { sentence: `${head} ${buyTail}`, holds: buyHeld, metrics };
  }
  const tail = fateHolds === true ? `With a binding anchor noise moved where training ends${kCompared ? ', and more rollouts did not close the gap' : ''} (fate).`
    : fateHolds === false ? 'With a binding anchor the expected fate did not appear everywhere: see the gaps above.'
      : 'With a binding anchor part of the gaps are within noise.';
  return {
    sentence: `${head} ${tail}`,
    // Only the parts judged here count: a binding-anchor preset judges fate alone.
    holds: combine([...(fate.length ? [fateHolds] : []), ...(rate.length ? [rateHolds] : [])]),
    metrics,
  };
}

/** The predicted sign of (FN plateau - FP plateau) by base: FP lower below a success of 0.5 (mid), FN lower above it (strong). */
const FN_MINUS_FP: Record<Base, -1 | 1> = { mid: 1, strong: -1 };

function assessFnVsFp(arms: ArmSummaries, all: readonly FindingArm[]) {
  const ids = all.map((a) => a.id);
  const parts: string[] = [];
  const verdicts: (boolean | null)[] = [];
  const metrics: Record<string, number | null> = armMetrics(arms, ids);
  let pairing: Diff | null = null;
  for (const base of PLATEAU_BASES) {
    const rows: string[] = [];
    for (const beta of [BINDING, LOOSE_BETA]) {
      for (const K of PLATEAU_KS) {
        const [c, fn, fp] = (['clean', 'fn', 'fp'] as const).map((n) => plateauArmId(base, beta, K, n));
        if (!has(arms, fn, fp)) continue;
        const d = armDiff(arms, fn, fp, plateauOf);
        pairing ??= d;
        verdicts.push(d.sign === 0 ? null : d.sign === FN_MINUS_FP[base]);
        const below = has(arms, c) ? armMean(arms, c, (s) => s.shareBelowHalf ?? null) : null;
        metrics[`${base} beta ${beta} K${K} fn - fp`] = d.diff;
        metrics[`${base} beta ${beta} K${K} fn - fp se`] = d.se;
        metrics[`${base} beta ${beta} K${K} clean share below 0.5`] = below;
        const worse = d.sign === 1 ? 'FP lower' : d.sign === -1 ? 'FN lower' : 'within noise';
        rows.push(`beta ${beta}, K=${K}: ${has(arms, c) ? `clean ${endText(arms, c)}, ` : ''}FN ${endText(arms, fn)}, FP ${endText(arms, fp)}; FN - FP ${diffText(d)} (${worse})${below !== null ? `, ${fixed(100 * below, 0)}% of held-out problems below 0.5 at clean's plateau` : ''}`);
      }
    }
    // The base's pass@1 from any of its arms that ran (every arm starts from the same checkpoint).
    const first = ids.find((id) => id.startsWith(`${base}-`) && has(arms, id));
    if (rows.length) parts.push(`${base} base (pass@1 ${fixed(first ? armMean(arms, first, 'basePass1') : null, 2)}): ${rows.join('; ')}`);
  }
  // Concentration: FP's extra harm (FN - FP) on mod against add, at the same base pass@1 and settings.
  const add = (n: Noise) => plateauArmId('mid', BINDING, CONCENTRATION_K, n);
  const mod = (n: Noise) => `mod-b${BINDING}-k${CONCENTRATION_K}-${n}`;
  if (has(arms, add('fn'), add('fp'), mod('fn'), mod('fp'))) {
    const dAdd = armDiff(arms, add('fn'), add('fp'), plateauOf);
    const dMod = armDiff(arms, mod('fn'), mod('fp'), plateauOf);
    const grows = armDifference(seedGap(arms, mod('fn'), mod('fp'), plateauOf), seedGap(arms, add('fn'), add('fp'), plateauOf));
    const topAdd = armStat(arms, add('clean'), 'wrongTopShare');
    const topMod = armStat(arms, mod('clean'), 'wrongTopShare');
    metrics['concentration add wrong top share'] = topAdd.mean;
    metrics['concentration mod wrong top share'] = topMod.mean;
    metrics['concentration add fn - fp'] = dAdd.diff;
    metrics['concentration mod fn - fp'] = dMod.diff;
    metrics['concentration (mod - add) of fn - fp'] = grows.diff;
    metrics['concentration (mod - add) of fn - fp se'] = grows.se;
    parts.push(`Concentration (beta ${BINDING}, K=${CONCENTRATION_K}, mid bases): the most common wrong answer holds ${fixed(topAdd.mean, 2)} of a group's wrong answers on add and ${fixed(topMod.mean, 2)} on mod; FN - FP is ${diffText(dAdd)} on add and ${diffText(dMod)} on mod (mod minus add ${diffText(grows)}, ${grows.sign === 1 ? "FP's extra harm grows with concentration" : grows.sign === -1 ? "FP's extra harm shrinks with concentration" : 'within noise'})`);
  }
  if (!parts.length) return unpaired(arms, all, 'an FN arm beside its FP counterpart');
  return { sentence: `Held-out pass@1 at the plateau, differences ${pairing ? pairingText(pairing) : 'paired by seed'}. ${parts.join('. ')}.`, holds: combine(verdicts), metrics };
}

const PLATEAU_ARMS = plateauArms();

export const RATE_OR_FATE_FINDINGS: readonly Finding[] = [
  {
    id: 'noise-vs-compute',
    number: 1,
    title: 'Verifier noise is not a speed bump',
    guide: 'Clean, FN 0.3 and FP 0.3 at K=4 and K=16, from the mid and the strong base, each run to its plateau: with a binding KL anchor (beta 1) does noise lower where training ends, whatever the compute (fate)? With a loose one (0.02) does it only delay it, by about 1/J (rate)?',
    expectation: 'at beta 1 each noisy plateau sits below clean beyond two paired standard errors from both bases, and the gap at K=16 is not smaller than at K=4 beyond two SE (fate); at beta 0.02 the noisy arms reach the level (base plus half the clean gain) later than clean and their end gap is smaller than at beta 1 (rate)',
    budget: PLATEAU_BUDGET,
    arms: PLATEAU_ARMS,
    assess(arms) {
      return assessNoiseVsCompute(arms, this.arms);
    },
  },
  {
    id: 'fn-vs-fp',
    number: 2,
    title: 'False negatives hurt more than false positives',
    guide: 'FN 0.3 against FP 0.3 at their plateaus from the mid and the strong base, at both anchors and K=4 and 16; and on mod, whose wrong answers pile onto fewer strings, against add at the same base pass@1. Which noise ends lower, and does it follow where per-prompt success sits?',
    expectation: 'FP ends below FN from the mid base (most held-out prompts below a success of 0.5) and FN below FP from the strong base (most above it), beyond two paired standard errors; and FP\'s extra harm (FN - FP) is larger on mod, where the most common wrong answer takes a larger share, than on add',
    budget: PLATEAU_BUDGET,
    arms: [...PLATEAU_ARMS, ...concentrationArms()],
    assess(arms) {
      return assessFnVsFp(arms, this.arms);
    },
  },
];
