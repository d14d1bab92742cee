// The generalist in Chromium: a link with family=mix trains on addition and the page draws,
// live, one line per task the verifier never checks on "Not checked by the verifier" (beside
// the more-digits split) and one path per task on the collapse boundary; the side panel's
// Base family control comes from the schema.
import { expect, it } from 'vitest';
import { describeInBrowser, openMoreSettings, screenshotPath, suiteSession, waitForStatus, watchErrors } from './harness';

describeInBrowser('tasks the verifier never checks, in Chromium', () => {
  const session = suiteSession('unverified', 'test-results/e2e-dist-unverified');

  it('family=mix draws subtraction, max and reversal live next to the OOD split, and against KL', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}?family=mix&steps=10&evalEvery=5&evalProblems=16&seeds=1`);
    const ood = page.locator('[data-chart="ood"]');
    await ood.waitFor();
    // Drawn while the run goes: the step-0 evaluation already carries the three tasks.
    await page.waitForFunction(() => Number(document.querySelector('[data-chart="ood"]')?.getAttribute('data-points')) >= 1, null, { timeout: 120_000 });
    const legend = await ood.locator('.chart-legend').innerText();
    for (const t of ['more digits (OOD) pass@1', 'sub pass@1', 'max pass@1', 'rev pass@1']) expect(legend).toContain(t);
    expect(await ood.getAttribute('aria-label')).toBe('Not checked by the verifier');
    await waitForStatus(page, ['finished'], 240_000);
    expect(await ood.getAttribute('data-points')).toBe('3');
    expect(await ood.locator('.chart-live-svg .live-line').count()).toBe(4);
    // The collapse boundary: held-out, OOD and one path per unverified task.
    const boundary = page.locator('[data-chart="boundary"]');
    expect(await boundary.locator('.chart-live-svg .live-line.boundary-path path').count()).toBe(5);
    for (const t of ['usub1', 'umax1', 'urev1']) expect(await boundary.locator(`.boundary-dots-live[data-series="${t}"] circle`).count()).toBe(3);
    // The table lists each task's KL and pass@1.
    await page.getByTestId('table-toggle-boundary').click();
    const header = await page.getByTestId('table-chart-table-boundary').locator('thead th').allInnerTexts();
    expect(header).toEqual(['Step', 'held-out KL', 'held-out pass@1', 'OOD KL', 'OOD pass@1', 'sub KL', 'sub pass@1', 'max KL', 'max pass@1', 'rev KL', 'rev pass@1']);
    const rows = await page.getByTestId('table-chart-table-boundary').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText)));
    // The generalist solves each task at step 0: non-zero pass@1.
    for (const col of [6, 8, 10]) expect(Number(rows[0][col].replace('%', ''))).toBeGreaterThan(0);
    await page.getByTestId('table-toggle-boundary').click();
    // The side panel's Base family control shows the link's value.
    await openMoreSettings(page);
    expect(await page.locator('#setting-family').inputValue()).toBe('mix');
    await ood.screenshot({ path: screenshotPath('unverified-ood.png') });
    await boundary.screenshot({ path: screenshotPath('unverified-boundary.png') });
    expect(errors).toEqual([]);
  }, 400_000);

  it('the Forgetting preset runs its three arms from the generalist and ends with finding 14\'s sentence', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    // The preset's own arms at a tiny budget (a link's overrides apply to every arm).
    await page.goto(`${session.site.url}?preset=forgetting&steps=4&evalEvery=2&evalProblems=8&seeds=2&autoplay=1`);
    const conclusion = page.getByTestId('preset-conclusion');
    await conclusion.waitFor({ timeout: 300_000 });
    const text = await conclusion.innerText();
    console.log(`[e2e unverified] ${text}`);
    expect(text).toMatch(/^Result: Ordered by final KL to the base, each unverified task's pass@1 change \(final minus base, mean ± SE over seeds\): /);
    for (const arm of ['binding anchor (KL beta 1) (KL ', 'default (beta 0.02, lr 3e-4) (KL ', 'loose anchor, lr 0.001 (KL ']) expect(text).toContain(arm);
    expect(text).toMatch(/sub [+-]\d+\.\dpp ± \d+\.\dpp/);
    expect(text).toContain('Not run here, so not judged: loose anchor, lr 0.001, 240 steps.');
    expect(text).toMatch(/Finding 14, “Forgetting tracks KL”: (direction holds|does not hold here|undecided)\.$/);
    await page.getByTestId('preset-info').screenshot({ path: screenshotPath('forgetting-preset.png') });
    expect(errors).toEqual([]);
  }, 400_000);
});
