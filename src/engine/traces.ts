// Worked traces for the addTrace task: several genuinely different correct derivations of one
// sum, a parser that names the style a completion follows, and the step-by-step check.
//
// A completion is `step,step,...>answer`. Each style is deterministic given the problem, so a
// problem has exactly one reference trace per style, and a trace is right when it equals one
// of them. Styles (for 47+38):
//   columns  right-to-left digit sums with carries     7+8=15,4+3+1=8>85
//   places   digit sums by place, highest first, then   4+3=7,7+8=15,70+15=85>85
//            the place values combined
//   jump     count on from a by b's place values        +30=77,+8=85>85
// The forms are compact on purpose: the answer window must hold a 3-digit (OOD) trace and
// every token costs a sampling step.

import type { Problem } from './assets';

export const TRACE_STYLES = ['columns', 'places', 'jump'] as const;
export type TraceStyle = (typeof TRACE_STYLES)[number];
/** A completion's style: one of TRACE_STYLES, or 'other' when it follows none of them. */
export type StyleId = TraceStyle | 'other';
export const STYLE_IDS: readonly StyleId[] = [...TRACE_STYLES, 'other'];

export const TRACE_STYLE_LABELS: Record<StyleId, string> = {
  columns: 'Columns: right-to-left digit sums with carries',
  places: 'Places: digit sums by place, then combined',
  jump: "Jump: count on from a by b's place values",
  other: 'Other (follows no style)',
};

/** Separates steps, and marks the final answer. */
export const STEP_SEP = ',';
export const ANSWER_MARK = '>';

/** Digits of x, least significant first, padded with zeros to `width`. */
function digitsLsb(x: number, width: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < width; i++) out.push(Math.floor(x / 10 ** i) % 10);
  return out;
}

/** The steps of one style's derivation of a + b (without the answer). */
export function traceSteps(style: TraceStyle, a: number, b: number): string[] {
  const width = Math.max(String(a).length, String(b).length);
  const da = digitsLsb(a, width);
  const db = digitsLsb(b, width);
  switch (style) {
    case 'columns': {
      const steps: string[] = [];
      let carry = 0;
      for (let i = 0; i < width; i++) {
        const s = da[i] + db[i] + carry;
        steps.push(`${da[i]}+${db[i]}${carry ? '+1' : ''}=${s}`);
        carry = s >= 10 ? 1 : 0;
      }
      return steps;
    }
    case 'places': {
      const steps: string[] = [];
      const terms: number[] = [];
      for (let i = width - 1; i >= 0; i--) {
        const s = da[i] + db[i];
        steps.push(`${da[i]}+${db[i]}=${s}`);
        terms.push(s * 10 ** i);
      }
      if (width > 1) steps.push(`${terms.join('+')}=${a + b}`);
      return steps;
    }
    case 'jump': {
      // Zero places of b are skipped; b = 0 is one jump of 0.
      const steps: string[] = [];
      let at = a;
      for (let i = width - 1; i >= 0; i--) {
        const jump = db[i] * 10 ** i;
        if (jump === 0) continue;
        at += jump;
        steps.push(`+${jump}=${at}`);
      }
      if (steps.length === 0) steps.push(`+0=${a}`);
      return steps;
    }
  }
}

/** The full reference completion of one style: steps, the marker, the answer. */
export function traceFor(style: TraceStyle, a: number, b: number): string {
  return `${traceSteps(style, a, b).join(STEP_SEP)}${ANSWER_MARK}${a + b}`;
}

/** Every style's reference completion for a + b. */
export function tracesFor(a: number, b: number): Record<TraceStyle, string> {
  return Object.fromEntries(TRACE_STYLES.map((s) => [s, traceFor(s, a, b)])) as Record<TraceStyle, string>;
}

export interface ParsedTrace {
  /** The steps before the answer marker (empty when there is no marker). */
  steps: string[];
  /** Text after the answer marker; null when the completion has no single marker. */
  answer: string | null;
}

