// The store's side of a comparison preset's arms (arms-queue.ts holds the rules): it launches
// the arms a transition names on their lanes (one trainer worker each), paused after Pause,
// files each arm's updates in its slot, pins an arm as it finishes (in arm order among the
// arms' pins, whatever order they finish in), keeps a failed arm's records and runs it again
// on request. The store's `live` run is the first running arm (the one the readouts and
// the run controls follow); the other running arms are drawn beside it in their pin colours
// (shownArmRuns). An `auto` backend is decided by the first arm alone (it may time the
// backends) and every other arm is started on the backend it chose, so arms never differ in
// backend and never time backends while another arm trains.
import type { Settings } from '../engine/settings';
import type { WorkerUpdate } from '../workers/protocol';
import {
  armFailed, armFinished, armLaunched, armOfRun, armRerun, armsOnCores, armsToLaunch, armsWaiting, armUpdated, type ArmSpec, type ArmsQueue,
} from './arms-queue';
import { applyUpdate, emptyRun, freeColor, type RunData } from './live-run';

/** What the arms need of the store (store.ts passes itself in). */
export interface ArmsHost {
  queue(): ArmsQueue<RunData> | null;
  live(): RunData | null;
  ghost(): RunData | null;
  pinned(): RunData[];
  set(p: { queue?: ArmsQueue<RunData> | null; live?: RunData | null; ghost?: RunData | null; autoRestart?: boolean }): void;
  /** The cores the page may use (the runner's; 1 without one). */
  cores(): number;
  /** Start a run on a lane (`paused`: it waits for Run once it has loaded); null without a runner. */
  start(settings: Settings, lane: number, cores: number, paused: boolean): number | null;
  /** Show an arm's settings in the controls (the arm the page follows). */
  focusSettings(s: Settings): void;
  /** Pin a finished arm's run under `label`, keeping its colour, before the pins of runs `before` (later arms). */
  pin(run: RunData, label: string, before: readonly RunData[]): void;
  hasData(run: RunData | null): run is RunData;
}

/** The backend the arms run on: the one the first arm to report chose, or null while none has. */
function armsBackend(q: ArmsQueue<RunData>): string | null {
  for (const s of q.slots) if (s.run?.backend?.backend) return s.run.backend.backend;
  return null;
}

/** Launch every arm the queue has room for; the first launch of a queue makes the old live run the ghost. */
export function pumpArms(h: ArmsHost): void {
  let q = h.queue();
  if (!q) return;
  const first = armsWaiting(q);
  if (first) q = armsOnCores(q, h.cores());
  const auto = q.arms.some((a) => a.settings.backend === 'auto');
  const backend = auto ? armsBackend(q) : null;
  for (const { index, lane } of armsToLaunch(q, auto && backend === null)) {
    const arm: ArmSpec = q.arms[index];
    const settings: Settings = backend && arm.settings.backend === 'auto' ? { ...arm.settings, backend: backend as Settings['backend'] } : arm.settings;
    // After Pause an arm starts paused (queued behind a lane, or next when they run one after the other); Run resumes it.
    const id = h.start(settings, lane, q.coresPerArm, q.paused);
    const others: RunData[] = q.slots.filter((s, i) => i !== index && s.run && s.state !== 'done').map((s) => s.run!);
    const run: RunData | null = id === null ? null : { ...emptyRun(id, settings, 'loading', freeColor([...h.pinned(), ...others])), label: arm.label };
    q = armLaunched(q, index, lane, id, run);
    h.set({ queue: q });
    if (first && run) {
      const live = h.live();
      h.set({ ghost: h.hasData(live) ? { ...live, status: live.status === 'running' || live.status === 'paused' ? 'paused' : live.status } : h.ghost(), autoRestart: true });
    }
  }
  refocus(h);
}

/** Follow the first running arm when the live run is none of them (it finished, failed, or none ran yet). */
function refocus(h: ArmsHost): void {
  const q = h.queue();
  const live = h.live();
  if (!q || (live && armOfRun(q, live.id) >= 0)) return;
  const i = q.slots.findIndex((s) => s.state === 'running');
  if (i < 0) return;
  const run = q.slots[i].run;
  // Paused arms show as paused at once (the Resume button), though the worker's own word may still be on its way.
  h.set({ live: run && q.paused && run.status === 'running' ? { ...run, status: 'paused' } : run });
  h.focusSettings(q.arms[i].settings);
}

/** File an update of an arm's run (the live one is filed by the store already); false when it is no arm's. */
export function armsReceive(h: ArmsHost, u: WorkerUpdate): boolean {
  const q = h.queue();
  const i = armOfRun(q, u.runId);
  if (!q || i < 0) return false;
  const live = h.live();
  const run = live?.id === u.runId ? live : applyUpdate(q.slots[i].run!, u);
  if (u.phase === 'finished') {
    const { queue, pinLabel, pinBefore } = armFinished(q, i, run);
    h.pin(run, pinLabel, pinBefore);
    h.set({ queue });
  } else if (u.phase === 'error') {
    h.set({ queue: armFailed(q, i, armStopped(q, i, run.error ?? 'the run stopped with an error'), run) });
  } else {
    h.set({ queue: armUpdated(q, i, run) });
    // The first arm said which backend it uses: the arms held back for it may start.
    if (u.backend) pumpArms(h);
    return true;
  }
  refocus(h);
  pumpArms(h);
  return true;
}

/** "Arm 2 of 2 (FP 0.3) stopped at step 12: <why>". */
function armStopped(q: ArmsQueue<RunData>, i: number, why: string): string {
  const run = q.slots[i].run;
  return `Arm ${i + 1} of ${q.arms.length} (${q.arms[i].label}) stopped at step ${run?.stepsDone ?? 0}: ${why}`;
}

/** An arm's trainer worker died: the arm fails with its records kept; false when the run is no arm's. */
export function armsCrashed(h: ArmsHost, message: string, runId: number | null): boolean {
  const q = h.queue();
  const i = runId === null ? -1 : armOfRun(q, runId);
  if (!q || i < 0) return false;
  const live = h.live();
  const before = live?.id === runId ? live : q.slots[i].run!;
  const run: RunData = { ...before, status: 'crashed', error: message };
  if (live?.id === runId) h.set({ live: run });
  h.set({ queue: armFailed(q, i, armStopped(q, i, message), run) });
  refocus(h);
  pumpArms(h);
  return true;
}

/** Run failed arm `index` again (the Rerun button): its old records give way to the new run's. */
export function rerunArm(h: ArmsHost, index: number): void {
  const q = h.queue();
  if (!q || q.slots[index]?.state !== 'failed') return;
  h.set({ queue: armRerun(q, index) });
  pumpArms(h);
}

/** The arms' runs drawn beside the live one: running or stopped arms other than it (finished arms are pinned). */
export function shownArmRuns(q: ArmsQueue<RunData> | null, liveId: number | null): RunData[] {
  if (!q) return [];
  return q.slots.filter((s) => s.run && s.run.id !== liveId && (s.state === 'running' || s.state === 'failed')).map((s) => s.run!);
}
