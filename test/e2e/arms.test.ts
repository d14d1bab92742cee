// Browser tests of a comparison preset's arms running at the same time. On the page's two
// cores both arms run at once, one core each, and give the same records as the same arms run
// one after the other on one core (navigator.hardwareConcurrency forced to 1, where the page
// falls back to one after the other) and as an arm run alone on both cores. A seed worker
// killed mid-run (through ?testHooks=1, the only way to reach one: it belongs to its arm's
// trainer worker) makes the page name the arm and the seed, keep the records received so far,
// and offer a rerun of that arm, which then ends with the finding's sentence.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { EvalRecord, StepRecord } from '../../src/engine/types';
import type { Settings } from '../../src/engine/settings';
import { describeInBrowser, screenshotPath, suiteSession, waitForStatus, watchErrors } from './harness';

/** Small arms: 6 steps, 2 seeds, evaluations at 0, 3 and 6 on 8 problems x 2 samples. */
const TINY = 'steps=6&evalEvery=3&evalProblems=8&evalSamples=2&seeds=2';
const PRESET = 'preset=correcting-noise&autoplay=1&testHooks=1';

interface RunRecords { label: string; settings: Settings; steps: StepRecord[]; evals: EvalRecord[] }

/** A page whose navigator.hardwareConcurrency is `cores` (the page reads it to share out the cores; the workers are told). */
async function openWithCores(session: ReturnType<typeof suiteSession>, query: string, cores?: number): Promise<{ page: Page; errors: string[] }> {
  const page = await session.context.newPage();
  if (cores !== undefined) await page.addInitScript({ content: `Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => ${Number(cores)}, configurable: true });` });
  const errors = watchErrors(page);
  await page.goto(`${session.site.url}?${query}`);
  await page.locator('.app').waitFor();
  return { page, errors };
}

/** The pinned arms' records, in arm order ("arm 1: ..." first). */
async function pinnedArms(page: Page): Promise<RunRecords[]> {
  const pins = await page.evaluate(() => {
    const s = (window as unknown as { __testHooks: { state(): { pinned: RunRecords[] } } }).__testHooks.state();
    return s.pinned.map((p) => ({ label: p.label, settings: p.settings, steps: p.steps, evals: p.evals }));
  });
  return pins.filter((p) => /^arm \d/.test(p.label)).sort((a, b) => a.label.localeCompare(b.label));
}

/** Records without their timings (stepMs, evalMs): what must match between two runs of the same settings and seeds. */
function numbers(r: Pick<RunRecords, 'steps' | 'evals'>): unknown {
  const strip = (x: object) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'stepMs' || k === 'evalMs' ? undefined : v)));
  return { steps: r.steps.map(strip), evals: r.evals.map(strip) };
}

