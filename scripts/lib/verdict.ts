// The verdict benchmark of `npm run bench:browser -- --verdict <ids>`: how long a new user waits
// for an answer. For each preset id it opens `?preset=<id>&autoplay=1` in a fresh page and times
// from the page opening (navigation start, the page's performance.timeOrigin) to the preset's
// closing sentence appearing; `default` opens `?autoplay=1` (3 seeds, 200 steps) and times to
// the end of that run. Prints exactly `verdict <id>: X s to the sentence (A arms, S seeds, N steps)`
// per preset (`verdict default: X s to the end of the run (1 arm, 3 seeds, 200 steps)`), and
// notes on lines that start with two spaces. The clock is the page's own (performance.now()
// when the sentence is first seen, polled every 100 ms), so Node's start-up and the build are
// not counted.
import type { Browser } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';
import { CliError } from '../../src/experiments/cli-args';
import { presetArms, presetById } from '../../src/ui/presets';

/** The id that times a default run rather than a preset. */
export const DEFAULT_VERDICT = 'default';

export interface VerdictPlan {
  id: string;
  query: string;
  arms: number;
  seeds: number;
  /** The most steps an arm runs (a plateau arm's cap). */
  steps: number;
  plateau: boolean;
  /** What the page shows when the answer is there. */
  doneSelector: string;
  what: string;
}

/** What `--verdict` times for each id, or a CliError naming an unknown one. */
export function verdictPlans(ids: string): VerdictPlan[] {
  const list = ids.split(',').map((s) => s.trim()).filter(Boolean);
  if (!list.length) throw new CliError('--verdict: a preset id (or "default"), e.g. --verdict fn-hurts-more');
  return list.map((id) => {
    if (id === DEFAULT_VERDICT) {
      const s = DEFAULT_SETTINGS;
      return { id, query: 'autoplay=1', arms: 1, seeds: s.seeds, steps: s.steps, plateau: s.plateau, doneSelector: '.app[data-status="finished"]', what: 'to the end of the run' };
    }
    const p = presetById(id);
    if (!p) throw new CliError(`--verdict: no preset "${id}" (see src/ui/presets.ts), or "${DEFAULT_VERDICT}" for a default run`);
    const arms = presetArms(p);
    return {
      id, query: `preset=${encodeURIComponent(id)}&autoplay=1`, arms: arms.length,
      seeds: Math.max(...arms.map((a) => a.settings.seeds)), steps: Math.max(...arms.map((a) => a.settings.steps)),
      plateau: arms.some((a) => a.settings.plateau),
      doneSelector: '[data-testid="preset-conclusion"]', what: 'to the sentence',
    };
  });
}

/** The benchmark's line for one plan and its time in seconds. */
export function verdictLine(p: VerdictPlan, seconds: number): string {
  return `verdict ${p.id}: ${seconds.toFixed(1)} s ${p.what} (${p.arms} ${p.arms === 1 && p.id === DEFAULT_VERDICT ? 'arm' : 'arms'}, ${p.seeds} seeds, ${p.steps} steps)`;
}

/** Time each plan in a fresh page of `browser` on the served site; prints as it goes. */
export async function runVerdicts(browser: Browser, siteUrl: string, plans: VerdictPlan[], timeoutS: number): Promise<void> {
  for (const plan of plans) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${siteUrl}?${plan.query}`);
      const handle = await page.waitForFunction((sel) => (document.querySelector(sel) ? performance.now() : 0), plan.doneSelector,
        { timeout: timeoutS * 1000, polling: 100 });
      const ms = (await handle.jsonValue()) as number;
      console.log(verdictLine(plan, ms / 1000));
      const sentence = plan.id === DEFAULT_VERDICT ? null : await page.getByTestId('preset-conclusion').innerText();
      if (sentence) console.log(`  ${sentence.replace(/\s+/g, ' ')}`);
      if (plan.plateau) console.log(`  arms run to their plateau (the rule stops each seed), ${plan.steps} steps at most`);
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      console.log(`  navigator.hardwareConcurrency ${cores}`);
    } catch (e) {
      const state = await page.locator('[data-testid="preset-progress"]').innerText().catch(() => '');
      console.log(`  verdict ${plan.id}: no answer within ${timeoutS} s (${(e as Error).message.split('\n')[0]})${state ? `; the page says: ${state}` : ''}`);
    } finally {
      for (const m of errors) console.log(`  page error: ${m}`);
      await context.close();
    }
  }
}
