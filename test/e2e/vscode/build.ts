/**
 * Bundles the in-editor suite into one CommonJS file the extension host can require. The runners
 * put it inside the installed extension's folder (a scratch copy), so that the extension host
 * counts the suite's `require('vscode')` as the extension's own.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { REPO_ROOT } from '../lib/paths';

export async function buildSuite(extensionPath: string): Promise<string> {
  const outfile = join(extensionPath, 'e2e-suite/index.js');
  await build({
    entryPoints: [join(REPO_ROOT, 'test/e2e/vscode/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // jsonc-parser's UMD build cannot be bundled; its ESM build can
    mainFields: ['module', 'main'],
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}
