/**
 * The command-line linter: the same engine and settings as the editor, for CI.
 *   schemaguard lint [files, folders or globs] [--format text|json|sarif] [--config FILE] [--fix]
 * Exit status: 0 nothing at warning or above, 1 findings, 2 usage or internal error.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { glob } from 'tinyglobby';
import { CONFIG_ERROR } from './core/builtins';
import type { Settings, TransactionMode } from './core/config';
import { SUPPORTED_POSTGRES_VERSIONS, TRANSACTION_MODES, resolveSettings } from './core/config';
import { docsUrl } from './core/docs-url';
import { applyEdits } from './core/fix/edits';
import { fixAll } from './core/fix-all';
import type { Finding, LintResult } from './core/lint';
import { lintText, oversizedResult } from './core/lint';
import { formatJson } from './core/report/json';
import { formatSarif } from './core/report/sarif';
import { formatText } from './core/report/text';
import type { FileReport } from './core/report/types';
import { ALL_RULES } from './core/rules/index';
import { initParser } from './core/source/parser';
import { LineIndex } from './core/source/text';
import type { SchemaWorkspace } from './core/model/schema/workspace';
import type { FileOutcome, WorkerTask } from './cli-workers';
import { claimNext, independentGroups, largestFirst, lintOnWorker, sharedQueue, threadCount } from './cli-workers';
import { workspaceFor } from './history-files';
import type { LoadedConfig } from './workspace';
import { findConfigFile, isIncluded, loadConfigFile } from './workspace';

const VERSION = process.env.SCHEMAGUARD_VERSION ?? '0.1.0';

// The parser's WebAssembly compiled by the baseline compiler only: a CLI run is over before the
// optimizing tier pays off. Measured (npm run bench): about half the wall time and RSS on one file,
// and no slower on the whole corpus.
setFlagsFromString('--liftoff-only');
const MAX_FIX_PASSES = 5;

const USAGE = `Usage: schemaguard lint [files, folders or globs...] [options]
       schemaguard rules
       schemaguard --version

Lints PostgreSQL migrations: SQL files and Alembic revisions. Folders are searched for the files
the "include" setting names (default **/*.sql and **/versions/*.py). With no paths, lints the
current folder.

Options:
  --format text|json|sarif   output format (default text)
  --config FILE              settings file (default: the nearest .schemaguard.json)
  --postgres-version N       PostgreSQL major version the migrations run on (${SUPPORTED_POSTGRES_VERSIONS[0]}-${SUPPORTED_POSTGRES_VERSIONS[SUPPORTED_POSTGRES_VERSIONS.length - 1]})
  --transaction MODE         explicit (statement by statement) | per-file (the runner wraps each file
                             in a transaction) | single-command (the runner sends each file as one command)
  --fix                      rewrite files into the safe form where a fix exists
  --no-color                 plain text output
  -h, --help                 this help

Exit status: 0 when nothing at warning or above, 1 when there are findings, 2 on a usage or internal error.
`;

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json' | 'sarif';
  config?: string;
  overrides: Partial<Settings>;
  fix: boolean;
  color: boolean;
}

function parseOptions(argv: string[]): { command: string | undefined; paths: string[]; options: Options; help: boolean; version: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        'postgres-version': { type: 'string' },
        transaction: { type: 'string' },
        fix: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const format = (values.format ?? 'text') as Options['format'];
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${values.format}"`);
  const overrides: Partial<Settings> = {};
  if (values['postgres-version'] !== undefined) {
    const version = Number(values['postgres-version']);
    if (!(SUPPORTED_POSTGRES_VERSIONS as readonly number[]).includes(version)) {
      throw new UsageError(`--postgres-version must be one of ${SUPPORTED_POSTGRES_VERSIONS.join(', ')}`);
    }
    overrides.postgresVersion = version;
  }
  if (values.transaction !== undefined) {
    if (!(TRANSACTION_MODES as readonly string[]).includes(values.transaction)) throw new UsageError(`--transaction must be one of ${TRANSACTION_MODES.join(', ')}`);
    overrides.transaction = values.transaction as TransactionMode;
  }
  const [command, ...paths] = positionals;
  return {
    command,
    paths,
    help: values.help === true,
    version: values.version === true,
    options: { format, config: values.config, overrides, fix: values.fix === true, color: values['no-color'] !== true && process.stdout.isTTY === true },
  };
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}

async function expandPaths(paths: string[], root: string, settings: Settings): Promise<string[]> {
  const files = new Set<string>();
  for (const input of paths.length > 0 ? paths : ['.']) {
    let stats;
    try {
      stats = statSync(input);
    } catch {
      stats = undefined;
    }
    if (stats?.isFile()) {
      files.add(resolve(input)); // named explicitly: linted whatever the include globs say
      continue;
    }
    // include/exclude globs are relative to the config folder; a folder outside it is its own base
    const base = isInside(resolve(input), root) ? root : resolve(input);
    const matches = stats?.isDirectory()
      ? (await glob('**/*', { cwd: input, absolute: true, dot: true, ignore: ['**/node_modules/**', '**/.git/**'] })).filter((file) =>
          isIncluded(file, base, settings),
        )
      : await glob(input, { absolute: true, dot: true, ignore: ['**/node_modules/**', '**/.git/**'] });
    if (matches.length === 0 && !stats?.isDirectory()) throw new UsageError(`no files match "${input}"`);
    for (const match of matches) files.add(resolve(match));
  }
  return [...files].sort();
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function configReport(config: LoadedConfig): FileReport | undefined {
  if (config.problems.length === 0) return undefined;
  let text = '';
  try {
    text = readFileSync(config.path, 'utf8');
  } catch {
    // unreadable: the problem already says so
  }
  const lines = new LineIndex(text);
  const findings: Finding[] = config.problems.map((problem) => ({
    ruleId: CONFIG_ERROR.id,
    messageId: 'problem',
    severity: CONFIG_ERROR.severity,
    category: CONFIG_ERROR.category,
    message: problem.message,
    start: problem.start,
    end: problem.end,
    range: lines.range(problem.start, problem.end),
    fixes: [],
    ignoreFixes: [],
  }));
  return { file: displayPath(config.path), findings };
}

function decode(buffer: Buffer): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(buffer);
}

function lintFile(file: string, settings: Settings, workspace: SchemaWorkspace, fix: boolean, internalErrors: string[]): Finding[] {
  const size = statSync(file).size;
  if (size > settings.maxFileSize) return oversizedResult(size, settings).findings;
  let text = decode(readFileSync(file));
  let result: LintResult = lintText(text, { settings, path: file, schema: workspace.inputFor(file) });
  if (fix) {
    const original = text;
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const { edits, files } = fixAll(result.findings);
      const created = files.filter((newFile) => !existsSync(newFile.path));
      if (edits.length === 0 && created.length === 0) break;
      for (const newFile of created) {
        writeFileSync(newFile.path, newFile.text, { flag: 'wx' });
        workspace.setFile(newFile.path, newFile.text);
      }
      text = applyEdits(text, edits);
      workspace.setFile(file, text);
      result = lintText(text, { settings, path: file, schema: workspace.inputFor(file) });
    }
    if (text !== original) writeFileSync(file, text);
  }
  internalErrors.push(...result.internalErrors.map((error) => `${displayPath(file)}: ${error}`));
  return result.findings;
}

/** Lints files one after the other in this thread. */
function lintFiles(files: readonly string[], settings: Settings, workspace: SchemaWorkspace, fix: boolean): FileOutcome[] {
  return files.map((file) => {
    const internalErrors: string[] = [];
    try {
      return { file, findings: lintFile(file, settings, workspace, fix, internalErrors), internalErrors };
    } catch (error) {
      const failure = `${displayPath(file)}: ${(error as Error).message}`;
      return { file, findings: [], internalErrors: [...internalErrors, failure], failure };
    }
  });
}

