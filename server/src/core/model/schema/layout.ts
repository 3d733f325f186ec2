/**
 * Which files form a migration history, and in which order their runner applies them, from
 * the paths alone (plus dbmate's section comment): Flyway `V<n>__*.sql` (undo `U<n>__`,
 * repeatable `R__` after the versioned ones), golang-migrate `<n>_*.up.sql` / `.down.sql`,
 * dbmate `<ts>_*.sql` with `-- migrate:up`, Prisma `migrations/<ts>_<name>/migration.sql`, Supabase
 * `supabase/migrations/<ts>_*.sql`, diesel `migrations/<dir>/up.sql`, numbered files of any
 * other runner, and folders of plain schema files (CreateTables.sql, CreateIndexes.sql, ...)
 * loaded in name order or, when the setting says so, in dependency order. pg_dump schemas
 * (Rails' structure.sql, schema.sql) are the whole schema when alone, and a drift target beside
 * migrations. Down migrations never enter the replay: they are kept to pair them with their up.
 * Alembic revisions (`versions/*.py`, or .py files in a folder a `histories` setting names) form
 * an 'alembic' history: the workspace orders it by the revision graph (down_revision), not by name.
 */
import type { RevisionEntry } from '../revision-graph';

/**
 * 'schema-files': a folder of files that together make one schema, loaded into an empty database
 * (a folder named schema/, schemas/ or ddl/, or one a `histories` setting names); 'plain': other
 * unnumbered .sql files, read in name order and run against a live database like migrations.
 */
export type Layout = 'flyway' | 'golang-migrate' | 'dbmate' | 'prisma' | 'supabase' | 'diesel' | 'numbered' | 'schema-files' | 'plain' | 'dump' | 'alembic';

const SCHEMA_FOLDER = /(^|\/)(schema|schemas|ddl)$/i;

export interface HistoryFile {
  path: string;
  /** The version the runner orders by ('20240101120000', '1.2'), when the name has one. */
  version?: string;
  direction: 'up' | 'down';
  /** Flyway repeatable migrations run after every versioned one, in name order. */
  repeatable?: boolean;
}

export interface History {
  /** The folder the history lives in (the migrations folder, for runners with a folder per migration). */
  folder: string;
  layout: Layout;
  /** The up migrations (or schema files), in the order they are applied. */
  files: HistoryFile[];
  /** Down migrations, by the version (or up file path) they undo. */
  downs: HistoryFile[];
  /** pg_dump schemas found beside the migrations: compared with the replayed schema (drift). */
  dumps: string[];
  /** 'alembic': every revision of the folder (files that are not revisions are left out of `files`). */
  revisions?: RevisionEntry[];
}

export interface HistoryOverride {
  /** Folder (relative to the workspace root, or absolute) whose files form one history. */
  folder: string;
  /** 'lexical' (default), 'dependency' (a file after the files that create what it uses), or the file names in order. */
  order?: 'lexical' | 'dependency' | string[];
  /** A pg_dump schema applied before the first migration. */
  baseline?: string;
}

interface Classified {
  folder: string;
  layout: Layout;
  file: HistoryFile;
}

const FLYWAY = /^([VU])(\d+(?:[._]\d+)*)__.+\.sql$/i;
const FLYWAY_REPEATABLE = /^R__.+\.sql$/i;
const GOLANG_MIGRATE = /^(\d+)_.+\.(up|down)\.sql$/i;
const NUMBERED = /^(\d+)(?:[_-].*)?\.sql$/i;
const PRISMA_DIR = /^\d{14}_/;
const DUMP_NAMES = /^(structure|schema)\.sql$/i;
const DBMATE_UP = /^--\s*migrate:up\b/m;

function splitPath(path: string): { folder: string; name: string; parent: string; parentName: string } {
  const normal = path.replace(/\\/g, '/');
  const slash = normal.lastIndexOf('/');
  const folder = slash < 0 ? '' : normal.slice(0, slash);
  const name = normal.slice(slash + 1);
  const parentSlash = folder.lastIndexOf('/');
  return { folder, name, parent: parentSlash < 0 ? '' : folder.slice(0, parentSlash), parentName: folder.slice(parentSlash + 1) };
}

/** What a file is, from its path and, for dbmate and pg_dump, the start of its text. */
export function classify(path: string, head: string, isDump: boolean): Classified | undefined {
  const { folder, name, parent, parentName } = splitPath(path);
  if (isPythonPath(name)) return parentName === 'versions' ? alembicFile(folder, path) : undefined;
  if (!/\.sql$/i.test(name)) return undefined;
  if (name === 'migration.sql' && PRISMA_DIR.test(parentName)) return { folder: parent, layout: 'prisma', file: { path, version: parentName.slice(0, 14), direction: 'up' } };
  if ((name === 'up.sql' || name === 'down.sql') && /(^|\/)migrations$/.test(parent)) {
    return { folder: parent, layout: 'diesel', file: { path, version: parentName, direction: name === 'up.sql' ? 'up' : 'down' } };
  }
  const flyway = FLYWAY.exec(name);
  if (flyway) return { folder, layout: 'flyway', file: { path, version: flyway[2].replace(/_/g, '.'), direction: flyway[1].toUpperCase() === 'U' ? 'down' : 'up' } };
  if (FLYWAY_REPEATABLE.test(name)) return { folder, layout: 'flyway', file: { path, direction: 'up', repeatable: true } };
  const golang = GOLANG_MIGRATE.exec(name);
  if (golang) return { folder, layout: 'golang-migrate', file: { path, version: golang[1], direction: golang[2].toLowerCase() === 'down' ? 'down' : 'up' } };
  if (isDump) return { folder, layout: 'dump', file: { path, direction: 'up' } };
  const numbered = NUMBERED.exec(name);
  if (numbered) {
    const layout: Layout = DBMATE_UP.test(head) ? 'dbmate' : /(^|\/)supabase\/migrations$/.test(folder) ? 'supabase' : 'numbered';
    return { folder, layout, file: { path, version: numbered[1], direction: 'up' } };
  }
  if (DUMP_NAMES.test(name) && !DBMATE_UP.test(head)) return { folder, layout: 'dump', file: { path, direction: 'up' } };
  return { folder, layout: SCHEMA_FOLDER.test(folder) ? 'schema-files' : 'plain', file: { path, direction: 'up' } };
}

