// Supervised pretraining of the base model. RLVR only sharpens what the base can already
// sample, so the base is deliberately stopped early: imperfect (pass@1 well below 1)
// and diverse (pass@k clearly above pass@1) on the default difficulty.
import * as tf from '@tensorflow/tfjs';
import type { PolicyConfig, Problem } from './assets';
import type { ModelTask } from './names';
import { Policy } from './policy';
import { encodeAnswer, encodePrompt, PAD, vocabFor } from './tokenizer';
import { layoutFor } from './tasks';
import { evaluateSplit } from './evaluate';
import { randInt, rngFor } from './rng';
import { tokenLogProbs } from './grpo';
import { referenceCompletion } from './traces';
import { MODEL_ARCH } from './models';
import type { ModelSize } from './names';

export function policyConfigFor(task: ModelTask, model: ModelSize = 'tiny'): PolicyConfig {
  const { promptLength, answerLength } = layoutFor(task);
  return { vocabSize: vocabFor(task).length, contextLength: promptLength + answerLength, promptLength, answerLength, ...MODEL_ARCH[model] };
}

/**
 * One checkpoint of the pretraining trajectory: taken at the first monitor check whose sampled
 * pass@1 reaches targetPass1, or at capSteps (a step cap) if that comes first, or at the end
 * of the trajectory (maxSteps) if neither came.
 */
export interface PretrainCheckpointSpec {
  name: string;
  targetPass1: number;
  capSteps?: number;
  /** The generalist: the pass@1 each named extra monitor must also reach before the target counts. */
  minPass1?: Record<string, number>;
}

export interface PretrainOptions {
  /** A task, or 'mix' for the generalist (its corpus mixes the tasks; see names.ts MIX_TASKS). */
  task: ModelTask;
  /** Model size (default tiny). */
  model?: ModelSize;
  seed: number;
  /** Training problems per difficulty level, and how often each level is drawn. */
  corpus: { problems: Problem[]; weight: number }[];
  /** The split that decides when to stop (held out from the corpus). */
  monitor: Problem[];
  /** More held-out splits measured at every check (the generalist's other tasks), by name. */
  monitors?: Record<string, Problem[]>;
  /** Checkpoints along the one trajectory; training stops once every one is taken, or at maxSteps. */
  checkpoints: PretrainCheckpointSpec[];
  maxSteps: number;
  batchSize: number;
  lr: number;
  checkEvery: number;
  onProgress?: (p: { step: number; loss: number; pass1?: number; passK?: number; byMonitor?: Record<string, { pass1: number; pass8: number }> }) => void;
  /** Called as each checkpoint is taken (to save it at once); its policy stays the caller's to dispose. */
  onCheckpoint?: (c: PretrainCheckpoint) => Promise<void>;
}

export interface PretrainCheckpoint {
  name: string;
  /** A frozen copy of the weights at that step (the caller disposes it). */
  policy: Policy;
  steps: number;
  pass1: number;
  pass8: number;
  /** pass@1 and pass@8 on each extra monitor (absent without any). */
  byMonitor?: Record<string, { pass1: number; pass8: number }>;
  /** How it was taken: its pass@1 target reached, its step cap, or the end of the trajectory. */
  reason: 'target' | 'cap' | 'maxSteps';
}

export interface PretrainResult {
  checkpoints: PretrainCheckpoint[];
  /** Steps the trajectory ran. */
  steps: number;
}

