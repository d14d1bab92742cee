// Scalar metric definitions (see shared findings): pass@k, compression ratio, and plain-JS
// reference forms of the per-token KL and entropy used by the tensor code in grpo.ts.

/**
 * Unbiased pass@k for one problem with n samples, c of them correct:
 * 1 - C(n-c, k) / C(n, k), computed as a product to stay exact for large n.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!(Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k)) || n < 1 || c < 0 || c > n || k < 1 || k > n) {
    throw new RangeError(`passAtK needs integers 0 <= c <= n, 1 <= k <= n (got n=${n}, c=${c}, k=${k})`);
  }
  if (n - c < k) return 1;
  let ratio = 1; // C(n-c, k) / C(n, k) = prod_{i=0}^{k-1} (n-c-i)/(n-i)
  for (let i = 0; i < k; i++) ratio *= (n - c - i) / (n - i);
  return 1 - ratio;
}

/** Mean pass@k over problems for every k = 1..n; result[k-1] is pass@k. */
export function passAtKCurve(correctCounts: readonly number[], n: number): number[] {
  const out = new Array<number>(n).fill(0);
  if (correctCounts.length === 0) return out;
  for (const c of correctCounts) for (let k = 1; k <= n; k++) out[k - 1] += passAtK(n, c, k);
  return out.map((v) => v / correctCounts.length);
}

/**
 * Compression ratio = pass@1 gain / (base pass@k - base pass@1): how much of the base
 * model's pass@k headroom pass@1 has captured. Null when the base leaves no headroom.
 */
export function compressionRatio(basePass1: number, basePassK: number, pass1: number): number | null {
  const headroom = basePassK - basePass1;
  if (!(headroom > 1e-9)) return null;
  return (pass1 - basePass1) / headroom;
}

/** The k shown by default: the largest power of two <= n, capped at 8. */
export function readoutK(n: number): number {
  let k = 1;
  while (k * 2 <= Math.min(n, 8)) k *= 2;
  return k;
}

/** k3 KL estimator for one token: exp(q - p) - (q - p) - 1, q = base log-prob, p = policy log-prob. */
export function klK3(policyLogp: number, baseLogp: number): number {
  const d = baseLogp - policyLogp;
  return Math.exp(d) - d - 1;
}

/** Entropy (nats) of a categorical distribution given as logits. */
export function entropyFromLogits(logits: readonly number[]): number {
  const m = Math.max(...logits);
  const z = logits.reduce((s, l) => s + Math.exp(l - m), 0);
  let h = 0;
  for (const l of logits) {
    const lp = l - m - Math.log(z);
    h -= Math.exp(lp) * lp;
  }
  return h;
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** Sample standard deviation (n - 1), as torch.std in TRL's GRPO. */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}
