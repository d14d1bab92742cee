// A comparison preset's arms: they run at the same time, one trainer worker per arm (a lane),
// as many at once as the page has cores (at most one per arm), their seed workers sharing the
// cores; with one core they run one after the other. Each finished arm is pinned (label
// "arm i: <label>") and kept; when every arm has finished, the finding judges them. An arm
// that fails (its run's error, a dead worker) keeps the records it sent and can be run again
// while the others carry on. Pure state transitions, so the rules are tested without React or
// a worker; the store (arms-control.ts) holds the queue and does what a transition says
// (launch an arm, pin a finished one). Any user action on the run or the settings (a setting,
// Reset, Run again, another preset) drops the queue: the store sets it to null.
import type { Settings } from '../engine/settings';

/** One arm of a comparison preset: a label and the complete settings it runs. */
export interface ArmSpec {
  label: string;
  settings: Settings;
}

/** What the queue reads of an arm's run (the store's RunData). */
export interface ArmRun {
  status: string;
  stepsDone: number;
}

export type ArmState = 'waiting' | 'running' | 'done' | 'failed';

export interface ArmSlot<R> {
  state: ArmState;
  /** The arm's current (or last) run id; null before it started. */
  runId: number | null;
  /** The lane (trainer worker) it runs on while running. */
  lane: number | null;
  /** Its run: live while running, final when done, the records received so far when failed. */
  run: R | null;
  error: string | null;
}

/** `R` is the run kept per arm (the store's RunData); generic so this module needs no store. */
export interface ArmsQueue<R extends ArmRun = ArmRun> {
  presetId: string;
  arms: ArmSpec[];
  /** How many arms run at once: 1 is one after the other. */
  lanes: number;
  /** Cores each running arm may spread its seeds over (seed-shards.ts). */
  coresPerArm: number;
  slots: ArmSlot<R>[];
  /** running: some arm waits or runs; done: every arm finished; failed: none left to run, some failed. */
  status: 'running' | 'done' | 'failed';
  /** Pause was pressed while arms ran: every arm started until Run resumes them starts paused. */
  paused: boolean;
}

export const NO_RUNNER = 'No training worker is attached.';

/**
 * Arms at once on `cores` cores: one lane per core, at most one per arm. Each arm spreads its
 * seeds as if it had every core (at most twice the cores in all), so the arms' seed workers
 * share the cores and an arm that ends first (a plateau run stopping at step 300 beside one
 * that goes on to 400, or a cheap arm beside a dear one) leaves its cores to the others instead
 * of idle. Cores shared out one per arm instead measured slower for unequal arms than one after
 * the other (a K=16 arm alone on its core). One core: one after the other.
 */
export function armLanes(arms: readonly ArmSpec[], cores: number | undefined): { lanes: number; coresPerArm: number } {
  const c = Math.max(1, Math.floor(cores || 1));
  const lanes = Math.max(1, Math.min(arms.length, c));
  return { lanes, coresPerArm: Math.min(c, Math.max(1, Math.floor((2 * c) / lanes))) };
}

/** A queue with every arm waiting. */
export function startArms<R extends ArmRun>(presetId: string, arms: ArmSpec[], cores: number | undefined): ArmsQueue<R> {
  const slots = arms.map((): ArmSlot<R> => ({ state: 'waiting', runId: null, lane: null, run: null, error: null }));
  return { presetId, arms, ...armLanes(arms, cores), slots, status: 'running', paused: false };
}

/** Pause (true) or Run (false) pressed while the arms run: arms launched from now on start paused or not. */
export function armsPaused<R extends ArmRun>(q: ArmsQueue<R>, paused: boolean): ArmsQueue<R> {
  return q.paused === paused ? q : { ...q, paused };
}

/** Some arm is running (loading, training or paused). */
export function armsRunning<R extends ArmRun>(q: ArmsQueue<R> | null): boolean {
  return !!q && q.slots.some((s) => s.state === 'running');
}

/** The queue's lanes for `cores` cores, set when its arms start (a link queues them before the page knows its runner). */
export function armsOnCores<R extends ArmRun>(q: ArmsQueue<R>, cores: number | undefined): ArmsQueue<R> {
  return { ...q, ...armLanes(q.arms, cores) };
}

/** Queued and not started: a preset link's arms wait for start() (Run, autoplay, the embed in view). */
export function armsWaiting<R extends ArmRun>(q: ArmsQueue<R> | null): boolean {
  return !!q && q.status === 'running' && q.slots.every((s) => s.state === 'waiting' && s.runId === null);
}

/** The arm whose run this is, while the queue runs it (-1: none, e.g. a late update of a finished arm). */
export function armOfRun<R extends ArmRun>(q: ArmsQueue<R> | null, runId: number): number {
  if (!q) return -1;
  return q.slots.findIndex((s) => s.state === 'running' && s.runId === runId);
}

/**
 * The arms to launch now, in arm order, each with a free lane: while fewer than `lanes` run.
 * `holdOthers`: an arm runs but has not yet said which backend it uses (an `auto` run measures
 * the backends first): the others wait, so every arm runs on the backend it chose.
 */
