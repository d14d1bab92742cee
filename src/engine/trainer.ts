// The step loop. A run is: evaluate the base model (step 0), then GRPO steps with an
// evaluation every `evalEvery` steps and after the last. Each call to next() does one
// unit of work and returns the records it produced, so a worker or a CLI can drive it
// and stay responsive in between.
import * as tf from '@tensorflow/tfjs';
import { resolveModel } from './models';
import { AssetError, type BaseModelAssets, type Dataset, type Problem } from './assets';
import { assertValidSettings, type Settings } from './settings';
import { Policy } from './policy';
import { encodePrompt, decodeCompletion, PAD } from './tokenizer';
import { verify, verifierConfig, type VerifierConfig } from './verifier';
import { groupAdvantages, grpoLoss, MAX_GRAD_NORM, sftLoss, tokenLogProbs, zeroSignalGroups } from './grpo';
import { evaluateSplit } from './evaluate';
import { correctRewards, topHalfMask } from './correction';
import { buildPromptPool, type PromptPool } from './curation';
import { compressionRatio, readoutK, sampleStd } from './metrics';
import { randInt, rngFor, type Rng } from './rng';
import { TrainingError, type EvalRecord, type MetricRecord, type RunInfo, type StepRecord } from './types';
import { combineEvals, combineSteps, seedList } from './seeds';
import { groupDiagnostics, shareBelowHalf } from './mechanism';

export interface TrainerAssets {
  dataset: Dataset;
  base: BaseModelAssets;
}

export interface Trainer {
  readonly info: RunInfo;
  readonly stepsDone: number;
  readonly finished: boolean;
  next(): Promise<MetricRecord[]>;
  dispose(): void;
}

interface EncodedSplit {
  problems: Problem[];
  rows: number[][];
}

