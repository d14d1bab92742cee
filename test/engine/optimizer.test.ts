// The flat Adam: the textbook update in float64 (within float32 rounding), and bit-for-bit
// what tf.train.adam does with the same gradients, on both Node backends.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/backend';
import { FlatAdam } from '../../src/engine/optimizer';

const shapes = [[2, 3], [4], [1, 1]];
const init = [[0.5, -1, 2, 0, 0.25, -0.75], [1, 2, 3, 4], [-0.3]];
// Three steps of made-up gradients per variable (exact binary fractions keep the float64 reference honest).
const gradSteps = [
  [[0.5, -0.25, 1, 0, 2, -4], [0.125, 0, -1, 3], [0.75]],
  [[-1, 0.5, 0.5, 1, -2, 0.25], [1, 1, 1, 1], [-0.5]],
  [[0, 0, 2, -2, 0.5, 0.5], [-0.25, 0.75, 0, 2], [0.25]],
];

function makeVars(tag: string): tf.Variable[] {
  return shapes.map((s, i) => tf.variable(tf.tensor(init[i], s), true, `${tag}_${i}_${Math.random()}`));
}

/** Textbook Adam (Kingma & Ba) with tfjs' epsilon placement: p -= lr * mHat / (sqrt(vHat) + eps). */
function textbook(lr: number, b1: number, b2: number, eps: number, scale: (t: number) => number): number[][] {
  const p = init.map((a) => [...a]);
  const m = init.map((a) => a.map(() => 0));
  const v = init.map((a) => a.map(() => 0));
  gradSteps.forEach((gs, t) => {
    const s = scale(t);
    for (let i = 0; i < p.length; i++) {
      for (let j = 0; j < p[i].length; j++) {
        const g = gs[i][j] * s;
        m[i][j] = b1 * m[i][j] + (1 - b1) * g;
        v[i][j] = b2 * v[i][j] + (1 - b2) * g * g;
        const mHat = m[i][j] / (1 - b1 ** (t + 1));
        const vHat = v[i][j] / (1 - b2 ** (t + 1));
        p[i][j] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    }
  });
  return p;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`FlatAdam on ${backend}`, () => {
    it('matches the textbook Adam update, clipping scale included', async () => {
      expect((await selectBackend(backend)).backend).toBe(backend);
      const vars = makeVars('tb');
      const opt = new FlatAdam(vars, { lr: 0.01 });
      expect(opt.epsilon).toBeCloseTo(1e-7, 12);
      const scale = (t: number) => (t === 1 ? 0.5 : 1);
      for (let t = 0; t < gradSteps.length; t++) {
        const g = tf.tidy(() => opt.flatten(gradSteps[t].map((a, i) => tf.tensor(a, shapes[i]))));
        opt.apply(g, scale(t));
        g.dispose();
      }
      expect(opt.iterations).toBe(3);
      const want = textbook(0.01, 0.9, 0.999, 1e-7, scale);
      for (let i = 0; i < vars.length; i++) {
        expect(vars[i].shape).toEqual(shapes[i]);
        const got = Array.from(await vars[i].data());
        // Three steps moved each weight by up to ~0.03: agree to float32 rounding.
        got.forEach((x, j) => expect(Math.abs(x - want[i][j])).toBeLessThan(2e-6));
        // And the update really moved them (a no-op would fail here).
        expect(got.some((x, j) => Math.abs(x - init[i][j]) > 1e-3)).toBe(true);
      }
      opt.dispose();
      tf.dispose(vars);
    });

    it('gives bit-identical parameters to tf.train.adam, and leaks no tensors', async () => {
      await selectBackend(backend);
      const ours = makeVars('flat');
      const theirs = makeVars('tfjs');
      const flat = new FlatAdam(ours, { lr: 0.003 });
      const ref = tf.train.adam(0.003);
      const before = tf.memory().numTensors;
      for (let t = 0; t < gradSteps.length; t++) {
        const grads = Object.fromEntries(ours.map((v, i) => [v.name, tf.tensor(gradSteps[t][i], shapes[i])]));
        const g = flat.flattenGrads(grads);
        flat.apply(g);
        g.dispose();
        tf.dispose(Object.values(grads));
        const refGrads = Object.fromEntries(theirs.map((v, i) => [v.name, tf.tensor(gradSteps[t][i], shapes[i])]));
        ref.applyGradients(refGrads as tf.NamedTensorMap as never);
        tf.dispose(Object.values(refGrads));
        for (let i = 0; i < ours.length; i++) expect(Array.from(await ours[i].data())).toEqual(Array.from(await theirs[i].data()));
        if (t === 0) expect(tf.memory().numTensors).toBeGreaterThan(before); // tfjs' Adam made its moments
      }
      const settled = tf.memory().numTensors;
      const g = tf.tidy(() => flat.flatten(ours.map((v) => tf.onesLike(v))));
      flat.apply(g, 0.25);
      g.dispose();
      expect(tf.memory().numTensors).toBe(settled);
      flat.dispose();
      ref.dispose();
      tf.dispose([...ours, ...theirs]);
    });

    it('rejects gradients of the wrong size with a clear message', async () => {
      await selectBackend(backend);
      const vars = makeVars('bad');
      const opt = new FlatAdam(vars, { lr: 0.01 });
      const g = tf.zeros([3]) as tf.Tensor1D;
      expect(() => opt.apply(g)).toThrow(/gradient has 3 elements, parameters 11/);
      expect(() => opt.flatten([g])).toThrow(/expected 3 tensors/);
      g.dispose();
      opt.dispose();
      tf.dispose(vars);
    });

    it('picks up values written by something else', async () => {
      await selectBackend(backend);
      const vars = makeVars('rs');
      const opt = new FlatAdam(vars, { lr: 0.01 });
      vars[1].assign(tf.tensor1d([10, 10, 10, 10]));
      const g = tf.tidy(() => opt.flatten(vars.map((v) => tf.zerosLike(v))));
      opt.apply(g); // a zero gradient leaves the parameters where they are
      g.dispose();
      expect(Array.from(await vars[1].data())).toEqual([10, 10, 10, 10]);
      opt.dispose();
      tf.dispose(vars);
    });
  });
}
