// The UI state: current settings, the live run's records as they stream in, the
// previous run (ghost), pinned runs and notices. The store never computes metrics; it
// only files the records the worker sends. Starting and stopping go through a Runner
// (the worker client) attached at start-up, so the store can be tested without one.
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_SETTINGS, type SettingKey, type Settings } from '../engine/settings';
import type { WorkerUpdate } from '../workers/protocol';
import { moveAlongIso, samplingCompute } from '../experiments/iso';
import { clampSmoothing } from './charts/smoothing';
import { armsPaused, armsRunning, armsWaiting, startArms, type ArmSpec, type ArmsQueue } from './arms-queue';
import { armsCrashed, armsReceive, pumpArms, rerunArm, shownArmRuns, type ArmsHost } from './arms-control';
import { PIN_COLORS, applyUpdate, describeSettings, emptyRun, freeColor, type RunData, type Status } from './live-run';
import { DEFAULT_HEALTH, clampHealth, type HealthThresholds } from './health';
import type { PresetRecord } from './recorded-runs';

/** TensorBoard's default smoothing weight. */
export const DEFAULT_SMOOTHING = 0.6;

export type XAxis = 'step' | 'rollouts';

export { PIN_COLORS, describeSettings, type RunData, type Status };

export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  title: string;
  /** Plain text lines (rendered as React text, never HTML). */
  lines: string[];
}

/** Where a run goes: a comparison's arm runs on its own lane (trainer worker) over `cores` cores. */
export interface RunPlace {
  lane: number;
  cores: number;
  /** Start paused (Pause was pressed while the comparison ran): it loads, then waits for resume(). */
  paused?: boolean;
}

export interface Runner {
  /**
   * Start a fresh run; returns its id. Without `place` it is the page's one run (lane 0, every
   * core) and any arm running on another lane stops.
   */
  start(settings: Settings, place?: RunPlace): number;
  /** Pause, resume or stop every run (resume() also starts the runs started paused). */
  pause(): void;
  resume(): void;
  reset(): void;
  /** The cores the page may use (navigator.hardwareConcurrency); 1 when not given: arms run one after the other. */
  cores?(): number;
  /** Stop every run but `keep` (a dropped comparison's other arms). */
  stopOthers?(keep: number | null): void;
}

export const MAX_PINS = PIN_COLORS.length;
export const RESTART_DEBOUNCE_MS = 350;

let runner: Runner | null = null;
let restartTimer: ReturnType<typeof setTimeout> | null = null;
let noticeId = 1;
/** Imported runs get negative ids, so they never meet a worker run's id. */
let importId = -1;

export function attachRunner(r: Runner | null): void {
  runner = r;
}

/** The pin label of a run imported from a file: the file's name, then what its settings change. */
export function importedLabel(name: string, settings: Settings): string {
  return `${name} (imported) · ${describeSettings(settings)}`;
}

/** What the page's links carry of a chosen preset: its id and the settings a link set on top (share.ts PresetLink), or null. */
export function presetLinkOf(s: Pick<StoreState, 'activePreset' | 'presetOverrides'>): { id: string; overrides: Partial<Settings> } | null {
  return s.activePreset ? { id: s.activePreset, overrides: s.presetOverrides } : null;
}

export function hasData(run: RunData | null): run is RunData {
  return !!run && (run.steps.length > 0 || run.evals.length > 0);
}

export function defaultPassKs(n: number): number[] {
  const ks = [4, 16].filter((k) => k <= n);
  return ks.length ? ks : n > 1 ? [n] : [];
}

export interface PresetOpts {
  overrides?: Partial<Settings>;
  restart?: boolean;
}

export interface StoreState {
  settings: Settings;
  live: RunData | null;
  ghost: RunData | null;
  pinned: RunData[];
  notices: Notice[];
  xAxis: XAxis;
  passKs: number[];
  activePreset: string | null;
  /** The settings a preset link set on top of the active preset (carried by its links); {} when chosen by its button. */
  presetOverrides: Partial<Settings>;
  /** The arms of a comparison preset being run (arms-queue.ts), or null. */
  queue: ArmsQueue<RunData> | null;
  /** The recorded result a rate-or-fate preset opened with (recorded-runs.ts), or null. */
  recorded: { presetId: string; record: PresetRecord } | null;
  /** When false, changing a setting does not start a run (embed mode before the first play). */
  autoRestart: boolean;
  /** Iso-compute mode: C = B x K x steps is held; moving B or K recomputes the steps. */
  iso: { on: boolean; compute: number };
  /** View option: EMA weight (0..0.99) for the step charts; never part of a run's settings. */
  smoothing: number;
  /** View option: draw each seed of a multi-seed run as a thin line. */
  showSeeds: boolean;
  /** View option: training-health thresholds (health.ts); never part of a run's settings or its link. */
  health: HealthThresholds;

