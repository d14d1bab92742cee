// Vite config for the playground. The tfjs WASM binaries are served straight from
// node_modules in dev and copied into the build output, so no .wasm is committed.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { summarizeFindings } from './src/ui/findings-record';
import { parseRecordedRuns } from './src/ui/recorded-file';
import { VitePWA } from 'vite-plugin-pwa';

/** Folder (relative to the site root) the WASM binaries are served from. Keep in sync with src/ui/worker-client.ts. */
export const WASM_DIR = 'tfjs-wasm/';

function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  // The package's "main" lives in dist/, next to the .wasm files.
  const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  if (existsSync(join(dir, 'tfjs-backend-wasm.wasm'))) return dir;
  const alt = join(dir, '..', 'dist');
  if (existsSync(join(alt, 'tfjs-backend-wasm.wasm'))) return alt;
  throw new Error(`tfjs-backend-wasm .wasm files not found near ${dir}`);
}

function tfjsWasm(): Plugin {
  let base = '/';
  const dir = wasmDistDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.wasm'));
  const middleware = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    const url = (req.url ?? '').split('?')[0];
    const prefix = base + WASM_DIR;
    if (!url.startsWith(prefix)) return next();
    const name = url.slice(prefix.length);
    if (!files.includes(name)) return next();
    res.setHeader('Content-Type', 'application/wasm');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(readFileSync(join(dir, name)));
  };
  return {
    name: 'rlvr-tfjs-wasm',
    configResolved(config) {
      base = config.base.endsWith('/') ? config.base : `${config.base}/`;
    },
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    generateBundle() {
      for (const f of files) {
        this.emitFile({ type: 'asset', fileName: WASM_DIR + f, source: readFileSync(join(dir, f)) });
      }
    },
  };
}

/**
 * Offline support: a Workbox service worker (vite-plugin-pwa, generateSW) written to `sw.js`
 * at the build's root only (no service worker in `npm run dev`). It precaches the app shell,
 * the worker bundle, the tfjs .wasm files (emitted by tfjsWasm above), the datasets and the
 * base models of every size: about 16 MB, fetched once in the background after the first visit. The
 * manifest's URLs are relative to sw.js, so the site keeps working from any subpath; the page
 * registers `./sw.js` itself (src/ui/main.tsx, production builds only).
 */
function offline(): Plugin[] {
  return VitePWA({
    injectRegister: false,
    registerType: 'autoUpdate', // a new build's worker takes over at once (skipWaiting, clientsClaim)
    manifest: false, // offline use, not an installable app: no web manifest or icons
    workbox: {
      globPatterns: ['**/*.{html,js,css,svg,wasm,json,bin}'],
      // The workers' engine chunk holds tfjs (about 1.8 MB); the medium base models are 4 MB each.
      maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      // Every query (a share link's settings) loads the same page: match ./?fnRate=0.3 to the
      // precached ./index.html. No navigation fallback: a missing page stays a 404 (appType mpa).
      ignoreURLParametersMatching: [/.*/],
      navigateFallback: null,
      cleanupOutdatedCaches: true,
    },
  });
}

/**
 * A virtual module holding what a transform makes of a results/ file when the page is built
 * (null without the file, or when the transform rejects it), so the page ships that and not
 * the file, and a dev server picks up a regenerated file.
 */
function resultsModule(id: string, name: string, transform: (json: unknown) => unknown): Plugin {
  const file = fileURLToPath(new URL(`./results/${name}`, import.meta.url));
  return {
    name: `rlvr-${id.replace('virtual:', '')}`,
    resolveId(source) {
      return source === id ? `\0${id}` : null;
    },
    load(resolved) {
      if (resolved !== `\0${id}`) return null;
      if (existsSync(file)) this.addWatchFile(file);
      let value = null;
      try {
        value = existsSync(file) ? transform(JSON.parse(readFileSync(file, 'utf8'))) : null;
      } catch {
        value = null;
      }
      return `export default ${JSON.stringify(value)};`;
    },
  };
}

/**
 * virtual:findings-record: the per-finding summary of results/findings.json (the assess()
 * sentences, budgets, date and engine commit; not the runs), so the Findings view shows the
 * recorded results before anything runs. virtual:recorded-runs: the recorded arms'
 * evaluations the rate-or-fate presets open with (loaded only when one is chosen).
 */
const findingsRecord = () => resultsModule('virtual:findings-record', 'findings.json', summarizeFindings);
const recordedRuns = () => resultsModule('virtual:recorded-runs', 'recorded-runs.json', parseRecordedRuns);

export default defineConfig({
  // Relative base: the build works from any subpath (GitHub Pages, a blog's /static/ folder).
  base: process.env.BASE_PATH ?? './',
  // A static site: a missing file is a 404, not the index page.
  appType: 'mpa',
  plugins: [react(), tfjsWasm(), offline(), findingsRecord(), recordedRuns()],
  worker: {
    format: 'es',
    // Every worker runs src/workers/engine.worker.ts, one bundle whose roles are loaded on demand.
    // tfjs, the engine and the libraries they use go in one chunk, `engine`, that every role
    // shares; the WASM and WebGPU backends stay chunks of their own, loaded when chosen.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'engine', test: (id) => !/tfjs-backend-(wasm|webgpu)/.test(id) && /\/node_modules\/|\/src\/engine\//.test(id) }],
        },
      },
    },
  },
  build: {
    target: 'es2022',
    // The workers' engine chunk holds tfjs (about 1.5 MB); that is expected.
    chunkSizeWarningLimit: 4000,
  },
});
