// The recorded results of `npm run findings` as the Findings view shows them before anything
// runs: per finding, the assess() sentence, whether it held, the budget and seeds, plus the
// file's date and the engine commit. Built at build time from results/findings.json by the
// vite plugin in vite.config.ts (virtual:findings-record), so the page ships this summary and
// not the file's every run. Pure: no DOM, no Node; it reads untrusted JSON defensively.

export interface RecordedFinding {
  id: string;
  number: number;
  sentence: string;
  holds: boolean | null;
  /** Steps, held-out problems and samples of the finding's runs (from the first run's settings); null when unknown. */
  steps: number | null;
  evalProblems: number | null;
  evalSamples: number | null;
  /** The arm ids the runs were made for (a finding redefined since has others). */
  arms: string[];
  /** Runs behind the finding (arms x seeds) and how many of them failed. */
  runs: number;
  failed: number;
}

export interface FindingsRecord {
  generated: string;
  command: string;
  seeds: number[];
  /** HEAD when the runs were made; null when the file does not record it. */
  commit: string | null;
  /** Whether src/engine had uncommitted changes then; null when not recorded. */
  uncommitted: boolean | null;
  machine: { cores: number | null; workers: number | null; wallSeconds: number | null };
  findings: RecordedFinding[];
}

/** A plain JSON object, or null (untrusted JSON is read through this). */
export const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Steps and evaluation size from a run's settings (a stored run, or a run key, which is the settings' JSON). */
function budgetOf(settings: unknown): { steps: number | null; evalProblems: number | null; evalSamples: number | null } {
  const s = obj(settings);
  return { steps: num(s?.steps), evalProblems: num(s?.evalProblems), evalSamples: num(s?.evalSamples) };
}

/** The summary of a findings.json; null when it is not one. */
export function summarizeFindings(file: unknown): FindingsRecord | null {
  const f = obj(file);
  if (!f || !Array.isArray(f.findings)) return null;
  const runs = new Map<string, Record<string, unknown>>();
  if (Array.isArray(f.runs)) for (const r of f.runs) { const o = obj(r); const k = str(o?.key); if (o && k) runs.set(k, o); }
  const engine = obj(f.engine);
  const machine = obj(f.machine);
  const findings: RecordedFinding[] = [];
  for (const raw of f.findings) {
    const x = obj(raw);
    const a = obj(x?.assessment);
    const id = str(x?.id);
    if (!x || !a || !id) continue;
    const armIds = Array.isArray(x.arms) ? x.arms.map((arm) => str(obj(arm)?.id)).filter((a): a is string => a !== null) : [];
    const keys = Array.isArray(x.arms) ? x.arms.flatMap((arm) => { const r = obj(arm)?.runs; return Array.isArray(r) ? r.filter((k): k is string => typeof k === 'string') : []; }) : [];
    let first: unknown = keys.length ? runs.get(keys[0])?.settings : undefined;
    if (!first && keys.length) { try { first = JSON.parse(keys[0]); } catch { first = undefined; } }
    findings.push({
      id, number: num(x.number) ?? 0, sentence: str(a.sentence) ?? '', holds: typeof a.holds === 'boolean' ? a.holds : null,
      ...budgetOf(first), arms: armIds, runs: keys.length, failed: keys.filter((k) => { const r = runs.get(k); return !!r && !r.summary; }).length,
    });
  }
  return {
    generated: str(f.generated) ?? '',
    command: str(f.command) ?? 'npm run findings',
    seeds: Array.isArray(f.seeds) ? f.seeds.filter((s): s is number => typeof s === 'number') : [],
    commit: str(engine?.commit),
    uncommitted: typeof engine?.uncommittedChanges === 'boolean' ? engine.uncommittedChanges : null,
    machine: { cores: num(machine?.cores), workers: num(machine?.workers), wallSeconds: num(machine?.wallSeconds) },
    findings,
  };
}

/** "commit 1a2b3c4", "commit 1a2b3c4 with uncommitted changes in src/engine", or "commit not recorded". */
export function commitText(r: Pick<FindingsRecord, 'commit' | 'uncommitted'>): string {
  if (!r.commit) return 'commit not recorded';
  return `commit ${r.commit.slice(0, 7)}${r.uncommitted ? ' with uncommitted changes in src/engine' : ''}`;
}

/** Whether the record was made for other arms than the finding has now (the finding was redefined since). */
export function staleArms(r: Pick<RecordedFinding, 'arms'>, current: readonly string[]): boolean {
  return r.arms.length !== current.length || r.arms.some((a, i) => a !== current[i]);
}

/** The date part of the generated timestamp (2026-11-24), or "date not recorded". */
export function dateText(r: Pick<FindingsRecord, 'generated'>): string {
  return /^\d{4}-\d{2}-\d{2}/.test(r.generated) ? r.generated.slice(0, 10) : 'date not recorded';
}
