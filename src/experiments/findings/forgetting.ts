// Forgetting tracks KL (14): from the generalist base (family mix), RL on addition with arms that
// let the policy drift by different amounts (KL beta, learning rate, steps); per arm, how far the
// tasks the verifier never checks moved against how far the policy drifted, and whether there is
// a KL below which they hold and above which they fall. Design and expectations: docs/forgetting.md.
import { fixed, pairingText, ppSigned, sePp } from '../format';
import { armDifference, pairedDiff, type PairedDiff, type Stat } from '../stats';
import type { RunSummary } from '../summary';
import { armStat, has, noRuns, notJudged, sentences } from './assess';
import { BINDING_BETA, FINDING_BUDGET, type ArmSummaries, type Finding, type FindingArm } from './finding';

/** The generalist at the findings' budget: RL on addition, the other tasks unverified. */
export const MIX: { family: 'mix' } = { family: 'mix' };
/** The learning rate of the high-drift arms (the default's 3e-4 x 3.3, as finding 4's unanchored arm). */
export const HIGH_LR = 0.001;
export const FORGETTING_ARMS = ['binding', 'default', 'loose-hi-lr', 'loose-hi-lr-long'] as const;

/** Each seed's change in one unverified task's pass@1 (final - base); null when the run did not measure it. */
export function unverifiedChange(s: RunSummary, task: string): number | null {
  const u = s.unverified?.[task];
  return u ? u.finalPass1 - u.basePass1 : null;
}

