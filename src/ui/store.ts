// The UI state: current settings, the live run's records as they stream in, the
// previous run (ghost), pinned runs and notices. The store never computes metrics; it
// only files the records the worker sends. Starting and stopping go through a Runner
// (the worker client) attached at start-up, so the store can be tested without one.
import { create } from 'zustand';
import { DEFAULT_SETTINGS, SETTING_KEYS, fieldOf, type SettingKey, type Settings } from '../engine/settings';
import type { EvalRecord, MetricRecord, RunInfo, StepRecord } from '../engine/types';
import type { BackendUpdate, RunPhase, WorkerUpdate } from '../workers/protocol';
import { moveAlongIso, samplingCompute } from '../experiments/iso';
import { clampSmoothing } from './charts/smoothing';
import { armFailed, armFinished, armLaunched, armsWaiting, isCurrentArm, startArms, type ArmSpec, type ArmsQueue } from './arms-queue';
import { DEFAULT_HEALTH, clampHealth, type HealthThresholds } from './health';
import type { PresetRecord } from './recorded-runs';

/** TensorBoard's default smoothing weight. */
export const DEFAULT_SMOOTHING = 0.6;

export type Status = 'idle' | RunPhase | 'crashed';
export type XAxis = 'step' | 'rollouts';

export interface RunData {
  id: number;
  /** Short description of what differs from the defaults, e.g. "fn 0.3 · k 16". */
  label: string;
  settings: Settings;
  info: RunInfo | null;
  /** The backend in use, why and how it was chosen, known before the trainer exists. */
  backend: BackendUpdate | null;
  steps: StepRecord[];
  evals: EvalRecord[];
  status: Status;
  stepsDone: number;
  activeMs: number;
  error: string | null;
  loadingText: string | null;
  /** Colour used when the run is pinned. */
  color: string;
}

export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  title: string;
  /** Plain text lines (rendered as React text, never HTML). */
  lines: string[];
}

export interface Runner {
  /** Start a fresh run; returns its id. */
  start(settings: Settings): number;
  pause(): void;
  resume(): void;
  reset(): void;
}

// Six pins: a rate-or-fate preset pins its three recorded arms and then its three live ones.
export const PIN_COLORS = ['#8e44ad', '#d35400', '#16a085', '#7f8c8d', '#c2255c', '#5c940d'] as const;
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

export function describeSettings(s: Settings): string {
  const parts: string[] = [];
  for (const k of SETTING_KEYS) {
    if (k === 'backend' || s[k] === DEFAULT_SETTINGS[k]) continue;
    parts.push(`${fieldOf(k).flag} ${String(s[k])}`);
  }
  return parts.length ? parts.join(' · ') : 'defaults';
}

/** The pin label of a run imported from a file: the file's name, then what its settings change. */
export function importedLabel(name: string, settings: Settings): string {
  return `${name} (imported) · ${describeSettings(settings)}`;
}