function encodeSplit(problems: Problem[], promptLength: number, name: string): EncodedSplit {
  try {
    return { problems, rows: problems.map((p) => encodePrompt(p.prompt, promptLength)) };
  } catch (e) {
    throw new AssetError(`Dataset ${name} split does not fit the base model: ${(e as Error).message}`);
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

class RlvrTrainer implements Trainer {
  stepsDone = 0;
  finished = false;
  private evaluatedBase = false;
  private rollouts = 0;
  private baseEval: EvalRecord | null = null;
  private readonly optimizer: tf.Optimizer;
  private readonly verifier: VerifierConfig;
  private readonly promptRng: Rng;
  private readonly rolloutRng: Rng;
  private readonly verifierRng: Rng;
  private readonly train: EncodedSplit;
  private readonly test: EncodedSplit;
  private readonly ood: EncodedSplit;

  constructor(
    private readonly s: Settings,
    private readonly policy: Policy,
    private readonly base: Policy,
    dataset: Dataset,
    readonly info: RunInfo,
    private readonly pool: PromptPool,
  ) {
    const P = policy.config.promptLength;
    this.train = encodeSplit(dataset.splits.train, P, 'train');
    // A fixed subset, so every evaluation in a run (and across runs) scores the same problems.
    this.test = encodeSplit(dataset.splits.test.slice(0, s.evalProblems), P, 'test');
    this.ood = encodeSplit(dataset.splits.ood.slice(0, s.evalProblems), P, 'ood');
    this.optimizer = tf.train.adam(s.lr);
    this.verifier = verifierConfig(s);
    this.promptRng = rngFor(s.seed, 'prompts');
    this.rolloutRng = rngFor(s.seed, 'rollouts');
    this.verifierRng = rngFor(s.seed, 'verifier');
  }

  async next(): Promise<MetricRecord[]> {
    if (this.finished) return [];
    if (!this.evaluatedBase) {
      this.evaluatedBase = true;
      const ev = await this.evaluate();
      this.baseEval = ev;
      return [ev];
    }
    const out: MetricRecord[] = [await this.step()];
    if (this.stepsDone % this.s.evalEvery === 0 || this.stepsDone === this.s.steps) out.push(await this.evaluate());
    if (this.stepsDone >= this.s.steps) this.finished = true;
    return out;
  }

  private async step(): Promise<StepRecord> {
    const t0 = now();
    const s = this.s;
    const stepNo = this.stepsDone + 1;
    const { contextLength: T, promptLength: P, answerLength: A } = this.policy.config;
    const B = s.promptsPerStep;
    const K = s.rolloutsPerPrompt;
    const N = B * K;

    const candidates = this.pool.candidates(this.stepsDone, s.steps);
    const picks: number[] = [];
    for (let b = 0; b < B; b++) picks.push(candidates[randInt(this.promptRng, candidates.length)]);
    const rows: number[][] = [];
    for (const i of picks) for (let k = 0; k < K; k++) rows.push(this.train.rows[i]);
    // GRPO learns from its own samples; the verifier-free baseline clones accepted samples of the base model.
    const sampler = s.algorithm === 'rft' ? this.base : this.policy;
    const sample = await sampler.sample(rows, s.temperature, this.rolloutRng);

    const observed: number[] = [];
    const correct: boolean[] = [];
    const answers: string[] = [];
    let trueSum = 0;
    let lengthSum = 0;
    for (let r = 0; r < N; r++) {
      const c = decodeCompletion(sample.tokens, r * T + P, A);
      const v = verify(this.verifier, this.train.problems[picks[Math.floor(r / K)]], c, this.verifierRng);
      observed.push(v.observed);
      correct.push(v.correct);
      answers.push(c.ended ? c.text : `${c.text}…`); // an unfinished answer is its own kind of wrong
      trueSum += v.correct ? 1 : 0;
      lengthSum += c.length;
    }
    const used = correctRewards(observed, K, s);
    const keep = s.algorithm === 'rft'
      ? observed.map((r) => (r >= 1 ? 1 : 0))
      : s.keepTopHalf ? topHalfMask(used, K) : new Array<number>(N).fill(1);
    const adv = s.algorithm === 'rft' ? new Array<number>(N).fill(0) : groupAdvantages(used, K, s.baseline, s.stdNorm);
    const zero = zeroSignalGroups(observed, K);
    const allRejected = zero.filter((z, g) => z && observed[g * K] === 0).length;
    let stdSum = 0;
    for (let g = 0; g < B; g++) stdSum += sampleStd(observed.slice(g * K, g * K + K));
    const kept = keep.reduce((a, b) => a + b, 0);
    const why = groupDiagnostics(observed, correct, answers, adv, K);

    const stats: ArrayLike<number> = kept > 0 ? await this.update(sample.tokens, N, adv, keep, stepNo) : new Float32Array(8);
    this.stepsDone = stepNo;
    this.rollouts += N;
    return {
      type: 'step',
      step: stepNo,
      rollouts: this.rollouts,
      rewardObserved: observed.reduce((a, b) => a + b, 0) / N,
      rewardUsed: used.reduce((a, b) => a + b, 0) / N,
      rewardTrue: trueSum / N,
      rewardStd: stdSum / B,
      fracZeroStd: zero.filter(Boolean).length / B,
      fracAllRejected: allRejected / B,
      fracAllAccepted: (zero.filter(Boolean).length - allRejected) / B,
      keptFraction: kept / N,
      loss: stats[0],
      lossPolicy: stats[1],
      lossKl: stats[2],
      lossEntropy: stats[3],
      kl: stats[4],
      entropy: stats[5],
      clipFraction: stats[6],
      gradNorm: stats[7],
      advantageAbsMean: adv.reduce((a, x) => a + Math.abs(x), 0) / N,
      completionLength: lengthSum / N,
      tokens: lengthSum,
      ...why,
      groupShareBelowHalf: shareBelowHalf(why.groupSuccessHist),
      stepMs: now() - t0,
      seed: s.seed,
    };
  }

  /**
   * Gradient steps on one batch of rollouts. Returns [loss, lossPolicy, lossKl, lossEntropy,
   * kl, entropy, clipFraction, gradNorm] of the last update. For RFT, lossPolicy is the
   * supervised NLL of the kept samples and there is no KL or entropy term.
   */
  private async update(tokens: Int32Array, N: number, adv: number[], keep: number[], stepNo: number): Promise<ArrayLike<number>> {
    const s = this.s;
    const { contextLength: T, promptLength: P, answerLength: A } = this.policy.config;
    const ids = tf.tensor2d(tokens, [N, T], 'int32');
    const targets = ids.slice([0, P], [N, A]) as tf.Tensor2D;
    // Dropped rollouts get an all-zero mask: they neither count nor contribute.
    const mask = tf.tidy(() => targets.notEqual(PAD).toFloat().mul(tf.tensor2d(keep, [N, 1])) as tf.Tensor2D);
    const advT = tf.tensor2d(adv, [N, 1]);
    const refLogp = tf.tidy(() => tokenLogProbs(this.base.answerLogProbs(ids, s.temperature), targets));
    // With one update per batch the sampling policy is the current one: the ratio is 1 in
    // value and the old log-probs are the detached current ones (no extra forward pass).
    const oldLogp = s.updatesPerBatch > 1 && s.algorithm === 'grpo'
      ? tf.tidy(() => tokenLogProbs(this.policy.answerLogProbs(ids, s.temperature), targets))
      : null;
    let stats: ArrayLike<number> = new Float32Array(8);
    try {
      for (let u = 0; u < s.updatesPerBatch; u++) {
        let packed: tf.Tensor | null = null;
        const { value, grads } = tf.variableGrads(() => {
          const logp = this.policy.answerLogProbs(ids, s.temperature);
          if (s.algorithm === 'rft') {
            const loss = sftLoss(logp, targets, mask);
            packed = tf.keep(tf.stack([loss, loss, tf.scalar(0), tf.scalar(0), tf.scalar(0), tf.scalar(0), tf.scalar(0)]));
            return loss;
          }
          const terms = grpoLoss({ logp, targets, mask, advantages: advT, oldLogp, refLogp }, s);
          packed = tf.keep(tf.stack([terms.loss, terms.lossPolicy, terms.lossKl, terms.lossEntropy, terms.kl, terms.entropy, terms.clipFraction]));
          return terms.loss;
        }, this.policy.trainableVariables());
        const gradNorm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => g.square().sum()))));
        const all = tf.tidy(() => tf.concat([packed! as tf.Tensor1D, gradNorm.reshape([1])]));
        stats = await all.data();
        tf.dispose([all, packed! as tf.Tensor, value]);
        const norm = stats[7];
        if (!Number.isFinite(stats[0]) || !Number.isFinite(norm)) {
          tf.dispose([...Object.values(grads), gradNorm]);
          throw new TrainingError(`Training produced a non-finite ${Number.isFinite(stats[0]) ? 'gradient' : 'loss'} at step ${stepNo}; the run was stopped. Try a lower learning rate.`, stepNo);
        }
        const scale = norm > MAX_GRAD_NORM ? MAX_GRAD_NORM / norm : 1;
        const clipped: tf.NamedTensorMap = {};
        for (const [name, g] of Object.entries(grads)) clipped[name] = scale === 1 ? g : g.mul(scale);
        this.optimizer.applyGradients(clipped);
        if (scale !== 1) tf.dispose(Object.values(clipped));
        tf.dispose([...Object.values(grads), gradNorm]);
      }
    } finally {
      tf.dispose([ids, targets, mask, advT, refLogp]);
      if (oldLogp) oldLogp.dispose();
    }
    return stats;
  }

  private async evaluate(): Promise<EvalRecord> {
    const t0 = now();
    const s = this.s;
    // The same evaluation dice at every evaluation and in every run with this seed, so
    // differences between curves come from the policy, not from sampling luck.
    const evalRng = () => rngFor(s.seed, 'eval');
    const test = await evaluateSplit(this.policy, this.base, this.test.problems, this.test.rows, s.evalSamples, s.temperature, this.verifier, evalRng());
    const ood = await evaluateSplit(this.policy, this.base, this.ood.problems, this.ood.rows, s.evalSamples, s.temperature, this.verifier, evalRng());
    const k = readoutK(s.evalSamples);
    const base = this.baseEval?.test ?? test;
    const ratio = compressionRatio(base.passAtK[0], base.passAtK[k - 1], test.passAtK[0]);
    return {
      type: 'eval',
      step: this.stepsDone,
      rollouts: this.rollouts,
      test,
      ood,
      k,
      compressionRatio: this.baseEval ? ratio : null,
      capabilityGain: test.passAtK[k - 1] - base.passAtK[k - 1],
      evalMs: now() - t0,
      seed: s.seed,
    };
  }

  /** Whether dispose() also releases the base model (false when seeds share it). */
  ownsBase = false;

  dispose(): void {
    this.disposeOwn();
    if (this.ownsBase) this.base.dispose();
  }

  /** Release what belongs to this seed alone. */
  disposeOwn(): void {
    this.policy.dispose();
    this.optimizer.dispose();
  }
}