  setSetting<K extends SettingKey>(key: K, value: Settings[K]): void;
  /** `opts.restart: false` sets the settings without (re)starting a run, whatever autoRestart says. */
  applySettings(settings: Settings, presetId?: string | null, iso?: boolean, opts?: PresetOpts): void;
  /**
   * Run a comparison preset's arms (at the same time where the cores allow, arms-queue.ts), pinning each as it finishes. With
   * `opts.start: false` the arms wait, queued, for start() (the Run button, autoplay, an embed coming into view).
   */
  runArms(presetId: string, arms: ArmSpec[], iso?: boolean, opts?: PresetOpts & { start?: boolean }): void;
  /** Drop the arms queue (the run in progress carries on as an ordinary run). */
  cancelArms(): void;
  /** Run a failed arm of the queue again (0-based). */
  rerunArm(index: number): void;
  setIso(on: boolean): void;
  setIsoCompute(compute: number): void;
  start(): void;
  pause(): void;
  resume(): void;
  reset(): void;
  /** Pin the live run; `label` replaces its settings label. */
  pinLive(label?: string): void;
  /** Pin a run read from a file (see import.ts) or recorded by npm run findings, under `label`. */
  pinImported(run: Pick<RunData, 'settings' | 'info' | 'steps' | 'evals'>, label: string): void;
  /** Show a preset's recorded result and pin its recorded arms (replacing pins of the same label). */
  showRecorded(presetId: string, record: PresetRecord): void;
  unpin(id: number): void;
  clearGhost(): void;
  receive(update: WorkerUpdate): void;
  /** A trainer worker died; `runId` is the run it held (null: not known). */
  workerCrashed(message: string, runId?: number | null): void;
  addNotice(kind: Notice['kind'], title: string, lines?: string[]): number;
  dismissNotice(id: number): void;
  setXAxis(x: XAxis): void;
  togglePassK(k: number): void;
  setSmoothing(w: number): void;
  setShowSeeds(on: boolean): void;
  /** Change health thresholds (clamped to their ranges; bad values ignored). */
  setHealth(p: Partial<HealthThresholds>): void;
}