function emptyRun(id: number, settings: Settings, status: Status): RunData {
  return {
    id, label: describeSettings(settings), settings, info: null, backend: null, steps: [], evals: [], status,
    stepsDone: 0, activeMs: 0, error: null, loadingText: null, color: PIN_COLORS[0],
  };
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
   * Run a comparison preset's arms one after the other, pinning each as it finishes. With
   * `opts.start: false` the arms wait, queued, for start() (the Run button, autoplay, an embed coming into view).
   */
  runArms(presetId: string, arms: ArmSpec[], iso?: boolean, opts?: PresetOpts & { start?: boolean }): void;
  /** Drop the arms queue (the run in progress carries on as an ordinary run). */
  cancelArms(): void;
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
  workerCrashed(message: string): void;
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

  /** Start a run of the current settings; the live run becomes the ghost unless keepGhost. */
  const launch = (keepGhost: boolean): number | null => {
    if (restartTimer) {
      clearTimeout(restartTimer);
      restartTimer = null;
    }
    if (!runner) return null;
    const { settings, live, ghost } = get();
    const id = runner.start(settings);
    set({
      live: emptyRun(id, settings, 'loading'),
      ghost: !keepGhost && hasData(live) ? { ...live, status: live.status === 'running' || live.status === 'paused' ? 'paused' : live.status } : ghost,
      autoRestart: true,
    });
    return id;
  };

  /** The current arm finished: pin it, keep it, and start the next arm (or end the queue). */
  const advanceArms = (q: ArmsQueue<RunData>, live: RunData) => {
    const { queue, pinLabel, next } = armFinished(q, { ...live, label: q.arms[q.index].label });
    get().pinLive(pinLabel);
    if (!next) {
      set({ queue });
      return;
    }
    const s = next.settings;
    set({ settings: { ...s }, passKs: clampKs(get().passKs, s.evalSamples), iso: { ...get().iso, compute: samplingCompute(s) }, queue });
    // The finished arm is pinned: it does not also need to be the ghost.
    const id = launch(true);
    const cur = get().queue;
    if (cur) set({ queue: armLaunched(cur, id) });
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
      set({ settings, activePreset: null, presetOverrides: {}, queue: null, passKs: clampKs(get().passKs, settings.evalSamples), iso: { ...iso, compute } });
      scheduleRestart();
    },

    applySettings(settings, presetId = null, iso, opts = {}) {
      const on = iso ?? get().iso.on;
      set({
        settings: { ...settings }, activePreset: presetId, presetOverrides: presetId ? { ...opts.overrides } : {}, queue: null,
        passKs: clampKs(get().passKs, settings.evalSamples), iso: { on, compute: samplingCompute(settings) },
      });
      if (opts.restart !== false) scheduleRestart();
    },

    runArms(presetId, arms, iso, opts = {}) {
      if (!arms.length) return;
      const first = arms[0].settings;
      const on = iso ?? get().iso.on;
      if (restartTimer) {
        clearTimeout(restartTimer);
        restartTimer = null;
      }
      set({
        settings: { ...first }, activePreset: presetId, presetOverrides: { ...opts.overrides }, passKs: clampKs(get().passKs, first.evalSamples),
        iso: { on, compute: samplingCompute(first) }, queue: startArms(presetId, arms),
      });
      if (opts.start === false) return;
      const id = launch(false);
      const q = get().queue;
      if (q) set({ queue: armLaunched(q, id) });
    },

    cancelArms() {
      if (get().queue) set({ queue: null });
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
        set({ settings: next, activePreset: null, presetOverrides: {}, queue: null });
        scheduleRestart();
      }
    },

    start() {
      const q = get().queue;
      // Arms queued by a preset link start here (Run, autoplay, an embed coming into view).
      if (q && armsWaiting(q)) {
        const id = launch(false);
        const cur = get().queue;
        if (cur) set({ queue: armLaunched(cur, id) });
        return;
      }
      // Run again (or a debounced restart) by the user: the arms queue gives way.
      if (q) set({ queue: null });
      launch(false);
    },

    pause() {
      const live = get().live;
      if (!live || live.status !== 'running') return;
      runner?.pause();
      set({ live: { ...live, status: 'paused' } });
    },

    resume() {
      const live = get().live;
      if (!live || live.status !== 'paused') return;
      runner?.resume();
      set({ live: { ...live, status: 'running' } });
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
      if (pinned.some((p) => p.id === live.id && p.steps.length === live.steps.length)) return;
      const used = new Set(pinned.filter((p) => p.id !== live.id).map((p) => p.color));
      const color = PIN_COLORS.find((c) => !used.has(c)) ?? PIN_COLORS[0];
      const next = [...pinned.filter((p) => p.id !== live.id), { ...live, color, ...(typeof label === 'string' && label ? { label } : {}) }];
      set({ pinned: next.slice(-MAX_PINS) });
    },

    pinImported(run, label) {
      const { pinned } = get();
      const used = new Set(pinned.map((p) => p.color));
      const color = PIN_COLORS.find((c) => !used.has(c)) ?? PIN_COLORS[0];
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
      if (!live || u.runId !== live.id) return;
      let steps = live.steps;
      let evals = live.evals;
      if (u.records.length) {
        const newSteps: StepRecord[] = [];
        const newEvals: EvalRecord[] = [];
        for (const r of u.records as MetricRecord[]) {
          if (r.type === 'step') newSteps.push(r);
          else if (r.type === 'eval') newEvals.push(r);
        }
        if (newSteps.length) steps = steps.concat(newSteps);
        if (newEvals.length) evals = evals.concat(newEvals);
      }
      let error: string | null = null;
      if (u.phase === 'error') {
        const where = u.error?.step != null ? ` (step ${u.error.step})` : '';
        error = `${u.error?.message ?? 'Training stopped with an unknown error.'}${u.error?.message?.includes('step') ? '' : where}`;
      }
      // A pause or resume requested here wins over an update that was already in flight.
      let status: Status = u.phase;
      if (live.status === 'paused' && u.phase === 'running') status = 'paused';
      set({
        live: {
          ...live,
          steps,
          evals,
          info: u.info ?? live.info,
          // The worker's own account (with how it chose and any benchmark figures) wins; info says the same backend.
          backend: u.backend ?? live.backend ?? (u.info ? { backend: u.info.backend, reason: u.info.backendReason } : null),
          status,
          stepsDone: u.stepsDone,
          activeMs: u.activeMs,
          error,
          loadingText: u.phase === 'loading' ? u.loadingText ?? null : null,
        },
      });
      const q = get().queue;
      if (isCurrentArm(q, u.runId)) {
        if (u.phase === 'finished') advanceArms(q, get().live!);
        else if (u.phase === 'error') set({ queue: armFailed(q, error ?? 'the run stopped with an error') });
      }
    },

    workerCrashed(message) {
      const live = get().live;
      if (!live) {
        get().addNotice('error', 'The training worker stopped', [message]);
        return;
      }
      const q = get().queue;
      set({ live: { ...live, status: 'crashed', error: message }, ...(q && q.status === 'running' ? { queue: armFailed(q, message) } : {}) });
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
