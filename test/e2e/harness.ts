// Shared set-up for the browser tests: build the site once with vite's JS API, serve it
// with vite preview on a free localhost port, and launch Debian's Chromium through
// playwright-core. Screenshots go to test-results/screenshots/ (gitignored).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { InlineConfig } from 'vite';
import { chromiumArgs, lookupBrowser } from '../../scripts/lib/browser';
import { ROOT, buildAndServe, type Site } from '../../scripts/lib/site';

export { ROOT, OUT_DIR, buildAndServe, type Site } from '../../scripts/lib/site';
export const SCREENSHOT_DIR = resolve(ROOT, 'test-results/screenshots');
/** Found (or installed) once per test process, when a browser suite first imports this. */
export const BROWSER = lookupBrowser(resolve(ROOT, 'test-results/.chromium-install.lock'));

/** Small runs so the suite stays fast on two cores. */
export const SMALL_RUN = 'steps=20&evalEvery=5&evalProblems=16';

/**
 * A browser suite: the real one when Chromium is there, else a single test that fails at
 * once with one line naming what to run (no stack: nothing in our code went wrong). It
 * counts as failed, never skipped, so a machine without a browser cannot pass `npm test`.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (BROWSER.ok) {
    describe(name, body);
    return;
  }
  const message = BROWSER.message;
  describe(name, () => {
    it('needs Chromium', () => {
      const err = new Error(message);
      err.name = 'BrowserUnavailable';
      err.stack = `${err.name}: ${message}`;
      throw err;
    });
  });
}

/** Chromium, headless; `webgpu` gives it SwiftShader's software WebGPU adapter (see chromiumArgs). */
export async function launchBrowser(opts: { webgpu?: boolean } = {}): Promise<Browser> {
  if (!BROWSER.ok) throw new Error(BROWSER.message);
  return chromium.launch({ executablePath: BROWSER.path, headless: true, args: chromiumArgs(opts) });
}

export interface Session {
  site: Site;
  browser: Browser;
  context: BrowserContext;
}

/**
 * What every browser suite starts with: the site built into its own folder (suites run in
 * parallel) and served, Chromium launched, and one context at 1366x900. Service workers are
 * blocked unless a suite asks for them: a page controlled by the offline cache bypasses
 * page.route, which the crash and hostile-input tests rely on.
 */
export async function startSession(name: string, outDir?: string, context: BrowserContextOptions = {}, opts: { webgpu?: boolean; build?: InlineConfig } = {}): Promise<Session> {
  const t0 = Date.now();
  const [site, browser] = await Promise.all([buildAndServe(opts.build ?? {}, outDir ? resolve(ROOT, outDir) : undefined), launchBrowser(opts)]);
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, serviceWorkers: 'block', ...context });
  console.log(`[e2e ${name}] build + serve + launch: ${((Date.now() - t0) / 1000).toFixed(1)}s at ${site.url}`);
  return { site, browser, context: ctx };
}

export async function endSession(s: Partial<Session>): Promise<void> {
  await s.context?.close().catch(() => undefined);
  await s.browser?.close().catch(() => undefined);
  await s.site?.close().catch(() => undefined);
}

/** Time a suite's session may take to build, serve and launch, unless the suite says otherwise. */
const SESSION_TIMEOUT_MS = 240_000;

/**
 * A suite's session (startSession's arguments), started before its tests and ended after them.
 * Call it in the body of describeInBrowser, so a machine without Chromium never starts one;
 * the object it returns is filled in by the time the first test runs.
 */
export function suiteSession(name: string, outDir?: string, context: BrowserContextOptions = {}, opts: { webgpu?: boolean; build?: InlineConfig; timeout?: number } = {}): Session {
  const session = {} as Session;
  beforeAll(async () => {
    Object.assign(session, await startSession(name, outDir, context, opts));
  }, opts.timeout ?? SESSION_TIMEOUT_MS);
  afterAll(() => endSession(session));
  return session;
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return resolve(SCREENSHOT_DIR, name);
}

/** Collect console errors and uncaught page errors. */
/** A new page of the session at a viewport size, opened on `?query`, with its console errors collected. */
export async function openAt(session: Session, query: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await session.context.newPage();
  await page.setViewportSize(viewport);
  const errors = watchErrors(page);
  await page.goto(`${session.site.url}?${query}`);
  await page.locator('.app').waitFor();
  return { page, errors };
}

export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

export async function appAttr(page: Page, name: string): Promise<string | null> {
  return page.locator('.app').getAttribute(name);
}

/** Wait until the app's data-status is one of `states`. */
export async function waitForStatus(page: Page, states: string[], timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (s) => s.includes(document.querySelector('.app')?.getAttribute('data-status') ?? ''),
    states,
    { timeout, polling: 100 },
  );
}

/**
 * Open the side panel ("More settings" in the control strip) if it is closed: every setting
 * outside the strip (FN, FP, K, seeds) is there, in the page but hidden while it is closed.
 */
export async function openMoreSettings(page: Page): Promise<void> {
  const toggle = page.getByTestId('more-settings');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await page.getByTestId('settings-panel').waitFor({ state: 'visible' });
}

/** Values of every generated control, keyed by setting name. */
export async function controlValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-setting]').forEach((el) => {
      const k = el.dataset.setting!;
      out[k] = el instanceof HTMLInputElement && el.type === 'checkbox' ? String(el.checked)
        : el instanceof HTMLInputElement && el.type === 'range' ? (el.getAttribute('aria-valuetext') ?? el.value) : el.value;
    });
    return out;
  });
}
