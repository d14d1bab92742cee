// Batched matmul of many small matrices for the WASM backend: attention's q k^T, weights x v
// and their gradients ([N, H, L, S] x [N, H, S, dh] and the like, dh = 8 or 16). tfjs-wasm runs
// these through its generic non-SIMD loop, which spends more on per-element bookkeeping (a bias
// lookup, a clamp, strided indices) than on the 8-16 multiply-adds of each output, ~0.6
// GMAC/s; they were the largest share of a GRPO step's kernel time. Here each shape class runs
// with the head dimension unrolled: as WebAssembly SIMD on tfjs' own memory (wasm-simd.ts,
// ~9x tfjs on the default model's shapes) where the width is a multiple of 4 and the engine
// has SIMD, else as a JavaScript loop compiled once per (class, width) (~2-3x tfjs). Everything
// else (one big matrix, large shared dims, broadcast batches) goes to the package's kernel.
// Rounding: the SIMD kernels sum in float32 (see wasm-simd.ts), the JavaScript loops in float64
// rounded once; either may differ from tfjs in the last float32 bits.
import { simdKernels } from './wasm-simd';
import { f32View, memoryOf, type Info, type KernelArgs as Args, type WasmBackendLike } from './wasm-backend';

/** The dimension unrolled into locals is at most this (head dims are 8 and 16). */
export const MAX_UNROLL = 32;
/** Shared dims above this stay with tfjs: its loop amortises its per-output cost over them. */
export const MAX_SHARED = 64;

/**
 * out[b, m, n] over batches b of row-major matrices, one per shape class:
 * - nt: A [M, K] x B [N, K]^T, K unrolled (q k^T, dO v^T);
 * - nn: A [M, K] x B [K, N], N unrolled (weights x v, dS k);
 * - tn: A [K, M]^T x B [K, N], N unrolled (weights^T dO, dS^T q).
 */
type Kind = 'nt' | 'nn' | 'tn';
export type Loop = (A: Float32Array, B: Float32Array, O: Float32Array, batch: number, M: number, K: number, N: number) => void;

const times = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');

/** The loop's source with `u` (K for nt, N otherwise) written out; numbers only go into it. */
export function loopSource(kind: Kind, u: number): string {
  if (kind === 'nt') {
    return `const sa = M * ${u}, sb = N * ${u}, so = M * N;
for (let b = 0; b < batch; b++) {
  const ao = b * sa, bo = b * sb, oo = b * so;
  for (let m = 0; m < M; m++) {
    const ai = ao + m * ${u}, orow = oo + m * N;
    ${times(u, (k) => `const a${k} = A[ai + ${k}];`)}
    for (let n = 0, bj = bo; n < N; n++, bj += ${u}) O[orow + n] = ${times(u, (k) => `${k ? ' + ' : ''}a${k} * B[bj + ${k}]`)};
  }
}`;
  }
  // nn reads A's row m along k (step 1), tn reads A's column m (step M).
  const aStart = kind === 'nn' ? 'ao + m * K' : 'ao + m';
  const aStep = kind === 'nn' ? '1' : 'M';
  return `const sa = M * K, sb = K * ${u}, so = M * ${u};
for (let b = 0; b < batch; b++) {
  const ao = b * sa, bo = b * sb, oo = b * so;
  for (let m = 0; m < M; m++) {
    ${times(u, (n) => `let c${n} = 0;`)}
    for (let k = 0, ak = ${aStart}, bk = bo; k < K; k++, ak += ${aStep}, bk += ${u}) {
      const a = A[ak];
      ${times(u, (n) => `c${n} += a * B[bk + ${n}];`)}
    }
    const orow = oo + m * ${u};
    ${times(u, (n) => `O[orow + ${n}] = c${n};`)}
  }
}`;
}

const loops = new Map<string, Loop | null>();

/** The compiled loop, or null where the page forbids compiling code (a CSP without unsafe-eval). */
export function loopFor(kind: Kind, u: number): Loop | null {
  const key = `${kind}${u}`;
  if (!loops.has(key)) {
    let f: Loop | null = null;
    try {
      f = new Function('A', 'B', 'O', 'batch', 'M', 'K', 'N', loopSource(kind, u)) as Loop;
    } catch {
      f = null;
    }
    loops.set(key, f);
  }
  return loops.get(key)!;
}

interface Plan { kind: Kind; batch: number; M: number; K: number; N: number; outShape: number[] }

/** The shape class of a BatchMatMul this file takes, or null for the package's kernel. */
export function smallBatchPlan(aShape: readonly number[], bShape: readonly number[], transposeA: boolean, transposeB: boolean): Plan | null {
  const r = aShape.length;
  if (r < 3 || bShape.length !== r || (transposeA && transposeB)) return null;
  for (let i = 0; i < r - 2; i++) if (aShape[i] !== bShape[i]) return null; // broadcast batches
  const batch = aShape.slice(0, -2).reduce((x, y) => x * y, 1);
  const M = transposeA ? aShape[r - 1] : aShape[r - 2];
  const K = transposeA ? aShape[r - 2] : aShape[r - 1];
  const N = transposeB ? bShape[r - 2] : bShape[r - 1];
  if ((transposeB ? bShape[r - 1] : bShape[r - 2]) !== K) return null; // tfjs reports the mismatch
  const kind: Kind = transposeB ? 'nt' : transposeA ? 'tn' : 'nn';
  const unrolled = kind === 'nt' ? K : N;
  // One matrix is tfjs' fast (XNNPACK) or long-loop case; empty shapes are left to it too.
  if (batch < 2 || M === 0 || N === 0 || K === 0 || unrolled > MAX_UNROLL || K > MAX_SHARED) return null;
  return { kind, batch, M, K, N, outShape: [...aShape.slice(0, -2), M, N] };
}

/** A BatchMatMul kernel that runs small batched matrices here and hands the rest to `own`. */
export function smallBatchMatMul(own: (args: Args) => Info): (args: Args) => Info {
  return (args) => {
    const a = args.inputs.a as Info;
    const b = args.inputs.b as Info;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return own(args);
    const plan = smallBatchPlan(a.shape, b.shape, Boolean(args.attrs?.transposeA), Boolean(args.attrs?.transposeB));
    if (!plan) return own(args);
    const backend = args.backend as WasmBackendLike;
    const u = plan.kind === 'nt' ? plan.K : plan.N;
    const memory = memoryOf(backend);
    const simd = memory && simdKernels(memory, u);
    if (simd) {
      const out = backend.makeOutput(plan.outShape, 'float32');
      const at = (t: Info) => f32View(backend, t).byteOffset;
      simd[plan.kind](at(a), at(b), at(out), plan.batch, plan.M, plan.K, plan.N);
      return out;
    }
    const loop = loopFor(plan.kind, u);
    if (!loop) return own(args);
    const out = backend.makeOutput(plan.outShape, 'float32');
    // Views after makeOutput: its allocation may grow (and so move) the heap.
    // `| 0`: shape entries can arrive as heap numbers (an array once holding a double), and a
    // loop compiled for those indexes its arrays in float64, twice as slow.
    loop(f32View(backend, a), f32View(backend, b), f32View(backend, out), plan.batch | 0, plan.M | 0, plan.K | 0, plan.N | 0);
    return out;
  };
}
