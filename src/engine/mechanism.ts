// Diagnostics of why verifier noise hurts (../shared/regimes.md): with group std
// normalisation a group's lone minority outcome gets an advantage of about sqrt(K-1), so
// what matters is where flipped rewards land. FP flips in low-success groups become lone
// positives on wrong answers; FN flips in high-success groups become lone negatives on
// correct ones. These functions measure that on real rollouts, plus the per-prompt success
// distribution that says which side of 0.5 a run sits on, and Youden's index J.

/** Counts of per-prompt success c out of n, c = 0..n (index c). */
export function successHistogram(correctPerPrompt: readonly number[], n: number): number[] {
  const h = new Array<number>(n + 1).fill(0);
  for (const c of correctPerPrompt) h[Math.max(0, Math.min(n, Math.round(c)))]++;
  return h;
}

/** Share of prompts whose success rate c/n is below 0.5 (null with no prompts). */
export function shareBelowHalf(hist: readonly number[]): number | null {
  const n = hist.length - 1;
  let below = 0;
  let total = 0;
  hist.forEach((count, c) => {
    total += count;
    if (c / n < 0.5) below += count;
  });
  return total ? below / total : null;
}

/** Youden's index J = TPR - FPR = 1 - FN - FP; null when a rate is unknown. */
export function youdenJ(fnRate: number | null, fpRate: number | null): number | null {
  return fnRate === null || fpRate === null ? null : 1 - fnRate - fpRate;
}

export interface GroupDiagnostics {
  /** Histogram of true successes per training group, index c = 0..K. */
  groupSuccessHist: number[];
  /** Rollouts whose observed reward differs from the truth, as a fraction of all rollouts. */
  flippedFraction: number;
  /** Of the flipped rollouts, the share that became their group's lone minority outcome (null without flips). */
  flipLoneShare: number | null;
  /** Mean |advantage| of those lone-minority flipped rollouts (null without any). */
  flipLoneAdvAbs: number | null;
  /** The same share for false negatives alone (correct but rejected) and for false positives alone. */
  fnLoneShare: number | null;
  fpLoneShare: number | null;
  /** Mean over groups with a wrong answer: distinct wrong answer strings. */
  wrongDistinct: number | null;
  /** Mean over those groups: the most common wrong answer's share of the group's wrong answers. */
  wrongTopShare: number | null;
}

/**
 * Per-step diagnostics over B groups of K rollouts (consecutive in every array).
 * `observed` and `correct` are 0/1 per rollout, `answers` the decoded completions,
 * `advantages` what the learner used.
 */
export function groupDiagnostics(
  observed: readonly number[], correct: readonly boolean[], answers: readonly string[], advantages: readonly number[], K: number,
): GroupDiagnostics {
  const N = observed.length;
  const hist = new Array<number>(K + 1).fill(0);
  let flipped = 0;
  let lone = 0;
  let loneAdv = 0;
  const kind = { fn: { flips: 0, lone: 0 }, fp: { flips: 0, lone: 0 } };
  let wrongGroups = 0;
  let distinctSum = 0;
  let topShareSum = 0;
  for (let g = 0; g < N; g += K) {
    let trueCount = 0;
    let accepted = 0;
    const wrong = new Map<string, number>();
    for (let i = g; i < g + K; i++) {
      if (correct[i]) trueCount++;
      else wrong.set(answers[i], (wrong.get(answers[i]) ?? 0) + 1);
      if (observed[i] >= 1) accepted++;
    }
    hist[trueCount]++;
    if (wrong.size) {
      let wrongTotal = 0;
      let top = 0;
      for (const c of wrong.values()) { wrongTotal += c; top = Math.max(top, c); }
      wrongGroups++;
      distinctSum += wrong.size;
      topShareSum += top / wrongTotal;
    }
    for (let i = g; i < g + K; i++) {
      const obs = observed[i] >= 1;
      if (obs === correct[i]) continue;
      flipped++;
      const k = correct[i] ? kind.fn : kind.fp;
      k.flips++;
      // Lone minority: the only rollout of its group with this observed outcome (K > 2, so the other side is a majority).
      const sameOutcome = obs ? accepted : K - accepted;
      if (K > 2 && sameOutcome === 1) {
        lone++;
        k.lone++;
        loneAdv += Math.abs(advantages[i]);
      }
    }
  }
  return {
    groupSuccessHist: hist,
    flippedFraction: N ? flipped / N : 0,
    flipLoneShare: flipped ? lone / flipped : null,
    flipLoneAdvAbs: lone ? loneAdv / lone : null,
    fnLoneShare: kind.fn.flips ? kind.fn.lone / kind.fn.flips : null,
    fpLoneShare: kind.fp.flips ? kind.fp.lone / kind.fp.flips : null,
    wrongDistinct: wrongGroups ? distinctSum / wrongGroups : null,
    wrongTopShare: wrongGroups ? topShareSum / wrongGroups : null,
  };
}