/** Lints every file, on several threads where that pays (cli-workers.ts), with the results in the files' order. */
async function lintAll(files: string[], root: string, settings: Settings, workspace: SchemaWorkspace, fix: boolean): Promise<FileOutcome[]> {
  const threads = threadCount(files, fix);
  const entry = process.argv[1];
  if (threads < 2 || !entry) return lintFiles(files, settings, workspace, fix);
  const groups = largestFirst(independentGroups(files, workspace));
  const queue = sharedQueue();
  const elsewhere = Array.from({ length: threads - 1 }, () => lintOnWorker(entry, { kind: 'schemaguard-lint', files, groups, queue, root, settings }));
  // SCHEMAGUARD_WORKERS_ONLY=1 leaves every group to the workers (tests: what the workers lint is what is checked)
  const outcomes = process.env.SCHEMAGUARD_WORKERS_ONLY === '1' ? [] : lintQueue(queue, groups, settings, workspace);
  for (const share of await Promise.all(elsewhere)) outcomes.push(...share);
  const order = new Map(files.map((file, index) => [file, index]));
  return outcomes.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
}

/** Lints the groups this thread takes from the shared queue, until none is left. */
function lintQueue(queue: Int32Array, groups: readonly string[][], settings: Settings, workspace: SchemaWorkspace): FileOutcome[] {
  const outcomes: FileOutcome[] = [];
  for (let group = claimNext(queue, groups); group; group = claimNext(queue, groups)) outcomes.push(...lintFiles(group, settings, workspace, false));
  return outcomes;
}

