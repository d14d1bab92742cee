// The layering, checked from the source text: which folder may import which, no import circle
// inside the engine, and no file in src/ too long to read. The imports are found with
// regular expressions (static, re-exports, dynamic import(), and `new URL(..., import.meta.url)`
// worker entries), type-only imports included: a type import is still an edge to a reader.
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const MAX_LINES = 500;

function filesUnder(dir: string, match: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, match) : match.test(name) ? [p] : [];
  });
}

/** Comments blanked (newlines kept), so a commented-out or quoted-in-prose import is not an edge. */
function stripComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/^\s*\/\/.*$/gm, '');
}

const CLAUSE = String.raw`(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\}|\w+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+\w+))?)`;
const IMPORT_PATTERNS = [
  // import x from '…', import type { a } from '…', export { a } from '…', export * from '…'
  new RegExp(String.raw`\b(?:import|export)\s+${CLAUSE}\s*from\s*['"]([^'"]+)['"]`, 'g'),
  // import '…' (side effects only)
  /(?:^|;)\s*import\s*['"]([^'"]+)['"]/gm,
  // import('…'), in code or in a type position
  /\bimport\s*\(\s*['"`]([^'"`$]+)['"`]\s*\)/g,
  // new Worker(new URL('…', import.meta.url))
  /\bnew\s+URL\s*\(\s*['"`]([^'"`$]+)['"`]\s*,\s*import\.meta\.url\s*\)/g,
];

/** Every module specifier a source text imports, in no particular order. */
function importSpecifiers(text: string): string[] {
  const code = stripComments(text);
  return IMPORT_PATTERNS.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]));
}

type Target = { kind: 'file'; path: string } | { kind: 'builtin'; name: string } | { kind: 'package'; name: string };

const NODE_BUILTINS = new Set(builtinModules);

