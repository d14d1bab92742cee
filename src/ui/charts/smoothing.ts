// Exponential moving average as TensorBoard's scalar dashboard draws it: a view option,
// applied to step-level series only. With weight w,
//   last_t = w * last_{t-1} + (1 - w) * x_t   (last_0 = 0)
//   smoothed_t = last_t / (1 - w^t)            (debiased, t counting the finite values so far)
// Non-finite values pass through unchanged and do not advance the average; a constant
// series is returned as it is (so float noise cannot move a flat line).

/** Largest smoothing weight the slider offers. */
export const MAX_SMOOTHING = 0.99;

/** The smoothing weight clamped to [0, MAX_SMOOTHING]; anything unreadable is 0. */
export function clampSmoothing(w: number): number {
  if (!Number.isFinite(w) || w <= 0) return 0;
  return Math.min(MAX_SMOOTHING, w);
}

/** Debiased EMA of `xs` with weight `w` (0 = no smoothing: a copy of the input). */
export function ema(xs: readonly number[], w: number): number[] {
  const weight = clampSmoothing(w);
  if (weight === 0) return xs.slice();
  const constant = xs.every((x) => x === xs[0]);
  if (constant) return xs.slice();
  const out = new Array<number>(xs.length);
  let last = 0;
  let n = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (!Number.isFinite(x)) {
      out[i] = x;
      continue;
    }
    last = last * weight + (1 - weight) * x;
    n++;
    out[i] = last / (1 - weight ** n);
  }
  return out;
}
