// Command-line flags for the same settings schema: --fn 0.2 --k 8 ... Invalid flags are
// errors that name the flag and its allowed range (a CLI run should never silently default).
import { coerceFromString, describeRange, fieldOf, parseSettings, SETTING_KEYS, type SettingKey, type Settings } from '../engine/settings';

export interface CliParse {
  settings: Settings;
  /** Non-setting options such as --out, keyed without dashes. */
  extra: Record<string, string>;
}

export class CliError extends Error {}

const BY_FLAG = new Map<string, SettingKey>(SETTING_KEYS.map((k) => [fieldOf(k).flag, k]));

export function settingsHelp(): string {
  return SETTING_KEYS.map((k) => {
    const f = fieldOf(k);
    return `  --${f.flag.padEnd(14)} ${f.label}: ${describeRange(k)} (default ${String(f.default)})`;
  }).join('\n');
}

export function parseCliArgs(argv: readonly string[], extraFlags: readonly string[] = []): CliParse {
  const raw: Record<string, unknown> = {};
  const extra: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new CliError(`Unexpected argument "${arg}": flags look like --fn 0.2`);
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const key = BY_FLAG.get(name);
    const isBool = key !== undefined && fieldOf(key).kind === 'bool';
    if (value === undefined) {
      const nextArg = argv[i + 1];
      if (isBool && (nextArg === undefined || nextArg.startsWith('--'))) value = 'true';
      else if (nextArg === undefined) throw new CliError(`Flag --${name} needs a value`);
      else { value = nextArg; i++; }
    }
    if (key) {
      const coerced = coerceFromString(key, value);
      const r = parseSettings({ [key]: coerced });
      if (r.issues.length) throw new CliError(`--${name} must be ${describeRange(key)} (got "${value}")`);
      raw[key] = r.settings[key];
    } else if (extraFlags.includes(name)) {
      extra[name] = value;
    } else {
      throw new CliError(`Unknown flag --${name}. Settings flags:\n${settingsHelp()}${extraFlags.length ? `\nOther flags: ${extraFlags.map((f) => `--${f}`).join(', ')}` : ''}`);
    }
  }
  return { settings: parseSettings(raw).settings, extra };
}
