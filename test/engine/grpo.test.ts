import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/engine/backend';
import { groupAdvantages, grpoLoss, STD_EPS, tokenEntropy, tokenKlK3, tokenLogProbs, zeroSignalGroups } from '../../src/engine/grpo';
import { entropyFromLogits, klK3 } from '../../src/engine/metrics';

describe('group-relative advantages', () => {
  it('mean baseline without normalisation', () => {
    expect(groupAdvantages([1, 0, 0, 1, 1, 1, 1, 0], 4, 'mean', false)).toEqual([0.5, -0.5, -0.5, 0.5, 0.25, 0.25, 0.25, -0.75]);
  });
  it('median baseline', () => {
    // group [1,0,0,0]: median 0; group [1,1,1,0]: median 1
    expect(groupAdvantages([1, 0, 0, 0, 1, 1, 1, 0], 4, 'median', false)).toEqual([1, 0, 0, 0, 0, 0, 0, -1]);
  });
  it('std normalisation divides by sample std + eps', () => {
    const a = groupAdvantages([1, 0, 0, 1], 4, 'mean', true);
    const std = Math.sqrt(1 / 3);
    expect(a[0]).toBeCloseTo(0.5 / (std + STD_EPS), 12);
    expect(a[1]).toBeCloseTo(-0.5 / (std + STD_EPS), 12);
  });
  it('all-equal groups give zero advantage and are flagged as zero-signal', () => {
    expect(groupAdvantages([0, 0, 0, 1, 1, 1], 3, 'mean', true)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(zeroSignalGroups([0, 0, 0, 1, 0, 1], 3)).toEqual([true, false]);
  });
  it('rejects partial groups', () => {
    expect(() => groupAdvantages([1, 0, 1], 2, 'mean', false)).toThrow(RangeError);
  });
});

describe('tensor KL, entropy and log-probs against direct formulas', () => {
  const logits = [[[0.3, -1.2, 2.0], [1.0, 1.0, 1.0]], [[-0.5, 0.1, 0.7], [2.5, -2.0, 0.0]]];
  const refLogits = [[[0.0, 0.0, 1.0], [1.5, 0.2, -0.4]], [[0.3, 0.3, 0.3], [1.0, -1.0, 0.5]]];
  const targets = [[2, 0], [1, 0]];
  const logSoftmax = (row: number[]) => { const m = Math.max(...row); const z = Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0)) + m; return row.map((x) => x - z); };

  it('matches per token', async () => {
    const lp = tf.logSoftmax(tf.tensor3d(logits));
    const rlp = tf.logSoftmax(tf.tensor3d(refLogits));
    const t = tf.tensor2d(targets, undefined, 'int32');
    const tokLp = tokenLogProbs(lp as tf.Tensor3D, t);
    const refTok = tokenLogProbs(rlp as tf.Tensor3D, t);
    const kl = await tokenKlK3(tokLp, refTok).array();
    const ent = await tokenEntropy(lp as tf.Tensor3D).array();
    const lpArr = await tokLp.array();
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) {
      const p = logSoftmax(logits[i][j])[targets[i][j]];
      const q = logSoftmax(refLogits[i][j])[targets[i][j]];
      expect(lpArr[i][j]).toBeCloseTo(p, 5);
      expect(kl[i][j]).toBeCloseTo(klK3(p, q), 5);
      expect(ent[i][j]).toBeCloseTo(entropyFromLogits(logits[i][j]), 5);
    }
    tf.dispose([lp, rlp, t, tokLp, refTok]);
  });

  it('token log-probs are the same on WASM (its one-hot kernel once wrote integer bits into floats)', async () => {
    await selectBackend('wasm');
    const lp = tf.logSoftmax(tf.tensor3d(logits)) as tf.Tensor3D;
    const got = await tokenLogProbs(lp, tf.tensor2d(targets, undefined, 'int32')).array();
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(got[i][j]).toBeCloseTo(logSoftmax(logits[i][j])[targets[i][j]], 5);
    await tf.setBackend('cpu');
  });

  it('loss terms: ratio 1 gives -mean(A) policy loss, beta*KL and the entropy bonus per sequence', async () => {
    const lp = tf.logSoftmax(tf.tensor3d(logits)) as tf.Tensor3D;
    const rlp = tf.logSoftmax(tf.tensor3d(refLogits)) as tf.Tensor3D;
    const t = tf.tensor2d(targets, undefined, 'int32');
    const mask = tf.tensor2d([[1, 1], [1, 0]]);
    const adv = tf.tensor2d([[2], [-1]]);
    const refTok = tokenLogProbs(rlp, t);
    const terms = grpoLoss({ logp: lp, targets: t, mask, advantages: adv, oldLogp: null, refLogp: refTok }, { clipEps: 0.2, klBeta: 0.1, entropyBonus: 0.01 });
    // ratio == 1 -> per-token -A; per-sequence mean -> [-2, 1]; batch mean -> -0.5
    expect((await terms.lossPolicy.data())[0]).toBeCloseTo(-0.5, 6);
    const p = (i: number, j: number) => logSoftmax(logits[i][j])[targets[i][j]];
    const q = (i: number, j: number) => logSoftmax(refLogits[i][j])[targets[i][j]];
    const seqKl = [(klK3(p(0, 0), q(0, 0)) + klK3(p(0, 1), q(0, 1))) / 2, klK3(p(1, 0), q(1, 0))];
    expect((await terms.lossKl.data())[0]).toBeCloseTo(0.1 * (seqKl[0] + seqKl[1]) / 2, 5);
    const seqEnt = [(entropyFromLogits(logits[0][0]) + entropyFromLogits(logits[0][1])) / 2, entropyFromLogits(logits[1][0])];
    expect((await terms.lossEntropy.data())[0]).toBeCloseTo(-0.01 * (seqEnt[0] + seqEnt[1]) / 2, 5);
    expect((await terms.clipFraction.data())[0]).toBe(0);
    // token-weighted means for the logged KL
    const tokKl = (klK3(p(0, 0), q(0, 0)) + klK3(p(0, 1), q(0, 1)) + klK3(p(1, 0), q(1, 0))) / 3;
    expect((await terms.kl.data())[0]).toBeCloseTo(tokKl, 5);
  });

  it('clips the ratio: a positive advantage gains nothing beyond 1+eps', async () => {
    const lp = tf.logSoftmax(tf.tensor3d([[[2, 0]]])) as tf.Tensor3D; // p(token 0) ~ 0.88
    const t = tf.tensor2d([[0]], undefined, 'int32');
    const old = tf.tensor2d([[Math.log(0.5)]]); // ratio ~ 1.76
    const terms = grpoLoss({ logp: lp, targets: t, mask: tf.tensor2d([[1]]), advantages: tf.tensor2d([[1]]), oldLogp: old, refLogp: old }, { clipEps: 0.2, klBeta: 0, entropyBonus: 0 });
    expect((await terms.lossPolicy.data())[0]).toBeCloseTo(-1.2, 5);
    expect((await terms.clipFraction.data())[0]).toBe(1);
  });
});
