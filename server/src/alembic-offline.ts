/**
 * Real Alembic in offline mode, as a child process: what `alembic upgrade <prev>:<rev> --sql`
 * renders for one revision. Finds the project's alembic.ini above the revision and a Python that
 * can import alembic; says plainly what is missing when either is not there. File system and
 * processes only: the server and the CLI call it, the core never does.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { readRevision, revisionIds } from './core/source/python/revision';

/** Bounds a hung env.py (one that connects to a database even offline, say). */
const RUN_TIMEOUT_MS = 60_000;
const PROBE_TIMEOUT_MS = 10_000;
/** Interpreters tried after the setting and the project's virtual environments. Debian's python3-alembic has no `alembic` script: `-m alembic` works everywhere. */
const SYSTEM_PYTHONS = ['python3', 'python', '/usr/bin/python3'];
const VENVS = ['.venv/bin/python', 'venv/bin/python', '.venv/Scripts/python.exe', 'venv/Scripts/python.exe'];

export interface OfflinePreview {
  /** `0001:0002`, `base:0001`. */
  range: string;
  revision: string;
  /** The command line as it was run. */
  command: string;
  python: string;
  ini: string;
  /** What Alembic printed on stdout: the SQL script. */
  sql: string;
}

export type OfflineResult = { ok: true; preview: OfflinePreview } | { ok: false; message: string };

export interface OfflineOptions {
  /** The revision file's text (what is on disk is what Alembic runs; the text gives the ids). */
  text: string;
  /** Absolute path of the revision file. */
  path: string;
  /** Where the search for alembic.ini stops (the workspace folder); the file system root when absent. */
  root?: string;
  /** An interpreter to use instead of searching (the `python` setting). */
  python?: string;
}

/** The nearest alembic.ini in the revision's folder or above it, up to `root`. */
export function findAlembicIni(path: string, root?: string): string | undefined {
  let dir = dirname(path);
  for (;;) {
    const candidate = join(dir, 'alembic.ini');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir || (root && relative(root, dir) === '')) return undefined;
    dir = parent;
  }
}

function run(file: string, args: string[], cwd: string, timeout: number): Promise<{ code: number | null; stdout: string; stderr: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      const failure = error && code === null ? (error.killed ? `timed out after ${timeout / 1000} s` : error.message) : undefined;
      resolve({ code, stdout: String(stdout), stderr: String(stderr), error: failure });
    });
  });
}

const probed = new Map<string, Promise<boolean>>();

function canImportAlembic(python: string, cwd: string): Promise<boolean> {
  let pending = probed.get(python);
  if (!pending) {
    pending = run(python, ['-c', 'import alembic, sqlalchemy'], cwd, PROBE_TIMEOUT_MS).then((result) => result.code === 0);
    probed.set(python, pending);
  }
  return pending;
}

/** The interpreters to try, in order: the setting alone when set, else the project's virtual environments and the system's. */
export function pythonCandidates(iniDir: string, root: string | undefined, setting: string | undefined): string[] {
  if (setting) return [setting];
  const dirs = [iniDir, ...(root && root !== iniDir ? [root] : [])];
  return [...dirs.flatMap((dir) => VENVS.map((venv) => join(dir, venv)).filter((path) => existsSync(path))), ...SYSTEM_PYTHONS];
}

/** The part of an offline script for `revision` alone: for a merge, `<first parent>:<rev>` also renders the other parents' branches. */
export function sliceToRevision(sql: string, revision: string): string {
  const marker = new RegExp(`^-- Running upgrade [^\\n]* -> ${revision.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');
  const own = marker.exec(sql);
  const first = /^-- Running upgrade /m.exec(sql);
  if (!own || !first || own.index === first.index) return sql;
  return sql.slice(0, first.index) + sql.slice(own.index);
}

export async function renderRevisionOffline(options: OfflineOptions): Promise<OfflineResult> {
  const revision = readRevision(options.text);
  const id = revision.revision?.value.kind === 'str' ? revision.revision.value.value : undefined;
  if (!id) return { ok: false, message: 'This file has no `revision = "..."` string, so there is no revision for `alembic upgrade --sql` to render.' };
  const parents = revisionIds(revision.downRevision);
  if (!parents) return { ok: false, message: `The down_revision of ${id} is not a literal (None, a string or a tuple of strings), so the range to render is unknown.` };
  const ini = findAlembicIni(options.path, options.root);
  if (!ini) {
    return { ok: false, message: `No alembic.ini in ${dirname(options.path)} or the folders above it${options.root ? ` (up to ${options.root})` : ''}: the SQL preview runs \`alembic upgrade --sql\` from the project's alembic.ini.` };
  }
  const cwd = dirname(ini);
  const candidates = pythonCandidates(cwd, options.root, options.python);
  let python: string | undefined;
  for (const candidate of candidates) {
    if (await canImportAlembic(candidate, cwd)) {
      python = candidate;
      break;
    }
  }
  if (!python) {
    return {
      ok: false,
      message: `No Python that can import alembic and sqlalchemy (tried ${candidates.join(', ')}): install Alembic in the project's environment, or set schemaguard.python to an interpreter that has it.`,
    };
  }
  const range = `${parents[0] ?? 'base'}:${id}`;
  const args = ['-m', 'alembic', '-c', ini, 'upgrade', range, '--sql'];
  const result = await run(python, args, cwd, RUN_TIMEOUT_MS);
  const command = `${python} ${args.join(' ')}`;
  if (result.code !== 0) {
    const detail = (result.error ?? result.stderr.trim().split('\n').slice(-6).join('\n')) || `exit code ${result.code}`;
    return { ok: false, message: `\`alembic upgrade ${range} --sql\` failed (in ${cwd}):\n${detail}` };
  }
  const sql = parents.length > 1 ? sliceToRevision(result.stdout, id) : result.stdout;
  return { ok: true, preview: { range, revision: id, command, python, ini, sql } };
}