/**
 * Drive a trainer to its end, handing each unit's records to `onRecords`. The callback is
 * awaited, so a worker can yield to its event loop between units.
 */
export async function runToEnd(trainer: Trainer, onRecords?: (records: MetricRecord[], trainer: Trainer) => void | Promise<void>): Promise<MetricRecord[]> {
  const all: MetricRecord[] = [];
  while (!trainer.finished) {
    const recs = await trainer.next();
    all.push(...recs);
    await onRecords?.(recs, trainer);
  }
  return all;
}

/**
 * The seeds of one run held in this thread: one independent trainer per seed (its own
 * policy, prompts, rollouts, verifier dice, Adam state and clipping), sharing the frozen
 * base model. next() advances every seed by one unit and returns one record per unit with
 * the mean over the seeds and each seed's record in perSeed. Seed s here computes exactly
 * what a single run with seed s computes: the seeds share no state but the read-only base.
 */
class SeedSetTrainer implements Trainer {
  constructor(private readonly trainers: RlvrTrainer[], readonly info: RunInfo, private readonly ref: Policy) {}

  get stepsDone(): number {
    return this.trainers[0].stepsDone;
  }

  get finished(): boolean {
    return this.trainers[0].finished;
  }

  async next(): Promise<MetricRecord[]> {
    const t0 = now();
    const perSeed: MetricRecord[][] = [];
    for (const t of this.trainers) perSeed.push(await t.next());
    return combineUnits(perSeed, now() - t0);
  }