/** The mean over the unverified tasks of each one's change (null when the run measured none). */
export function meanUnverifiedChange(s: RunSummary): number | null {
  const xs = Object.keys(s.unverified ?? {}).map((t) => unverifiedChange(s, t)).filter((x): x is number => x !== null);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

export interface ArmDrift {
  arm: string;
  /** Final KL to the base on the held-out (verified) samples: how far the policy drifted. */
  kl: Stat;
  /** Per unverified task: pass@1 at the end minus at the base, seed by seed, with its two-SE sign. */
  tasks: Record<string, PairedDiff>;
  /** No unverified task fell beyond two standard errors. */
  holds: boolean;
}

/** One arm's drift and the moves of its unverified tasks (null without runs or without unverified tasks). */
export function armDrift(arms: ArmSummaries, arm: string): ArmDrift | null {
  const runs = arms[arm] ?? [];
  const tasks = Object.keys(runs[0]?.unverified ?? {});
  if (!runs.length || !tasks.length) return null;
  const moves = Object.fromEntries(tasks.map((t) => [t, pairedDiff(runs.map((s) => s.unverified?.[t]?.finalPass1 ?? NaN), runs.map((s) => s.unverified?.[t]?.basePass1 ?? NaN))]));
  return { arm, kl: armStat(arms, arm, 'finalKl'), tasks: moves, holds: Object.values(moves).every((d) => d.sign !== -1) };
}

export type Boundary =
  | { kind: 'boundary'; heldUpTo: ArmDrift; fellFrom: ArmDrift }
  | { kind: 'allHold' | 'allFall' }
  | { kind: 'mixed'; heldUpTo: ArmDrift; fellFrom: ArmDrift };

/**
 * Whether the arms, ordered by KL, split into ones that hold below ones that fall: a boundary
 * when the largest KL that held is below the smallest that fell; 'mixed' when an arm that fell
 * sits below one that held. Arms without a KL are left out.
 */
export function klBoundary(drifts: readonly ArmDrift[]): Boundary {
  const xs = drifts.filter((d) => d.kl.mean !== null).sort((a, b) => a.kl.mean! - b.kl.mean!);
  const held = xs.filter((d) => d.holds);
  const fell = xs.filter((d) => !d.holds);
  if (!fell.length) return { kind: 'allHold' };
  if (!held.length) return { kind: 'allFall' };
  const heldUpTo = held[held.length - 1];
  const fellFrom = fell[0];
  return { kind: heldUpTo.kl.mean! < fellFrom.kl.mean! ? 'boundary' : 'mixed', heldUpTo, fellFrom };
}

const klText = (st: Stat) => `${fixed(st.mean, 4)}${st.se !== null ? ` ± ${fixed(st.se, 4)}` : ''}`;

/** `binding (KL 0.0031 ± 0.0004): sub +0.4pp ± 0.8pp, max -2.3pp ± 0.6pp (fell), rev ...` */
export function driftText(d: ArmDrift, label: string): string {
  return `${label} (KL ${klText(d.kl)}): ${taskMovesText(d)}`;
}

/** `sub +0.4pp ± 0.8pp, max -2.3pp ± 0.6pp (fell), rev +0.1pp ± 0.5pp` */
export function taskMovesText(d: ArmDrift): string {
  return Object.entries(d.tasks).map(([t, c]) => `${t} ${ppSigned(c.mean)}${sePp(c.se)}${c.sign === -1 ? ' (fell)' : c.sign === 1 ? ' (rose)' : ''}`).join(', ');
}

export function boundaryText(b: Boundary, names: Record<string, string> = labels): string {
  const at = (d: ArmDrift) => `KL ${fixed(d.kl.mean, 4)} (${names[d.arm] ?? d.arm})`;
  switch (b.kind) {
    case 'allHold': return 'Every unverified task held within two standard errors in every arm: no KL here was large enough to make them fall.';
    case 'allFall': return 'Some unverified task fell beyond two standard errors in every arm, even at the smallest KL: no KL here was small enough to hold them.';
    case 'boundary': return `The unverified tasks held within two standard errors up to ${at(b.heldUpTo)} and some fell from ${at(b.fellFrom)} on: a boundary between the two.`;
    case 'mixed': return `No clean boundary: tasks fell at ${at(b.fellFrom)} but held at the larger ${at(b.heldUpTo)}.`;
  }
}

/** Drift grows down the list: the anchor binds, then the defaults, then a 3.3x learning rate, then that for 3x the steps. */
const ARMS: FindingArm[] = [
  { id: 'binding', label: `binding anchor (KL beta ${BINDING_BETA})`, settings: { klBeta: BINDING_BETA } },
  { id: 'default', label: 'default (beta 0.02, lr 3e-4)', settings: {} },
  { id: 'loose-hi-lr', label: `loose anchor, lr ${HIGH_LR}`, settings: { lr: HIGH_LR } },
  { id: 'loose-hi-lr-long', label: `loose anchor, lr ${HIGH_LR}, 240 steps`, settings: { lr: HIGH_LR, steps: 240, evalEvery: 240 } },
];
const labels: Record<string, string> = Object.fromEntries(ARMS.map((a) => [a.id, a.label]));

export const FORGETTING_FINDINGS: readonly Finding[] = [
  {
    id: 'forgetting-kl',
    number: 14,
    title: 'Forgetting tracks KL',
    guide: 'From the generalist base, train on addition only and watch the tasks the verifier never checks (subtraction, max, reversal) against the KL to the base: do they hold while the policy stays close and fall once it drifts?',
    expectation: 'the arm with the largest final KL loses more unverified pass@1 (mean over the tasks, final minus base) than the arm with the smallest, by more than two standard errors paired over seeds',
    budget: { ...FINDING_BUDGET, ...MIX },
    arms: ARMS,
    assess(arms) {
      const none = noRuns(FORGETTING_ARMS, arms);
      if (none) return none;
      const drifts = FORGETTING_ARMS.filter((a) => has(arms, a)).map((a) => armDrift(arms, a)).filter((d): d is ArmDrift => d !== null);
      if (!drifts.length) return { sentence: 'The runs measured no unverified task (they need the generalist base, family mix).', holds: null, metrics: {} };
      const ordered = [...drifts].sort((a, b) => (a.kl.mean ?? 0) - (b.kl.mean ?? 0));
      const lo = ordered[0];
      const hi = ordered[ordered.length - 1];
      const d = ordered.length > 1 ? armDifference(
        (arms[hi.arm] ?? []).map((s) => ({ seed: s.seed, value: meanUnverifiedChange(s) })),
        (arms[lo.arm] ?? []).map((s) => ({ seed: s.seed, value: meanUnverifiedChange(s) })),
      ) : null;
      const claim = d ? `Largest drift (${labels[hi.arm]}) against smallest (${labels[lo.arm]}): mean unverified pass@1 change ${ppSigned(d.diff)}${sePp(d.se)} (${pairingText(d)})`
        + (d.sign === -1 ? ', a larger loss beyond two standard errors: forgetting tracks KL.' : d.sign === 1 ? ', a smaller loss beyond two standard errors: forgetting does not track KL here.' : ', within two standard errors.') : '';
      const missing = FORGETTING_ARMS.filter((a) => !has(arms, a)).map((a) => labels[a]);
      const metrics: Record<string, number | null> = { largestMinusSmallest: d?.diff ?? null, largestMinusSmallestSe: d?.se ?? null };
      for (const x of drifts) {
        metrics[`${x.arm}.kl`] = x.kl.mean;
        for (const [t, c] of Object.entries(x.tasks)) { metrics[`${x.arm}.${t}`] = c.mean; metrics[`${x.arm}.${t}Se`] = c.se; }
      }
      return {
        sentence: sentences(
          `Ordered by final KL to the base, each unverified task's pass@1 change (final minus base, mean ± SE over seeds): ${ordered.map((x) => driftText(x, labels[x.arm])).join('; ')}.`,
          boundaryText(klBoundary(drifts)), claim, notJudged(missing),
        ),
        holds: d ? (d.sign === 0 ? null : d.sign === -1) : null,
        metrics,
      };
    },
  },
];
