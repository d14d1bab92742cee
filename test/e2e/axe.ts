// axe-core in the browser tests: inject axe.min.js into a page, run it, and sort the
// violations by impact. Serious and critical ones fail a test; moderate and minor ones are
// printed so they stay visible.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** A few failing nodes: selector and axe's summary of what is wrong. */
  nodes: { target: string; summary: string }[];
}

/** Run axe (WCAG 2.0/2.1 A and AA rules plus best practices) on the page as it is now. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } }).axe;
    const res = await axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300) })),
    }));
  });
}

/** Violations that fail a test (serious, critical); the rest are logged under `label`. */
export function seriousOnly(label: string, violations: AxeViolation[]): AxeViolation[] {
  for (const v of violations) {
    console.log(`[axe ${label}] ${v.impact ?? 'unknown'} ${v.id}: ${v.help} (${v.nodes.length}${v.nodes.length === 5 ? '+' : ''} nodes)`);
    for (const n of v.nodes) console.log(`    ${n.target} :: ${n.summary}`);
  }
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