export function armsToLaunch<R extends ArmRun>(q: ArmsQueue<R>, holdOthers = false): { index: number; lane: number }[] {
  if (q.status !== 'running') return [];
  const running = q.slots.filter((s) => s.state === 'running');
  if (holdOthers && running.length) return [];
  const busy = new Set(running.map((s) => s.lane));
  const free = Array.from({ length: q.lanes }, (_, i) => i).filter((l) => !busy.has(l));
  const out: { index: number; lane: number }[] = [];
  q.slots.forEach((s, index) => {
    if (s.state === 'waiting' && out.length < free.length && !(holdOthers && out.length)) out.push({ index, lane: free[out.length] });
  });
  return out;
}

function withSlot<R extends ArmRun>(q: ArmsQueue<R>, index: number, slot: Partial<ArmSlot<R>>): ArmsQueue<R> {
  const slots = q.slots.map((s, i) => (i === index ? { ...s, ...slot } : s));
  const open = slots.some((s) => s.state === 'waiting' || s.state === 'running');
  const status = open ? 'running' : slots.every((s) => s.state === 'done') ? 'done' : 'failed';
  return { ...q, slots, status };
}

/** Arm `index` started on `lane` as run `runId` (with `run` its empty run), or (null) could not start. */
export function armLaunched<R extends ArmRun>(q: ArmsQueue<R>, index: number, lane: number, runId: number | null, run: R | null): ArmsQueue<R> {
  if (runId === null) return withSlot(q, index, { state: 'failed', error: NO_RUNNER });
  return withSlot(q, index, { state: 'running', runId, lane, run, error: null });
}

/** A new state of a running arm's run. */
export function armUpdated<R extends ArmRun>(q: ArmsQueue<R>, index: number, run: R): ArmsQueue<R> {
  return withSlot(q, index, { run });
}

/** The pin label of arm `index` (0-based). */
export function armPinLabel(index: number, label: string): string {
  return `arm ${index + 1}: ${label}`;
}

/**
 * Arm `index` finished with `run`: kept; the queue is done once every arm is. `pinBefore`: the
 * runs of the later arms that finished first; its pin goes before theirs, so pins stand in arm
 * order (arm 1 before arm 2) whatever order the arms finish in.
 */
export function armFinished<R extends ArmRun>(q: ArmsQueue<R>, index: number, run: R): { queue: ArmsQueue<R>; pinLabel: string; pinBefore: R[] } {
  const pinBefore = q.slots.flatMap((s, i) => (i > index && s.state === 'done' && s.run ? [s.run] : []));
  return { queue: withSlot(q, index, { state: 'done', run, lane: null }), pinLabel: armPinLabel(index, q.arms[index].label), pinBefore };
}

/** Arm `index` stopped (its run's error, a dead worker): its records so far kept, the other arms go on. */
export function armFailed<R extends ArmRun>(q: ArmsQueue<R>, index: number, error: string, run?: R | null): ArmsQueue<R> {
  return withSlot(q, index, { state: 'failed', error, lane: null, ...(run !== undefined ? { run } : {}) });
}

/** Run a failed arm again: it waits for a lane like any other. */
export function armRerun<R extends ArmRun>(q: ArmsQueue<R>, index: number): ArmsQueue<R> {
  if (q.slots[index]?.state !== 'failed') return q;
  return withSlot(q, index, { state: 'waiting', error: null, lane: null });
}

/** The finished arms' runs in arm order, once every arm is done (what the finding judges). */
export function armResults<R extends ArmRun>(q: ArmsQueue<R>): R[] {
  return q.status === 'done' ? q.slots.map((s) => s.run!) : [];
}

/** What one arm is doing: "step 40 of 100", "loading", "waiting", "done", "stopped". */
function armWhere<R extends ArmRun>(q: ArmsQueue<R>, i: number): string {
  const s = q.slots[i];
  if (s.state === 'waiting') return 'waiting';
  if (s.state === 'done') return 'done';
  if (s.state === 'failed') return `stopped at step ${s.run?.stepsDone ?? 0}`;
  const run = s.run;
  if (!run || run.status === 'loading') return 'loading';
  return `step ${run.stepsDone} of ${q.arms[i].settings.steps}${run.status === 'paused' ? ' (paused)' : ''}`;
}

/**
 * "Arm 1 of 2: FN 0.3 · step 40 of 100; arm 2 of 2: FP 0.3 · step 38 of 100": every arm,
 * running ones with their step (the first running arm first); "2 arms queued, press Run: FN 0.3,
 * FP 0.3" while they wait.
 */
export function armsProgress<R extends ArmRun>(q: ArmsQueue<R>): string {
  if (armsWaiting(q)) return `${q.arms.length} arms queued, press Run: ${q.arms.map((a) => a.label).join(', ')}`;
  return armProgressLines(q).map((l, i) => (i === 0 ? l : l.charAt(0).toLowerCase() + l.slice(1))).join('; ');
}

/** One line per arm, "Arm i of n: <label> · <where>", the running arms first, then in arm order. */
export function armProgressLines<R extends ArmRun>(q: ArmsQueue<R>): string[] {
  const order = q.slots.map((_, i) => i).sort((a, b) => Number(q.slots[b].state === 'running') - Number(q.slots[a].state === 'running') || a - b);
  return order.map((i) => `Arm ${i + 1} of ${q.arms.length}: ${q.arms[i].label} · ${armWhere(q, i)}`);
}

/** The first running arm (1-based), for the page's data-arm; 0 when none runs. */
export function firstRunningArm<R extends ArmRun>(q: ArmsQueue<R>): number {
  return q.slots.findIndex((s) => s.state === 'running') + 1;
}
