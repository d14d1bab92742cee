// Character vocabulary: index 0 pads, index 1 ends an answer.
export const PAD = 0;
export const EOS = 1;
export const VOCAB = ['<pad>', '<eos>', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '*', '%', '(', ')', '='] as const;
export const VOCAB_SIZE = VOCAB.length;

const INDEX = new Map<string, number>(VOCAB.map((c, i) => [c, i]));

export function encodeChars(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const id = INDEX.get(ch);
    if (id === undefined || id < 2) throw new Error(`Character "${ch}" is not in the vocabulary`);
    out.push(id);
  }
  return out;
}

/** Left-pad a prompt to `length` tokens so every prompt ends at the same position. */
export function encodePrompt(prompt: string, length: number): number[] {
  const ids = encodeChars(prompt);
  if (ids.length > length) throw new Error(`Prompt "${prompt}" is longer than the model's ${length}-token prompt window`);
  return [...new Array<number>(length - ids.length).fill(PAD), ...ids];
}

/** Answer tokens followed by the end token. */
export function encodeAnswer(answer: string): number[] {
  return [...encodeChars(answer), EOS];
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
export function decodeCompletion(tokens: ArrayLike<number>, offset: number, length: number): Completion {
  let text = '';
  for (let i = 0; i < length; i++) {
    const t = tokens[offset + i];
    if (t === EOS) return { text, ended: true, length: i + 1 };
    if (t === PAD) return { text, ended: false, length: i };
    text += VOCAB[t] ?? '?';
  }
  return { text, ended: false, length };
}