/** A Python file: an Alembic revision when it lies in a versions/ folder (or a folder the settings name). */
export function isPythonPath(path: string): boolean {
  return /\.py$/i.test(path);
}

function alembicFile(folder: string, path: string): Classified {
  return { folder, layout: 'alembic', file: { path, direction: 'up' } };
}

/** Orders versions as runners do: numerically part by part, then by name. */
export function compareVersions(a: HistoryFile, b: HistoryFile): number {
  if (a.repeatable !== b.repeatable) return a.repeatable ? 1 : -1;
  const left = (a.version ?? '').split('.');
  const right = (b.version ?? '').split('.');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return BigInt(x) < BigInt(y) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

const PRIORITY: Layout[] = ['alembic', 'prisma', 'diesel', 'flyway', 'golang-migrate', 'dbmate', 'supabase', 'numbered', 'schema-files', 'plain'];

/**
 * The histories of a workspace. `files` are paths with the start of their text (enough to see a
 * dbmate section or pg_dump's header) and whether the file is a pg_dump schema.
 */
export function detectHistories(files: ReadonlyArray<{ path: string; head: string; dump: boolean }>, overrides: readonly HistoryOverride[] = []): History[] {
  const byFolder = new Map<string, Classified[]>();
  for (const file of files) {
    const override = overrides.find((entry) => isInside(file.path, entry.folder));
    const classified = classify(file.path, file.head, file.dump) ?? (override && isPythonPath(file.path) ? alembicFile(splitPath(file.path).folder, file.path) : undefined);
    if (!classified) continue;
    const folder = override ? normalizeFolder(override.folder) : classified.folder;
    const list = byFolder.get(folder) ?? [];
    list.push({ ...classified, folder });
    byFolder.set(folder, list);
  }
  const histories: History[] = [];
  for (const [folder, entries] of byFolder) {
    const override = overrides.find((entry) => normalizeFolder(entry.folder) === folder);
    const migrations = entries.filter((entry) => entry.layout !== 'dump');
    const dumps = entries.filter((entry) => entry.layout === 'dump').map((entry) => entry.file.path);
    if (migrations.length === 0) {
      // a folder of schema dumps: each is a whole schema of its own
      for (const dump of dumps.sort()) histories.push({ folder, layout: 'dump', files: [{ path: dump, direction: 'up' }], downs: [], dumps: [] });
      continue;
    }
    const found = PRIORITY.find((candidate) => migrations.some((entry) => entry.layout === candidate)) ?? 'plain';
    // a folder the settings describe with an order or a baseline is loaded as one schema
    const layout = found === 'plain' && override && (override.order !== undefined || override.baseline !== undefined) ? 'schema-files' : found;
    const ups = migrations.filter((entry) => entry.file.direction === 'up').map((entry) => entry.file);
    const downs = migrations.filter((entry) => entry.file.direction === 'down').map((entry) => entry.file);
    ordered(ups, layout, override?.order);
    const baseline = override?.baseline ? dumps.find((dump) => dump.endsWith(override.baseline!.replace(/\\/g, '/'))) : undefined;
    if (baseline) ups.unshift({ path: baseline, direction: 'up' });
    histories.push({ folder, layout, files: ups, downs: downs.sort(compareVersions), dumps: dumps.filter((dump) => dump !== baseline).sort() });
  }
  attachSiblingDumps(histories);
  return histories.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

function ordered(files: HistoryFile[], layout: Layout, order: HistoryOverride['order']): void {
  if (Array.isArray(order)) {
    const rank = (file: HistoryFile): number => {
      const at = order.findIndex((name) => file.path.replace(/\\/g, '/').endsWith(`/${name}`) || file.path === name);
      return at < 0 ? order.length : at;
    };
    files.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : 1));
    return;
  }
  if (layout === 'schema-files' || layout === 'plain') files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  else files.sort(compareVersions);
}

/**
 * Rails keeps db/structure.sql beside db/migrate/; other projects keep schema.sql next to the
 * migrations folder. A dump-only history in the parent folder of a migration history becomes
 * that history's drift target.
 */
function attachSiblingDumps(histories: History[]): void {
  for (const history of histories) {
    if (history.layout === 'dump') continue;
    const parent = splitPath(history.folder).folder;
    for (const other of histories) {
      if (other.layout !== 'dump' || other.folder !== parent) continue;
      history.dumps.push(...other.files.map((file) => file.path));
    }
  }
}

function normalizeFolder(folder: string): string {
  return folder.replace(/\\/g, '/').replace(/\/+$/, '');
}

function isInside(path: string, folder: string): boolean {
  const normal = normalizeFolder(folder);
  return path.replace(/\\/g, '/').startsWith(`${normal}/`);
}
