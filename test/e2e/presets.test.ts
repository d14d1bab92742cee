// Browser tests of the presets and the core figure: a comparison preset shows its question,
// runs its two arms of a finding at the same time (pinning each as it finishes) and ends with that
// finding's own assessment of them; the Findings view's core-figure button opens Sweeps with
// the sweep filled in, and a small version of it draws final pass@1 against K.
import { expect, it } from 'vitest';
import { describeInBrowser, screenshotPath, watchErrors, suiteSession } from './harness';

describeInBrowser('presets and the core figure in Chromium', () => {
  const session = suiteSession('presets', 'test-results/e2e-dist-presets');

  it('a comparison preset asks its question, runs both arms, pins them and ends with the finding\'s assessment', async () => {
    const t0 = Date.now();
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    // A one-step run on load, so the page is not busy with a default 200-step run.
    await page.goto(`${session.site.url}?steps=1`);
    await page.locator('.app[data-status="finished"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-preset="correcting-noise"]').click();
    expect(await page.getByTestId('preset-question').innerText()).toBe('Does the forward correction recover pass@1 lost to FN 0.3?');
    const progress = page.getByTestId('preset-progress');
    await page.locator('[data-testid="preset-progress"][data-arm="1"]').waitFor({ timeout: 10_000 });
    expect(await progress.innerText()).toMatch(/^Arm 1 of 2: FN 0\.3, no correction · (loading|step \d+ of 100)/);
    // The URL carries the preset (a link to it opens the same question).
    await page.waitForFunction(() => new URLSearchParams(location.search).get('preset') === 'correcting-noise', undefined, { timeout: 5_000 });
    // Both arms run at the same time on the page's cores (one core each here), each with its step.
    await page.locator('[data-testid="preset-progress"][data-arms-running="2"]').waitFor({ timeout: 60_000 });
    expect(await progress.innerText()).toMatch(/Arm 1 of 2: FN 0\.3, no correction · (loading|step \d+ of 100); Arm 2 of 2: FN 0\.3, forward · (loading|step \d+ of 100)/);
    const conclusion = page.getByTestId('preset-conclusion');
    await conclusion.waitFor({ timeout: 150_000 });
    console.log(`[e2e presets] both arms (at the same time) and the conclusion: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const text = await conclusion.innerText();
    console.log(`[e2e presets] ${text}`);
    // Finding 9's own sentence for the arms that ran, what it could not judge, and its verdict here.
    const m = text.match(/^Result: Final held-out pass@1 at FN 0\.3: none [01]\.\d{3}( ± \d\.\d{3})?, forward [01]\.\d{3}( ± \d\.\d{3})? \([+-]\d+\.\dpp\)\. The forward correction (recovered ground|did not beat uncorrected training)\. Not run here, so not judged: backward correction\.\s+Finding 9, “Noise can be corrected, partly”: (direction holds|does not hold here|undecided)\.$/);
    expect(m, text).not.toBeNull();
    expect(m![4]).toBe(m![3] === 'recovered ground' ? 'direction holds' : 'does not hold here');
    expect(await conclusion.getAttribute('data-holds')).toBe(m![3] === 'recovered ground' ? 'true' : 'false');
    const chips = await page.locator('.run-chip').allInnerTexts();
    // Pinned as each finished (pin 1 is whichever finished first).
    expect(chips.filter((c) => /pin \d: arm/.test(c)).map((c) => c.match(/arm \d: FN 0\.3, [a-z ]+/)?.[0].trim()).sort()).toEqual(['arm 1: FN 0.3, no correction', 'arm 2: FN 0.3, forward']);
    await page.getByTestId('preset-info').screenshot({ path: screenshotPath('preset-conclusion.png') });
    await page.screenshot({ path: screenshotPath('preset-conclusion-page.png'), fullPage: true });

    // A user action cancels cleanly: a setting change drops the preset and its queue.
    await page.locator('[data-preset="compute-cant-buy-supervision"]').click();
    await page.locator('[data-testid="preset-progress"][data-arm="1"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('reset').click();
    await page.getByTestId('preset-arms-stopped').waitFor({ timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 330_000);

  it('finding 1 opens the core figure in Sweeps, filled in; a small version draws pass@1 against K with one line per noise level', async () => {
    const t0 = Date.now();
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}?steps=1#findings`);
    await page.locator('[data-testid="findings-view"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-finding="noise-vs-compute"]').screenshot({ path: screenshotPath('finding1-core-button.png') });
    await page.getByTestId('open-core-figure').click();
    await page.locator('[data-testid="sweeps-view"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('axis1').inputValue()).toBe('rolloutsPerPrompt');
    expect(await page.getByTestId('axis1-values').inputValue()).toBe('4,8,16,32');
    expect(await page.getByTestId('axis2').inputValue()).toBe('fnRate');
    expect(await page.getByTestId('axis2-values').inputValue()).toBe('0,0.3');
    expect(await page.getByTestId('sweep-seeds').inputValue()).toBe('3');
    expect(await page.getByTestId('sweep-steps').inputValue()).toBe('60');
    expect(await page.getByTestId('sweep-jobs').innerText()).toBe('24 runs.');
    // From the defaults, not the playground's one-step run.
    expect(await page.getByTestId('sweep-fixed').innerText()).toMatch(/^Other settings come from the defaults: defaults\.$/);

    // A small version so the test stays short: 2 seeds of 6-step runs, evaluated on 8 problems x 2 samples.
    await page.getByTestId('sweep-seeds').fill('2');
    await page.getByTestId('sweep-steps').fill('6');
    await page.getByTestId('sweep-eval-every').fill('6');
    await page.getByTestId('sweep-eval-problems').fill('8');
    await page.getByTestId('sweep-eval-samples').fill('2');
    expect(await page.getByTestId('sweep-jobs').innerText()).toBe('16 runs.');
    await page.getByTestId('sweep-run').click();
    await page.locator('[data-testid="sweep-results"][data-status="complete"]').waitFor({ timeout: 180_000 });
    console.log(`[e2e presets] core figure, 16 six-step runs: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const k = page.getByTestId('k-curves');
    expect(await k.locator('h3').innerText()).toBe('Final held-out pass@1 against rollouts per prompt K');
    expect(await k.locator('path.recharts-line-curve').count()).toBe(2);
    expect(await k.locator('.chart-legend li').allInnerTexts()).toEqual(['fn 0', 'fn 0.3']);
    expect(await k.locator('.recharts-xAxis-tick-labels text').allTextContents()).toEqual(['4', '8', '16', '32']);
    expect(await k.locator('.recharts-errorBar').count()).toBeGreaterThan(0);
    await k.screenshot({ path: screenshotPath('core-figure.png') });
    await page.locator('.sweep-results').screenshot({ path: screenshotPath('core-figure-sweep.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('a rate-or-fate preset opens with the recorded runs of npm run findings pinned and the finding\'s assessment of them', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}?steps=1`);
    await page.locator('.app[data-status="finished"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-preset="noise-binding-anchor"]').click();
    const recorded = page.getByTestId('preset-recorded');
    await recorded.waitFor({ timeout: 20_000 });
    const text = await recorded.innerText();
    console.log(`[e2e presets] ${text}`);
    // The recorded sentence is finding 1's own, from results/recorded-runs.json (mid base, beta 1, K=4).
    expect(text).toMatch(/^Recorded by npm run findings on \d{4}-\d\d-\d\d: Held-out pass@1 at the plateau, paired over 3 seeds\. mid base\. Beta 1 \(plateaus\): K=4 clean 0\.\d{3}, FN 0\.\d{3} \(/);
    expect(text).toMatch(/Finding 1, “Verifier noise is not a speed bump”: (direction holds|does not hold here|undecided)\./);
    const chips = await page.locator('.run-chip').allInnerTexts();
    expect(chips.filter((c) => /recorded: /.test(c))).toHaveLength(3);
    await page.locator('[data-testid="preset-progress"][data-arm="1"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath('preset-recorded-page.png'), fullPage: false });
    await page.getByTestId('reset').click();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
