// Build the site once with vite's JS API and serve it with vite preview on a free localhost
// port. Shared by the browser tests (test/e2e/harness.ts) and `npm run bench:browser`, so it imports
// nothing from vitest.
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview, type InlineConfig, type PreviewServer } from 'vite';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const OUT_DIR = resolve(ROOT, 'test-results/e2e-dist');

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
    await build({ ...extra, root: ROOT, configFile, logLevel: 'error', build: { ...extra.build, outDir, emptyOutDir: true } });
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
