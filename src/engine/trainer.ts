// The step loop. A run is: evaluate the base model (step 0), then GRPO steps with an
// evaluation every `evalEvery` steps and after the last. Each call to next() does one
// unit of work and returns the records it produced, so a worker or a CLI can drive it
// and stay responsive in between.
import * as tf from '@tensorflow/tfjs';
import { baseChoice } from './mix';
import { encodeUnverified, evaluateUnverified, unverifiedTasks, type UnverifiedSplit } from './unverified';
import { AssetError, type BaseModelAssets, type Dataset, type Problem } from './assets';
import { assertValidSettings, type Settings } from './settings';
import { Policy } from './policy';
import { disposePrefix } from './prompt-blocks';
import { encodePrompt, encodeAnswer, decodeCompletion, PAD, vocabFor, type Vocab } from './tokenizer';
import { referenceCompletion, styleSharesOf, TRACE_STYLES, type StyleId } from './traces';
import { verify, verifierConfig, type VerifierConfig } from './verifier';
import { groupAdvantages, grpoObjective, grpoStats, lossWeights, MAX_GRAD_NORM, namedStats, packTerms, sftLoss, tokenLogProbs, zeroSignalGroups, zeroStats, type TokenTerms, type UpdateStats } from './grpo';
import { answerWindow, evaluateSplit, trimmedIds } from './evaluate';
import { correctRewards, topHalfMask } from './correction';
import { buildPromptPool, type PromptPool } from './curation';
import { compressionRatio, readoutK, sampleStd } from './metrics';
import { randInt, rngFor, type Rng } from './rng';
import { TrainingError, type EvalRecord, type MetricRecord, type RunInfo, type StepRecord, type StopReason } from './types';
import { combineUnits, seedList } from './seeds';
import { FlatAdam } from './optimizer';
import { groupDiagnostics, shareBelowHalf } from './mechanism';
import { StopRule } from './plateau';

export interface TrainerAssets {
  dataset: Dataset;
  base: BaseModelAssets;
  /** family mix: the held-out datasets of the tasks the verifier never checks (unverified.ts), at the run's digits. */
  unverified?: Dataset[];
}

export interface Trainer {
  readonly info: RunInfo;
  readonly stepsDone: number;
  readonly finished: boolean;
  /** Why the run ended ('plateau' or 'cap'); null while it runs. */
  readonly stopReason: StopReason | null;
  next(): Promise<MetricRecord[]>;
  dispose(): void;
}

interface EncodedSplit {
  problems: Problem[];
  rows: number[][];
}

