// No synchronous tensor reads in the engine or the workers: on WebGPU, dataSync()/arraySync()
// of a GPU-resident tensor returned zeros and destroyed the SwiftShader device (every later
// op failed), and on a hardware GPU they stall the pipeline. Reads must be `await t.data()`.
// A static scan is cheap and catches a new call before any browser test runs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SYNC_READ = /\.\s*(dataSync|arraySync|bufferSync)\s*\(|\bbufferSync\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

/** Lines that call a synchronous read, comments stripped. */
function syncReads(text: string): number[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
  return code.split('\n').flatMap((line, i) => (SYNC_READ.test(line.replace(/\/\/.*$/, '')) ? [i + 1] : []));
}

describe('no synchronous tensor reads', () => {
  it('the scanner finds the calls it must find, and not ones in comments', () => {
    expect(syncReads('const v = t.dataSync();')).toEqual([1]);
    expect(syncReads('x\nconst a = logits\n  .arraySync ();')).toEqual([3]);
    expect(syncReads('const b = tf.backend().bufferSync(t);')).toEqual([1]);
    expect(syncReads('// never call t.dataSync() here\n/* nor\n t.arraySync() */\nawait t.data();')).toEqual([]);
  });

  it('src/engine and src/workers use only async reads', () => {
    const offenders: string[] = [];
    for (const dir of ['src/engine', 'src/workers']) {
      for (const file of sources(resolve(ROOT, dir))) {
        for (const line of syncReads(readFileSync(file, 'utf8'))) offenders.push(`${relative(ROOT, file)}:${line}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
