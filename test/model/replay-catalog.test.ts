/**
 * Replay correctness: every migration history and schema in ../shared/corpus is applied to a real
 * PostgreSQL (PGlite, and the server in CI) statement by statement in the order the workspace
 * model puts its files, and the model replays the same statements; the tables, columns, indexes and
 * constraints of the two must be the same (see harness/catalog-model.ts for what is compared).
 * Statements the database rejects (an extension it lacks, a role it does not have, PostgreSQL 18
 * syntax on 15) change nothing there and are left out of the replay too; their number is printed.
 * PostgreSQL's own regression tests are replayed the same way as a stress test of rarer DDL.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replayStatements } from '../../server/src/core/model/schema/replay';
import { SchemaState } from '../../server/src/core/model/schema/state';
import { SchemaWorkspace, parseMigration } from '../../server/src/core/model/schema/workspace';
import { catalogLines, differences, modelLines } from '../harness/catalog-model';
import type { Database } from '../harness/database';
import { databaseTargets, openFresh, resetDatabase } from '../harness/database';

const CORPUS = resolve(__dirname, '../../../shared/corpus');

interface Case {
  name: string;
  /** Folder (under the corpus) whose files form the history. */
  folder: string;
  /** Only these files of the folder (default: all .sql files). */
  files?: string[];
  /** What the history expects the database to have (the platform creates it before the first migration). */
  prelude?: string;
}

const SUPABASE_ROLES = ['supabase_admin', 'supabase_auth_admin', 'supabase_storage_admin', 'authenticator', 'anon', 'authenticated', 'service_role', 'dashboard_user', 'pgbouncer', 'supabase_replication_admin', 'supabase_read_only_user', 'supabase_realtime_admin', 'pgsodium_keyholder'];

const HISTORIES: Case[] = [
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

/** pg_regress files whose DDL the model does not follow yet, with why (the rest must match exactly). */
const REGRESS_GAPS: Record<string, string> = {
  'event_trigger.sql': 'event triggers run DDL of their own when statements fire them',
  'matview.sql': 'CREATE MATERIALIZED VIEW ... AS TABLE / EXECUTE and drops through dependent views',
  'inherit.sql': 'a parent constraint merging with an equal constraint its child already has',
  'foreign_key.sql': 'foreign keys cloned onto sub-partitions attached after the key was added, and self-references of partitions',
  'indexing.sql': 'validity of an ON ONLY index on a partitioned table whose partitions come and go',
  'create_function_sql.sql': 'a table created by a SQL function when it is called',
};

function readdirIfExists(folder: string): string[] {
  const path = join(CORPUS, folder);
  return existsSync(path) ? readdirSync(path).filter((file) => file.endsWith('.sql')).sort() : [];
}

/** Applies a history to the database and the model; returns how many statements the database rejected. */
async function replayBoth(db: Database, entry: Case): Promise<{ state: SchemaState; applied: number; rejected: number }> {
  const workspace = new SchemaWorkspace();
  for (const file of entry.files ?? readdirIfExists(entry.folder)) workspace.setFile(`${entry.folder}/${file}`, readFileSync(join(CORPUS, entry.folder, file), 'utf8'));
  const state = new SchemaState();
  if (entry.prelude) {
    await db.exec(entry.prelude);
    replayStatements(state, 'prelude', parseMigration('prelude.sql', entry.prelude).upStatements);
  }
  let applied = 0;
  let rejected = 0;
  for (const history of workspace.histories()) {
    for (const file of history.files) {
      for (const statement of workspace.migration(file.path)!.upStatements) {
        // transaction control is the runner's business; COPY ... TO STDOUT would wait for a reader
        if (statement.is('TransactionStmt') || statement.is('CopyStmt')) continue;
        try {
          await db.exec(statement.text);
        } catch {
          rejected++;
          await db.exec('ROLLBACK').catch(() => undefined);
          continue;
        }
        applied++;
        replayStatements(state, file.path, [statement]);
      }
    }
  }
  return { state, applied, rejected };
}

const regressFiles = readdirIfExists('pg_regress');

for (const target of databaseTargets()) {
  describe.skipIf(!existsSync(CORPUS))(`replayed schema equals the catalog on ${target.name}`, () => {
    // each case starts from an empty database; a script that changed roles or owners so that the
    // database cannot be emptied again gets a new one
    let current: Database | undefined;
    const emptyDatabase = async (): Promise<Database> => {
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
    };
    afterAll(async () => {
      await current?.close();
    });
    const compare = async (entry: Case): Promise<void> => {
      const db = await emptyDatabase();
      {
        const { state, applied, rejected } = await replayBoth(db, entry);
        const catalog = await catalogLines(db);
        console.log(`${target.name} ${entry.name}: ${applied} statements applied, ${rejected} rejected; ${catalog.tables.length} relations, ${catalog.columns.length} columns, ${catalog.indexes.length} indexes, ${catalog.constraints.length} constraints`);
        expect(applied).toBeGreaterThan(0);
        expect(differences(catalog, modelLines(state))).toEqual(differences(catalog, catalog));
      }
    };
    for (const entry of HISTORIES) it(entry.name, { timeout: 300_000 }, () => compare(entry));
    for (const file of regressFiles) {
      it.skipIf(file in REGRESS_GAPS)(`pg_regress/${file}`, { timeout: 300_000 }, () => compare({ name: `pg_regress/${file}`, folder: 'pg_regress', files: [file] }));
    }
  });
}
