// The small batched matmuls of wasm-matmul.ts as WebAssembly SIMD, assembled here byte by byte
// (there is no compiler in the build for them) and run on tfjs-wasm's own memory, so tensors are
// read and written where they lie. One module per unrolled width u (a multiple of 4: the head
// dim, 8 or 16), with three functions, one per shape class, each taking byte addresses and sizes:
// (a, b, o, batch, M, K, N). Each output row keeps u / 4 four-lane accumulators.
// Rounding: products are summed in float32, four lanes at a time (nt: lanes added pairwise at
// the end; nn, tn: along k in order), so sums differ from tfjs' and the JavaScript loops' in the
// last float32 bits. IEEE float32 without fused multiply-add: the same on every machine.

export type SimdLoop = (a: number, b: number, o: number, batch: number, M: number, K: number, N: number) => void;
export interface SimdKernels { nt: SimdLoop; nn: SimdLoop; tn: SimdLoop }

// Opcodes (WebAssembly core 2.0 and its fixed-width SIMD proposal).
const OP = {
  loop: 0x03, end: 0x0b, brIf: 0x0d,
  get: 0x20, set: 0x21, tee: 0x22,
  f32Load: 0x2a, f32Store: 0x38, i32Const: 0x41, f32Const: 0x43,
  i32LtU: 0x49, i32Add: 0x6a, i32Mul: 0x6c, f32Add: 0x92,
} as const;
const SIMD = 0xfd;
const V128_LOAD = 0x00;
const V128_STORE = 0x0b;
const F32X4_SPLAT = 0x13;
const F32X4_EXTRACT = 0x1f;
const F32X4_ADD = 0xe4;
const F32X4_MUL = 0xe6;
const I32 = 0x7f;
const V128 = 0x7b;
const VOID = 0x40;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) { out.push(byte); return out; }
    out.push(byte | 0x80);
  }
}

/** A function body under construction: a byte list with one helper per instruction used. */
class Body {
  bytes: number[] = [];
  get(i: number) { this.bytes.push(OP.get, ...uleb(i)); return this; }
  set(i: number) { this.bytes.push(OP.set, ...uleb(i)); return this; }
  tee(i: number) { this.bytes.push(OP.tee, ...uleb(i)); return this; }
  i32(n: number) { this.bytes.push(OP.i32Const, ...sleb(n)); return this; }
  op(code: number) { this.bytes.push(code); return this; }
  simd(code: number) { this.bytes.push(SIMD, ...uleb(code)); return this; }
  /** v128.load from the address on the stack + offset bytes. */
  load(offset: number) { return this.simd(V128_LOAD).mem(offset, 0); }
  store(offset: number) { return this.simd(V128_STORE).mem(offset, 0); }
  mem(offset: number, align: number) { this.bytes.push(...uleb(align), ...uleb(offset)); return this; }
  /** local += by (i32). */
  bump(local: number, by: number | { local: number }) {
    this.get(local);
    if (typeof by === 'number') this.i32(by); else this.get(by.local);
    return this.op(OP.i32Add).set(local);
  }
  /** Zero a v128 local. */
  zero(local: number) {
    this.bytes.push(OP.f32Const, 0, 0, 0, 0);
    return this.simd(F32X4_SPLAT).set(local);
  }
  /** do { body } while (++counter < limit): every count here is at least 1. */
  repeat(counter: number, limit: number, body: () => void) {
    this.i32(0).set(counter);
    this.bytes.push(OP.loop, VOID);
    body();
    this.get(counter).i32(1).op(OP.i32Add).tee(counter).get(limit).op(OP.i32LtU);
    this.bytes.push(OP.brIf, 0, OP.end);
    return this;
  }
}

// Parameters, then locals: the i32s, then the v128s.
const P = { a: 0, b: 1, o: 2, batch: 3, M: 4, K: 5, N: 6 } as const;
const L = { bi: 7, m: 8, j: 9, bp: 10, bRow: 11, ap: 12, step: 13 } as const;
const PARAMS = Object.keys(P).length;
const I32_LOCALS = Object.keys(L).length;
const VEC0 = PARAMS + I32_LOCALS; // first v128 local

/** nt: out[m, n] = A[m, :] . B[n, :] with K = u; A's row in u/4 vectors, each output one horizontal sum. */
function ntBody(u: number): Body {
  const V = u / 4;
  const acc = VEC0 + V;
  const f = new Body();
  f.repeat(L.bi, P.batch, () => {
    f.repeat(L.m, P.M, () => {
      for (let v = 0; v < V; v++) f.get(P.a).load(16 * v).set(VEC0 + v);
      f.bump(P.a, 4 * u);
      f.get(P.b).set(L.bp);
      f.repeat(L.j, P.N, () => {
        for (let v = 0; v < V; v++) {
          f.get(VEC0 + v).get(L.bp).load(16 * v).simd(F32X4_MUL);
          if (v > 0) f.get(acc).simd(F32X4_ADD);
          f.set(acc);
        }
        // (l0 + l1) + (l2 + l3)
        f.get(P.o);
        f.get(acc).simd(F32X4_EXTRACT).op(0).get(acc).simd(F32X4_EXTRACT).op(1).op(OP.f32Add);
        f.get(acc).simd(F32X4_EXTRACT).op(2).get(acc).simd(F32X4_EXTRACT).op(3).op(OP.f32Add);
        f.op(OP.f32Add).op(OP.f32Store).mem(0, 2);
        f.bump(P.o, 4).bump(L.bp, 4 * u);
      });
    });
    // Next batch's B: N rows of u further on.
    f.get(P.N).i32(4 * u).op(OP.i32Mul).set(L.step).bump(P.b, { local: L.step });
  });
  return f;
}

