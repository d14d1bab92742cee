// Character vocabularies, one per task. Index 0 pads, index 1 ends an answer. The arithmetic
// tasks share the original 18 symbols (ids 0..17, unchanged, so every shipped model stays
// valid); addTrace appends the two symbols its worked traces need after them.
import type { ModelTask } from './names';

export const PAD = 0;
export const EOS = 1;
export const VOCAB = ['<pad>', '<eos>', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '*', '%', '(', ')', '='] as const;
export const VOCAB_SIZE = VOCAB.length;
/** addTrace: step separator and final-answer marker (see traces.ts). */
export const TRACE_VOCAB = [...VOCAB, ',', '>'] as const;

/** The generalist (family mix): the arithmetic symbols, then minus, max and reverse (names.ts MIX_TASKS). */
export const MIX_VOCAB = [...VOCAB, '-', 'm', 'r'] as const;

export type Vocab = readonly string[];

/** The vocabulary a task's models (or the generalist, 'mix') read and write. */
export function vocabFor(task: ModelTask): Vocab {
  return task === 'addTrace' ? TRACE_VOCAB : task === 'mix' ? MIX_VOCAB : VOCAB;
}

const INDEXES = new Map<Vocab, Map<string, number>>();
function indexOf(vocab: Vocab): Map<string, number> {
  let m = INDEXES.get(vocab);
  if (!m) {
    m = new Map(vocab.map((c, i) => [c, i]));
    INDEXES.set(vocab, m);
  }
  return m;
}

export function encodeChars(text: string, vocab: Vocab = VOCAB): number[] {
  const index = indexOf(vocab);
  const out: number[] = [];
  for (const ch of text) {
    const id = index.get(ch);
    if (id === undefined || id < 2) throw new Error(`Character "${ch}" is not in the vocabulary`);
    out.push(id);
  }
  return out;
}

/** Left-pad a prompt to `length` tokens so every prompt ends at the same position. */
export function encodePrompt(prompt: string, length: number, vocab: Vocab = VOCAB): number[] {
  const ids = encodeChars(prompt, vocab);
  if (ids.length > length) throw new Error(`Prompt "${prompt}" is longer than the model's ${length}-token prompt window`);
  return [...new Array<number>(length - ids.length).fill(PAD), ...ids];
}

/** Answer tokens followed by the end token. */
export function encodeAnswer(answer: string, vocab: Vocab = VOCAB): number[] {
  return [...encodeChars(answer, vocab), EOS];
}

export interface Completion {
  /** Text before the end token (may contain non-digits if the policy produced them). */
  text: string;
  /** True when an end token was produced within the answer window. */
  ended: boolean;
  /** Tokens generated, end token included. */
  length: number;
}

/** Read a generated answer region (tokens after '='). */
export function decodeCompletion(tokens: ArrayLike<number>, offset: number, length: number, vocab: Vocab = VOCAB): Completion {
  let text = '';
  for (let i = 0; i < length; i++) {
    const t = tokens[offset + i];
    if (t === EOS) return { text, ended: true, length: i + 1 };
    if (t === PAD) return { text, ended: false, length: i };
    text += vocab[t] ?? '?';
  }
  return { text, ended: false, length };
}