export async function pretrain(o: PretrainOptions): Promise<PretrainResult> {
  const config = policyConfigFor(o.task, o.model);
  const policy = Policy.init(config, o.task, o.seed);
  const base = policy.clone(); // only to satisfy evaluateSplit's KL; not used for stopping
  const rng = rngFor(o.seed, 'pretrain-batches');
  const optimizer = tf.train.adam(o.lr);
  const { contextLength: T, promptLength: P, answerLength: A } = config;
  const vocab = vocabFor(o.task);
  const monitorRows = o.monitor.map((p) => encodePrompt(p.prompt, P, vocab));
  const extra = Object.entries(o.monitors ?? {}).map(([name, problems]) => ({ name, problems, rows: problems.map((p) => encodePrompt(p.prompt, P, vocab)) }));
  const totalWeight = o.corpus.reduce((s, c) => s + c.weight, 0);
  const verifier = { mode: 'noisy' as const, fnRate: 0, fpRate: 0, randomRate: 0 };

  let pass1 = 0;
  let pass8 = 0;
  let byMonitor: Record<string, { pass1: number; pass8: number }> | undefined;
  let checkedAt = -1;
  let step = 0;
  const taken: PretrainCheckpoint[] = [];
  const pending = [...o.checkpoints];
  const check = async () => {
    const ev = await evaluateSplit(policy, base, o.monitor, monitorRows, 8, 1, verifier, rngFor(o.seed, 'pretrain-monitor'));
    pass1 = ev.passAtK[0];
    pass8 = ev.passAtK[7];
    if (extra.length) {
      byMonitor = {};
      // Each extra monitor samples from its own stream, so the main monitor's draws are unchanged.
      for (const m of extra) {
        const e = await evaluateSplit(policy, base, m.problems, m.rows, 8, 1, verifier, rngFor(o.seed, `pretrain-monitor-${m.name}`));
        byMonitor[m.name] = { pass1: e.passAtK[0], pass8: e.passAtK[7] };
      }
    }
    checkedAt = step;
    return pass1;
  };
  const take = async (spec: PretrainCheckpointSpec, reason: PretrainCheckpoint['reason']) => {
    const c: PretrainCheckpoint = { name: spec.name, policy: policy.clone(), steps: step, pass1, pass8, ...(byMonitor ? { byMonitor } : {}), reason };
    taken.push(c);
    pending.splice(pending.indexOf(spec), 1);
    await o.onCheckpoint?.(c);
  };
  try {
    while (step < o.maxSteps && pending.length > 0) {
      const tokens = new Int32Array(o.batchSize * T);
      for (let r = 0; r < o.batchSize; r++) {
        let u = rng() * totalWeight;
        let level = o.corpus[0];
        for (const c of o.corpus) { u -= c.weight; if (u < 0) { level = c; break; } }
        const p = level.problems[randInt(rng, level.problems.length)];
        tokens.set([...encodePrompt(p.prompt, P, vocab), ...encodeAnswer(referenceCompletion(p), vocab)], r * T);
      }
      const lossT = optimizer.minimize(() => {
        const ids = tf.tensor2d(tokens, [o.batchSize, T], 'int32');
        const targets = ids.slice([0, P], [o.batchSize, A]) as tf.Tensor2D;
        const mask = targets.notEqual(PAD).toFloat();
        const lp = tokenLogProbs(policy.answerLogProbs(ids, 1), targets);
        return lp.mul(mask).sum().div(mask.sum()).neg() as tf.Scalar;
      }, true, policy.trainableVariables());
      step++;
      const loss = (await lossT!.data())[0];
      lossT!.dispose();
      if (!Number.isFinite(loss)) throw new Error(`pretraining diverged at step ${step}`);
      if (step % o.checkEvery === 0) {
        const p1 = await check();
        o.onProgress?.({ step, loss, pass1: p1, passK: pass8, ...(byMonitor ? { byMonitor } : {}) });
        for (const spec of [...pending]) if (p1 >= spec.targetPass1 && reachesMinimums(spec, byMonitor)) await take(spec, 'target');
      } else if (step % 10 === 0) {
        o.onProgress?.({ step, loss });
      }
      for (const spec of [...pending]) {
        if (spec.capSteps !== undefined && step >= spec.capSteps) {
          if (checkedAt !== step) await check();
          await take(spec, 'cap');
        }
      }
    }
    if (pending.length > 0) {
      if (checkedAt !== step) await check();
      for (const spec of [...pending]) await take(spec, 'maxSteps');
    }
  } catch (e) {
    for (const c of taken) c.policy.dispose();
    throw e;
  } finally {
    policy.dispose();
    base.dispose();
    optimizer.dispose();
  }
  return { checkpoints: taken, steps: step };
}

/** Whether every extra monitor a checkpoint names has reached its minimum pass@1 (true when it names none). */
export function reachesMinimums(spec: PretrainCheckpointSpec, byMonitor: Record<string, { pass1: number }> | undefined): boolean {
  return Object.entries(spec.minPass1 ?? {}).every(([name, min]) => (byMonitor?.[name]?.pass1 ?? -1) >= min);
}