/**
 * nn (A [M, K], rows read along k) and tn (A [K, M], columns read with a stride of M): out[m, :]
 * = sum over k of A(m, k) * B[k, :], N = u, in u/4 accumulators.
 */
function nBody(u: number, transposed: boolean): Body {
  const V = u / 4;
  const f = new Body();
  f.repeat(L.bi, P.batch, () => {
    f.repeat(L.m, P.M, () => {
      for (let v = 0; v < V; v++) f.zero(VEC0 + v);
      // ap: A(m, 0); nn rows start at a + 4mK (a advances row by row), tn columns at a + 4m.
      if (transposed) f.get(L.m).i32(4).op(OP.i32Mul).get(P.a).op(OP.i32Add).set(L.ap);
      else f.get(P.a).set(L.ap);
      f.get(P.b).set(L.bp);
      f.repeat(L.j, P.K, () => {
        // s = splat(A(m, k))
        f.get(L.ap).op(OP.f32Load).mem(0, 2).simd(F32X4_SPLAT).set(VEC0 + V);
        for (let v = 0; v < V; v++) f.get(VEC0 + v).get(VEC0 + V).get(L.bp).load(16 * v).simd(F32X4_MUL).simd(F32X4_ADD).set(VEC0 + v);
        if (transposed) f.get(L.ap).get(P.M).i32(4).op(OP.i32Mul).op(OP.i32Add).set(L.ap);
        else f.bump(L.ap, 4);
        f.bump(L.bp, 4 * u);
      });
      for (let v = 0; v < V; v++) f.get(P.o).get(VEC0 + v).store(16 * v);
      f.bump(P.o, 4 * u);
      if (!transposed) f.get(L.ap).set(P.a); // the next row follows this one
    });
    // Next batch: B moves K rows of u; tn's A moves K x M (nn's a is already there).
    f.get(P.K).i32(4 * u).op(OP.i32Mul).set(L.step).bump(P.b, { local: L.step });
    if (transposed) f.get(P.K).get(P.M).op(OP.i32Mul).i32(4).op(OP.i32Mul).set(L.step).bump(P.a, { local: L.step });
  });
  return f;
}

function section(id: number, payload: number[]): number[] {
  return [id, ...uleb(payload.length), ...payload];
}
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

/** The module's bytes for width u; `shared` says whether tfjs' memory is a shared one (threads). */
export function simdModuleBytes(u: number, shared: boolean): Uint8Array<ArrayBuffer> {
  const V = u / 4;
  const funcType = [0x60, PARAMS, ...new Array<number>(PARAMS).fill(I32), 0];
  // Memory import: min 1 page; a shared memory must state a maximum (4 GiB, tfjs' own).
  const memType = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = [1, ...name('env'), ...name('memory'), 0x02, ...memType];
  const bodies = [ntBody(u), nBody(u, false), nBody(u, true)].map((f) => {
    // v128 locals: V accumulators or row vectors, and one more (the sum, or the splat).
    const locals = [2, ...uleb(I32_LOCALS), I32, ...uleb(V + 1), V128];
    const code = [...locals, ...f.bytes, OP.end];
    return [...uleb(code.length), ...code];
  });
  const exports = [3, ...name('nt'), 0, 0, ...name('nn'), 0, 1, ...name('tn'), 0, 2];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...funcType]),
    ...section(2, imports),
    ...section(3, [3, 0, 0, 0]),
    ...section(7, exports),
    ...section(10, [3, ...bodies.flat()]),
  ]);
}

/** Per memory (one per WASM backend instance), the kernels of each width; null where they cannot run. */
const modules = new WeakMap<WebAssembly.Memory, Map<number, SimdKernels | null>>();

/**
 * The SIMD kernels of width u on `memory`, or null where they cannot run: no WebAssembly SIMD
 * (Safari before 16.4), u not a multiple of 4, or a module the engine refuses. Compiled
 * synchronously (a few hundred bytes) once per width and memory.
 */
export function simdKernels(memory: WebAssembly.Memory, u: number): SimdKernels | null {
  if (u % 4 !== 0 || u < 4) return null;
  let byWidth = modules.get(memory);
  if (!byWidth) { byWidth = new Map(); modules.set(memory, byWidth); }
  if (!byWidth.has(u)) {
    let kernels: SimdKernels | null = null;
    try {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      const bytes = simdModuleBytes(u, shared);
      if (WebAssembly.validate(bytes)) kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as SimdKernels;
    } catch {
      kernels = null;
    }
    byWidth.set(u, kernels);
  }
  return byWidth.get(u)!;
}
