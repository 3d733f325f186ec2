/** Where the end-to-end tests find the repository, the installed tools and their own scratch space. */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const CODE_SERVER_VERSION = '4.100.3';
export const VSIX_PATH = join(REPO_ROOT, 'schemaguard.vsix');
export const EXTENSION_ID = 'schemaguard.schemaguard';
/** Test output (the UI test's screenshots) goes here; test/e2e/.gitignore keeps it out of git. */
export const OUT_DIR = join(REPO_ROOT, 'test/e2e/.out');
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test/e2e/fixtures/workspace');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'docs/images');

/** The same rule as scripts/e2e-setup.sh. */
export function cacheDir(): string {
  const xdgCache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return process.env.SCHEMAGUARD_E2E_CACHE || join(xdgCache, 'schemaguard-e2e');
}

export function codeServerBinary(): string {
  const binary = join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules/.bin/code-server');
  if (!existsSync(binary)) throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed at ${binary}: run scripts/e2e-setup.sh`);
  return binary;
}

export function chromiumBinary(): string {
  const binary = process.env.SCHEMAGUARD_E2E_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(binary)) throw new Error(`Chromium is not installed at ${binary}: run scripts/e2e-setup.sh`);
  return binary;
}

/** A fresh scratch folder with its own (created) HOME and XDG folders, so no run sees another's state. */
export function scratchDir(label: string): { root: string; env: NodeJS.ProcessEnv } {
  const root = mkdtempSync(join(tmpdir(), `schemaguard-e2e-${label}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: join(root, 'home'),
    XDG_CONFIG_HOME: join(root, 'xdg/config'),
    XDG_DATA_HOME: join(root, 'xdg/data'),
    XDG_CACHE_HOME: join(root, 'xdg/cache'),
    XDG_STATE_HOME: join(root, 'xdg/state'),
    XDG_RUNTIME_DIR: join(root, 'xdg/runtime'),
  };
  for (const key of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR']) {
    mkdirSync(env[key]!, { recursive: true, mode: 0o700 });
  }
  return { root, env };
}
