// Finds the Chromium the browser tests drive, and on a fresh Debian machine installs one,
// so `npm test` sets itself up the way `.ci/run` does. Order: CHROMIUM_PATH (taken as
// given: a wrong path is an error, not a cue to look elsewhere), then the usual Chromium
// and Chrome paths, then `apt-get install chromium` when we are root with apt and
// RLVR_BROWSER_INSTALL is not 0. Otherwise the browser suites fail at once with one line
// that says what to run (see describeInBrowser in test/e2e/harness.ts). Shared with
// `npm run bench:browser`, so it lives beside the scripts, not among the tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
];

export const INSTALL_HINT = 'sudo apt-get install chromium (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary';

export type BrowserLookup = { ok: true; path: string; installed: boolean } | { ok: false; message: string };

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasApt(): boolean {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Where to look, in order; exported for the tests. */
export function findExisting(env: NodeJS.ProcessEnv = process.env): BrowserLookup | null {
  const given = env.CHROMIUM_PATH?.trim();
  if (given) {
    return isExecutable(given)
      ? { ok: true, path: given, installed: false }
      : { ok: false, message: `CHROMIUM_PATH=${given} is not an executable file: point it at a Chromium or Chrome binary, or unset it and run: sudo apt-get install chromium` };
  }
  const found = USUAL_PATHS.find(isExecutable);
  return found ? { ok: true, path: found, installed: false } : null;
}

/**
 * Several test files may ask at once (vitest runs files in parallel processes): the first
 * takes a lock directory and installs, the others wait for it and look again.
 */
function installWithLock(lockDir: string): void {
  mkdirSync(resolve(lockDir, '..'), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (USUAL_PATHS.some(isExecutable)) return; // another process finished installing
      if (Date.now() > deadline) throw new Error('timed out waiting for another test process to install chromium');
      execFileSync('sleep', ['2']);
    }
  }
  try {
    if (USUAL_PATHS.some(isExecutable)) return;
    process.stderr.write('[e2e] no Chromium found: installing Debian\'s chromium with apt-get (RLVR_BROWSER_INSTALL=0 skips this)\n');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  } finally {
    rmdirSync(lockDir);
  }
}

export function lookupBrowser(lockDir: string, env: NodeJS.ProcessEnv = process.env): BrowserLookup {
  const existing = findExisting(env);
  if (existing) return existing;
  const noInstall = `No Chromium found for the browser tests (looked in ${USUAL_PATHS.join(', ')}); run: ${INSTALL_HINT}`;
  if (env.RLVR_BROWSER_INSTALL === '0') return { ok: false, message: noInstall };
  if (!isRoot() || !hasApt()) return { ok: false, message: noInstall };
  try {
    installWithLock(lockDir);
  } catch (e) {
    return { ok: false, message: `Installing chromium with apt-get failed (${(e as Error).message.split('\n')[0]}); run: ${INSTALL_HINT}` };
  }
  const after = USUAL_PATHS.find(isExecutable);
  return after ? { ok: true, path: after, installed: true } : { ok: false, message: `apt-get installed chromium but no binary appeared at ${USUAL_PATHS[0]}; run: ${INSTALL_HINT}` };
}

/**
 * Chromium's command line for the tests and the browser benchmark. With `webgpu`, WebGPU is
 * switched on (`--enable-unsafe-webgpu`: headless Chromium on Linux has no adapter without
 * it) and `--disable-gpu` is left out, so SwiftShader's software WebGPU adapter exists.
 */
export function chromiumArgs(opts: { webgpu?: boolean } = {}): string[] {
  const common = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  return opts.webgpu ? [...common, '--enable-unsafe-webgpu'] : ['--no-sandbox', '--disable-gpu', ...common.slice(1)];
}
