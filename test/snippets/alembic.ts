/**
 * Python and Alembic for the snippet tests: finds an interpreter, lays out a throw-away Alembic
 * project (alembic.ini, env.py, versions/) and runs the alembic command in it.
 *
 * Alembic comes from Debian (`apt-get install -y python3-alembic python3-asyncpg`): PyPI is not
 * reachable here. Debian's package has no `alembic` script, so it runs as `python3 -m alembic`, with
 * the first of $SCHEMAGUARD_PYTHON, python3 and /usr/bin/python3 that can import it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SKIP_PYTHON = process.env.SCHEMAGUARD_SKIP_PYTHON === '1';
export const SKIP_ALEMBIC = SKIP_PYTHON || process.env.SCHEMAGUARD_SKIP_ALEMBIC === '1';

const CANDIDATES = [process.env.SCHEMAGUARD_PYTHON, 'python3', '/usr/bin/python3'].filter((path): path is string => !!path);

function firstPythonThatRuns(code: string): string | undefined {
  return CANDIDATES.find((python) => spawnSync(python, ['-c', code], { encoding: 'utf8' }).status === 0);
}

let pythonFound: string | undefined | null = null;
let alembicFound: string | undefined | null = null;
let asyncpgFound: string | undefined | null = null;

/** A python3 that runs, or an error that says what to install (or which variable skips these tests). */
export function python(): string {
  pythonFound ??= firstPythonThatRuns('import sys; assert sys.version_info >= (3, 8)');
  if (!pythonFound) throw new Error(`no python3 (tried ${CANDIDATES.join(', ')}): install python3, or set SCHEMAGUARD_SKIP_PYTHON=1 to skip the Python snippet tests`);
  return pythonFound;
}

/** A python3 that can import alembic and SQLAlchemy. */
export function alembicPython(): string {
  alembicFound ??= firstPythonThatRuns('import alembic, sqlalchemy');
  if (!alembicFound) {
    throw new Error(
      `no python3 that can import alembic (tried ${CANDIDATES.join(', ')}): apt-get install -y python3-alembic, or set SCHEMAGUARD_SKIP_ALEMBIC=1 to skip the Alembic runs`,
    );
  }
  return alembicFound;
}

/** A python3 that can import alembic and asyncpg (for running the async env.py online). */
export function asyncpgPython(): string {
  asyncpgFound ??= firstPythonThatRuns('import alembic, sqlalchemy, asyncpg');
  if (!asyncpgFound) {
    throw new Error(
      `no python3 that can import alembic and asyncpg (tried ${CANDIDATES.join(', ')}): apt-get install -y python3-alembic python3-asyncpg, or set SCHEMAGUARD_SKIP_ALEMBIC=1`,
    );
  }
  return asyncpgFound;
}

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runPython(interpreter: string, args: string[], cwd?: string): Result {
  const result = spawnSync(interpreter, args, { cwd, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const COMPILE_EACH = `
import json, py_compile, sys
errors = {}
for path in sys.argv[1:]:
    try:
        py_compile.compile(path, doraise=True)
        errors[path] = None
    except py_compile.PyCompileError as error:
        errors[path] = error.msg
print(json.dumps(errors))
`;

/**
 * Compiles each source with py_compile, in one Python process: the error message per name, or null
 * when it compiles.
 */
export function compileEach(sources: Record<string, string>): Record<string, string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'schemaguard-py-'));
  const paths = Object.keys(sources).map((name, index) => join(dir, `snippet_${index}.py`));
  Object.values(sources).forEach((source, index) => writeFileSync(paths[index], source));
  const result = runPython(python(), ['-c', COMPILE_EACH, ...paths]);
  if (result.status !== 0) throw new Error(`py_compile failed to run:\n${result.stderr}`);
  const errors = JSON.parse(result.stdout) as Record<string, string | null>;
  return Object.fromEntries(Object.keys(sources).map((name, index) => [name, errors[paths[index]]]));
}

/** The env.py Alembic's offline mode needs at least: render the SQL for the configured URL (the fixture project's). */
export const OFFLINE_ENV = readFileSync(join(__dirname, '../fixtures/alembic/shop/env.py'), 'utf8');

const INI_LOGGING = `
[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %%(levelname)-5.5s [%%(name)s] %%(message)s
`;

export interface AlembicProject {
  dir: string;
  run(args: string[], interpreter?: string): Result;
}

/** A temporary Alembic project: versions/ holds the given revision files (name -> source). */
export function alembicProject(options: { url: string; envPy?: string; revisions: Record<string, string> }): AlembicProject {
  const dir = mkdtempSync(join(tmpdir(), 'schemaguard-alembic-'));
  const scripts = join(dir, 'migrations');
  mkdirSync(join(scripts, 'versions'), { recursive: true });
  writeFileSync(join(dir, 'alembic.ini'), `[alembic]\nscript_location = ${scripts}\nsqlalchemy.url = ${options.url}\n${INI_LOGGING}`);
  writeFileSync(join(scripts, 'env.py'), options.envPy ?? OFFLINE_ENV);
  for (const [name, source] of Object.entries(options.revisions)) writeFileSync(join(scripts, 'versions', name), source);
  return {
    dir,
    run: (args, interpreter = alembicPython()) => runPython(interpreter, ['-m', 'alembic', '-c', join(dir, 'alembic.ini'), ...args], dir),
  };
}

/** Runs alembic and returns its stdout, or throws with its stderr. */
export function alembicOutput(project: AlembicProject, args: string[], interpreter?: string): string {
  const result = project.run(args, interpreter);
  if (result.status !== 0) throw new Error(`alembic ${args.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}
