// The CPU time a page's Web Workers spent, from a Chrome trace (browser.startTracing with the
// 'toplevel' and 'v8.execute' categories): the summed thread time (tdur) of the outermost
// events on each dedicated-worker thread. On a machine others share, wall time mostly measures
// their load; CPU time is what the page's engine itself cost.

interface TraceEvent { name?: string; ph?: string; pid?: number; tid?: number; ts?: number; dur?: number; tdur?: number; args?: { name?: string } }

/** Thread CPU ms of all dedicated-worker threads in a trace (its JSON text). */
export function workerCpuMs(traceJson: string): number {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents ?? [];
  const workers = new Set<string>();
  for (const e of events) {
    if (e.name === 'thread_name' && e.args?.name?.startsWith('DedicatedWorker')) workers.add(`${e.pid}:${e.tid}`);
  }
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !workers.has(key) || typeof e.ts !== 'number' || typeof e.tdur !== 'number') continue;
    (byThread.get(key) ?? byThread.set(key, []).get(key)!).push(e);
  }
  let us = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts! - b.ts! || (b.dur ?? 0) - (a.dur ?? 0));
    let end = -Infinity; // the outermost event's end: events inside it are already counted
    for (const e of list) {
      if (e.ts! < end) continue;
      us += e.tdur!;
      end = e.ts! + (e.dur ?? 0);
    }
  }
  return us / 1000;
}