export const useStore = create<StoreState>()((set, get) => {
  const scheduleRestart = () => {
    if (!get().autoRestart) return;
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      restartTimer = null;
      get().start();
    }, RESTART_DEBOUNCE_MS);
  };

  const clampKs = (ks: number[], n: number) => {
    const kept = ks.filter((k) => k <= n);
    return kept.length || ks.length === 0 ? kept : defaultPassKs(n);
  };

  /** Start a run of the current settings; the live run becomes the ghost. */
  const launch = (): void => {
    if (restartTimer) {
      clearTimeout(restartTimer);
      restartTimer = null;
    }
    if (!runner) return;
    const { settings, live } = get();
    const id = runner.start(settings);
    set({
      live: emptyRun(id, settings, 'loading'),
      ghost: hasData(live) ? { ...live, status: live.status === 'running' || live.status === 'paused' ? 'paused' : live.status } : get().ghost,
      autoRestart: true,
    });
  };

  const arms: ArmsHost = {
    queue: () => get().queue,
    live: () => get().live,
    ghost: () => get().ghost,
    pinned: () => get().pinned,
    set: (p) => set(p),
    cores: () => runner?.cores?.() ?? 1,
    start: (s, lane, cores, paused) => (runner ? runner.start(s, { lane, cores, ...(paused ? { paused } : {}) }) : null),
    focusSettings: (s) => set({ settings: { ...s }, passKs: clampKs(get().passKs, s.evalSamples), iso: { ...get().iso, compute: samplingCompute(s) } }),
    pin: (run, label, before) => pinRun(run, label, before),
    hasData,
  };

  /** The queue gives way (a user action): its arms stop, but for the live one, which carries on as an ordinary run. */
  const dropArms = () => {
    if (get().queue?.slots.some((s) => s.state === 'running')) runner?.stopOthers?.(get().live?.id ?? null);
  };

  /**
   * Pin `run` (replacing an earlier pin of it), keeping its colour unless a pin has it; `label` replaces its settings label.
   * It goes last, or before the first pin of a run in `before` (a later arm of a comparison that finished first).
   */
  const pinRun = (run: RunData, label?: string, before: readonly RunData[] = []) => {
    const { pinned } = get();
    if (pinned.some((p) => p.id === run.id && p.steps.length === run.steps.length)) return;
    const others = pinned.filter((p) => p.id !== run.id);
    const color = others.some((p) => p.color === run.color) ? freeColor(others) : run.color;
    const pin = { ...run, color, ...(typeof label === 'string' && label ? { label } : {}) };
    const later = new Set(before.map((r) => r.id));
    const at = others.findIndex((p) => later.has(p.id));
    const next = at < 0 ? [...others, pin] : [...others.slice(0, at), pin, ...others.slice(at)];
    set({ pinned: next.slice(-MAX_PINS) });
  };

  return {
    settings: { ...DEFAULT_SETTINGS },
    live: null,
    ghost: null,
    pinned: [],
    notices: [],
    xAxis: 'step',
    passKs: defaultPassKs(DEFAULT_SETTINGS.evalSamples),
    activePreset: null,
    presetOverrides: {},
    queue: null,
    recorded: null,
    autoRestart: true,
    iso: { on: false, compute: samplingCompute(DEFAULT_SETTINGS) },
    smoothing: DEFAULT_SMOOTHING,
    showSeeds: false,
    health: { ...DEFAULT_HEALTH },

    setSetting(key, value) {
      const { iso } = get();
      let settings = { ...get().settings, [key]: value } as Settings;
      let compute = iso.compute;
      if (iso.on && (key === 'promptsPerStep' || key === 'rolloutsPerPrompt')) {
        settings = moveAlongIso(get().settings, iso.compute, { [key]: value }).settings;
      } else if (iso.on && key === 'steps') {
        // Moving the steps by hand moves the budget itself.
        compute = samplingCompute(settings);
      }
      dropArms();
      set({ settings, activePreset: null, presetOverrides: {}, queue: null, passKs: clampKs(get().passKs, settings.evalSamples), iso: { ...iso, compute } });
      scheduleRestart();
    },

    applySettings(settings, presetId = null, iso, opts = {}) {
      const on = iso ?? get().iso.on;
      dropArms();
      set({
        settings: { ...settings }, activePreset: presetId, presetOverrides: presetId ? { ...opts.overrides } : {}, queue: null,
        passKs: clampKs(get().passKs, settings.evalSamples), iso: { on, compute: samplingCompute(settings) },
      });
      if (opts.restart !== false) scheduleRestart();
    },

    runArms(presetId, specs, iso, opts = {}) {
      if (!specs.length) return;
      const first = specs[0].settings;
      const on = iso ?? get().iso.on;
      if (restartTimer) {
        clearTimeout(restartTimer);
        restartTimer = null;
      }
      dropArms();
      set({
        settings: { ...first }, activePreset: presetId, presetOverrides: { ...opts.overrides }, passKs: clampKs(get().passKs, first.evalSamples),
        iso: { on, compute: samplingCompute(first) }, queue: startArms(presetId, specs, runner?.cores?.() ?? 1),
      });
      if (opts.start === false) return;
      pumpArms(arms);
    },

    cancelArms() {
      dropArms();
      if (get().queue) set({ queue: null });
    },

    rerunArm(index) {
      rerunArm(arms, index);
    },

    setIso(on) {
      set({ iso: { on, compute: samplingCompute(get().settings) } });
    },

    setIsoCompute(compute) {
      const { settings, iso } = get();
      if (!(Number.isFinite(compute) && compute > 0)) return;
      const next = moveAlongIso(settings, compute, {}).settings;
      set({ iso: { ...iso, compute } });
      if (next.steps !== settings.steps) {
        dropArms();
        set({ settings: next, activePreset: null, presetOverrides: {}, queue: null });
        scheduleRestart();
      }
    },

    start() {
      const q = get().queue;
      // Arms queued by a preset link start here (Run, autoplay, an embed coming into view).
      if (q && armsWaiting(q)) {
        pumpArms(arms);
        return;
      }
      // Run again (or a debounced restart) by the user: the arms queue gives way.
      if (q) {
        dropArms();
        set({ queue: null });
      }
      launch();
    },

    pause() {
      const { live, queue } = get();
      if (!live || live.status !== 'running') return;
      runner?.pause();
      // A comparison's arms started from now on (a freed lane, the next one after the other) start paused too.
      set({ live: { ...live, status: 'paused' }, ...(queue && armsRunning(queue) ? { queue: armsPaused(queue, true) } : {}) });
    },

    resume() {
      const { live, queue } = get();
      if (!live || live.status !== 'paused') return;
      runner?.resume();
      set({ live: { ...live, status: 'running' }, ...(queue?.paused ? { queue: armsPaused(queue, false) } : {}) });
    },

    reset() {
      if (restartTimer) {
        clearTimeout(restartTimer);
        restartTimer = null;
      }
      runner?.reset();
      const { live, ghost } = get();
      set({ live: null, queue: null, ghost: hasData(live) ? { ...live, status: live.status === 'running' ? 'paused' : live.status } : ghost });
    },

    pinLive(label) {
      const { live, pinned } = get();
      if (!hasData(live)) return;
      // A plain run takes the first free colour; an arm's run keeps the one it ran in (pinRun).
      pinRun({ ...live, color: freeColor(pinned.filter((p) => p.id !== live.id)) }, label);
    },

    pinImported(run, label) {
      const { pinned } = get();
      const color = freeColor(pinned);
      const last = run.steps[run.steps.length - 1];
      const imported: RunData = {
        ...emptyRun(importId--, run.settings, 'finished'),
        label,
        info: run.info, steps: run.steps, evals: run.evals, stepsDone: last?.step ?? run.evals[run.evals.length - 1]?.step ?? 0, color,
      };
      set({ pinned: [...pinned, imported].slice(-MAX_PINS) });
    },

    showRecorded(presetId, record) {
      const labels = new Set(record.pins.map((p) => `recorded: ${p.label}`));
      set({ pinned: get().pinned.filter((p) => !labels.has(p.label)), recorded: { presetId, record } });
      for (const p of record.pins) get().pinImported({ settings: p.settings, info: null, steps: [], evals: p.evals }, `recorded: ${p.label}`);
    },

    unpin(id) {
      set({ pinned: get().pinned.filter((p) => p.id !== id) });
    },

    clearGhost() {
      set({ ghost: null });
    },

    receive(u) {
      const live = get().live;
      if (live && u.runId === live.id) set({ live: applyUpdate(live, u) });
      // An arm's run (the live one included) is filed in its slot too; pinned as it finishes.
      armsReceive(arms, u);
    },

    workerCrashed(message, runId = null) {
      if (armsCrashed(arms, message, runId)) return;
      const live = get().live;
      if (!live || (runId !== null && runId !== live.id)) {
        if (!live) get().addNotice('error', 'The training worker stopped', [message]);
        return;
      }
      set({ live: { ...live, status: 'crashed', error: message } });
    },

    addNotice(kind, title, lines = []) {
      const id = noticeId++;
      set({ notices: [...get().notices.filter((n) => n.title !== title), { id, kind, title, lines }] });
      return id;
    },

    dismissNotice(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },

    setXAxis(x) {
      set({ xAxis: x });
    },

    togglePassK(k) {
      const ks = get().passKs;
      set({ passKs: ks.includes(k) ? ks.filter((x) => x !== k) : [...ks, k].sort((a, b) => a - b) });
    },

    setSmoothing(w) {
      set({ smoothing: clampSmoothing(w) });
    },

    setShowSeeds(on) {
      set({ showSeeds: on });
    },

    setHealth(p) {
      set({ health: clampHealth(p, get().health) });
    },
  };
});

/** A comparison's arms running (or stopped) beside the live run, drawn in their pin colours. */
export function useArmRuns(): RunData[] {
  return useStore(useShallow((s) => shownArmRuns(s.queue, s.live?.id ?? null)));
}