/** A worker thread's part of lintAll. */
async function runWorker(task: WorkerTask): Promise<void> {
  await initParser();
  const workspace = await workspaceFor(task.files, task.root, task.settings);
  parentPort!.postMessage(lintQueue(task.queue, task.groups, task.settings, workspace));
}

function listRules(): string {
  return (
    ALL_RULES.map((rule) => `${rule.id.padEnd(36)} ${rule.severity.padEnd(8)} ${rule.fixable ? 'fix' : '   '}  ${rule.summary}\n${' '.repeat(50)}${docsUrl(rule.id)}`).join(
      '\n',
    ) + '\n'
  );
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`schemaguard: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { command, paths, options } = parsed;
  if (parsed.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (parsed.help || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === 'rules') {
    process.stdout.write(listRules());
    return 0;
  }
  if (command !== 'lint') {
    process.stderr.write(`schemaguard: ${command ? `unknown command "${command}"` : 'missing command'}\n\n${USAGE}`);
    return 2;
  }

  try {
    const configPath = options.config ?? findConfigFile(process.cwd());
    if (options.config) statSync(options.config); // a named config that does not exist is a usage error
    const config = configPath ? loadConfigFile(configPath) : undefined;
    const settings = resolveSettings(config?.settings, options.overrides);
    const root = config?.root ?? process.cwd();
    const files = await expandPaths(paths, root, settings);
    await initParser();
    // the histories the linted files belong to: every rule sees the schema their earlier migrations built
    const workspace = await workspaceFor(files, root, settings);

    const reports: FileReport[] = [];
    const configProblems = config && configReport(config);
    if (configProblems) reports.push(configProblems);
    const internalErrors: string[] = [];
    for (const outcome of await lintAll(files, root, settings, workspace, options.fix)) {
      if (outcome.failure === undefined) reports.push({ file: displayPath(outcome.file), findings: outcome.findings });
      internalErrors.push(...outcome.internalErrors);
    }

    if (options.format === 'json') process.stdout.write(formatJson(reports));
    else if (options.format === 'sarif') {
      process.stdout.write(formatSarif(reports, { toolVersion: VERSION, baseUri: pathToFileURL(process.cwd() + sep).href }));
    } else process.stdout.write(formatText(reports, { color: options.color }));

    for (const error of internalErrors) process.stderr.write(`schemaguard: internal error: ${error}\n`);
    if (internalErrors.length > 0) return 2;
    const failing = reports.some((report) => report.findings.some((finding) => finding.severity === 'error' || finding.severity === 'warning'));
    return failing ? 1 : 0;
  } catch (error) {
    const message = error instanceof UsageError ? error.message : (error as Error).message;
    process.stderr.write(`schemaguard: ${message}\n`);
    return 2;
  }
}

if (!isMainThread && (workerData as WorkerTask | undefined)?.kind === 'schemaguard-lint') {
  runWorker(workerData as WorkerTask).catch((error) => {
    process.stderr.write(`schemaguard: internal error in a lint worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  });
} else {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`schemaguard: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
