// Norm-wise relative error between two tensors' values, for the backend agreement test.
//   relErr(a, ref) = ||a - ref||_2 / ||ref||_2   (ref = the WASM result)
// and, where ||ref||_2 is 0 (a gradient that is exactly zero), the absolute ||a - ref||_2.
// A norm-wise error suits float32 kernels that sum in different orders: single elements
// near zero can differ a lot relative to themselves while the tensor agrees.

export function relErr(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (a.length !== ref.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - ref[i];
    diff += d * d;
    norm += ref[i] * ref[i];
  }
  if (!Number.isFinite(diff) || !Number.isFinite(norm)) return Number.POSITIVE_INFINITY;
  return norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff);
}

export interface Disagreement {
  name: string;
  err: number;
}

/**
 * Every tensor named in either map whose error is above `tol` (or that one side lacks),
 * worst first. An empty list means the two agree.
 */
export function disagreements(a: Record<string, ArrayLike<number>>, ref: Record<string, ArrayLike<number>>, tol: number): Disagreement[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(ref)])];
  const out: Disagreement[] = [];
  for (const name of names) {
    const err = a[name] && ref[name] ? relErr(a[name], ref[name]) : Number.POSITIVE_INFINITY;
    if (!(err <= tol)) out.push({ name, err });
  }
  return out.sort((x, y) => y.err - x.err);
}

/** The largest error over all tensors (for the log line). */
export function worstErr(a: Record<string, ArrayLike<number>>, ref: Record<string, ArrayLike<number>>): Disagreement {
  let worst: Disagreement = { name: '', err: 0 };
  for (const name of Object.keys(ref)) {
    const err = a[name] ? relErr(a[name], ref[name]) : Number.POSITIVE_INFINITY;
    if (!(err <= worst.err)) worst = { name, err };
  }
  return worst;
}
