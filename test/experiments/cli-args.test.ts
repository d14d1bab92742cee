import { describe, expect, it } from 'vitest';
import { CliError, parseCliArgs } from '../../src/experiments/cli-args';
import { DEFAULT_SETTINGS } from '../../src/engine/settings';

describe('CLI flags', () => {
  it('parses the documented example', () => {
    const { settings, extra } = parseCliArgs(['--task', 'add', '--fn', '0.2', '--fp', '0', '--k', '8', '--steps', '300', '--seed', '1', '--out', 'runs/x.json'], ['out']);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, task: 'add', fnRate: 0.2, fpRate: 0, rolloutsPerPrompt: 8, steps: 300, seed: 1 });
    expect(extra.out).toBe('runs/x.json');
  });
  it('accepts --flag=value and bare booleans', () => {
    const { settings } = parseCliArgs(['--fn=0.1', '--std-norm', '--baseline', 'median']);
    expect(settings.fnRate).toBe(0.1);
    expect(settings.stdNorm).toBe(true);
    expect(settings.baseline).toBe('median');
    expect(parseCliArgs(['--std-norm', 'false']).settings.stdNorm).toBe(false);
  });
  it('--plateau: run to the plateau, --steps the cap; off by default', () => {
    expect(DEFAULT_SETTINGS.plateau).toBe(false);
    expect(parseCliArgs(['--plateau', '--steps', '300']).settings).toEqual({ ...DEFAULT_SETTINGS, plateau: true, steps: 300 });
    expect(parseCliArgs(['--plateau=0']).settings.plateau).toBe(false);
  });
  it('picks the base-model strength', () => {
    expect(DEFAULT_SETTINGS.base).toBe('mid');
    expect(parseCliArgs(['--base', 'strong']).settings).toEqual({ ...DEFAULT_SETTINGS, base: 'strong' });
    expect(() => parseCliArgs(['--base', 'huge'])).toThrow(/--base must be one of weak, mid, strong/);
  });
  it('picks the model size', () => {
    expect(parseCliArgs(['--model', 'small']).settings).toEqual({ ...DEFAULT_SETTINGS, model: 'small' });
    expect(() => parseCliArgs(['--model', 'huge'])).toThrow(/--model must be one of tiny, small, medium/);
  });
  it('names the flag and its range on a bad value', () => {
    expect(() => parseCliArgs(['--fn', '2'])).toThrow(/--fn must be a number in \[0, 0\.9\] \(got "2"\)/);
    expect(() => parseCliArgs(['--k', '3.5'])).toThrow(/--k must be an integer in \[2, 32\]/);
    expect(() => parseCliArgs(['--task', 'div'])).toThrow(/--task must be one of add, mul, mod/);
  });
  it('rejects unknown flags and missing values', () => {
    expect(() => parseCliArgs(['--fnn', '0.2'])).toThrow(CliError);
    expect(() => parseCliArgs(['--fn'])).toThrow(/needs a value/);
    expect(() => parseCliArgs(['fn'])).toThrow(/Unexpected argument/);
  });
});
