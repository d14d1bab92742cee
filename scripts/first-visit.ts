// npx tsx scripts/first-visit.ts --dist test-results/some-dist [--query "embed=1&autoplay=1&steps=5"]
// What a build costs a visitor, from a build already made (`npx vite build --outDir DIR`):
//  - precache: the files in sw.js's precache manifest and the sum of their sizes;
//  - worker chunks: each worker entry in assets/ and the chunks it imports, statically or
//    dynamically (the union counted once);
//  - first visit to an embed: the build served by a plain static server here (no compression,
//    ETag and ten minutes' max-age as GitHub Pages sends; body bytes counted), opened in headless Chromium with a fresh profile on
//    `?QUERY`, until the run's status is `finished`. Counted twice: with the service worker
//    blocked (what the page and its workers fetch to run the embed), and with it allowed
//    (everything the visit pulls over the wire, the service worker's background precache
//    included, waited for until the server has been idle for 3 s). Also printed: the same
//    responses as a gzip-compressing host would send them (gzip -6 of each body).
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, findExisting, INSTALL_HINT } from './lib/browser';
import { CliError } from '../src/experiments/cli-args';
import { runMain } from './lib/main';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.bin': 'application/octet-stream',
};

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

/** The precache manifest's URLs (relative to sw.js) and their sizes. */
function precache(dist: string): { files: { url: string; size: number }[]; total: number } {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const urls = [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1]);
  if (!urls.length) throw new CliError(`no precache manifest found in ${join(dist, 'sw.js')}`);
  const files = urls.map((url) => ({ url, size: statSync(join(dist, url)).size }));
  return { files, total: files.reduce((s, f) => s + f.size, 0) };
}

/** Chunks a JS file in assets/ imports (`from"./x.js"`, `import("./x.js")`), transitively. */
function closure(dist: string, entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const code = readFileSync(join(dist, 'assets', file), 'utf8');
    for (const m of code.matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g)) {
      if (!seen.has(m[1]) && existsSync(join(dist, 'assets', m[1]))) {
        seen.add(m[1]);
        queue.push(m[1]);
      }
    }
  }
  return [...seen];
}

interface Served { url: string; bytes: number; gzip: number }

/** A static server over `dist` that records every response's body size. */
function countingServer(dist: string): Promise<{ server: Server; url: string; log: Served[]; lastAt: () => number }> {
  const log: Served[] = [];
  let last = Date.now();
  const server = createServer((req, res) => {
    last = Date.now();
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    let file = normalize(join(dist, path));
    if (!file.startsWith(dist)) { res.statusCode = 403; res.end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) { res.statusCode = 404; res.end(); return; }
    const st = statSync(file);
    const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    // Caching as GitHub Pages does it: ten minutes, then revalidated by ETag.
    res.setHeader('Cache-Control', 'max-age=600');
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      log.push({ url: path, bytes: 0, gzip: 0 });
      res.statusCode = 304;
      res.end();
      return;
    }
    const body = readFileSync(file);
    log.push({ url: path, bytes: body.length, gzip: gzipSync(body, { level: 6 }).length });
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', body.length);
    createReadStream(file).pipe(res).on('finish', () => { last = Date.now(); });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    ok({ server, url: `http://127.0.0.1:${port}/`, log, lastAt: () => last });
  }));
}

const sum = (xs: Served[], k: 'bytes' | 'gzip') => xs.reduce((s, x) => s + x[k], 0);

async function visit(dist: string, browserPath: string, query: string, serviceWorkers: 'allow' | 'block', timeoutS: number) {
  const site = await countingServer(dist);
  const browser = await chromium.launch({ executablePath: browserPath, headless: true, args: chromiumArgs() });
  try {
    const context = await browser.newContext({ viewport: { width: 640, height: 480 }, serviceWorkers });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${site.url}?${query}`);
    await page.waitForFunction(() => ['finished', 'error', 'crashed'].includes(document.querySelector('.app')?.getAttribute('data-status') ?? ''), null,
      { timeout: timeoutS * 1000, polling: 250 });
    const status = await page.locator('.app').getAttribute('data-status');
    const runS = (Date.now() - t0) / 1000;
    const atFinish = site.log.length;
    if (serviceWorkers === 'allow') {
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      while (Date.now() - site.lastAt() < 3000) await new Promise((r) => setTimeout(r, 500));
    }
    await context.close();
    return { status, runS, log: site.log, atFinish };
  } finally {
    await browser.close();
    site.server.close();
  }
}

runMain(async () => {
  const { values } = parseArgs({ options: {
    dist: { type: 'string' },
    query: { type: 'string', default: 'embed=1&autoplay=1&steps=5' },
    'timeout-s': { type: 'string', default: '300' },
    'no-browser': { type: 'boolean', default: false },
  } });
  if (!values.dist) throw new CliError('--dist DIR: a build made with `npx vite build --outDir DIR`');
  const dist = resolve(values.dist);
  if (!existsSync(join(dist, 'sw.js'))) throw new CliError(`${dist} has no sw.js: build it first`);

  const pc = precache(dist);
  console.log(`precache: ${pc.files.length} files, ${pc.total} bytes (${mb(pc.total)}, ${(pc.total / 1024).toFixed(2)} KiB)`);
  const workers = readdirSync(join(dist, 'assets')).filter((f) => /\.worker-[\w-]+\.js$/.test(f)).sort();
  const union = new Set<string>();
  for (const w of workers) {
    const files = closure(dist, w);
    files.forEach((f) => union.add(f));
    const size = files.reduce((s, f) => s + statSync(join(dist, 'assets', f)).size, 0);
    console.log(`worker ${w}: ${files.length} files, ${kb(size)} with its chunks`);
  }
  const chunks = [...union].map((f) => ({ f, size: statSync(join(dist, 'assets', f)).size })).sort((a, b) => b.size - a.size);
  for (const c of chunks) console.log(`  ${c.f}: ${kb(c.size)}`);
  console.log(`worker code in all: ${chunks.length} files, ${kb(chunks.reduce((s, c) => s + c.size, 0))}`);
  if (values['no-browser']) return;

  const browserPath = findExisting();
  if (!browserPath?.ok) throw new CliError(browserPath && !browserPath.ok ? browserPath.message : `No Chromium found; run: ${INSTALL_HINT}`);
  const timeoutS = Number(values['timeout-s']);
  const blocked = await visit(dist, browserPath.path, values.query!, 'block', timeoutS);
  const js = blocked.log.filter((x) => x.url.endsWith('.js'));
  console.log(`embed ?${values.query}, service worker blocked: status ${blocked.status} after ${blocked.runS.toFixed(1)} s; ${blocked.log.length} responses, ${blocked.log.reduce((s, x) => s + x.bytes, 0)} bytes (${mb(sum(blocked.log, 'bytes'))}; gzip ${mb(sum(blocked.log, 'gzip'))}), of which JS ${mb(sum(js, 'bytes'))} in ${js.length} files`);
  for (const x of [...blocked.log].sort((a, b) => b.bytes - a.bytes)) console.log(`  ${x.url}: ${kb(x.bytes)}`);
  const allowed = await visit(dist, browserPath.path, values.query!, 'allow', timeoutS);
  console.log(`embed ?${values.query}, service worker allowed: status ${allowed.status} after ${allowed.runS.toFixed(1)} s; ${allowed.log.length} responses, ${sum(allowed.log, 'bytes')} bytes (${mb(sum(allowed.log, 'bytes'))}; gzip ${mb(sum(allowed.log, 'gzip'))}) with the precache, ${allowed.atFinish} responses by the run's end`);
});
