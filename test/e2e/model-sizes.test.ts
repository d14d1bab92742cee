// Browser test of the model-size setting: a link asking for a size that does not ship for its
// task runs tiny and says so (beside the control and under the model line); a shipped larger
// size loads its own weights and runs.
import { expect, it } from 'vitest';
import { describeInBrowser, openMoreSettings, watchErrors, suiteSession } from './harness';

describeInBrowser('model sizes in Chromium', () => {
  const session = suiteSession('model-sizes', 'test-results/e2e-dist-model-sizes');

  it('small on multiplication (not shipped) runs tiny with a note; small on addition runs the small model', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}?model=small&task=mul&steps=1&seeds=1&evalProblems=8`);
    await page.locator('.app[data-status="finished"]').waitFor({ timeout: 90_000 });
    await openMoreSettings(page);
    expect(await page.locator('[data-inactive="model"] .field-note').innerText()).toMatch(/No small base model ships for mul at mid strength.*running the tiny model instead/);
    expect(await page.locator('#setting-model option[value="small"]').innerText()).toMatch(/\(not shipped for mul mid: runs tiny\)$/);
    expect(await page.locator('#setting-model option[value="tiny"]').innerText()).not.toMatch(/not shipped/);
    expect(await page.getByTestId('model-line').innerText()).toMatch(/a tiny 27,250-parameter transformer, task mul/);
    expect(await page.getByTestId('run-note').allInnerTexts()).toContainEqual(expect.stringMatching(/No small base model ships for mul/));

    await page.goto(`${session.site.url}?model=small&steps=2&seeds=1&evalProblems=8`);
    await page.locator('.app[data-status="finished"]').waitFor({ timeout: 90_000 });
    expect(await page.locator('[data-inactive="model"]').count()).toBe(0);
    expect(await page.locator('#setting-model').inputValue()).toBe('small');
    expect(await page.getByTestId('model-line').innerText()).toMatch(/a small 203,410-parameter transformer, task add/);
    expect((await page.getByTestId('run-note').allInnerTexts()).join(' ')).not.toMatch(/base model ships/);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});
