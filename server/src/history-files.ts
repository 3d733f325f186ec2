/**
 * File-system side of the workspace schema, shared by the CLI and the language server: which
 * files on disk belong to the histories of the files being linted, read into a SchemaWorkspace.
 */
import type { Dirent } from 'node:fs';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import type { Settings } from './core/config';
import type { HistoryOverride } from './core/model/schema/layout';
import { isPythonPath } from './core/model/schema/layout';
import { SchemaWorkspace } from './core/model/schema/workspace';
import { committedFilesOfWorkspace } from './git-files';
import { isIncluded } from './workspace';

const IGNORED = ['**/node_modules/**', '**/.git/**'];

/** The histories setting with its folders made absolute (relative to the config or workspace folder). */
export function historyOverrides(settings: Settings, root: string): HistoryOverride[] {
  return settings.histories.map((entry) => ({ ...entry, folder: isAbsolute(entry.folder) ? entry.folder : resolve(root, entry.folder) }));
}

/** True for a file that can be part of a migration history: SQL, or an Alembic revision (versions/*.py). */
export function isHistoryPath(path: string): boolean {
  return /\.sql$/i.test(path) || (isPythonPath(path) && basename(dirname(path)) === 'versions');
}

/**
 * The folders whose .sql files can share a history with `file`: its own folder, the migrations
 * folder above a per-migration folder (Prisma's migration.sql, diesel's up.sql), and the folder above
 * that (where Rails keeps structure.sql beside db/migrate), searched one level deep. An Alembic
 * revision shares its history with the other revisions of its versions/ folder.
 */
export function historyFolders(file: string): Array<{ folder: string; patterns: string[] }> {
  const folder = dirname(file);
  if (isPythonPath(file)) return [{ folder, patterns: ['*.py'] }];
  const name = basename(file).toLowerCase();
  const migrations = ['migration.sql', 'up.sql', 'down.sql'].includes(name) ? dirname(folder) : folder;
  return [
    { folder: migrations, patterns: MIGRATION_PATTERNS },
    { folder: dirname(migrations), patterns: ['*.sql'] },
  ];
}

const MIGRATION_PATTERNS = ['*.sql', '*/migration.sql', '*/up.sql', '*/down.sql'];

/** Paths of the .sql files the patterns find in each folder, included by the settings. */
export async function historyFilesIn(folders: ReadonlyArray<{ folder: string; patterns: string[] }>, root: string, settings: Settings): Promise<string[]> {
  const found = new Set<string>();
  for (const { folder, patterns } of folders) {
    const matches = shallowMatches(folder, patterns) ?? (await glob(patterns, { cwd: folder, absolute: true, dot: true, ignore: IGNORED }).catch(() => []));
    for (const match of matches) if (isIncluded(match, root, settings)) found.add(resolve(match));
  }
  return [...found].sort();
}

const SHALLOW = /^(?:\*\.(\w+)|\*\/([\w.-]+))$/;

/**
 * The history folders' own patterns (`*.sql`, `*\/up.sql`, ...) listed with one readdir, as the glob
 * would (dot files, symbolic links followed, node_modules and .git left out): compiling the globs
 * cost ~8 ms of every CLI start. Undefined for other patterns, which go to the glob.
 */
function shallowMatches(folder: string, patterns: readonly string[]): string[] | undefined {
  const shapes = patterns.map((pattern) => SHALLOW.exec(pattern));
  if (shapes.some((shape) => !shape)) return undefined;
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const isFile = (path: string): boolean => {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    const link = entry.isSymbolicLink();
    for (const shape of shapes) {
      const [, extension, inFolder] = shape!;
      if (extension !== undefined) {
        if (entry.name.endsWith(`.${extension}`) && (link ? isFile(path) : entry.isFile())) found.push(path);
      } else if ((entry.isDirectory() || link) && entry.name !== 'node_modules' && entry.name !== '.git' && isFile(join(path, inFolder))) {
        found.push(join(path, inFolder));
      }
    }
  }
  return found;
}

/** Reads files into a workspace; unreadable, binary-looking and oversized files are left out (the lint says why when it reads them). Returns what it read. */
export function loadFiles(workspace: SchemaWorkspace, files: readonly string[], settings: Settings): Array<{ path: string; text: string }> {
  const loaded: Array<{ path: string; text: string }> = [];
  for (const file of files) {
    try {
      if (statSync(file).size > settings.maxFileSize) continue;
      const text = readFileSync(file, 'utf8');
      if (text.includes('\0')) continue;
      workspace.setFile(file, text);
      loaded.push({ path: file, text });
    } catch {
      // gone or unreadable: not part of the history
    }
  }
  return loaded;
}

/** A workspace holding the histories of `files` (CLI): their folders' migrations read from disk. */
export async function workspaceFor(files: readonly string[], root: string, settings: Settings): Promise<SchemaWorkspace> {
  const workspace = new SchemaWorkspace(historyOverrides(settings, root));
  const seen = new Set<string>();
  const folders = [...files.flatMap(historyFolders), ...historyOverrides(settings, root).map((override) => ({ folder: override.folder, patterns: ['**/*.sql', '*.py'] }))].filter((entry) => {
    const key = `${entry.folder}\u0000${entry.patterns.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const loaded = loadFiles(workspace, [...new Set([...(await historyFilesIn(folders, root, settings)), ...files.filter((file) => /\.sql$/i.test(file) || isPythonPath(file))])], settings);
  // what git's HEAD holds (for the rules about committed migrations), read before any file is linted
  workspace.committedFiles = await committedFilesOfWorkspace(loaded);
  return workspace;
}
