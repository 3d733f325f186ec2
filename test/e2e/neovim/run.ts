/**
 * Neovim as a second LSP client over stdio (test/e2e/neovim/client.lua): diagnostics, a settings
 * change, the quick fix written to disk (a .sql file and an Alembic revision), hover and go to definition, against dist/server.js.
 *
 *   npx tsx test/e2e/neovim/run.ts [--mute-diagnostics]
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LayerOptions, LayerResult } from '../lib/layer';
import { runIfMain } from '../lib/layer';
import { muteServer } from '../lib/mute';
import { FIXTURE_WORKSPACE, REPO_ROOT, scratchDir } from '../lib/paths';
import { runCommand } from '../lib/process';

const FILE = 'migrations/001_add_orders_index.sql';
/** Bounds a hung Neovim; a run takes well under a second. */
const TIMEOUT_S = 60;

export async function runNeovim(options: LayerOptions = {}): Promise<LayerResult> {
  const { root, env } = scratchDir('neovim');
  const workspace = join(root, 'workspace');
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  let server = join(REPO_ROOT, 'dist/server.js');
  if (!existsSync(server)) throw new Error(`${server} is missing: run npm run build`);
  if (options.muteDiagnostics) {
    const dist = join(root, 'dist');
    mkdirSync(dist);
    for (const name of ['server.js', 'server-main.js', 'libpg-query.wasm']) copyFileSync(join(REPO_ROOT, 'dist', name), join(dist, name));
    muteServer(dist);
    server = join(dist, 'server.js');
  }
  const { code, output } = await runCommand(
    'timeout',
    [String(TIMEOUT_S), 'nvim', '--headless', '--clean', '-c', `luafile ${join(REPO_ROOT, 'test/e2e/neovim/client.lua')}`],
    { env: { ...env, SCHEMAGUARD_SERVER: server, SCHEMAGUARD_FILE: join(workspace, FILE) }, cwd: workspace },
  );
  const passed = code === 0 && /ok {3}quick fix/.test(output) && /ok {3}alembic quick fix/.test(output) && /ok {3}definition/.test(output);
  console.log(`Neovim over stdio: ${passed ? 'ok' : `FAIL (exit ${code}${code === 124 ? ', timed out' : ''})`}`);
  console.log(output.trimEnd().replace(/^/gm, '  '));
  if (passed || options.keepOnFailure === false) rmSync(root, { recursive: true, force: true });
  else console.log(`  scratch folder kept: ${root}`);
  const failure = passed ? '' : (/^FAIL (.*)$/m.exec(output)?.[1] ?? `exit code ${code}`);
  return { passed, failure };
}

runIfMain(module, runNeovim);
