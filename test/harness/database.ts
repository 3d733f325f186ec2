/**
 * A real PostgreSQL for tests: PGlite (PostgreSQL 18 in WebAssembly, in-process) always, and the
 * server named by SCHEMAGUARD_TEST_PG_URL when set (.ci/run points it at a PostgreSQL 15 server).
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { parseScript } from '../../server/src/core/source/document';

export interface Database {
  name: string;
  exec(sql: string): Promise<void>;
  query<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function openPglite(): Promise<Database> {
  const db = new PGlite();
  await db.waitReady;
  return {
    name: 'PGlite (PostgreSQL 18)',
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T extends Record<string, unknown>>(sql: string) => (await db.query<T>(sql)).rows,
    close: () => db.close(),
  };
}

export async function openServer(connectionString: string): Promise<Database> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  return {
    name: `PostgreSQL ${version} server`,
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T extends Record<string, unknown>>(sql: string) => (await client.query(sql)).rows as T[],
    close: () => client.end(),
  };
}

/**
 * The databases to verify on: PGlite, plus the server when SCHEMAGUARD_TEST_PG_URL is set.
 * SCHEMAGUARD_TEST_PGLITE=0 leaves PGlite out (.ci/run's second pass, on the server only).
 */
export function databaseTargets(): Array<{ name: string; open: () => Promise<Database> }> {
  const targets: Array<{ name: string; open: () => Promise<Database> }> = [];
  if (process.env.SCHEMAGUARD_TEST_PGLITE !== '0') targets.push({ name: 'pglite', open: openPglite });
  const url = process.env.SCHEMAGUARD_TEST_PG_URL;
  if (url) targets.push({ name: 'server', open: () => openServer(url) });
  return targets;
}

let freshDatabases = 0;

/**
 * A database nobody used before, for a script that may change roles, ownership or settings:
 * a new PGlite, or a new database on the server (dropped again on close).
 */
export async function openFresh(target: { name: string }): Promise<Database> {
  const url = process.env.SCHEMAGUARD_TEST_PG_URL;
  if (target.name !== 'server' || !url) return openPglite();
  const admin = await openServer(url);
  const name = `schemaguard_fresh_${process.pid}_${++freshDatabases}`;
  await admin.exec(`CREATE DATABASE ${name}`);
  // postgresql://user@host/dbname?options: the last path segment names the database
  const [base, query] = url.split('?');
  const database = `${base.replace(/\/[^/]*$/, '')}/${name}${query !== undefined ? `?${query}` : ''}`;
  const db = await openServer(database);
  return {
    ...db,
    close: async () => {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
      await admin.close();
    },
  };
}

/**
 * A database for the enclosing describe block: opened in beforeAll, closed in afterAll. The object
 * is returned at once and forwards to the connection, so tests use it like any Database.
 */
export function databaseForSuite(target: { name: string; open: () => Promise<Database> }): Database {
  let opened: Database | undefined;
  const connection = (): Database => {
    if (!opened) throw new Error(`${target.name} is not open yet: use the database inside tests or hooks`);
    return opened;
  };
  beforeAll(async () => {
    opened = await target.open();
  });
  afterAll(async () => {
    await opened?.close();
    opened = undefined;
  });
  return {
    name: target.name,
    exec: (sql) => connection().exec(sql),
    query: (sql) => connection().query(sql),
    close: async () => undefined, // closed by afterAll
  };
}

/** Empties the database: every schema the tests may have made, and public recreated. */
export async function resetDatabase(db: Database): Promise<void> {
  await db.exec('ROLLBACK').catch(() => undefined);
  // a script may have switched roles (SET ROLE, SET SESSION AUTHORIZATION): drop things as the owner again
  await db.exec('RESET SESSION AUTHORIZATION').catch(() => undefined);
  await db.exec('RESET ROLE').catch(() => undefined);
  const schemas = await db.query<{ nspname: string }>(
    "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'",
  );
  for (const { nspname } of schemas) await db.exec(`DROP SCHEMA ${quoteIdent(nspname)} CASCADE`);
  await db.exec('CREATE SCHEMA public');
  await db.exec('DISCARD ALL').catch(() => undefined);
}

/**
 * Runs a script the way a migration runner does: one statement at a time, so that BEGIN/COMMIT
 * in the file decide the transactions and CONCURRENTLY runs outside them.
 */
export async function runScript(db: Database, sql: string): Promise<void> {
  const script = parseScript(sql);
  for (const statement of script.statements) {
    if (statement.error) throw new Error(`does not parse: ${statement.error.message}: ${statement.text}`);
    await db.exec(statement.text);
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
