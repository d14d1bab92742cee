// results/recorded-runs.json as the page ships it: read defensively when the page is built
// (vite.config.ts, virtual:recorded-runs), keeping only arms with valid settings and evaluation
// records. Pure and light, so the build config can import it.
import { parseSettings } from '../engine/settings';
import { obj } from './findings-record';
import type { EvalRecord } from '../engine/types';
import type { RecordedRun, RecordedRuns } from '../experiments/findings/recorded';

/** An evaluation record as the charts and summaries read it: held-out and OOD splits with pass@k. */
function isEval(v: unknown): v is EvalRecord {
  const r = obj(v);
  const split = (x: unknown) => { const s = obj(x); return !!s && Array.isArray(s.passAtK) && s.passAtK.every((p) => typeof p === 'number'); };
  return !!r && r.type === 'eval' && typeof r.step === 'number' && typeof r.k === 'number' && split(r.test) && split(r.ood);
}

/** The file as written by npm run findings; null when it is missing or not that shape (arms that are not are left out). */
export function parseRecordedRuns(v: unknown): RecordedRuns | null {
  const f = obj(v);
  if (!f || !Array.isArray(f.arms)) return null;
  const arms: RecordedRun[] = [];
  for (const a of f.arms) {
    const r = obj(a);
    if (!r || typeof r.finding !== 'string' || typeof r.arm !== 'string' || typeof r.seed !== 'number' || !Array.isArray(r.evals)) continue;
    const parsed = parseSettings(r.settings);
    if (parsed.issues.length) continue;
    const evals = r.evals.filter(isEval);
    if (evals.length) arms.push({ finding: r.finding, arm: r.arm, seed: r.seed, settings: parsed.settings, evals });
  }
  return { generated: typeof f.generated === 'string' ? f.generated : '', command: typeof f.command === 'string' ? f.command : 'npm run findings', arms };
}

