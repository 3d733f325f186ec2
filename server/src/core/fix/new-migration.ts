/**
 * A migration of its own, named by the history's own convention so that its runner applies it after
 * every existing migration: for statements that cannot run inside the current one (CREATE INDEX
 * CONCURRENTLY where the runner runs each file in a transaction), and for a change that must not
 * go into a migration databases have already run (followUpMigration, any versioned layout).
 *
 * Only runners that can run a file outside a transaction get a non-transactional one: golang-migrate (a file of one
 * statement runs outside any transaction) and dbmate (`-- migrate:up transaction:false`). Others
 * (Flyway, Prisma, Supabase) need the runner's own switch, which this does not guess.
 */
import type { History, HistoryFile } from '../model/schema/layout';
import type { NewFile } from './types';

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const DIESEL_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})$/;

/** One second after a timestamp (`20240101120059` -> `20240101120100`), or undefined when it is not a date. */
function nextSecond(parts: RegExpExecArray | null, format: (date: Date) => string): string | undefined {
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return format(new Date(date.getTime() + 1000));
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
const compact = (date: Date): string =>
  `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
const dashed = (date: Date): string =>
  `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}-${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;

/**
 * The version after every version of the history: a timestamp one second later, a number + 1
 * keeping the width, Flyway's first version part + 1; diesel's `YYYY-MM-DD-HHMMSS` one second later.
 */
function nextVersion(files: readonly HistoryFile[], layout?: History['layout']): string {
  const leading = (version: string): string => (layout === 'diesel' ? version.split('_')[0] : layout === 'flyway' ? version.split('.')[0] : version);
  const versions = files.map((file) => file.version && leading(file.version)).filter((version): version is string => !!version && (/^\d+$/.test(version) || DIESEL_TIMESTAMP.test(version)));
  if (versions.length === 0) return layout === 'diesel' ? '00000000000001' : '1';
  const digits = (version: string): bigint => BigInt(version.replace(/-/g, ''));
  const highest = versions.reduce((max, version) => (digits(version) > digits(max) ? version : max));
  if (DIESEL_TIMESTAMP.test(highest)) return nextSecond(DIESEL_TIMESTAMP.exec(highest), dashed) ?? `${highest}1`;
  const width = Math.max(...versions.map((version) => version.length));
  return nextSecond(TIMESTAMP.exec(highest), compact) ?? (BigInt(highest) + 1n).toString().padStart(width, '0');
}

function folderOf(history: History): string {
  return history.folder === '' ? '' : `${history.folder}/`;
}

/** The files of a new last migration of `history` running `up` (and `down`) outside a transaction, or undefined. */
export function nonTransactionalMigration(history: History | undefined, slug: string, up: string, down: string, newline = '\n'): NewFile[] | undefined {
  if (!history) return undefined;
  const version = nextVersion([...history.files, ...history.downs], history.layout);
  const folder = folderOf(history);
  if (history.layout === 'golang-migrate') {
    return [
      { path: `${folder}${version}_${slug}.up.sql`, text: `${up}${newline}` },
      { path: `${folder}${version}_${slug}.down.sql`, text: `${down}${newline}` },
    ];
  }
  if (history.layout === 'dbmate') {
    const text = `-- migrate:up transaction:false${newline}${up}${newline}${newline}-- migrate:down transaction:false${newline}${down}${newline}`;
    return [{ path: `${folder}${version}_${slug}.sql`, text }];
  }
  return undefined;
}

/** A comment for a down file the fix cannot write itself (the user writes what undoes the moved statements). */
function downPlaceholder(upName: string, newline: string): string {
  return `-- Undo what ${upName} does.${newline}`;
}

/**
 * The files of a new last migration of `history` running `up` (and, for dbmate, `down` in its down
 * section), named by the layout's convention; a down file beside it where the history has down files.
 * Undefined for histories without versions (schema folders, plain files, dumps).
 */
export function followUpMigration(history: History, slug: string, up: string, down: string | undefined, options: { newline?: string; dbmateMarkers?: { up: string; down: string } } = {}): NewFile[] | undefined {
  const newline = options.newline ?? '\n';
  const version = nextVersion([...history.files, ...history.downs], history.layout);
  const folder = folderOf(history);
  const body = `${up.trimEnd()}${newline}`;
  const usesDowns = history.downs.length > 0;
  switch (history.layout) {
    case 'golang-migrate': {
      const upName = `${version}_${slug}.up.sql`;
      return [{ path: `${folder}${upName}`, text: body }, ...(usesDowns ? [{ path: `${folder}${version}_${slug}.down.sql`, text: down ? `${down.trimEnd()}${newline}` : downPlaceholder(upName, newline) }] : [])];
    }
    case 'dbmate': {
      const markers = options.dbmateMarkers ?? { up: '-- migrate:up', down: '-- migrate:down' };
      return [{ path: `${folder}${version}_${slug}.sql`, text: `${markers.up}${newline}${body}${newline}${markers.down}${newline}${down ? `${down.trimEnd()}${newline}` : ''}` }];
    }
    case 'flyway': {
      const upName = `V${version}__${slug}.sql`;
      return [{ path: `${folder}${upName}`, text: body }, ...(usesDowns ? [{ path: `${folder}U${version}__${slug}.sql`, text: down ? `${down.trimEnd()}${newline}` : downPlaceholder(upName, newline) }] : [])];
    }
    case 'prisma':
      return [{ path: `${folder}${version}_${slug}/migration.sql`, text: body }];
    case 'supabase':
    case 'numbered':
      return [{ path: `${folder}${version}_${slug}.sql`, text: body }];
    case 'diesel':
      return [
        { path: `${folder}${version}_${slug}/up.sql`, text: body },
        { path: `${folder}${version}_${slug}/down.sql`, text: down ? `${down.trimEnd()}${newline}` : downPlaceholder('up.sql', newline) },
      ];
    default:
      return undefined;
  }
}
