/**
 * The corpus histories and schemas that apply to PostgreSQL, and how to apply one to a database
 * and to the schema model the same way (statement by statement, in the workspace's order, leaving
 * out of both what the database rejects). Shared by the replay and foreign-key catalog tests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { replayStatements } from '../../server/src/core/model/schema/replay';
import { SchemaState } from '../../server/src/core/model/schema/state';
import { SchemaWorkspace, parseMigration } from '../../server/src/core/model/schema/workspace';
import type { Database } from './database';
import { openFresh, resetDatabase } from './database';

const CLUSTER_WIDE = new Set([
  'CreateRoleStmt',
  'AlterRoleStmt',
  'AlterRoleSetStmt',
  'DropRoleStmt',
  'GrantRoleStmt',
  'AlterSystemStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'AlterTableSpaceOptionsStmt',
  'CreatedbStmt',
  'DropdbStmt',
  'AlterDatabaseStmt',
  'AlterDatabaseSetStmt',
  'AlterDatabaseRefreshCollStmt',
  'CreateSubscriptionStmt',
  'AlterSubscriptionStmt',
  'DropSubscriptionStmt',
]);

export const CORPUS = resolve(__dirname, '../../../shared/corpus');

export interface CorpusCase {
  name: string;
  /** Folder (under the corpus) whose files form the history. */
  folder: string;
  /** Only these files of the folder (default: all .sql files). */
  files?: string[];
  /** What the history expects the database to have (the platform creates it before the first migration). */
  prelude?: string;
}

const SUPABASE_ROLES = ['supabase_admin', 'supabase_auth_admin', 'supabase_storage_admin', 'authenticator', 'anon', 'authenticated', 'service_role', 'dashboard_user', 'pgbouncer', 'supabase_replication_admin', 'supabase_read_only_user', 'supabase_realtime_admin', 'pgsodium_keyholder'];

export const CORPUS_HISTORIES: CorpusCase[] = [
  { name: 'pagila (pg_dump schema)', folder: 'pagila' },
  { name: 'lago (Rails structure.sql)', folder: 'lago' },
  { name: 'danbooru (Rails structure.sql)', folder: 'danbooru' },
  { name: 'gisia GitLab structure.sql', folder: 'gisia_gitlab', files: ['structure.sql'] },
  { name: 'gisia GitLab ci_structure.sql', folder: 'gisia_gitlab', files: ['ci_structure.sql'] },
  { name: 'supabase auth (70 golang-migrate files)', folder: 'supabase_auth', prelude: 'CREATE SCHEMA auth;' },
  {
    name: 'supabase postgres (init scripts and migrations)',
    folder: 'supabase_postgres',
    files: readdirIfExists('supabase_postgres').filter((file) => file !== 'schema-16.sql'),
    prelude: SUPABASE_ROLES.map((role) => `DO $$ BEGIN CREATE ROLE ${role}; EXCEPTION WHEN duplicate_object THEN NULL; END $$;`).join('\n'),
  },
];

export function readdirIfExists(folder: string): string[] {
  const path = join(CORPUS, folder);
  return existsSync(path) ? readdirSync(path).filter((file) => file.endsWith('.sql')).sort() : [];
}

/** Applies a history to the database and the model; returns how many statements the database rejected. */
export async function replayBoth(db: Database, entry: CorpusCase): Promise<{ state: SchemaState; applied: number; rejected: number; workspace: SchemaWorkspace; accepted: SchemaWorkspace }> {
  const workspace = new SchemaWorkspace();
  for (const file of entry.files ?? readdirIfExists(entry.folder)) workspace.setFile(`${entry.folder}/${file}`, readFileSync(join(CORPUS, entry.folder, file), 'utf8'));
  const state = new SchemaState();
  if (entry.prelude) {
    await db.exec(entry.prelude);
    replayStatements(state, 'prelude', parseMigration('prelude.sql', entry.prelude).upStatements);
  }
  let applied = 0;
  let rejected = 0;
  const acceptedText = new Map<string, string>();
  for (const history of workspace.histories()) {
    for (const file of history.files) {
      for (const statement of workspace.migration(file.path)!.upStatements) {
        // transaction control is the runner's business; COPY ... TO STDOUT would wait for a reader;
        // roles, tablespaces and server settings belong to the whole cluster (a migration that
        // demotes the postgres role would take superuser away from every later test) and to no schema
        if (statement.is('TransactionStmt') || statement.is('CopyStmt') || CLUSTER_WIDE.has(statement.kind ?? '')) continue;
        try {
          await db.exec(statement.text);
        } catch {
          rejected++;
          await db.exec('ROLLBACK').catch(() => undefined);
          continue;
        }
        applied++;
        replayStatements(state, file.path, [statement]);
        acceptedText.set(file.path, `${acceptedText.get(file.path) ?? ''}${statement.text};\n`);
      }
    }
  }
    // the same files holding only what the database accepted, for checks that lint them
  const accepted = new SchemaWorkspace();
  for (const path of workspace.paths()) accepted.setFile(path, acceptedText.get(path) ?? '');
  return { state, applied, rejected, workspace, accepted };
}


/**
 * Empty databases one after the other, for scripts that change roles, owners and settings: the
 * same database emptied again, or a new one when a script left it so that it cannot be emptied.
 */
export function emptyDatabases(target: { name: string }): { next(): Promise<Database>; close(): Promise<void> } {
  let current: Database | undefined;
  return {
    async next() {
      if (current) {
        try {
          await resetDatabase(current);
          return current;
        } catch {
          await current.close();
        }
      }
      current = await openFresh(target);
      return current;
    },
    async close() {
      await current?.close();
      current = undefined;
    },
  };
}