function encodeSplit(problems: Problem[], promptLength: number, name: string, vocab: Vocab): EncodedSplit {
  try {
    return { problems, rows: problems.map((p) => encodePrompt(p.prompt, promptLength, vocab)) };
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
  private readonly optimizer: FlatAdam;
  private readonly verifier: VerifierConfig;
  private readonly promptRng: Rng;
  private readonly rolloutRng: Rng;
  private readonly verifierRng: Rng;
  /** SFT: which style's reference each trained sequence uses. */
  private readonly styleRng: Rng;
  private readonly vocab: Vocab;
  private readonly train: EncodedSplit;
  private readonly test: EncodedSplit;
  private readonly ood: EncodedSplit;
  private readonly stopRule: StopRule;
  private readonly unverified: UnverifiedSplit[];

  constructor(
    private readonly s: Settings,
    private readonly policy: Policy,
    private readonly base: Policy,
    dataset: Dataset,
    readonly info: RunInfo,
    private readonly pool: PromptPool,
    unverified: readonly Dataset[] = [],
  ) {
    const P = policy.config.promptLength;
    this.unverified = encodeUnverified(policy, unverified, s.evalProblems);
    this.vocab = vocabFor(policy.task);
    this.train = encodeSplit(dataset.splits.train, P, 'train', this.vocab);
    // A fixed subset, so every evaluation in a run (and across runs) scores the same problems.
    this.test = encodeSplit(dataset.splits.test.slice(0, s.evalProblems), P, 'test', this.vocab);
    this.ood = encodeSplit(dataset.splits.ood.slice(0, s.evalProblems), P, 'ood', this.vocab);
    this.optimizer = new FlatAdam(policy.trainableVariables(), { lr: s.lr });
    this.verifier = verifierConfig(s);
    this.promptRng = rngFor(s.seed, 'prompts');
    this.rolloutRng = rngFor(s.seed, 'rollouts');
    this.verifierRng = rngFor(s.seed, 'verifier');
    this.styleRng = rngFor(s.seed, 'sft-styles');
    this.stopRule = new StopRule(s);
  }

  get stopReason(): StopReason | null {
    return this.stopRule.reason;
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
    // The plateau rule (when on) or the cap; the evaluation that ends the run is marked with why.
    if (this.stopRule.observe(out) || this.stepsDone >= this.s.steps) this.finished = true;
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
    // GRPO learns from its own samples; the verifier-free baseline clones accepted samples of the
    // base model. SFT samples the policy only for the records (what it writes, how often it is
    // right); its loss uses the dataset's reference completions.
    const sampler = s.algorithm === 'rft' ? this.base : this.policy;
    const sample = await sampler.sample(rows, s.temperature, this.rolloutRng);

    const observed: number[] = [];
    const correct: boolean[] = [];
    const answers: string[] = [];
    const lengths: number[] = [];
    const styles: StyleId[] = [];
    let trueSum = 0;
    let traceSum = 0;
    let lengthSum = 0;
    for (let r = 0; r < N; r++) {
      const c = decodeCompletion(sample.tokens, r * T + P, A, this.vocab);
      const v = verify(this.verifier, this.train.problems[picks[Math.floor(r / K)]], c, this.verifierRng);
      observed.push(v.observed);
      correct.push(v.correct);
      answers.push(c.ended ? c.text : `${c.text}…`); // an unfinished answer is its own kind of wrong
      trueSum += v.correct ? 1 : 0;
      if (v.traceCorrect) traceSum++;
      if (v.style !== undefined) styles.push(v.style);
      lengthSum += c.length;
      lengths.push(c.length);
    }
    const used = correctRewards(observed, K, s);
    const keep = s.algorithm === 'rft'
      ? observed.map((r) => (r >= 1 ? 1 : 0))
      : s.algorithm === 'sft' || !s.keepTopHalf ? new Array<number>(N).fill(1) : topHalfMask(used, K);
    const adv = s.algorithm === 'grpo' ? groupAdvantages(used, K, s.baseline, s.stdNorm) : new Array<number>(N).fill(0);
    const zero = zeroSignalGroups(observed, K);
    const allRejected = zero.filter((z, g) => z && observed[g * K] === 0).length;
    let stdSum = 0;
    for (let g = 0; g < B; g++) stdSum += sampleStd(observed.slice(g * K, g * K + K));
    const kept = keep.reduce((a, b) => a + b, 0);
    const why = groupDiagnostics(observed, correct, answers, adv, K);
    const isTrace = this.train.problems[picks[0]].traces !== undefined;

    let trainTokens = sample.tokens;
    let trainedTokens = 0;
    if (s.algorithm === 'sft') {
      const ref = this.referenceBatch(picks, K);
      trainTokens = ref.tokens;
      trainedTokens = ref.trainedTokens;
    } else {
      for (let r = 0; r < N; r++) trainedTokens += keep[r] * lengths[r];
    }
    const stats = kept > 0 ? await this.update(trainTokens, N, adv, keep, stepNo) : zeroStats();
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
      loss: stats.loss,
      lossPolicy: stats.lossPolicy,
      lossKl: stats.lossKl,
      lossEntropy: stats.lossEntropy,
      kl: stats.kl,
      entropy: stats.entropy,
      clipFraction: stats.clipFraction,
      gradNorm: stats.gradNorm,
      advantageAbsMean: adv.reduce((a, x) => a + Math.abs(x), 0) / N,
      completionLength: lengthSum / N,
      tokens: lengthSum,
      ...why,
      groupShareBelowHalf: shareBelowHalf(why.groupSuccessHist),
      ...(isTrace ? { traceTrue: traceSum / N, styleShares: styleSharesOf(styles) } : {}),
      trainedTokens,
      stepMs: now() - t0,
      seed: s.seed,
    };
  }

  /**
   * SFT's batch: for each of the K rows of each picked prompt, the reference completion of a
   * style drawn uniformly (seeded), so the policy clones the dataset's heterogeneous traces;
   * tasks without traces use the bare answer.
   */
  private referenceBatch(picks: readonly number[], K: number): { tokens: Int32Array; trainedTokens: number } {
    const { contextLength: T } = this.policy.config;
    const tokens = new Int32Array(picks.length * K * T);
    let trainedTokens = 0;
    picks.forEach((pi, b) => {
      const p = this.train.problems[pi];
      for (let k = 0; k < K; k++) {
        const style = p.traces ? TRACE_STYLES[randInt(this.styleRng, TRACE_STYLES.length)] : undefined;
        const answer = encodeAnswer(referenceCompletion(p, style), this.vocab);
        tokens.set([...this.train.rows[pi], ...answer], (b * K + k) * T);
        trainedTokens += answer.length;
      }
    });
    return { tokens, trainedTokens };
  }

  /**
   * Gradient steps on one batch of rollouts. Returns the loss terms and the gradient norm of the
   * last update. For RFT and SFT, lossPolicy is the supervised NLL of the kept samples (SFT: the
   * reference completions) and there is no KL or entropy term.
   */
  private async update(tokens: Int32Array, N: number, adv: number[], keep: number[], stepNo: number): Promise<UpdateStats> {
    const s = this.s;
    const { contextLength: T, promptLength: P, answerLength: A } = this.policy.config;
    const L = answerWindow(tokens, N, T, P, A);
    const ids = trimmedIds(tokens, N, T, P, L);
    const targets = ids.slice([0, P], [N, L]) as tf.Tensor2D;
    // Dropped rollouts get an all-zero mask: they neither count nor contribute.
    const mask = tf.tidy(() => targets.notEqual(PAD).toFloat().mul(tf.tensor2d(keep, [N, 1])) as tf.Tensor2D);
    const advT = tf.tensor2d(adv, [N, 1]);
    // Each prompt's K rollouts share it: its positions run once per forward, not K times.
    const prefix = this.policy.sharedPrefix(tokens, N);
    const refLogp = tf.tidy(() => tokenLogProbs(this.base.answerLogProbs(ids, s.temperature, prefix), targets));
    // With one update per batch the sampling policy is the current one: the ratio is 1 in
    // value and the old log-probs are the detached current ones (no extra forward pass).
    const oldLogp = s.updatesPerBatch > 1 && s.algorithm === 'grpo'
      ? tf.tidy(() => tokenLogProbs(this.policy.answerLogProbs(ids, s.temperature, prefix), targets))
      : null;
    const weights = lossWeights(mask);
    let stats = zeroStats();
    try {
      for (let u = 0; u < s.updatesPerBatch; u++) {
        let packed: tf.Tensor | null = null;
        // Kept out of the tape: the logged terms are computed from these after the gradients.
        let held: { logp: tf.Tensor3D; tok: TokenTerms } | null = null;
        const { value, grads } = tf.variableGrads(() => {
          const logp = this.policy.answerLogProbs(ids, s.temperature, prefix);
          if (s.algorithm !== 'grpo') {
            const loss = sftLoss(logp, targets, mask);
            packed = tf.keep(packTerms({ loss, lossPolicy: loss, lossKl: tf.scalar(0), lossEntropy: tf.scalar(0), kl: tf.scalar(0), entropy: tf.scalar(0), clipFraction: tf.scalar(0) }));
            return loss;
          }
          const { loss, tok } = grpoObjective({ logp, targets, mask, advantages: advT, oldLogp, refLogp }, s, weights);
          held = { logp: tf.keep(logp), tok: { ratio: tf.keep(tok.ratio), pgTok: tf.keep(tok.pgTok), klTok: tf.keep(tok.klTok) } };
          return loss;
        }, this.policy.trainableVariables());
        if (held) {
          const h: { logp: tf.Tensor3D; tok: TokenTerms } = held;
          packed = tf.tidy(() => packTerms({ loss: value, ...grpoStats(h.logp, h.tok, weights, s) }));
          tf.dispose([h.logp, h.tok.ratio, h.tok.pgTok, h.tok.klTok]);
        }
        // One flat gradient: the global norm and the Adam step each run once over all parameters.
        const flat = this.optimizer.flattenGrads(grads);
        tf.dispose(Object.values(grads));
        const all = tf.tidy(() => tf.concat([packed! as tf.Tensor1D, flat.square().sum().sqrt().reshape([1])]));
        stats = namedStats(await all.data());
        tf.dispose([all, packed! as tf.Tensor, value]);
        const norm = stats.gradNorm;
        if (!Number.isFinite(stats.loss) || !Number.isFinite(norm)) {
          flat.dispose();
          throw new TrainingError(`Training produced a non-finite ${Number.isFinite(stats.loss) ? 'gradient' : 'loss'} at step ${stepNo}; the run was stopped. Try a lower learning rate.`, stepNo);
        }
        this.optimizer.apply(flat, norm > MAX_GRAD_NORM ? MAX_GRAD_NORM / norm : 1);
        flat.dispose();
      }
    } finally {
      tf.dispose([ids, targets, mask, advT, refLogp, weights.seq, weights.tok]);
      disposePrefix(prefix);
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
    const unverified = this.unverified.length ? { unverified: await evaluateUnverified(this.policy, this.base, this.unverified, s.evalSamples, s.temperature, s.seed) } : {};
    const k = readoutK(s.evalSamples);
    const base = this.baseEval?.test ?? test;
    const ratio = compressionRatio(base.passAtK[0], base.passAtK[k - 1], test.passAtK[0]);
    return {
      type: 'eval',
      step: this.stepsDone,
      rollouts: this.rollouts,
      test,
      ood,
      ...unverified,
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
 * With `plateau` on, the run stops when the mean over its seeds stops rising (the seeds
 * themselves run with it off), so every seed stops at the same step, which may differ from
 * where that seed alone would have stopped.
 */
class SeedSetTrainer implements Trainer {
  private readonly stopRule: StopRule;

  constructor(private readonly trainers: RlvrTrainer[], readonly info: RunInfo, private readonly ref: Policy, settings: Settings) {
    this.stopRule = new StopRule(settings);
  }

  get stepsDone(): number {
    return this.trainers[0].stepsDone;
  }

  get finished(): boolean {
    return this.stopRule.reason !== null || this.trainers[0].finished;
  }

  get stopReason(): StopReason | null {
    return this.stopRule.reason;
  }

  async next(): Promise<MetricRecord[]> {
    if (this.finished) return [];
    const t0 = now();
    const perSeed: MetricRecord[][] = [];
    for (const t of this.trainers) perSeed.push(await t.next());
    const out = combineUnits(perSeed, now() - t0);
    this.stopRule.observe(out);
    return out;
  }

  dispose(): void {
    for (const t of this.trainers) t.disposeOwn();
    this.ref.dispose();
  }
}

export async function createTrainer(settings: Settings, assets: TrainerAssets, backend: { backend: string; reason: string }): Promise<Trainer> {
  const s = assertValidSettings(settings);
  const { dataset, base } = assets;
  if (dataset.task !== s.task || dataset.digits !== s.digits) {
    throw new AssetError(`Dataset is ${dataset.task}-${dataset.digits} but the settings ask for ${s.task}-${s.digits}`);
  }
  // The loaders fetch the base baseChoice picks; the same call here names any fallback in the notes.
  const size = baseChoice(s);
  if (base.modelJson.task !== size.task) {
    throw new AssetError(`Base model was trained for task "${base.modelJson.task}", not "${size.task}"`);
  }
  if (base.modelJson.strength !== undefined && base.modelJson.strength !== size.strength) {
    throw new AssetError(`Base model is the "${base.modelJson.strength}" checkpoint, not "${size.strength}"`);
  }
  const unverified = assets.unverified ?? [];
  const wanted = s.family === 'mix' ? unverifiedTasks(s.task) : [];
  if (unverified.map((d) => `${d.task}-${d.digits}`).join() !== wanted.map((t) => `${t}-${s.digits}`).join()) {
    throw new AssetError(`The unverified tasks' datasets are ${unverified.map((d) => `${d.task}-${d.digits}`).join(', ') || 'none'} but the settings need ${wanted.map((t) => `${t}-${s.digits}`).join(', ') || 'none'}`);
  }
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
      // Each seed is the single run with that seed: same settings, its own seed. Where a
      // multi-seed run ends is decided on the mean over its seeds, not by each seed.
      const one: Settings = { ...s, seed, seeds: 1, ...(seeds.length > 1 ? { plateau: false } : {}) };
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
        trainers.push(new RlvrTrainer(one, policy, ref, dataset, info, pool, unverified));
      } catch (e) {
        policy.dispose();
        throw e;
      }
    }
    if (trainers.length === 1) {
      trainers[0].ownsBase = true;
      return trainers[0];
    }
    return new SeedSetTrainer(trainers, info!, ref, s);
  } catch (e) {
    for (const t of trainers) t.disposeOwn();
    ref.dispose();
    throw e;
  }
}
