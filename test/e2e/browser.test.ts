// The path a newcomer without a browser takes: the browser suites must fail at once with
// one line that says what to run (no stack trace, no playwright launch dump), and count as
// failed in the summary line. Runs a nested vitest on one browser suite with CHROMIUM_PATH
// pointing at nothing and installing turned off.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExisting, lookupBrowser } from '../../scripts/lib/browser';

const ROOT = resolve(__dirname, '../..');

describe('browser lookup', () => {
  it('takes CHROMIUM_PATH as given: a path to nothing is an error naming the fix', () => {
    const r = findExisting({ CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.message).toMatch(/CHROMIUM_PATH=\/nonexistent\/chromium is not an executable file.*apt-get install chromium/);
    // A directory or a non-executable file is not a browser either.
    expect(findExisting({ CHROMIUM_PATH: '/tmp' })?.ok).toBe(false);
    expect(findExisting({ CHROMIUM_PATH: resolve(ROOT, 'package.json') })?.ok).toBe(false);
  });

  it('never installs when CHROMIUM_PATH is set, even to nothing', () => {
    const r = lookupBrowser(resolve(ROOT, 'test-results/.never-used.lock'), { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(r.ok).toBe(false);
  });

  it('a browser suite without a browser fails at once with one line, no stack, counted as failed', () => {
    const res = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/e2e/research.test.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium', RLVR_BROWSER_INSTALL: '0', NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' },
      timeout: 120_000,
    });
    const out = `${res.stdout}\n${res.stderr}`;
    expect(res.status).toBe(1);
    const lines = out.split('\n');
    const msgLines = lines.filter((l) => l.includes('CHROMIUM_PATH=/nonexistent/chromium'));
    expect(msgLines).toHaveLength(1);
    expect(msgLines[0]).toMatch(/^BrowserUnavailable: CHROMIUM_PATH=\/nonexistent\/chromium is not an executable file: .*sudo apt-get install chromium$/);
    // No stack frames, no code frame, no playwright launch log.
    expect(lines.filter((l) => /^\s+at\s|^\s*❯\s.*:\d+:\d+|browserType\.launch|playwright/i.test(l))).toEqual([]);
    expect(lines.filter((l) => /^\d+ passed, \d+ failed, \d+ skipped$/.test(l))).toEqual(['0 passed, 1 failed, 0 skipped']);
  }, 120_000);
});
