// Rows that share a prompt: GRPO's K rollouts of each prompt and evaluation's n samples of each
// problem. A prompt's activations are computed once and copied to its rows (the model is
// causal, so a prompt's keys, values and last logits do not depend on what follows).
import * as tf from '@tensorflow/tfjs';

/**
 * A batch's distinct prompts [U, P], each row's prompt index [N], and that index one-hot [N, U];
 * `repeat` is R when the rows are U consecutive blocks of R copies (GRPO's K rollouts per
 * prompt, evaluation's n samples per problem), so copying a prompt's activations to its rows is
 * a broadcast instead of the matmul.
 */
export interface SharedPrefix {
  ids: tf.Tensor2D;
  index: tf.Tensor1D;
  expand: tf.Tensor2D;
  repeat: number | null;
}

export function disposePrefix(p: SharedPrefix | null): void {
  if (p) tf.dispose([p.ids, p.index, p.expand]);
}

/** The distinct rows in first-seen order, and for each input row the index of its copy. */
export function distinctRows(rows: readonly (readonly number[])[]): { unique: number[][]; index: number[] } {
  const seen = new Map<string, number>();
  const unique: number[][] = [];
  const index = rows.map((row) => {
    const key = row.join(',');
    let i = seen.get(key);
    if (i === undefined) {
      i = unique.length;
      seen.set(key, i);
      unique.push([...row]);
    }
    return i;
  });
  return { unique, index };
}

/**
 * The rows as consecutive blocks of R identical rows (R = the first row's run length): one row
 * per block and R, or null when they are not. A prompt drawn twice makes two blocks, so the
 * broadcast copy (repeatRows) still applies; running that prompt twice costs one row of U.
 */
export function rowBlocks(rows: readonly (readonly number[])[]): { unique: number[][]; repeat: number } | null {
  const N = rows.length;
  if (!N) return null;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  let R = 1;
  while (R < N && same(rows[R], rows[0])) R++;
  if (N % R) return null;
  const unique: number[][] = [];
  for (let u = 0; u < N; u += R) {
    for (let r = u + 1; r < u + R; r++) if (!same(rows[r], rows[u])) return null;
    unique.push([...rows[u]]);
  }
  return { unique, repeat: R };
}

/**
 * Each of t's U leading rows copied to R consecutive rows ([U, ...] -> [U * R, ...]) by adding
 * zeros with broadcasting: exact (x + 0 = x), differentiable (the gradient sums each block),
 * and on WASM about 50x faster than gather and 20x faster than a one-hot matmul at
 * evaluation's sizes (a 64-prompt cache to 1,024 rows: 0.45 ms against 26 ms and 9 ms).
 */
export function repeatRows<T extends tf.Tensor>(t: T, R: number): T {
  if (R === 1) return t;
  const [U, ...rest] = t.shape;
  return t.reshape([U, 1, -1]).add(tf.zeros([1, R, 1])).reshape([U * R, ...rest]) as T;
}