/** Where a specifier of `from` points: a repository file (relative to ROOT), a Node builtin, or a package. */
function resolveSpecifier(from: string, spec: string): Target {
  const bare = spec.replace(/[?#].*$/, ''); // Vite suffixes such as ?worker or ?url
  if (bare.startsWith('node:') || NODE_BUILTINS.has(bare.split('/')[0])) return { kind: 'builtin', name: bare };
  if (!bare.startsWith('.') && !bare.startsWith('/')) return { kind: 'package', name: bare };
  const base = resolve(dirname(from), bare);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.d.ts`, join(base, 'index.ts'), join(base, 'index.tsx')];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
  return { kind: 'file', path: relative(ROOT, hit).split('\\').join('/') };
}

interface Edge {
  from: string;
  spec: string;
  to: Target;
}

function edgesOf(dir: string): Edge[] {
  return filesUnder(resolve(ROOT, dir), /\.(ts|tsx|mts|mjs|js)$/).flatMap((file) => {
    const from = relative(ROOT, file).split('\\').join('/');
    return importSpecifiers(readFileSync(file, 'utf8')).map((spec) => ({ from, spec, to: resolveSpecifier(file, spec) }));
  });
}

const inside = (t: Target, ...dirs: string[]) => t.kind === 'file' && dirs.some((d) => t.path.startsWith(`${d}/`));
const show = (e: Edge) => `${e.from} -> ${e.spec}`;

/**
 * One circle per strongly connected component (listing every elementary circle could run to
 * thousands; one per tangle is enough to act on), as a path from its first node back to itself.
 */
function findCycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's strongly connected components; a component of two or more nodes (or a self-loop) is a circle.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(comp);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  // Name each circle by a path through it: from its first node (by name) back to itself.
  return components.map((comp) => {
    const members = new Set(comp);
    const start = [...comp].sort()[0];
    const path = [start];
    const seen = new Set([start]);
    // Breadth-first back to start inside the component gives the shortest circle through it.
    const prev = new Map<string, string>();
    const queue = [start];
    let closing: string | null = null;
    while (queue.length && closing === null) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) { closing = v; break; }
        if (!seen.has(w)) { seen.add(w); prev.set(w, v); queue.push(w); }
      }
    }
    const back: string[] = [];
    for (let v = closing; v !== null && v !== start; v = prev.get(v) ?? null) back.unshift(v);
    path.push(...back, start);
    return path;
  });
}

describe('the import parser', () => {
  it('finds static, type, re-export, side-effect, dynamic and worker-URL imports, and none in comments', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      "import { a,\n  b } from './multi';",
      "import type { T } from './types';",
      "import D, { e } from './default';",
      "export { x } from './re';",
      "export * from './star';",
      "export type { Y } from './retype';",
      "import './side.css';",
      "const C = lazy(() => import('./lazy').then((m) => m));",
      "const r: import('./typeonly').R = null;",
      "new Worker(new URL('../workers/w.worker.ts', import.meta.url), { type: 'module' });",
      "import W from './w?worker';",
      "// import { no } from './commented';",
      "/* export * from './blocked'; */",
      "const help = 'copied from somewhere';",
      "new URL('relative', base);",
    ].join('\n');
    expect(importSpecifiers(text).sort()).toEqual([
      '../workers/w.worker.ts', './default', './lazy', './multi', './re', './retype', './side.css', './star', './typeonly', './types', './w?worker', '@tensorflow/tfjs',
    ].sort());
  });

  it('finds a circle per strongly connected component, and none in a chain', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []], ['e', ['e']]]);
    const cycles = findCycles(g);
    expect(cycles).toHaveLength(2);
    expect(cycles).toEqual(expect.arrayContaining([['a', 'b', 'c', 'a'], ['e', 'e']]));
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });
});

describe('architecture', () => {
  const src = edgesOf('src');
  const scripts = edgesOf('scripts');
  const from = (dir: string) => src.filter((e) => e.from.startsWith(`${dir}/`));

  it('the scan sees the source tree', () => {
    // Guards against a scan that silently finds nothing (a moved folder, a broken pattern).
    expect(from('src/engine').length).toBeGreaterThan(50);
    expect(from('src/ui').length).toBeGreaterThan(50);
    expect(scripts.length).toBeGreaterThan(10);
    expect(src.some((e) => e.to.kind === 'file' && e.to.path.startsWith('src/workers/') && e.from.startsWith('src/ui/'))).toBe(true);
  });

  it('(a) no import circle inside src/engine (type imports included)', () => {
    const graph = new Map<string, string[]>();
    for (const e of from('src/engine')) {
      if (!graph.has(e.from)) graph.set(e.from, []);
      if (e.to.kind === 'file' && inside(e.to, 'src/engine')) graph.get(e.from)!.push(e.to.path);
    }
    expect(findCycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('(b) src/engine imports nothing outside src/engine (packages aside, no Node builtins)', () => {
    const bad = from('src/engine').filter((e) => e.to.kind === 'builtin' || (e.to.kind === 'file' && !inside(e.to, 'src/engine')));
    expect(bad.map(show)).toEqual([]);
  });

  it('(c) src/experiments imports only src/engine and itself (no workers, ui, scripts or Node builtins)', () => {
    const bad = from('src/experiments').filter((e) => e.to.kind === 'builtin' || (e.to.kind === 'file' && !inside(e.to, 'src/engine', 'src/experiments')));
    expect(bad.map(show)).toEqual([]);
  });

  it('(d) src/workers does not import src/ui', () => {
    expect(from('src/workers').filter((e) => inside(e.to, 'src/ui')).map(show)).toEqual([]);
  });

  it('(e) nothing in src/ imports from scripts/ or test/', () => {
    expect(src.filter((e) => inside(e.to, 'scripts', 'test')).map(show)).toEqual([]);
  });

  it('(f) scripts/ import nothing from test/', () => {
    expect(scripts.filter((e) => inside(e.to, 'test')).map(show)).toEqual([]);
  });

  it(`(g) no file in src/ has more than ${MAX_LINES} lines`, () => {
    const long = filesUnder(resolve(ROOT, 'src'), /./).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0); // as wc -l, plus an unterminated last line
      return lines > MAX_LINES ? [`${relative(ROOT, file)}: ${lines}`] : [];
    });
    expect(long).toEqual([]);
  });
});
