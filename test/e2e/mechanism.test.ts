// Browser tests of "the mechanism on screen" (issue 10): the per-prompt success histograms
// with the share below 0.5, Youden's J beside the verifier (set and measured, and the plain
// message when the verifier is inverted), the why-noise-hurts charts, the mechanism fields
// in the CSV download, and the J = 0 line on an FN x FP sweep heatmap.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, screenshotPath, waitForStatus, watchErrors, suiteSession, type Session } from './harness';

let session: Session; // filled in by suiteSession before the tests run

const RUN = 'fpRate=0.3&steps=10&evalEvery=5&evalProblems=16&seeds=2';

async function open(query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await session.context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${session.site.url}?${query}`, { waitUntil: 'load' });
  await page.locator('.app').waitFor();
  return { page, errors };
}

/** Minimal CSV parser (quoted cells with "" escapes), enough for the export. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describeInBrowser('the mechanism on screen in Chromium', () => {
  session = suiteSession('mechanism', 'test-results/e2e-dist-mechanism', { acceptDownloads: true });

  it('a 2-seed FP 0.3 run: success histograms with the share below 0.5, J 0.70 set and measured, why-noise-hurts charts, CSV fields', async () => {
    const t0 = Date.now();
    const { page, errors } = await open(RUN);
    // Set J is known before the run starts.
    expect(await page.getByTestId('j-set').innerText()).toContain('J = 1 − FN − FP = 0.70');
    await waitForStatus(page, ['finished'], 300_000);
    console.log(`[e2e mechanism] 10 steps x 2 seeds: ${((Date.now() - t0) / 1000).toFixed(1)}s`);

    // Held-out histogram: n + 1 bars whose shares sum to 1, and the readout with ± SE over the 2 seeds.
    const held = page.getByTestId('hist-heldout');
    const bars = Number(await held.getAttribute('data-bars'));
    expect(bars).toBeGreaterThan(2);
    const shares = await held.locator('rect.hist-bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-share'))));
    expect(shares.length).toBe(bars);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const heldShare = page.getByTestId('hist-heldout-share');
    expect(await heldShare.innerText()).toMatch(/^\d+ ± \d+% of held-out problems below 0\.5$/);
    const below = Number(await heldShare.getAttribute('data-value'));
    expect(below).toBeGreaterThan(0);
    expect(below).toBeLessThan(1);
    expect(await held.locator('text.hist-half').textContent()).toBe('0.5');
    expect(await held.innerText()).toContain('Evaluation at step 10: 16 held-out problems');

    // Training groups: K + 1 = 9 bars, pooled over the last 10 steps.
    const groups = page.getByTestId('hist-groups');
    expect(Number(await groups.getAttribute('data-bars'))).toBe(9);
    expect(await page.getByTestId('hist-groups-share').innerText()).toMatch(/^\d+ ± \d+% of training groups below 0\.5$/);
    expect(await groups.innerText()).toContain('Groups of the last 10 steps (1–10) pooled');

    // J beside the verifier: set 0.70; measured from the last evaluation, near it (16 x 16 samples per seed).
    expect(await page.getByTestId('j-set').innerText()).toContain('J = 1 − FN − FP = 0.70');
    const measured = Number(await page.getByTestId('j-measured').getAttribute('data-value'));
    expect(measured).toBeGreaterThan(0.5);
    expect(measured).toBeLessThan(0.9);
    expect(await page.getByTestId('j-measured').innerText()).toMatch(/Measured \(step 10\): J = 0\.\d\d ± 0\.\d\d/);
    expect(await page.locator('[data-testid^="j-message"]').count()).toBe(0);

    // Why noise hurts: FP flips exist at FP 0.3, so the lone-flip chart has lines; the diversity chart too.
    expect(await page.locator('[data-testid="why-lone"] path.recharts-line-curve').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="why-wrong"] path.recharts-line-curve').count()).toBe(2);

    // The CSV download holds the mechanism fields, histograms as JSON arrays.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const rows = parseCsv(readFileSync((await download.path())!, 'utf8').trim());
    const header = rows[0];
    for (const c of ['groupSuccessHist', 'fnLoneShare', 'fpLoneShare', 'flipLoneAdvAbs', 'wrongDistinct', 'wrongTopShare', 'test_successHist', 'test_youdenJ', 'test_shareBelowHalf', 'groupSuccessHist@seed1']) {
      expect(header, c).toContain(c);
    }
    const lastEval = rows.filter((r) => r[0] === 'eval').pop()!;
    const hist = JSON.parse(lastEval[header.indexOf('test_successHist')]) as number[];
    expect(hist.length).toBe(bars);
    expect(Number(lastEval[header.indexOf('test_youdenJ')])).toBeCloseTo(measured, 9);

    await page.screenshot({ path: screenshotPath('mechanism.png'), fullPage: true });

    // A second run (FN nudged up) makes the first the previous run: outlined bars and faint lines.
    const fn = page.locator('[data-setting="fnRate"]');
    await fn.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => Number(document.querySelector('.app')?.getAttribute('data-run-id')) > 1, undefined, { timeout: 10_000 }).catch(() => undefined);
    await waitForStatus(page, ['finished'], 300_000);
    expect(await page.getByTestId('j-set').innerText()).toContain('= 0.65');
    expect(await held.locator('rect.hist-ghost').count()).toBeGreaterThan(2);
    expect(await held.innerText()).toContain('previous run');
    await page.getByTestId('mechanism').screenshot({ path: screenshotPath('mechanism-panels.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 700_000);

  it('FN 0.5 + FP 0.6: J = −0.10 and the page says the verifier is inverted; FN 0.5 + FP 0.5: J = 0, drift', async () => {
    const { page, errors } = await open('fnRate=0.5&fpRate=0.6&steps=10&evalEvery=5&evalProblems=16');
    expect(await page.getByTestId('j-set').innerText()).toContain('J = 1 − FN − FP = −0.10');
    const msg = page.getByTestId('j-message-set');
    expect(await msg.getAttribute('data-kind')).toBe('inverted');
    expect(await msg.innerText()).toContain('the verifier is inverted: it rewards wrong answers more often than right ones, and training unlearns');
    await waitForStatus(page, ['finished'], 300_000);
    await page.getByTestId('control-strip').screenshot({ path: screenshotPath('mechanism-inverted.png') });
    expect(errors).toEqual([]);
    await page.close();
    // J = 0: no information, drift.
    const zero = await open('fnRate=0.5&fpRate=0.5&steps=2&evalEvery=2&evalProblems=8');
    expect(await zero.page.getByTestId('j-set').innerText()).toContain('J = 1 − FN − FP = 0.00');
    expect(await zero.page.getByTestId('j-message-set').getAttribute('data-kind')).toBe('drifts');
    expect(await zero.page.getByTestId('j-message-set').innerText()).toContain('the verifier carries no information about correctness: training drifts');
    await waitForStatus(zero.page, ['finished'], 120_000);
    expect(zero.errors).toEqual([]);
    await zero.page.close();
  }, 400_000);

  it('FN x FP sweep: the heatmap draws the labelled J = 0 line', async () => {
    const page = await session.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${session.site.url}#sweeps`);
    await page.locator('[data-testid="sweeps-view"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('axis1').selectOption('fnRate');
    await page.getByTestId('axis1-values').fill('0,0.5,0.8');
    await page.getByTestId('axis2').selectOption('fpRate');
    await page.getByTestId('axis2-values').fill('0,0.5,0.8');
    await page.getByTestId('sweep-seeds').fill('1');
    await page.getByTestId('sweep-steps').fill('2');
    await page.getByTestId('sweep-eval-every').fill('2');
    await page.getByTestId('sweep-eval-problems').fill('8');
    await page.getByTestId('sweep-eval-samples').fill('2');
    await page.getByTestId('sweep-run').click();
    const line = page.getByTestId('heat-jline');
    await line.waitFor({ timeout: 60_000 });
    expect((await line.locator('text').textContent())?.trim()).toBe('J = 0');
    expect(await page.getByTestId('heat-jnote').innerText()).toContain('J = 0 line: FN + FP = 1');
    await page.locator('[data-testid="sweep-results"][data-status="complete"]').waitFor({ timeout: 240_000 });
    // It runs through the (0.5, 0.5) cell's centre: the path passes within a pixel of it.
    const near = await page.evaluate(() => {
      const cell = document.querySelector('[data-cell="fn=0.5,fp=0.5"]')!.getBoundingClientRect();
      const svg = document.querySelector('[data-testid="heat-jline"]') as SVGSVGElement;
      const box = svg.getBoundingClientRect();
      const path = svg.querySelectorAll('path')[1] as SVGPathElement;
      const cx = cell.left + cell.width / 2 - box.left;
      const cy = cell.top + cell.height / 2 - box.top;
      let best = Infinity;
      const len = path.getTotalLength();
      for (let s = 0; s <= len; s += 0.5) { const p = path.getPointAtLength(s); best = Math.min(best, Math.hypot(p.x - cx, p.y - cy)); }
      return best;
    });
    expect(near).toBeLessThan(1.5);
    expect(await page.getByTestId('heat-jnote').innerText()).toContain('J < 0: the verifier is inverted');
    await page.getByTestId('heatmap').screenshot({ path: screenshotPath('mechanism-heatmap.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 400_000);
});
