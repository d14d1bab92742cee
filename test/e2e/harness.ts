// Shared set-up for the browser tests: build the site once with vite's JS API, serve it
// with vite preview on a free localhost port, and launch Debian's Chromium through
// playwright-core. Screenshots go to test-results/screenshots/ (gitignored).
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { build, preview, type InlineConfig, type PreviewServer } from 'vite';
import { describe, it } from 'vitest';
import { lookupBrowser } from './browser';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const OUT_DIR = resolve(ROOT, 'test-results/e2e-dist');
export const SCREENSHOT_DIR = resolve(ROOT, 'test-results/screenshots');
/** Found (or installed) once per test process, when a browser suite first imports this. */
export const BROWSER = lookupBrowser(resolve(ROOT, 'test-results/.chromium-install.lock'));

/** Small runs so the suite stays fast on two cores. */
export const SMALL_RUN = 'steps=20&evalEvery=5&evalProblems=16';

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

export interface Site {
  url: string;
  close(): Promise<void>;
}

export async function buildAndServe(extra: InlineConfig = {}, outDir = OUT_DIR): Promise<Site> {
  const configFile = resolve(ROOT, 'vite.config.ts');
  // Vitest sets NODE_ENV=test, under which vite builds React's development bundle (prop
  // diffing for its performance tracks, extra checks): several times slower than the site
  // `npm run build` ships. Build what users get.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ ...extra, root: ROOT, configFile, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = env;
  }
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: ROOT,
    configFile,
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => server.close(),
  };
}

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

export async function launchBrowser(): Promise<Browser> {
  if (!BROWSER.ok) throw new Error(BROWSER.message);
  return chromium.launch({
    executablePath: BROWSER.path,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
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
export async function startSession(name: string, outDir?: string, context: BrowserContextOptions = {}): Promise<Session> {
  const t0 = Date.now();
  const [site, browser] = await Promise.all([buildAndServe({}, outDir ? resolve(ROOT, outDir) : undefined), launchBrowser()]);
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, serviceWorkers: 'block', ...context });
  console.log(`[e2e ${name}] build + serve + launch: ${((Date.now() - t0) / 1000).toFixed(1)}s at ${site.url}`);
  return { site, browser, context: ctx };
}

export async function endSession(s: Partial<Session>): Promise<void> {
  await s.context?.close().catch(() => undefined);
  await s.browser?.close().catch(() => undefined);
  await s.site?.close().catch(() => undefined);
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return resolve(SCREENSHOT_DIR, name);
}

/** Collect console errors and uncaught page errors. */
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
