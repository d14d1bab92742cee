// The chart catalogue: every chart's id, title, short label (the embed picker's), hint,
// which records it reads (step or evaluation), whether its values are percentages, its kind
// (lines, stacked shares, or paths in a plane), which runs it needs (worked-trace records),
// and the series it draws. Pure: no React, no recharts, no store, so the embed link parsing
// (embed.ts) derives its chart list from here without loading the charting code, and one
// list defines both what a card draws and what a link may name.
import { styleColor, styleKey, styleLabel } from './trace-styles';

export interface SeriesDef {
  key: string;
  name: string;
  color: string;
  /** Dash pattern for the live line, so overlapping series stay visible. */
  dash?: string;
  /** Path charts: the point key of this series' x, and its name in the table. */
  xKey?: string;
  xName?: string;
}

export interface ChartDef {
  id: string;
  title: string;
  hint: string;
  source: 'eval' | 'step';
  percent: boolean;
  /**
   * 'line' (the default): series over steps or rollouts. 'stack': shares stacked to 100%.
   * 'path': each series' y against its own x key (KL), one point per evaluation.
   */
  kind?: 'line' | 'stack' | 'path';
  /** Shown only when a drawn run's records carry what the chart needs (worked-trace tasks); absent: always shown. */
  needs?: ChartNeed;
  /**
   * The chart's own x axis, whatever the page's steps / rollouts toggle: 'stepJ' = training
   * steps × the run's Youden J (run-data.ts; a run whose J is not above 0 is left out, named).
   */
  x?: 'stepJ';
  /** Another view of the same question, offered by a toggle in the card's header when a drawn run has its data. */
  alt?: { label: string; mainLabel: string; def: ChartDef };
  series(ks: number[], ctx: SeriesContext): SeriesDef[];
}

/** What a chart's x axis reads: steps or rollouts (the page's toggle), or steps × J (a chart's own `x`). */
export type XKey = 'step' | 'rollouts' | 'stepJ';

/** The x axis' name in a tooltip or a table header. */
export const X_NAMES: Readonly<Record<XKey, string>> = { step: 'step', rollouts: 'rollouts', stepJ: 'steps × J' };

/**
 * Records a chart needs beyond every run's (run-data.ts checks a run for each):
 * 'tracePass': evaluations with trace-pass@k; 'styles': training steps with style shares;
 * 'evalStyles': evaluations with style shares.
 */
export type ChartNeed = 'tracePass' | 'styles' | 'evalStyles';

/** A chart of the catalogue: a card of the page, and a name an embed link may use. */
export interface CatalogueChart extends ChartDef {
  /** Its name in the embed picker (shorter than the title; says when it is for trace tasks). */
  label: string;
}

export interface SeriesContext {
  /** A noise correction is active: the learner trains on rewardUsed, not rewardObserved. */
  corrected: boolean;
  /** Trace style ids over the drawn runs' training rollouts, in stacking order (empty without traces). */
  styles: string[];
  /** The same over the drawn runs' held-out evaluation samples. */
  evalStyles: string[];
  /** A drawn run records trace-correctness of its training rollouts (traceTrue). */
  traced: boolean;
  /** Tasks the verifier never checks over the drawn runs (family mix; empty or absent otherwise). */
  unverified?: string[];
}

/** A task the verifier never checks: its pass@1 and KL keys in evaluation points (series.ts), and its colour. */
export const unverifiedKey = (task: string, what: '1' | 'kl') => `u${task}${what}`;
const UNVERIFIED_COLORS: Readonly<Record<string, string>> = { sub: '#2f9e44', max: '#e67700', rev: '#0c8599' };
export const unverifiedColor = (task: string, i: number) => UNVERIFIED_COLORS[task] ?? K_COLORS[i % K_COLORS.length];

const K_COLORS = ['#2f9e44', '#e67700', '#c92a2a', '#7048e8', '#0c8599'];
export const BLUE = '#1c64d6';

