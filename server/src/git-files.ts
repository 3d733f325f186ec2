/**
 * What git's HEAD holds, for the rules about committed migrations (core/model/schema/committed.ts),
 * shared by the CLI and the language server. Per repository and HEAD, one `git ls-tree` lists the
 * committed .sql files with their blob ids; a file whose text hashes to its committed blob is
 * unchanged without asking git anything more, and only a changed one has its committed text read
 * (`git cat-file --batch`, several at once). Everything is cached per HEAD; nothing runs while a
 * rule checks a file: the CLI reads what it needs before linting, the server in the background
 * (and lints again when something new is known). Without git, or outside a repository, there is
 * no CommittedFiles and the rules that need one stay silent.
 */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import type { FSWatcher } from 'node:fs';
import { existsSync, realpathSync, watch } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { CommittedFiles } from './core/model/schema/committed';
import { normalizedText } from './core/model/schema/committed';

// child_process and crypto are loaded on first use: most CLI runs and editor sessions outside a
// repository never need them, and loading them costs ~12 ms of every start
const load = createRequire(import.meta.url);
const childProcess = (): typeof ChildProcess => load('node:child_process');
const crypto = (): typeof Crypto => load('node:crypto');

const GIT_ENV = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
const MAX_LISTING = 256 * 1024 * 1024;

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    childProcess().execFile('git', args, { cwd, env: GIT_ENV, maxBuffer: MAX_LISTING, encoding: 'utf8', windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}

/** The blobs' contents, by id, in one `git cat-file --batch`. */
function readBlobs(cwd: string, ids: readonly string[]): Promise<Map<string, string>> {
  return new Promise((resolve) => {
    const texts = new Map<string, string>();
    if (ids.length === 0) return resolve(texts);
    const child = childProcess().spawn('git', ['cat-file', '--batch'], { cwd, env: GIT_ENV, windowsHide: true, stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(texts));
    child.on('close', () => {
      const output = Buffer.concat(chunks);
      let at = 0;
      while (at < output.length) {
        const lineEnd = output.indexOf(0x0a, at);
        if (lineEnd < 0) break;
        const [id, type, size] = output.subarray(at, lineEnd).toString('utf8').split(' ');
        at = lineEnd + 1;
        if (type !== 'blob') continue; // "<id> missing"
        const length = Number(size);
        texts.set(id, new TextDecoder('utf-8', { fatal: false }).decode(output.subarray(at, at + length)));
        at += length + 1;
      }
      resolve(texts);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(ids.join('\n') + '\n');
  });
}

/** git's id of a blob with this text (as the file would be committed, UTF-8). */
function blobId(text: string, format: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return crypto().createHash(format === 'sha256' ? 'sha256' : 'sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

/** One repository at one HEAD: its committed .sql files and the committed texts read so far. */
export class GitRepository implements CommittedFiles {
  /** Called with the paths whose committed text was read in the background (the server lints them again). */
  onRead?: (paths: string[]) => void;
  private readonly texts = new Map<string, string>();
  /** Blobs git could not give: not asked again. */
  private readonly unreadable = new Set<string>();
  private readonly pending = new Map<string, Set<string>>();
  private readonly realDirs = new Map<string, string>();
  private fetching = false;

  constructor(
    readonly root: string,
    readonly gitDir: string,
    readonly head: string,
    private readonly format: string,
    /** Committed .sql files: path relative to the root (with /) -> blob id. */
    private readonly blobs: ReadonlyMap<string, string>,
  ) {}

  /** The repository `dir` is in, at its current HEAD; undefined outside a repository, without git, or before the first commit. */
  static async open(dir: string): Promise<GitRepository | undefined> {
    // outside any work tree (no .git here or above, and no GIT_DIR): no git process to start
    if (!process.env.GIT_DIR && !hasGitAbove(dir)) return undefined;
    const output = await git(dir, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--show-object-format', 'HEAD']);
    const [root, gitDir, format, head] = output?.split('\n') ?? [];
    if (!root || !gitDir || !head) return undefined;
    return GitRepository.at(root, gitDir, format, head);
  }

  private static async at(root: string, gitDir: string, format: string, head: string): Promise<GitRepository | undefined> {
    const listing = await git(root, ['ls-tree', '-r', '-z', '--full-tree', head]);
    if (listing === undefined) return undefined;
    const blobs = new Map<string, string>();
    for (const entry of listing.split('\0')) {
      const tab = entry.indexOf('\t');
      const path = entry.slice(tab + 1);
      if (tab < 0 || !/\.sql$/i.test(path)) continue;
      const [, type, id] = entry.slice(0, tab).split(' ');
      if (type === 'blob') blobs.set(path, id);
    }
    return new GitRepository(root, gitDir, head, format, blobs);
  }

  /** The same repository at its HEAD now: this one when HEAD has not moved. */
  async current(): Promise<GitRepository | undefined> {
    const head = (await git(this.root, ['rev-parse', 'HEAD']))?.trim();
    if (!head) return undefined;
    if (head === this.head) return this;
    return GitRepository.at(this.root, this.gitDir, this.format, head);
  }

  /** How many .sql files HEAD holds. */
  get size(): number {
    return this.blobs.size;
  }

  isCommitted(path: string): boolean {
    return this.blobOf(path) !== undefined;
  }

  committedTextIfChanged(path: string, current: string): string | undefined {
    const blob = this.blobOf(path);
    if (!blob || this.sameBlob(current, blob)) return undefined;
    const committed = this.texts.get(blob);
    if (committed === undefined) {
      if (!this.unreadable.has(blob)) this.request(blob, path);
      return undefined;
    }
    return normalizedText(committed) === normalizedText(current) ? undefined : committed;
  }

  /** Reads the committed texts of the files whose text differs from HEAD's (the CLI, before linting). */
  async prefetch(files: ReadonlyArray<{ path: string; text: string }>): Promise<void> {
    const wanted = new Set<string>();
    for (const { path, text } of files) {
      const blob = this.blobOf(path);
      if (blob && !this.texts.has(blob) && !this.sameBlob(text, blob)) wanted.add(blob);
    }
    this.store(wanted, await readBlobs(this.root, [...wanted]));
  }

  private store(ids: Iterable<string>, read: ReadonlyMap<string, string>): void {
    for (const id of ids) {
      const text = read.get(id);
      if (text === undefined) this.unreadable.add(id);
      else this.texts.set(id, text);
    }
  }

  private request(blob: string, path: string): void {
    const paths = this.pending.get(blob) ?? new Set<string>();
    paths.add(path);
    this.pending.set(blob, paths);
    if (!this.fetching) this.flush();
  }

  /** Reads every requested blob in one batch, then tells who asked. */
  private flush(): void {
    this.fetching = true;
    setImmediate(async () => {
      const batch = new Map(this.pending);
      this.pending.clear();
      this.store(batch.keys(), await readBlobs(this.root, [...batch.keys()]));
      this.onRead?.([...batch.values()].flatMap((paths) => [...paths]));
      if (this.pending.size > 0) this.flush();
      else this.fetching = false;
    });
  }

  /** The text is the blob's, with or without the byte-order mark a decoder may have taken off. */
  private sameBlob(text: string, blob: string): boolean {
    return blobId(text, this.format) === blob || (!text.startsWith('\uFEFF') && blobId(`\uFEFF${text}`, this.format) === blob);
  }

  private blobOf(path: string): string | undefined {
    const rel = this.relativePath(path);
    return rel === undefined ? undefined : this.blobs.get(rel);
  }

  /** The path relative to the root, through symbolic links (git reports the real root), or undefined outside it. */
  private relativePath(path: string): string | undefined {
    const dir = dirname(path);
    let real = this.realDirs.get(dir);
    if (real === undefined) {
      try {
        real = realpathSync(dir);
      } catch {
        real = dir;
      }
      this.realDirs.set(dir, real);
    }
    const rel = relative(this.root, join(real, basename(path)));
    if (rel.startsWith('..') || rel === '' || /^[a-zA-Z]:/.test(rel) || rel.startsWith(sep)) return undefined;
    return rel.split(sep).join('/');
  }
}

/**
 * The known repository whose working tree holds `dir`, without asking git: `dir` is under its root
 * and no folder in between has a `.git` of its own (a nested repository or submodule).
 */
export function knownRepositoryOf(dir: string, repositories: Iterable<GitRepository>): GitRepository | undefined {
  for (const repository of repositories) {
    const rel = relative(repository.root, dir);
    if (rel.startsWith('..') || /^[a-zA-Z]:/.test(rel) || rel.startsWith(sep)) continue;
    let nested = false;
    for (let at = dir; at.length > repository.root.length && at !== dirname(at); at = dirname(at)) {
      if (existsSync(join(at, '.git'))) nested = true;
    }
    if (!nested) return repository;
  }
  return undefined;
}

/** What git says about the files of a workspace read from disk (the CLI): repositories found, changed files' committed texts read. */
export async function committedFilesOfWorkspace(files: ReadonlyArray<{ path: string; text: string }>): Promise<(path: string) => CommittedFiles | undefined> {
  const byDir = new Map<string, GitRepository | undefined>();
  const repositories: GitRepository[] = [];
  for (const { path } of files) {
    const dir = dirname(path);
    if (byDir.has(dir)) continue;
    let repository = knownRepositoryOf(dir, repositories);
    if (!repository) {
      const found = await GitRepository.open(dir);
      repository = found && (repositories.find((known) => known.root === found.root) ?? found);
      if (repository && !repositories.includes(repository)) repositories.push(repository);
    }
    byDir.set(dir, repository);
  }
  for (const repository of repositories) await repository.prefetch(files.filter(({ path }) => byDir.get(dirname(path)) === repository));
  return (path) => byDir.get(dirname(path)) ?? knownRepositoryOf(dirname(path), repositories);
}

/**
 * The repositories of a workspace for the language server: found per folder in the background,
 * followed to a new HEAD when git's reflog changes (a commit, a checkout, a reset), and asked
 * synchronously only for what is already known.
 */
export class GitRepositories {
  private readonly byDir = new Map<string, GitRepository | undefined | Promise<void>>();
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly repositories = new Set<GitRepository>();

  /** `changed` is called when something new is known (a repository found, a HEAD moved, committed texts read). */
  constructor(private readonly changed: (paths?: string[]) => void) {}

  /** The repository of the file, when known; otherwise starts finding it and answers undefined. */
  committedFiles(path: string): CommittedFiles | undefined {
    const dir = dirname(path);
    const known = this.byDir.get(dir);
    if (known instanceof Promise) return undefined;
    if (known !== undefined || this.byDir.has(dir)) return known;
    this.byDir.set(dir, this.find(dir));
    return undefined;
  }

  /** Resolves when every repository lookup started so far is done (tests, benchmarks). */
  async settled(): Promise<void> {
    await Promise.all([...this.byDir.values()].filter((value): value is Promise<void> => value instanceof Promise));
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private async find(dir: string): Promise<void> {
    const nearby = knownRepositoryOf(dir, this.repositories);
    if (nearby) {
      this.byDir.set(dir, nearby);
      this.changed();
      return;
    }
    const found = await GitRepository.open(dir);
    // one object per repository and HEAD, so that committed texts are read once
    const known = found && [...this.repositories].find((repository) => repository.root === found.root && repository.head === found.head);
    if (found && !known) this.adopt(found);
    this.byDir.set(dir, known ?? found);
    // outside a repository nothing new is known: the files were linted without git, and stay so
    if (found) this.changed();
  }

  private adopt(repository: GitRepository): void {
    repository.onRead = (paths) => this.changed(paths);
    this.repositories.add(repository);
    if (this.watchers.has(repository.gitDir)) return;
    try {
      let timer: NodeJS.Timeout | undefined;
      const watcher = watch(join(repository.gitDir, 'logs'), { persistent: false }, () => {
        clearTimeout(timer);
        timer = setTimeout(() => void this.refresh(repository.gitDir), 200);
      });
      watcher.on('error', () => watcher.close());
      this.watchers.set(repository.gitDir, watcher);
    } catch {
      // no reflog to watch: HEAD is read again when the server restarts
    }
  }

  /** HEAD moved: the repository at its new HEAD replaces the old one for every folder. */
  private async refresh(gitDir: string): Promise<void> {
    const old = [...this.repositories].find((repository) => repository.gitDir === gitDir);
    const next = await old?.current();
    if (!old || next === old) return;
    this.repositories.delete(old);
    if (next) {
      next.onRead = (paths) => this.changed(paths);
      this.repositories.add(next);
    }
    for (const [dir, value] of this.byDir) if (value === old) this.byDir.set(dir, next);
    this.changed();
  }
}

/** True when the folder or one above it has a .git (a folder, or a file in a linked work tree or submodule). */
function hasGitAbove(dir: string): boolean {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return true;
    if (dirname(current) === current) return false;
  }
}
