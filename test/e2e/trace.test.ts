// A real worked-trace run in Chromium (issue 13): the addTrace task trains in the worker and
// its own records fill the trace charts: the stacked style shares of the training rollouts,
// answer vs trace pass@1, the "whole trace right" reward line and the collapse boundary, with
// a point per evaluation. Nothing here is a fixture: the shares are the engine's.
import { expect, it } from 'vitest';
import { describeInBrowser, screenshotPath, suiteSession, waitForStatus, watchErrors } from './harness';

const RUN = 'task=addTrace&steps=6&evalEvery=3&evalProblems=8&evalSamples=4&seeds=1&promptsPerStep=4&rolloutsPerPrompt=4&backend=wasm';

describeInBrowser('worked-trace task', () => {
  const s = suiteSession('trace', 'test-results/e2e-dist-trace', {}, { timeout: 600_000 });

  it('a real addTrace run draws style shares, trace pass@1 and the collapse boundary from its own records', async () => {
    const page = await s.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${s.site.url}?${RUN}`);
    await waitForStatus(page, ['finished'], 240_000);
    const styles = page.locator('[data-chart="styles"]');
    await styles.waitFor();
    // One filled layer per style the run's rollouts used (columns, places, jump, other at most).
    const layers = await page.evaluate(() => [...document.querySelectorAll('[data-chart="styles"] .chart-live-svg path')]
      .map((p) => p.getAttribute('d') ?? '').filter((d) => d.length > 10).length);
    expect(layers).toBeGreaterThan(0);
    const legend = await styles.locator('.chart-legend li:not(.legend-note):not(.chart-view)').allInnerTexts();
    expect(legend.some((t) => ['columns with carries', 'by place value', 'jump by place'].includes(t))).toBe(true);
    // Answer and trace pass@1: live lines with a vertex per evaluation (steps 0, 3, 6).
    const trace = page.locator('[data-chart="tracePass"]');
    await trace.waitFor();
    const vertices = await page.evaluate(() => [...document.querySelectorAll('[data-chart="tracePass"] .chart-live-svg .live-line path')]
      .map((p) => ((p.getAttribute('d') ?? '').match(/[ML]/g) ?? []).length));
    expect(vertices.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...vertices)).toBe(3);
    // The boundary: a dot per evaluation on the held-out path.
    const dots = await page.locator('[data-chart="boundary"] .chart-live-svg .boundary-dots-live[data-series="t1"] circle.boundary-dot').count();
    expect(dots).toBe(3);
    await styles.screenshot({ path: screenshotPath('trace-real-styles.png') });
    await trace.screenshot({ path: screenshotPath('trace-real-pass.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