/** Every chart, in page order (also the embed picker's order and a link's spelling of a chart set). */
export const CHARTS: readonly CatalogueChart[] = [
  {
    id: 'pass',
    label: 'Held-out pass@1 and pass@k',
    title: 'Held-out pass@1 and pass@k',
    hint: 'pass@1 rising to meet a flat pass@k is compression; pass@k falling is collapse.',
    source: 'eval',
    percent: true,
    series: (ks) => [
      { key: 't1', name: 'pass@1', color: BLUE },
      ...ks.filter((k) => k > 1).map((k, i) => ({ key: `t${k}`, name: `pass@${k}`, color: K_COLORS[i % K_COLORS.length] })),
    ],
  },
  {
    id: 'reward',
    label: 'Training reward',
    title: 'Training reward: observed vs true',
    hint: 'Observed is what the verifier paid; true is exact-match correctness of the same rollouts.',
    source: 'step',
    percent: true,
    series: (_ks, ctx) => [
      { key: 'rewardTrue', name: 'true', color: BLUE },
      { key: 'rewardObserved', name: 'observed (dashed)', color: '#e67700', dash: '5 4' },
      ...(ctx.corrected ? [{ key: 'rewardUsed', name: 'used after correction (dotted)', color: '#2f9e44', dash: '1 3' }] : []),
      ...(ctx.traced ? [{ key: 'traceTrue', name: 'whole trace right (dash-dot)', color: '#0c8599', dash: '7 3 1 3' }] : []),
    ],
  },
  {
    id: 'zerostd',
    label: 'Groups with zero reward spread',
    title: 'Groups with zero reward spread',
    hint: 'All rewards equal: zero advantage, no gradient. False negatives turn groups with a few correct answers into all-rejected ones.',
    source: 'step',
    percent: true,
    series: () => [
      { key: 'fracZeroStd', name: 'zero-std fraction', color: '#495057' },
      { key: 'fracAllRejected', name: 'all rejected (dashed)', color: '#c92a2a', dash: '5 4' },
      { key: 'fracAllAccepted', name: 'all accepted (dotted)', color: '#2f9e44', dash: '1 3' },
    ],
  },
  {
    id: 'pass-j',
    label: 'Held-out pass@1 against steps × J',
    title: 'Held-out pass@1 against steps × J',
    hint: 'Time rescaled by Youden\'s J: noisy curves that fall onto the clean one were only slowed (rate); curves that stay below it end lower (fate).',
    source: 'eval',
    percent: true,
    x: 'stepJ',
    series: () => [{ key: 't1', name: 'held-out pass@1', color: BLUE }],
  },
  {
    id: 'ood',
    label: 'Not checked by the verifier: more digits, other tasks',
    title: 'Not checked by the verifier',
    hint: 'pass@1 where the verifier never looks: problems with one more digit than training and, from the generalist base (Base family), each other task it knows. '
      + 'A line that falls while held-out pass@1 rises is forgetting.',
    source: 'eval',
    percent: true,
    series: (_ks, ctx) => [
      { key: 'o1', name: 'more digits (OOD) pass@1', color: '#7048e8' },
      ...(ctx.unverified ?? []).map((t, i) => ({ key: unverifiedKey(t, '1'), name: `${t} pass@1 (dashed)`, color: unverifiedColor(t, i), dash: '5 4' })),
    ],
  },
  {
    id: 'entropy',
    label: 'Entropy',
    title: 'Entropy',
    hint: 'Mean per-token entropy of the policy on its rollouts.',
    source: 'step',
    percent: false,
    series: () => [{ key: 'entropy', name: 'entropy (nats)', color: '#0c8599' }],
  },
  {
    id: 'kl',
    label: 'KL to base model',
    title: 'KL to base model',
    hint: 'Mean per-token k3 estimate on the rollouts.',
    source: 'step',
    percent: false,
    series: () => [{ key: 'kl', name: 'KL', color: '#c92a2a' }],
  },
  {
    id: 'boundary',
    label: 'Collapse boundary: pass@1 vs KL to base',
    title: 'Collapse boundary: pass@1 vs KL to base',
    hint: 'Where do in-distribution gains stop transferring? Each evaluation is a point, each run a path out from the base model (hollow, at KL 0). '
      + 'Held-out still climbing while OOD (or a task the verifier never checks, from the generalist base) flattens or falls marks the drift beyond which training gains stay in distribution.',
    source: 'eval',
    percent: true,
    kind: 'path',
    series: (_ks, ctx) => [
      { key: 't1', xKey: 'tkl', name: 'held-out pass@1', xName: 'held-out KL', color: BLUE },
      // Red, not the OOD chart's violet: violet is the first pin colour, and pinned runs share this chart.
      { key: 'o1', xKey: 'okl', name: 'OOD pass@1 (dashed)', xName: 'OOD KL', color: '#c92a2a', dash: '5 4' },
      // The generalist: each task the verifier never checks, against the KL on its own samples.
      ...(ctx.unverified ?? []).map((t, i) => ({ key: unverifiedKey(t, '1'), xKey: unverifiedKey(t, 'kl'), name: `${t} pass@1 (dotted)`, xName: `${t} KL`, color: unverifiedColor(t, i), dash: '1 3' })),
    ],
  },
  {
    id: 'tracePass',
    label: 'Answer vs whole-trace pass@1 (trace tasks)',
    title: 'Final answer vs whole trace: pass@1 and trace-pass@1',
    hint: 'Trace-pass counts a sample only when its answer and every worked step are right. A gap that widens is the policy reaching right answers through wrong work, '
      + 'which a final-answer verifier pays for.',
    source: 'eval',
    percent: true,
    needs: 'tracePass',
    series: (ks) => [
      { key: 't1', name: 'pass@1 (answer)', color: BLUE },
      { key: 'tt1', name: 'trace-pass@1 (dashed)', color: BLUE, dash: '5 4' },
      ...ks.filter((k) => k > 1).flatMap((k, i) => [
        { key: `t${k}`, name: `pass@${k} (answer)`, color: K_COLORS[i % K_COLORS.length] },
        { key: `tt${k}`, name: `trace-pass@${k} (dashed)`, color: K_COLORS[i % K_COLORS.length], dash: '5 4' },
      ]),
    ],
  },
  {
    id: 'styles',
    label: 'Trace styles over training (trace tasks)',
    title: 'Trace styles, training rollouts',
    hint: 'Does RL collapse onto one style? Each layer is the share of the step\'s rollouts written in one worked style. '
      + 'One layer swelling to fill the chart means the policy dropped the other correct routes to the answer.',
    source: 'step',
    percent: true,
    kind: 'stack',
    needs: 'styles',
    series: (_ks, ctx) => ctx.styles.map((id, i) => ({ key: styleKey(id), name: styleLabel(id), color: styleColor(id, i) })),
    alt: {
      label: 'held-out samples',
      mainLabel: 'training rollouts',
      def: {
        id: 'styles',
        title: 'Trace styles, held-out samples',
        hint: 'Does RL collapse onto one style? Each layer is the share of an evaluation\'s held-out samples written in one worked style: '
          + 'the policy\'s habits on problems it never trains on, from the base model (step 0) on.',
        source: 'eval',
        percent: true,
        kind: 'stack',
        needs: 'evalStyles',
        // Colours by the training view's order, so a style keeps its colour when the view flips.
        series: (_ks, ctx) => ctx.evalStyles.map((id) => ({ key: `t${styleKey(id)}`, name: styleLabel(id),
          color: styleColor(id, ctx.styles.includes(id) ? ctx.styles.indexOf(id) : ctx.styles.length + ctx.evalStyles.indexOf(id)) })),
      },
    },
  },
];