describeInBrowser('comparison arms at the same time in Chromium', () => {
  const session = suiteSession('arms', 'test-results/e2e-dist-arms');

  it('two cores run both arms at once; one core runs them one after the other; the records are the same, and as an arm run alone', async () => {
    const t0 = Date.now();
    // Two cores: both arms run at the same time, one core each.
    const two = await openWithCores(session, `${PRESET}&${TINY}`, 2);
    await two.page.locator('[data-testid="preset-progress"][data-arms-running="2"]').waitFor({ timeout: 60_000 });
    const progress = await two.page.getByTestId('preset-progress').innerText();
    console.log(`[e2e arms] two cores: ${progress}`);
    expect(progress).toMatch(/^Arm 1 of 2: FN 0\.3, no correction · (loading|step \d of 6); Arm 2 of 2: FN 0\.3, forward · (loading|step \d of 6)/);
    expect(await two.page.getByTestId('preset-progress').getAttribute('data-lanes')).toBe('2');
    await two.page.getByTestId('preset-conclusion').waitFor({ timeout: 120_000 });
    console.log(`[e2e arms] two cores, both arms and the sentence: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const concurrent = await pinnedArms(two.page);
    expect(concurrent.map((p) => p.label)).toEqual(['arm 1: FN 0.3, no correction', 'arm 2: FN 0.3, forward']);
    expect(concurrent.every((p) => p.steps.length === 6 && p.evals.length === 3)).toBe(true);

    // One core: one after the other (arm 2 waits while arm 1 runs).
    const one = await openWithCores(session, `${PRESET}&${TINY}`, 1);
    const first = one.page.locator('[data-testid="preset-progress"][data-arm="1"][data-state="running"]');
    await first.waitFor({ timeout: 60_000 });
    expect(await one.page.getByTestId('preset-progress').getAttribute('data-lanes')).toBe('1');
    expect(await first.innerText()).toMatch(/Arm 2 of 2: FN 0\.3, forward · waiting/);
    await one.page.getByTestId('preset-conclusion').waitFor({ timeout: 120_000 });
    const sequential = await pinnedArms(one.page);
    expect(sequential.map((p) => p.label)).toEqual(concurrent.map((p) => p.label));
    for (let i = 0; i < 2; i++) expect(numbers(concurrent[i]), `arm ${i + 1}`).toEqual(numbers(sequential[i]));
    expect(await one.page.getByTestId('preset-conclusion').innerText()).toBe(await two.page.getByTestId('preset-conclusion').innerText());

    // Arm 2 alone on both cores (its two seeds in two workers): the same records again.
    await two.page.evaluate((s) => {
      const st = (window as unknown as { __testHooks: { state(): { applySettings(s: Settings): void; start(): void } } }).__testHooks.state();
      st.applySettings(s);
      st.start();
    }, concurrent[1].settings);
    await two.page.waitForFunction(() => {
      const s = (window as unknown as { __testHooks: { state(): { live: { status: string; label: string } | null; queue: unknown } } }).__testHooks.state();
      return s.queue === null && s.live?.status === 'finished';
    }, undefined, { timeout: 120_000, polling: 200 });
    const alone = await two.page.evaluate(() => {
      const live = (window as unknown as { __testHooks: { state(): { live: RunRecords & { info: { shards?: number } | null } } } }).__testHooks.state().live;
      return { steps: live.steps, evals: live.evals, shards: live.info?.shards ?? 1 };
    });
    console.log(`[e2e arms] arm 2 alone ran in ${alone.shards} worker(s)`);
    expect(numbers(alone)).toEqual(numbers(concurrent[1]));
    console.log(`[e2e arms] determinism checks: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    expect(two.errors).toEqual([]);
    expect(one.errors).toEqual([]);
    await two.page.close();
    await one.page.close();
  }, 420_000);

  it('a seed worker killed mid-run: the page names the arm and the seed, keeps its records, and reruns that arm to the sentence', async () => {
    const t0 = Date.now();
    // Four cores: each arm has two, so its three seeds are split over its trainer worker and one seed worker.
    const { page, errors } = await openWithCores(session, `${PRESET}&steps=20&evalEvery=10&evalProblems=8&evalSamples=2&seeds=3`, 4);
    await page.waitForFunction(() => {
      const q = (window as unknown as { __testHooks: { state(): { queue: { slots: { state: string; run: { stepsDone: number } | null }[] } | null } } }).__testHooks.state().queue;
      return !!q && q.slots[1].state === 'running' && (q.slots[1].run?.stepsDone ?? 0) >= 2;
    }, undefined, { timeout: 120_000, polling: 100 });
    const killed = await page.evaluate(() => (window as unknown as { __testHooks: { killSeedWorker(arm: number): Promise<number[]> } }).__testHooks.killSeedWorker(2));
    console.log(`[e2e arms] killed the seed worker of arm 2 holding seeds ${killed.join(', ')} at ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    expect(killed.length).toBeGreaterThan(0);
    const failed = page.locator('[data-testid="arm-failed"][data-arm="2"]');
    await failed.waitFor({ timeout: 30_000 });
    const text = await failed.innerText();
    console.log(`[e2e arms] ${text}`);
    expect(text).toMatch(new RegExp(`^Arm 2 of 2 \\(FN 0\\.3, forward\\) stopped at step \\d+: seeds? ${killed.join(', ')}: a seed worker was terminated\\. The (\\d+) steps it sent are kept on the charts\\.`));
    // The records received before the kill are kept, and drawn (a chip for the stopped arm).
    const kept = await page.evaluate(() => (window as unknown as { __testHooks: { state(): { queue: { slots: { run: { steps: unknown[]; evals: unknown[] } | null }[] } } } }).__testHooks.state().queue.slots[1].run);
    expect(kept!.steps.length).toBeGreaterThanOrEqual(2);
    expect(kept!.evals.length).toBeGreaterThanOrEqual(1);
    expect(Number(text.match(/The (\d+) steps/)![1])).toBe(kept!.steps.length);
    expect(await page.getByTestId('arm-chip').allInnerTexts()).toContainEqual(expect.stringMatching(/stopped: FN 0\.3, forward/));
    await page.screenshot({ path: screenshotPath('arms-seed-worker-killed.png') });
    // Arm 1 carries on to its end and is pinned; no sentence while arm 2 has not finished.
    await page.locator('.run-chip', { hasText: 'arm 1: FN 0.3, no correction' }).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('preset-conclusion').count()).toBe(0);
    // Rerun runs arm 2 again, to the finding's sentence.
    await page.getByTestId('rerun-arm').click();
    await page.getByTestId('preset-conclusion').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('arm-failed').count()).toBe(0);
    const chips = await page.locator('.run-chip').allInnerTexts();
    expect(chips.filter((c) => /pin \d: arm/.test(c)).sort()).toEqual([expect.stringMatching(/pin 1: arm 1: FN 0\.3, no correction/), expect.stringMatching(/pin 2: arm 2: FN 0\.3, forward/)]);
    console.log(`[e2e arms] rerun arm 2 and the sentence: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    await waitForStatus(page, ['finished'], 10_000);
    expect(errors).toEqual([]);
    await page.close();
  }, 420_000);

  it('without ?testHooks=1 the page has no test hooks', async () => {
    const { page, errors } = await openWithCores(session, 'steps=1&seeds=1');
    expect(await page.evaluate(() => 'testHooks' in window || '__testHooks' in window)).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
