// What the ?bench=1 page reads from its link: the run settings (the usual share-link keys,
// e.g. task=add&seeds=1, later model=small) and the benchmark's own keys.
import type { BenchTiming } from '../engine/backend-bench';
import { parseShareQuery } from './share';
import type { Settings } from '../engine/settings';

export const BENCH_BACKENDS = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;

export interface BenchRequest {
  settings: Settings;
  /** null = every backend the browser offers. */
  backends: string[] | null;
  timing: Required<Omit<BenchTiming, 'now'>>;
  /** Parts of the link that were ignored, as readable lines. */
  notes: string[];
}

const BENCH_KEYS = ['bench', 'benchBackends', 'benchSteps', 'benchWarmup', 'benchCapMs'];

export const isBenchPage = (search: string): boolean => new URLSearchParams(search).get('bench') === '1';

function intIn(raw: string | null, lo: number, hi: number, dflt: number, name: string, notes: string[]): number {
  if (raw === null) return dflt;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= lo && n <= hi) return n;
  notes.push(`${name}: must be a whole number in [${lo}, ${hi}]; ${dflt} used`);
  return dflt;
}

export function parseBenchQuery(search: string): BenchRequest {
  const params = new URLSearchParams(search);
  const notes: string[] = [];
  const rest = new URLSearchParams();
  for (const [k, v] of params) if (!BENCH_KEYS.includes(k)) rest.append(k, v);
  const link = parseShareQuery(rest.toString());
  for (const i of link.issues) notes.push(`${i.key}: ${i.message}`);
  let backends: string[] | null = null;
  const list = params.get('benchBackends');
  if (list !== null) {
    const names = list.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
    const bad = names.filter((n) => !(BENCH_BACKENDS as readonly string[]).includes(n));
    if (bad.length) notes.push(`benchBackends: unknown ${bad.map((b) => JSON.stringify(b.slice(0, 20))).join(', ')} ignored`);
    const good = [...new Set(names.filter((n) => (BENCH_BACKENDS as readonly string[]).includes(n)))];
    backends = good.length ? good : null;
  }
  return {
    settings: link.settings,
    backends,
    timing: {
      warmupSteps: intIn(params.get('benchWarmup'), 0, 50, 2, 'benchWarmup', notes),
      steps: intIn(params.get('benchSteps'), 1, 200, 10, 'benchSteps', notes),
      capMs: intIn(params.get('benchCapMs'), 100, 600_000, 20_000, 'benchCapMs', notes),
    },
    notes,
  };
}
