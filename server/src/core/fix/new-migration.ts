/**
 * A migration of its own for statements that cannot run inside the current one (CREATE INDEX
 * CONCURRENTLY where the runner runs each file in a transaction), named by the history's own
 * convention so that its runner applies it after every existing migration.
 *
 * Only runners that can run a file outside a transaction get one: golang-migrate (a file of one
 * statement runs outside any transaction) and dbmate (`-- migrate:up transaction:false`). Others
 * (Flyway, Prisma, Supabase) need the runner's own switch, which this does not guess.
 */
import type { History, HistoryFile } from '../model/schema/layout';
import type { NewFile } from './types';

/** The version after every version of the history: timestamps and numbers + 1, keeping the width. */
function nextVersion(files: readonly HistoryFile[]): string {
  const versions = files.map((file) => file.version).filter((version): version is string => version !== undefined && /^\d+$/.test(version));
  if (versions.length === 0) return '1';
  const highest = versions.reduce((max, version) => (BigInt(version) > BigInt(max) ? version : max));
  const width = Math.max(...versions.map((version) => version.length));
  return (BigInt(highest) + 1n).toString().padStart(width, '0');
}

function folderOf(history: History): string {
  return history.folder === '' ? '' : `${history.folder}/`;
}

/** The files of a new last migration of `history` running `up` (and `down`) outside a transaction, or undefined. */
export function nonTransactionalMigration(history: History | undefined, slug: string, up: string, down: string, newline = '\n'): NewFile[] | undefined {
  if (!history) return undefined;
  const version = nextVersion([...history.files, ...history.downs]);
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
