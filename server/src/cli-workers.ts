/**
 * The CLI over many files on more than one core: the files are cut into groups that share nothing
 * (a migration history with the dumps beside it, or a file outside any history), largest first, and
 * the main thread and the workers take the next group from a shared queue whenever they are done
 * with one (sizes say little about time: a history of regression tests costs far more per byte than
 * a dump), so no thread waits while another has groups left. Each thread lints with a workspace of
 * all the files' histories (replayed only as far as its files need), so every file is linted exactly
 * as a single thread would lint it. Results come back in the files' order.
 *
 * Used only where it pays: not with --fix (fixes create files other files' histories read), and
 * only above WORKER_MIN_BYTES of input (a worker costs about 150 ms to start: the bundle and the
 * parser's WebAssembly). SCHEMAGUARD_WORKERS=N sets the thread count (1: never), for tests and CI; SCHEMAGUARD_WORKERS_ONLY=1 leaves all the linting to the workers (tests).
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Settings } from './core/config';
import type { Finding } from './core/lint';
import type { SchemaWorkspace } from './core/model/schema/workspace';

/** Below this much SQL and Python, one thread is faster than starting another. */
const WORKER_MIN_BYTES = 1024 * 1024;

/** What one file's lint gave, as it crosses from a worker. */
export interface FileOutcome {
  file: string;
  findings: Finding[];
  internalErrors: string[];
  /** The lint threw: the message (the file gets no report). */
  failure?: string;
}

/** What a worker is asked to do. */
export interface WorkerTask {
  kind: 'schemaguard-lint';
  /** Every file of the run (the worker's workspace reads their histories; it lints only the groups it takes). */
  files: string[];
  groups: string[][];
  queue: Int32Array;
  root: string;
  settings: Settings;
}

/** How many threads to lint `files` on (1 when another would not pay). */
export function threadCount(files: readonly string[], fix: boolean): number {
  const asked = Number(process.env.SCHEMAGUARD_WORKERS);
  if (fix) return 1;
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, files.length || 1);
  const cores = availableParallelism();
  // on two cores V8's own threads (concurrent GC and compilation) already keep the second one busy:
  // measured on the corpus, 2.0-2.2 s on one thread and on two, and 50 MB more with two
  if (cores < 3 || files.length < 2) return 1;
  return totalBytes(files) >= WORKER_MIN_BYTES ? Math.min(cores, 4) : 1;
}

/**
 * The files in groups that can be linted apart: a history's files (and its dumps, which are
 * compared with it) stay together, in the order they were given.
 */
export function independentGroups(files: readonly string[], workspace: SchemaWorkspace): string[][] {
  const owner = new Map<string, string>();
  for (const history of workspace.histories()) {
    for (const file of history.files) owner.set(file.path, history.folder);
    for (const dump of history.dumps) owner.set(dump, history.folder);
  }
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const key = owner.get(file) ?? `file:${file}`;
    const group = groups.get(key);
    if (group) group.push(file);
    else groups.set(key, [file]);
  }
  return [...groups.values()];
}

/** The groups, largest first: threads take them in this order, each the next one when it is done (see claimNext). */
export function largestFirst(groups: readonly string[][]): string[][] {
  return groups.map((group) => ({ group, bytes: totalBytes(group) })).sort((a, b) => b.bytes - a.bytes).map((entry) => entry.group);
}

/** The queue the threads share: the index of the next group nobody has taken. */
export function sharedQueue(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Takes the next group of the shared queue for this thread (undefined when none is left). */
export function claimNext(queue: Int32Array, groups: readonly string[][]): string[] | undefined {
  return groups[Atomics.add(queue, 0, 1)];
}

/** Lints files on a worker thread running this same bundle (`entry`: the script that starts it). */
export function lintOnWorker(entry: string, task: WorkerTask): Promise<FileOutcome[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: task, argv: [], stdout: false, stderr: false });
    let outcome: FileOutcome[] | undefined;
    worker.once('message', (message: FileOutcome[]) => (outcome = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (outcome ? resolve(outcome) : reject(new Error(`lint worker stopped (exit code ${code}) before it answered`))));
  });
}

function totalBytes(files: readonly string[]): number {
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // gone: the lint says so
    }
  }
  return bytes;
}