/** Split a completion's text into steps and final answer. */
export function splitTrace(text: string): ParsedTrace {
  const at = text.indexOf(ANSWER_MARK);
  if (at < 0 || text.indexOf(ANSWER_MARK, at + 1) >= 0) return { steps: [], answer: null };
  const body = text.slice(0, at);
  return { steps: body === '' ? [] : body.split(STEP_SEP), answer: text.slice(at + 1) };
}

const STEP_FORMS: Record<TraceStyle, RegExp> = {
  columns: /^\d\+\d(\+1)?=\d+$/,
  places: /^\d\+\d=\d+$/,
  jump: /^\+\d+=\d+$/,
};
const COMBINE = /^\d+(\+\d+)+=\d+$/;

/**
 * The style a trace's structure follows, whatever its numbers: every step a jump; or digit
 * sums ending in a combination of place values (places); or digit sums alone (columns).
 * One-place problems make columns and places the same text; it counts as columns.
 */
export function structuralStyle(steps: readonly string[]): StyleId {
  if (steps.length === 0) return 'other';
  if (steps.every((s) => STEP_FORMS.jump.test(s))) return 'jump';
  if (steps.every((s) => STEP_FORMS.columns.test(s))) return 'columns';
  const last = steps[steps.length - 1];
  if (steps.length >= 3 && COMBINE.test(last) && steps.slice(0, -1).every((s) => STEP_FORMS.places.test(s))) return 'places';
  return 'other';
}

/** Is every step's arithmetic true on its own (x+y+...=s)? Jumps are checked as a chain from a. */
export function stepsArithmeticOk(steps: readonly string[], a: number): boolean {
  let at = a;
  for (const s of steps) {
    const m = /^(\+?)([\d+]+)=(\d+)$/.exec(s);
    if (!m) return false;
    const terms = m[2].split('+').filter((t) => t !== '');
    if (terms.length === 0 || m[2].startsWith('+') || m[2].endsWith('+') || m[2].includes('++')) return false;
    const sum = terms.reduce((x, t) => x + Number(t), 0);
    if (m[1] === '+') {
      at += sum;
      if (at !== Number(m[3])) return false;
    } else if (sum !== Number(m[3])) return false;
  }
  return true;
}

export interface TraceCheck {
  /** The style the completion follows ('other' when none). */
  style: StyleId;
  /** The final answer after the marker (null without one). */
  answer: string | null;
  /** The trace equals the derivation of `style` for this problem, step for step. */
  stepsRight: boolean;
  /** Every step's arithmetic holds on its own (a wrong derivation can still be true arithmetic). */
  arithmeticOk: boolean;
}

/**
 * Check a completion against the problem a + b: which style it follows, whether every step is
 * that style's derivation for this problem, and the final answer it states.
 */
export function checkTrace(text: string, a: number, b: number): TraceCheck {
  const { steps, answer } = splitTrace(text);
  if (answer === null) return { style: 'other', answer: null, stepsRight: false, arithmeticOk: false };
  for (const style of TRACE_STYLES) {
    const ref = traceSteps(style, a, b);
    if (ref.length === steps.length && ref.every((s, i) => s === steps[i])) {
      return { style, answer, stepsRight: true, arithmeticOk: true };
    }
  }
  return { style: structuralStyle(steps), answer, stepsRight: false, arithmeticOk: stepsArithmeticOk(steps, a) };
}

/** Fractions of `styles` per style id (every id present, 'other' included); empty input gives all zeros. */
export function styleSharesOf(styles: readonly StyleId[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(STYLE_IDS.map((s) => [s, 0]));
  for (const s of styles) out[s] += 1;
  if (styles.length) for (const s of STYLE_IDS) out[s] /= styles.length;
  return out;
}

/** What a model is trained to write for a problem: a style's reference trace on worked-step tasks (by default the problem's own style), else the bare answer. */
export function referenceCompletion(p: Problem, style = p.style): string {
  return p.traces && style !== undefined && p.traces[style] !== undefined ? p.traces[style] : p.answer;
}
