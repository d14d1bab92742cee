// "What am I looking at?": the short explanation beside the charts. Plain text only (React
// renders it as text). Every statement here describes what the engine in src/engine does;
// keep it that way when the engine changes.

export interface StoryItem {
  id: string;
  title: string;
  /** One or two short paragraphs. */
  text: string[];
}

export const STORY_TITLE = 'What am I looking at?';

export const STORY: readonly StoryItem[] = [
  {
    id: 'policy',
    title: 'The policy',
    text: [
      'A small transformer (about 27,000 parameters) reads a prompt such as "12+34=" one character at a time and samples an answer. '
        + 'It starts from a base model that was pretrained only briefly, so it gets some problems right and many wrong.',
      'RLVR, reinforcement learning with verifiable rewards: a verifier checks each sampled answer and pays reward 1 or 0. '
        + 'GRPO samples K answers per prompt and pushes up the ones that scored above their group\'s average, down the ones below.',
    ],
  },
  {
    id: 'noise',
    title: 'False negatives and false positives',
    text: [
      'A false negative is the verifier rejecting a correct answer; a false positive is it accepting a wrong one. '
        + 'The FN and FP sliders inject these errors on purpose. The "true" reward is exact-match correctness of the same answers, which training never sees.',
    ],
  },
  {
    id: 'pass',
    title: 'pass@1 and pass@k',
    text: [
      'On held-out problems the policy samples n answers each. pass@1 is the chance that one sample is correct; pass@k the chance that at least one of k samples is '
        + '(unbiased estimate from the n samples). pass@k is never below pass@1: it measures what the policy can reach with a few tries.',
    ],
  },
  {
    id: 'compression',
    title: 'Compression ratio',
    text: [
      'Compression ratio = pass@1 gain / (base pass@k - base pass@1), with k = 8 in the readouts (fewer samples: the largest power of two they allow): the share of the gap between one try and k tries that training closed. '
        + 'A high ratio with pass@k flat means the policy learned to pick answers it could already sample (search compression), not to solve new problems.',
    ],
  },
  {
    id: 'entropy',
    title: 'Entropy',
    text: [
      'The mean per-token entropy, in nats, of the policy\'s next-character distribution on its own samples. '
        + 'Falling entropy means less variety between samples; near zero, the policy gives almost the same answer every time.',
    ],
  },
  {
    id: 'kl',
    title: 'KL to the base',
    text: [
      'How far the policy has moved from the base model: a per-token estimate (k3) of the KL divergence on the sampled answers. '
        + 'The KL beta setting penalises it in the loss; with beta 0 nothing holds the policy near the base.',
      'The collapse boundary chart puts each evaluation\'s pass@1 against its KL: held-out and out-of-distribution paths start together at the base model '
        + '(KL 0); where the held-out path keeps climbing and the OOD one goes flat or down, the gains have stopped transferring.',
    ],
  },
  {
    id: 'health',
    title: 'Training health and the verdict',
    text: [
      'Notices above the charts flag the usual failure signs: most groups with no reward spread (no gradient), entropy under a floor, KL climbing fast, '
        + 'and pass@k falling while pass@1 rises. The thresholds are view options under "Health thresholds".',
      'Under the pass@1 chart, a verdict compares the latest evaluation with step 0: capability gain plus compression (pass@k and pass@1 up), '
        + 'pure compression (pass@1 up, pass@k flat) or mode collapse (pass@k down), each change judged against two standard errors.',
    ],
  },
];
