// tfjs is loaded once, by the workers (src/workers/engine.worker.ts and its engine chunk): the
// page's own code, lazy views included, never imports it. A module that only drives workers
// and imports, say, src/engine/trainer for one function pulls a second copy of tfjs into the
// page's bundle (the Sweeps view once carried 870 KB of it through src/experiments/job-port.ts).
// Followed here: every import that stays in the built JS (static, re-export, dynamic), from
// src/ui/main.tsx; type-only imports are erased and worker URLs start another bundle.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/^\s*\/\/.*$/gm, '');
}

/** Specifiers of the imports that survive into the JS: not `import type`, not all-`type` braces. */
export function runtimeSpecifiers(text: string): string[] {
  const code = stripComments(text);
  const out: string[] = [];
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g)) {
    if (m[2]) continue;
    const braces = m[3].match(/^\{([^}]*)\}$/);
    if (braces && braces[1].split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '))) continue;
    out.push(m[4]);
  }
  for (const m of code.matchAll(/(?:^|;)\s*import\s*['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

function resolveFile(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec.replace(/[?#].*$/, ''));
  return [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** Packages the page's bundle imports, each with one chain of files that leads to it. */
function pagePackages(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const via = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of runtimeSpecifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('virtual:')) continue;
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, via.get(file)!.map((f) => relative(ROOT, f)));
        continue;
      }
      const next = resolveFile(file, spec);
      if (!next || via.has(next) || !/\.tsx?$/.test(next)) continue;
      via.set(next, [...via.get(file)!, next]);
      queue.push(next);
    }
  }
  return packages;
}

describe('the page imports no tfjs', () => {
  it('finds runtime imports and skips type-only ones', () => {
    expect(runtimeSpecifiers([
      "import * as tf from '@tensorflow/tfjs';",
      "import type { T } from './types';",
      "import { type A, type B } from './only-types';",
      "import { type C, d } from './mixed';",
      "export { x } from './re';",
      "export type { Y } from './retype';",
      "import './side.css';",
      "const L = () => import('./lazy');",
      "// import { gone } from './commented';",
    ].join('\n')).sort()).toEqual(['./lazy', './mixed', './re', './side.css', '@tensorflow/tfjs']);
  });

  it('from src/ui/main.tsx, no import chain reaches @tensorflow/*', () => {
    const packages = pagePackages(resolve(ROOT, 'src/ui/main.tsx'));
    expect(packages.has('react')).toBe(true); // the walk does reach the page's packages
    const tf = [...packages].filter(([p]) => p.startsWith('@tensorflow/')).map(([p, chain]) => `${p} via ${chain.join(' -> ')}`);
    expect(tf).toEqual([]);
  });
});
