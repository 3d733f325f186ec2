/** Bundles the in-editor suite into one CommonJS file the extension host can require. */
import { build } from 'esbuild';
import { join } from 'node:path';
import { OUT_DIR, REPO_ROOT } from '../lib/paths';

export async function buildSuite(): Promise<string> {
  const outfile = join(OUT_DIR, 'vscode/index.js');
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
