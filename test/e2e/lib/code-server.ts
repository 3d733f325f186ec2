/**
 * A throw-away code-server (real VS Code 1.100.3 in the browser) with its own HOME, user data
 * and extensions folders, the packaged extension installed from schemaguard.vsix, and a copy of
 * the fixture workspace. Listens on 127.0.0.1 only, without authentication.
 */
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { installedExtension, prepareEditorDirs } from './editor-dirs';
import { muteServer } from './mute';
import { VSIX_PATH, codeServerBinary, scratchDir } from './paths';
import type { Background } from './process';
import { runCommand, startBackground } from './process';

export interface CodeServerOptions {
  /** Names the scratch folder. */
  label: string;
  /** Drop every publishDiagnostics of the installed server (the check that the tests can fail). */
  muteDiagnostics?: boolean;
  /** Extra environment for code-server and so for the extension host (e.g. the suite's report path in `root`). */
  env?: (root: string) => NodeJS.ProcessEnv;
}

export interface CodeServer {
  origin: string;
  /** The scratch folder: home, user data, extensions, workspace. */
  root: string;
  /** The environment code-server runs with (its own HOME and XDG folders); give it to the browser too. */
  env: NodeJS.ProcessEnv;
  /** The copy of test/e2e/fixtures/workspace that the editor opens. */
  workspace: string;
  /** Where code-server unpacked schemaguard.vsix. */
  extensionPath: string;
  /** The URL that opens the workspace, with an optional `payload` (test runner arguments). */
  url(payload?: Array<[string, string]>): string;
  /** A path on this machine as the editor's remote file system names it. */
  remoteUri(path: string): string;
  output(): string;
  /** Stops code-server; removes the scratch folder unless `keep`. */
  stop(keep?: boolean): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const binary = codeServerBinary();
  if (!existsSync(VSIX_PATH)) throw new Error(`${VSIX_PATH} is missing: run npm run package`);
  const { root, env: scratchEnv } = scratchDir(options.label);
  const env = { ...scratchEnv, ...options.env?.(root) };
  const { workspace, extensionsDir, args: dirs } = prepareEditorDirs(root);

  const install = await runCommand(binary, [...dirs, '--install-extension', VSIX_PATH], { env });
  const extensionPath = installedExtension(extensionsDir);
  if (install.code !== 0 || !extensionPath) throw new Error(`code-server --install-extension ${VSIX_PATH} failed (exit ${install.code}):\n${install.output}`);
  if (options.muteDiagnostics) muteServer(join(extensionPath, 'dist'));

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server: Background = startBackground(
    binary,
    [
      ...dirs,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspace,
    ],
    { env, cwd: root },
  );
  try {
    await waitUntilHealthy(origin, server);
  } catch (error) {
    await server.stop();
    throw error;
  }

  const remoteUri = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
  return {
    origin,
    root,
    env,
    workspace,
    extensionPath,
    remoteUri,
    url(payload) {
      const query = new URLSearchParams({ folder: workspace });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${origin}/?${query}`;
    },
    output: server.output,
    async stop(keep = false) {
      await server.stop();
      if (!keep) rmSync(root, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls /healthz until code-server answers (it takes a few seconds on a busy machine). */
async function waitUntilHealthy(origin: string, server: Background, attempts = 120): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (server.child.exitCode !== null) throw new Error(`code-server exited with ${server.child.exitCode}:\n${server.output()}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer on ${origin} after ${attempts / 4} s:\n${server.output()}`);
}
