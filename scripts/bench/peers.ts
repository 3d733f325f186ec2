/**
 * The peers the bench compares with, installed at pinned versions into a cache outside the
 * project's dependencies (~/.cache/schemaguard-bench/<package>-<version>) with `npm install --prefix`.
 * A peer that cannot be installed is skipped with a line saying why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pidsWithCommandLine } from './process';
import type { ServerSpec } from './lsp';

export const CACHE = process.env.SCHEMAGUARD_BENCH_CACHE ?? join(homedir(), '.cache', 'schemaguard-bench');

export interface Peer {
  name: string;
  version: string;
  /** The native binary inside the package (not its npm wrapper). */
  binary: string;
  /** argv for one CLI run over `paths` with JSON output; paths may be globs where the peer needs them. */
  cliArgs(paths: string[]): string[];
  /** How to name a folder on the command line (squawk wants a glob). */
  folderArg(folder: string): string;
  server(): ServerSpec;
}

function install(pkg: string, version: string): { prefix: string } | { error: string } {
  const prefix = join(CACHE, `${pkg.replace(/[@/]/g, '_')}-${version}`);
  if (existsSync(join(prefix, 'node_modules', ...pkg.split('/'), 'package.json'))) return { prefix };
  mkdirSync(prefix, { recursive: true });
  const npm = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--include=optional', `${pkg}@${version}`], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (npm.status !== 0) return { error: `npm install ${pkg}@${version} failed: ${(npm.stderr || npm.error?.message || '').trim().split('\n').slice(-2).join(' ')}` };
  return { prefix };
}

function squawk(prefix: string): Peer | string {
  const binary = join(prefix, 'node_modules', '@squawk-cli', `${process.platform}-${process.arch}`, 'bin', 'squawk');
  if (!existsSync(binary)) return `no native binary for ${process.platform}-${process.arch} in squawk-cli (looked for ${binary})`;
  return {
    name: 'squawk',
    version: '2.66.0',
    binary,
    cliArgs: (paths) => ['--reporter', 'json', ...paths],
    folderArg: (folder) => `${folder}/**/*.sql`,
    server: () => ({ name: 'squawk', command: binary, args: ['server'], diagnostics: 'pull' }),
  };
}

function postgrestools(prefix: string): Peer | string {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch;
  const binary = join(prefix, 'node_modules', '@postgrestools', `cli-${arch}-${process.platform}-gnu`, 'postgrestools');
  if (!existsSync(binary)) return `no native binary for ${process.platform}-${process.arch} in @postgrestools/postgrestools (looked for ${binary})`;
  // a private cache folder: the daemon's socket and logs live there, apart from any other user's daemon
  const home = join(CACHE, 'postgrestools-home');
  const logs = join(home, 'logs');
  return {
    name: 'postgrestools',
    version: '0.25.7',
    binary,
    cliArgs: (paths) => ['check', '--disable-db', '--reporter', 'json', '--max-diagnostics=none', ...paths],
    folderArg: (folder) => folder,
    server: () => ({
      name: 'postgrestools',
      command: binary,
      args: ['lsp-proxy', `--log-path=${logs}`],
      env: { ...process.env, XDG_CACHE_HOME: home, PGT_LOG_PATH: logs },
      diagnostics: 'push',
      // lsp-proxy starts a daemon (`__run_server`) that can outlive it: found by our log path, stopped by PID
      helpers: () => pidsWithCommandLine('__run_server', logs),
    }),
  };
}

export function loadPeers(log: (line: string) => void): Peer[] {
  const peers: Peer[] = [];
  const wanted: Array<[string, string, (prefix: string) => Peer | string]> = [
    ['squawk-cli', '2.66.0', squawk],
    ['@postgrestools/postgrestools', '0.25.7', postgrestools],
  ];
  for (const [pkg, version, locate] of wanted) {
    const installed = install(pkg, version);
    if ('error' in installed) {
      log(`peer ${pkg}@${version} skipped: ${installed.error}`);
      continue;
    }
    const peer = locate(installed.prefix);
    if (typeof peer === 'string') log(`peer ${pkg}@${version} skipped: ${peer}`);
    else peers.push(peer);
  }
  return peers;
}
