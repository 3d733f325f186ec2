/**
 * File-system side of settings, shared by the language server and the CLI: finding and
 * reading `.schemaguard.json`, and deciding whether a file is included.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type Picomatch from 'picomatch';
import type { Settings } from './core/config';
import type { ConfigFileResult } from './core/config-file';
import { CONFIG_FILE_NAME, parseConfigFile } from './core/config-file';

export interface LoadedConfig extends ConfigFileResult {
  path: string;
  /** The folder include/exclude globs are relative to. */
  root: string;
}

/** The nearest `.schemaguard.json` in `start` or a folder above it. */
export function findConfigFile(start: string): string | undefined {
  let folder = resolve(start);
  for (;;) {
    const candidate = join(folder, CONFIG_FILE_NAME);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Reads a config file; an unreadable or broken file yields problems, not an exception. */
export function loadConfigFile(path: string, text?: string): LoadedConfig {
  const root = dirname(resolve(path));
  if (text === undefined) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return { path, root, settings: {}, problems: [{ message: `Cannot read ${path}: ${(error as Error).message}`, start: 0, end: 0 }] };
    }
  }
  return { path, root, ...parseConfigFile(text) };
}

/** True when `file` matches the include globs and none of the exclude globs, relative to `root`. */
export function isIncluded(file: string, root: string, settings: Pick<Settings, 'include' | 'exclude'>): boolean {
  const path = relative(root, resolve(file)).split(sep).join('/');
  if (path.startsWith('../')) return !matcher(settings.exclude)(resolve(file).split(sep).join('/'));
  return matcher(settings.include)(path) && !matcher(settings.exclude)(path);
}

// compiled once per list of globs (a folder of migrations asks for every file), picomatch loaded on first use
const matchers = new Map<string, (path: string) => boolean>();

function matcher(globs: readonly string[]): (path: string) => boolean {
  const key = JSON.stringify(globs);
  let match = matchers.get(key);
  if (!match) {
    if (matchers.size >= 64) matchers.clear(); // settings edited many times in one session
    const picomatch = require('picomatch') as typeof Picomatch;
    match = picomatch([...globs], { dot: true });
    matchers.set(key, match);
  }
  return match;
}
