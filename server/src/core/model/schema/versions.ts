/**
 * Versions as each runner keys its migrations: which files of a history share a version (the
 * runner refuses them, or runs only one), and where a file stands against what is committed
 * (an out-of-order merge). Paths only: no file is read here.
 */
import type { CommittedFiles } from './committed';
import type { History, HistoryFile, Layout } from './layout';
import { compareVersions } from './layout';

/** Layouts whose runner keys each migration by its version (Prisma keys by the whole folder name). */
const KEYED_BY_VERSION: ReadonlySet<Layout> = new Set(['flyway', 'golang-migrate', 'dbmate', 'supabase', 'diesel', 'numbered']);

/** Layouts whose runner applies migrations in version order (not schema folders, plain files or dumps). */
const VERSIONED: ReadonlySet<Layout> = new Set([...KEYED_BY_VERSION, 'prisma']);

export function isVersioned(layout: Layout): boolean {
  return VERSIONED.has(layout);
}

/**
 * The key the runner stores for an applied migration: golang-migrate parses the number (`001` is
 * 1), Flyway compares numbers part by part and ignores trailing zero parts (`1.0` is `1`), diesel
 * takes the folder name up to its first `_` without dashes, dbmate and Supabase keep the digits as
 * written. Undefined for a file without a version (Flyway repeatables).
 */
export function runnerVersion(layout: Layout, file: HistoryFile): string | undefined {
  const version = file.version;
  if (version === undefined || file.repeatable) return undefined;
  switch (layout) {
    case 'golang-migrate':
    case 'numbered':
      return /^\d+$/.test(version) ? BigInt(version).toString() : version;
    case 'flyway': {
      const parts = version.split('.').map((part) => (/^\d+$/.test(part) ? BigInt(part).toString() : part));
      while (parts.length > 1 && parts[parts.length - 1] === '0') parts.pop();
      return parts.join('.');
    }
    case 'diesel':
      return version.split('_')[0].replace(/-/g, '');
    default:
      return version;
  }
}

/** The other up migrations of the history that the runner keys by the same version as `path`. */
export function sameVersionAs(history: History, path: string): HistoryFile[] {
  if (!KEYED_BY_VERSION.has(history.layout)) return [];
  const file = history.files.find((candidate) => candidate.path === path);
  const key = file && runnerVersion(history.layout, file);
  if (key === undefined) return [];
  return history.files.filter((other) => other.path !== path && runnerVersion(history.layout, other) === key);
}

/**
 * For an up migration git has not committed: the newest committed migration of its history when
 * that one sorts after it (its branch was merged after newer migrations were committed), else undefined.
 */
export function newerCommittedThan(history: History, path: string, committed: CommittedFiles): HistoryFile | undefined {
  if (!VERSIONED.has(history.layout) || committed.isCommitted(path)) return undefined;
  const file = history.files.find((candidate) => candidate.path === path);
  if (!file || runnerVersion(history.layout, file) === undefined) return undefined;
  let newest: HistoryFile | undefined;
  for (const other of history.files) {
    if (other.path === path || runnerVersion(history.layout, other) === undefined || !committed.isCommitted(other.path)) continue;
    if (!newest || compareVersions(other, newest) > 0) newest = other;
  }
  if (!newest || runnerVersion(history.layout, newest) === runnerVersion(history.layout, file)) return undefined;
  return compareVersions(file, newest) < 0 ? newest : undefined;
}

/** The down file that undoes an up file (golang-migrate and Flyway by version, diesel in the same folder). */
export function downFileOf(history: History, upPath: string): HistoryFile | undefined {
  const up = history.files.find((file) => file.path === upPath);
  if (!up) return undefined;
  return history.downs.find((down) => pairs(history.layout, up, down));
}

/** The up file a down file undoes. */
export function upFileOf(history: History, downPath: string): HistoryFile | undefined {
  const down = history.downs.find((file) => file.path === downPath);
  if (!down) return undefined;
  return history.files.find((up) => pairs(history.layout, up, down));
}

function pairs(layout: Layout, up: HistoryFile, down: HistoryFile): boolean {
  if (layout === 'diesel') return folderOf(up.path) === folderOf(down.path);
  const key = runnerVersion(layout, up);
  return key !== undefined && key === runnerVersion(layout, down) && folderOf(up.path) === folderOf(down.path);
}

function folderOf(path: string): string {
  const normal = path.replace(/\\/g, '/');
  return normal.slice(0, Math.max(0, normal.lastIndexOf('/')));
}

/** The file name of a path (for messages). */
export function fileNameOf(path: string): string {
  const normal = path.replace(/\\/g, '/');
  return normal.slice(normal.lastIndexOf('/') + 1);
}
