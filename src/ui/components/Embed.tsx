// The compact embed (?embed=1) for iframes: the controls and charts the link names
// (controls=, charts=), its height reported to the host page, and training only while the
// embed is in view and its tab visible, so several embeds on one page never train at once.
import { memo, useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { buildShareUrl, type ViewOptions } from '../share';
import { presetLinkOf, useArmRuns, useStore } from '../store';
import { HEIGHT_MESSAGE, heightToReport, type HeightMessage } from '../embed';
import { INITIAL_VISIBILITY, IN_VIEW_RATIO, inViewFromRatio, stepVisibility } from '../visibility';
import { SettingFields } from './Controls';
import { Notices, RunError } from './Notices';
import { PresetInfo } from './Presets';
import { Readouts } from './Readouts';
import { BackendLabel, RunButtons, ShareButtons } from './RunControls';
// The charts (recharts) load as their own chunk, as in the full layout.
import { Charts } from '../charts/LazyCharts';

/**
 * Start (autoplay), pause and resume the run as the embed enters and leaves the viewport
 * or its tab is hidden. The pure rules are in visibility.ts.
 */
function useVisibilityGate(ref: RefObject<HTMLElement | null>, autoplay: boolean) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let state = INITIAL_VISIBILITY;
    let inView = false;
    let pageVisible = document.visibilityState !== 'hidden';
    const apply = () => {
      const s = useStore.getState();
      const r = stepVisibility(state, { inView, pageVisible, status: s.live?.status ?? 'idle', autoplay });
      state = r.state;
      el.dataset.shown = String(inView && pageVisible);
      if (r.action === 'start') s.start();
      else if (r.action === 'pause') s.pause();
      else if (r.action === 'resume') s.resume();
    };
    let io: IntersectionObserver | null = null;
    if (typeof IntersectionObserver === 'function') {
      io = new IntersectionObserver((entries) => {
        const e = entries[entries.length - 1];
        if (!e) return;
        inView = inViewFromRatio(e.intersectionRatio, e.isIntersecting);
        apply();
      }, { threshold: [0, IN_VIEW_RATIO, 0.6, 1] });
      io.observe(el);
    } else {
      inView = true;
      apply();
    }
    const onVisibility = () => {
      pageVisible = document.visibilityState !== 'hidden';
      apply();
    };
    document.addEventListener('visibilitychange', onVisibility);
    // A run that was still loading when the embed left the view is paused once it runs.
    const unsubscribe = useStore.subscribe((s, prev) => {
      if (s.live?.status !== prev.live?.status || s.live?.id !== prev.live?.id) apply();
    });
    return () => {
      io?.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
      unsubscribe();
    };
  }, [ref, autoplay]);
}

/** Post the embed's content height to the host page whenever it changes (docs/embedding.md shows the listener). */
function useReportHeight(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = ref.current;
    if (!el || window.parent === window || typeof ResizeObserver !== 'function') return;
    let last: number | null = null;
    const report = () => {
      const h = heightToReport(el.getBoundingClientRect().height, last);
      if (h === null) return;
      last = h;
      const msg: HeightMessage = { type: HEIGHT_MESSAGE, height: h };
      window.parent.postMessage(msg, '*');
    };
    const ro = new ResizeObserver(report);
    ro.observe(el);
    report();
    return () => ro.disconnect();
  }, [ref]);
}

export function EmbedFrame({ view, attrs, children }: { view: ViewOptions; attrs: Record<string, string | number>; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  useVisibilityGate(ref, view.autoplay);
  useReportHeight(ref);
  return (
    // The embed is the whole document of its iframe: one main landmark around everything.
    <main ref={ref} className="app app-embed" data-controls={view.controls.length} data-charts={view.charts.length} {...attrs}>
      {children}
    </main>
  );
}

/** The pinned runs drawn beside the live one (a comparison preset's finished arms), one line: colour and label. */
function PinnedLine() {
  const pinned = useStore((s) => s.pinned);
  const armRuns = useArmRuns();
  if (!pinned.length && !armRuns.length) return null;
  return (
    <ul className="embed-pins" aria-label="Pinned runs" data-testid="embed-pins">
      {pinned.map((p) => <li key={p.id}><span className="swatch" style={{ background: p.color }} />{p.label}</li>)}
      {armRuns.map((r) => <li key={r.id} data-testid="embed-arm-run"><span className="swatch" style={{ background: r.color }} />{r.label} (running)</li>)}
    </ul>
  );
}

export const EmbedLayout = memo(function EmbedLayout({ view }: { view: ViewOptions }) {
  const settings = useStore((s) => s.settings);
  const activePreset = useStore((s) => s.activePreset);
  const presetOverrides = useStore((s) => s.presetOverrides);
  const label = useStore((s) => s.live?.label ?? '');
  const full = (() => {
    const u = new URL(window.location.href);
    u.search = '';
    return buildShareUrl(u.href, settings, {}, presetLinkOf({ activePreset, presetOverrides }));
  })();
  return (
    <>
      <header className="embed-top">
        <h1 className="embed-title">RLVR playground</h1>
        <RunButtons />
        <BackendLabel />
      </header>
      <Notices compact />
      <RunError compact />
      <PresetInfo compact />
      <Readouts compact />
      <SettingFields keys={view.controls} className="embed-controls" />
      <PinnedLine />
      <Charts ids={view.charts} showHints={false} compact showAbsent />
      <footer className="embed-foot">
        <span className="embed-settings" title="Settings that differ from the defaults">{label}</span>
        <ShareButtons showLink={false} embedView={{ controls: view.controls, charts: view.charts }} />
        <a href={full} target="_blank" rel="noopener noreferrer">Open full playground ↗</a>
      </footer>
    </>
  );
});