  dispose(): void {
    for (const t of this.trainers) t.disposeOwn();
    this.ref.dispose();
  }
}

/**
 * Merge what several seeds (or several shards of seeds) returned for the same unit of work:
 * record i of every part is the same step or evaluation of a different seed. Parts may be
 * multi-seed records themselves (their perSeed are flattened, in part order).
 */
export function combineUnits(parts: MetricRecord[][], ms: number): MetricRecord[] {
  const n = parts[0]?.length ?? 0;
  if (parts.some((p) => p.length !== n)) throw new Error('seeds of one run fell out of step');
  const out: MetricRecord[] = [];
  for (let i = 0; i < n; i++) {
    const recs = parts.map((p) => p[i]);
    if (recs.every((r) => r.type === 'step')) {
      out.push(combineSteps((recs as StepRecord[]).flatMap((r) => r.perSeed ?? [r]), ms));
    } else if (recs.every((r) => r.type === 'eval')) {
      out.push(combineEvals((recs as EvalRecord[]).flatMap((r) => r.perSeed ?? [r]), ms));
    } else {
      throw new Error('seeds of one run fell out of step');
    }
  }
  return out;
}

export async function createTrainer(settings: Settings, assets: TrainerAssets, backend: { backend: string; reason: string }): Promise<Trainer> {
  const s = assertValidSettings(settings);
  const { dataset, base } = assets;
  if (dataset.task !== s.task || dataset.digits !== s.digits) {
    throw new AssetError(`Dataset is ${dataset.task}-${dataset.digits} but the settings ask for ${s.task}-${s.digits}`);
  }
  if (base.modelJson.task !== s.task) {
    throw new AssetError(`Base model was trained for task "${base.modelJson.task}", not "${s.task}"`);
  }
  if (base.modelJson.strength !== undefined && base.modelJson.strength !== s.base) {
    throw new AssetError(`Base model is the "${base.modelJson.strength}" checkpoint, not "${s.base}"`);
  }
  // The loaders fetch the size resolveModel picks; the same call here names the fallback in the notes.
  const size = resolveModel(s.task, s.model, s.base);
  const baseSize = base.modelJson.model ?? 'tiny'; // models made before sizes existed are tiny
  if (baseSize !== size.model) {
    throw new AssetError(`Base model is the ${baseSize} model, but this run needs the ${size.model} model`);
  }
  const seeds = seedList(s);
  const ref = Policy.fromAssets(base, false);
  const trainers: RlvrTrainer[] = [];
  try {
    let info: RunInfo | null = null;
    for (const seed of seeds) {
      // Each seed is the single run with that seed: same settings, its own seed.
      const one: Settings = { ...s, seed, seeds: 1 };
      const policy = Policy.fromAssets(base, true);
      try {
        const pool = await buildPromptPool(one, ref, dataset.splits.train);
        info ??= {
          backend: backend.backend,
          backendReason: backend.reason,
          parameters: policy.parameterCount,
          task: s.task,
          digits: s.digits,
          algorithm: s.algorithm,
          promptPool: pool.size,
          model: size.model,
          notes: size.note ? [size.note, ...pool.notes] : pool.notes,
          seeds,
          shards: 1,
        };
        trainers.push(new RlvrTrainer(one, policy, ref, dataset, info, pool));
      } catch (e) {
        policy.dispose();
        throw e;
      }
    }
    if (trainers.length === 1) {
      trainers[0].ownsBase = true;
      return trainers[0];
    }
    return new SeedSetTrainer(trainers, info!, ref);
  } catch (e) {
    for (const t of trainers) t.disposeOwn();
    ref.dispose();
    throw e;
  }
}
