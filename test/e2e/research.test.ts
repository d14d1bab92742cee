// Browser tests of the research views: a small sweep on the worker pool (heatmap with the
// runs' real values, kept in IndexedDB across a reload, exported as JSON) and a finding
// card that runs its arms and shows the outcome its assess() computes.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, openMoreSettings, screenshotPath, watchErrors, suiteSession, type Session } from './harness';

let session: Session; // filled in by suiteSession before the tests run


/** Tiny runs: 6 steps, evaluations at 0, 3 and 6 on 8 problems x 2 samples. */
const TINY = { steps: '6', evalEvery: '3', evalProblems: '8', evalSamples: '2' };

async function openTab(tab: 'sweeps' | 'findings'): Promise<{ page: Page; errors: string[] }> {
  const page = await session.context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${session.site.url}#${tab}`);
  await page.locator(`[data-testid="${tab}-view"][data-ready="true"]`).waitFor({ timeout: 30_000 });
  return { page, errors };
}

describeInBrowser('research views in Chromium', () => {
  session = suiteSession('research', 'test-results/e2e-dist-research');

  it('runs a 2x2 sweep on the worker pool; the heatmap shows the runs\' values, survives a reload and matches the export', async () => {
    const t0 = Date.now();
    const { page, errors } = await openTab('sweeps');
    await page.getByTestId('axis1').selectOption('fnRate');
    await page.getByTestId('axis1-values').fill('0,0.3');
    await page.getByTestId('axis2').selectOption('rolloutsPerPrompt');
    await page.getByTestId('axis2-values').fill('4,8');
    await page.getByTestId('sweep-seeds').fill('1');
    await page.getByTestId('sweep-steps').fill(TINY.steps);
    await page.getByTestId('sweep-eval-every').fill(TINY.evalEvery);
    await page.getByTestId('sweep-eval-problems').fill(TINY.evalProblems);
    await page.getByTestId('sweep-eval-samples').fill(TINY.evalSamples);
    expect(await page.getByTestId('sweep-jobs').innerText()).toBe('4 runs.');
    // A bad value is refused with the schema's range.
    await page.getByTestId('axis1-values').fill('0,1.5');
    expect(await page.getByTestId('sweep-error').innerText()).toMatch(/fn.*\[0, 0\.9\]/);
    expect(await page.getByTestId('sweep-run').isDisabled()).toBe(true);
    await page.getByTestId('axis1-values').fill('0,0.3');
    await page.getByTestId('sweep-run').click();
    await page.getByTestId('pool-progress').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="sweep-results"][data-status="complete"]').waitFor({ timeout: 150_000 });
    console.log(`[e2e research] 2x2 sweep of 6-step runs: ${((Date.now() - t0) / 1000).toFixed(1)}s`);

    const cells = async () => page.getByTestId('heat-cell').evaluateAll((els) => els.map((e) => ({
      cell: e.getAttribute('data-cell'), value: e.getAttribute('data-value'), text: (e.querySelector('.heat-value') as HTMLElement | null)?.innerText ?? '',
    })));
    const before = await cells();
    expect(before.map((c) => c.cell)).toEqual(['fn=0,k=4', 'fn=0,k=8', 'fn=0.3,k=4', 'fn=0.3,k=8']);
    for (const c of before) {
      const v = Number(c.value);
      expect(c.value).not.toBeNull();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      expect(c.text).toBe(`${(v * 100).toFixed(1)}%`);
    }
    // Real runs, not a constant: the base model's pass@1 on 8 x 2 samples and training noise make the cells differ.
    expect(new Set(before.map((c) => c.value)).size).toBeGreaterThan(1);
    // The compute curves: one line per FN level.
    expect(await page.locator('[data-testid="compute-curves"] path.recharts-line-curve').count()).toBe(2);

    // The values are the summaries the engine computed, as exported.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON' }).click()]);
    const file = JSON.parse(readFileSync((await dl.path())!, 'utf8')) as { results: { cell: string; summary: { finalPass1: number; steps: number } }[] };
    expect(file.results).toHaveLength(4);
    for (const r of file.results) {
      expect(r.summary.steps).toBe(6);
      expect(Number(before.find((c) => c.cell === r.cell)!.value)).toBeCloseTo(r.summary.finalPass1, 10);
    }
    await page.locator('.sweep-results').screenshot({ path: screenshotPath('sweep-heatmap.png') });
    await page.screenshot({ path: screenshotPath('sweeps-view.png'), fullPage: true });

    // Kept in IndexedDB: a reload shows the same sweep and values.
    await page.reload();
    await page.locator('[data-testid="sweep-results"][data-status="complete"]').waitFor({ timeout: 30_000 });
    expect(await cells()).toEqual(before);
    expect(await page.getByTestId('storage-notice').count()).toBe(0);

    // Cancel: a second sweep stops when asked and keeps what finished.
    await page.getByTestId('axis1-values').fill('0,0.1,0.2');
    await page.getByTestId('sweep-steps').fill('40');
    await page.getByTestId('sweep-run').click();
    await page.getByTestId('pool-cancel').click();
    await page.locator('[data-testid="sweep-results"][data-status="cancelled"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('sweep-resume').isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('a finding card runs its arms side by side and shows the outcome computed from them', async () => {
    const t0 = Date.now();
    const { page, errors } = await openTab('findings');
    await page.getByTestId('finding-steps').fill(TINY.steps);
    await page.getByTestId('finding-eval-every').fill(TINY.evalEvery);
    await page.getByTestId('finding-eval-problems').fill(TINY.evalProblems);
    await page.getByTestId('finding-eval-samples').fill(TINY.evalSamples);
    await page.getByTestId('finding-seeds').fill('1');
    const card = page.locator('[data-finding="fn-vs-fp"]');
    await card.getByTestId('finding-run').click();
    await page.locator('[data-finding="fn-vs-fp"][data-status="done"]').waitFor({ timeout: 120_000 });
    console.log(`[e2e research] finding card (fn-vs-fp, 6-step arms): ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const outcome = card.getByTestId('finding-outcome');
    const text = await outcome.innerText();
    expect(text).not.toMatch(/No runs yet/);
    // Numbers from the runs: at least two decimals in the sentence, and the holds flag set (null:
    // within two standard errors, which one seed of 6 steps always is for finding 2).
    expect((text.match(/\d\.\d{3}/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(['true', 'false', 'null']).toContain(await outcome.getAttribute('data-holds'));
    // Finding 2 has its own budget (100 steps against 80), so the 6 steps asked for are scaled.
    expect(text).toMatch(/assess\(\) from \d+ runs?: seeds 1, \d+ steps/);
    // One curve per arm, three evaluations each.
    expect(await card.locator('path.recharts-line-curve').count()).toBe(await card.locator('.chart-legend li').count());
    await card.screenshot({ path: screenshotPath('finding-card.png') });
    // Kept across a reload, with the same computed outcome.
    await page.reload();
    await page.locator('[data-finding="fn-vs-fp"][data-status="done"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-finding="fn-vs-fp"]').getByTestId('finding-outcome').innerText()).toBe(text);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
  it('playground: measured FN/FP rates next to the verifier, the corrected reward drawn, iso-compute mode moves the steps', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}?fnRate=0.3&correction=backward&assumedFn=0.3&steps=10&evalEvery=5&evalProblems=16`);
    await page.locator('.app[data-status="finished"]').waitFor({ timeout: 120_000 });
    await openMoreSettings(page);
    const fn = await page.getByTestId('measured-fn').innerText();
    expect(fn).toMatch(/^FN (0|1)\.\d\d$/);
    expect(await page.getByTestId('readout-verifier').innerText()).toMatch(/\d\.\d\d \/ \d\.\d\d/);
    // True, observed and the reward used after the correction (the faint raw lines behind the smoothed ones aside).
    expect(await page.locator('[data-chart="reward"] g:not(.raw-line):not(.seed-line) > path.recharts-line-curve').count()).toBe(3);
    // The random reward rate does nothing here and holds its default: hidden.
    expect(await page.locator('#setting-randomRate').count()).toBe(0);
    // Zero-signal chart right after pass@1 and reward.
    expect(await page.locator('.chart-card').evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-chart')))).toEqual(['pass', 'reward', 'zerostd']);
    await page.screenshot({ path: screenshotPath('playground-correction.png'), fullPage: true });

    // Iso-compute: C = 16 x 8 x 10 = 1280; K 8 -> 10 means 1280 / (16 x 10) = 8 steps. The budget
    // takes K's place in the control strip; K moves to the side panel.
    await page.getByTestId('iso-toggle').check();
    expect(await page.getByTestId('iso-compute').inputValue()).toBe('1280');
    expect(await page.getByTestId('control-strip').getByTestId('iso-compute').count()).toBe(1);
    expect(await page.getByTestId('settings-panel').locator('#setting-rolloutsPerPrompt').count()).toBe(1);
    await page.locator('#setting-rolloutsPerPrompt').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('iso-readout').innerText()).toMatch(/16 × 10 × 8 steps = 1,280 rollouts/);
    expect(await page.locator('#setting-steps').getAttribute('aria-valuetext')).toBe('8');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
  it('without IndexedDB the sweeps view says results are not kept, and still works', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { get() { throw new Error('SecurityError: storage is disabled'); } });
    });
    await page.goto(`${session.site.url}#sweeps`);
    await page.locator('[data-testid="sweeps-view"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('storage-notice').innerText()).toMatch(/not saved[\s\S]*storage is disabled/);
    expect(await page.getByTestId('sweep-run').isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
