// npm runs `pre<name>` and `post<name>` around `<name>` (and around its own lifecycle
// commands such as `npm test` or `npm install`). A script that merely happens to be named
// that way becomes a hidden step: `pretrain` once made every `npm run train` retrain all
// the base models first. No script here may be such a hook unless it is meant to be one.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** npm commands that run pre/post hooks of their own even without a script of that name. */
const LIFECYCLE = ['install', 'uninstall', 'publish', 'pack', 'version', 'test', 'start', 'stop', 'restart', 'shrinkwrap'];

/** Hooks we meant to have: none today. Add a name here only on purpose. */
const INTENDED_HOOKS = new Set<string>();

/** Script names that npm would run as a hook of another script or command. */
export function accidentalHooks(scripts: Record<string, string>): string[] {
  const names = Object.keys(scripts);
  const targets = new Set([...names, ...LIFECYCLE]);
  return names.filter((n) => !INTENDED_HOOKS.has(n) && ['pre', 'post'].some((p) => n.startsWith(p) && targets.has(n.slice(p.length))));
}

describe('package.json script names', () => {
  it('catches a pre/post name that shadows another script or an npm command', () => {
    expect(accidentalHooks({ train: 'x', pretrain: 'y', postbench: 'z', bench: 'w' })).toEqual(['pretrain', 'postbench']);
    expect(accidentalHooks({ pretest: 'x' })).toEqual(['pretest']);
    expect(accidentalHooks({ preview: 'vite preview', prepared: 'x', 'base-models': 'y' })).toEqual([]);
  });

  it('has no accidental pre/post hooks', () => {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(accidentalHooks(pkg.scripts)).toEqual([]);
  });
});
