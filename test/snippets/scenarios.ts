/**
 * What each migration snippet is for, checked on a real PostgreSQL: the tables a snippet expects
 * (preludes), how a runner sends it, and the schema and behaviour it must leave. Shared by the SQL
 * snippet tests and the Alembic ones (whose generated SQL must leave the same schema).
 */
import { expect } from 'vitest';
import { parseScript } from '../../server/src/core/source/document';
import type { Database } from '../harness/database';
import { runScript } from '../harness/database';
import { snapshotSchema } from '../harness/schema-snapshot';

export const ORDERS_ROWS = 12_000;

/** customers and orders with enough rows for two backfill batches of 10,000. */
export const ORDERS_PRELUDE = `
  CREATE TABLE customers (id bigint PRIMARY KEY, name text);
  INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 10) g;
  CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, quantity integer, status text);
  INSERT INTO orders SELECT g, g % 10 + 1, g % 5 + 1 FROM generate_series(1, ${ORDERS_ROWS}) g;
`;

/** users with a plain unique constraint on email. */
export const USERS_PRELUDE = `
  CREATE TABLE users (id bigint PRIMARY KEY, name text, email text, CONSTRAINT users_email_key UNIQUE (email));
  INSERT INTO users SELECT g, 'user ' || g, 'user' || g || '@example.com' FROM generate_series(1, ${ORDERS_ROWS}) g;
`;

/** How a migration runner sends a file to PostgreSQL. */
export type Runner =
  /** psql -f and most runners: one statement at a time, so BEGIN/COMMIT in the file decide the transactions. */
  | 'statements'
  /** golang-migrate: the whole file as one command string (PostgreSQL runs it as one implicit transaction). */
  | 'one-command'
  /** dbmate: one section as one command string, inside BEGIN/COMMIT unless the section says transaction:false. */
  | 'dbmate-up'
  | 'dbmate-down';

export async function runAs(db: Database, runner: Runner, sql: string): Promise<void> {
  if (runner === 'statements') return runScript(db, sql);
  if (runner === 'one-command') return db.exec(sql);
  const section = dbmateSection(sql, runner === 'dbmate-up' ? 'up' : 'down');
  if (!section.wrapped) return db.exec(section.sql);
  await db.exec('BEGIN');
  try {
    await db.exec(section.sql);
  } catch (error) {
    await db.exec('ROLLBACK');
    throw error;
  }
  await db.exec('COMMIT');
}

/** The text of one dbmate section (after its `-- migrate:up|down` line) and whether dbmate wraps it. */
export function dbmateSection(sql: string, which: 'up' | 'down'): { sql: string; wrapped: boolean } {
  const markers = [...sql.matchAll(/^--\s*migrate:(up|down)\b(.*)$/gm)];
  const index = markers.findIndex((marker) => marker[1] === which);
  if (index < 0) throw new Error(`no -- migrate:${which} section`);
  const marker = markers[index];
  const start = marker.index + marker[0].length;
  const end = markers[index + 1]?.index ?? sql.length;
  return { sql: sql.slice(start, end), wrapped: !/transaction\s*:\s*false/i.test(marker[2]) };
}

/** Each SQL statement of a script, run as a query: the rows of every statement. */
export async function queryEach(db: Database, sql: string): Promise<Array<Array<Record<string, unknown>>>> {
  const results: Array<Array<Record<string, unknown>>> = [];
  for (const statement of parseScript(sql).statements) results.push(await db.query(statement.text));
  return results;
}

/** The column names a query returns, read from a temporary view (so that they are known with no rows). */
export async function columnsOf(db: Database, query: string): Promise<string[]> {
  await db.exec(`CREATE TEMP VIEW schemaguard_columns AS ${query}`);
  try {
    const rows = await db.query<{ attname: string }>(
      "SELECT attname FROM pg_attribute WHERE attrelid = 'schemaguard_columns'::regclass AND attnum > 0 ORDER BY attnum",
    );
    return rows.map((row) => row.attname);
  } finally {
    await db.exec('DROP VIEW schemaguard_columns');
  }
}

export async function scalar(db: Database, sql: string): Promise<unknown> {
  const rows = await db.query<Record<string, unknown>>(sql);
  return Object.values(rows[0] ?? {})[0];
}

export async function count(db: Database, sql: string): Promise<number> {
  return Number(await scalar(db, sql));
}

/** Polls until `ready` holds (another session reached a lock wait); fails after `attempts`. */
export async function waitUntil(ready: () => Promise<boolean>, what: string, attempts = 400): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

// Checks of the schema a snippet leaves, shared with the Alembic snippets' generated SQL.

export async function expectIndex(db: Database, definition: string): Promise<void> {
  expect((await snapshotSchema(db)).indexes).toContain(definition);
}

export async function expectOrdersCustomerIdIndex(db: Database): Promise<void> {
  await expectIndex(db, 'CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)');
}

export async function expectCustomerIdNotNull(db: Database): Promise<void> {
  const schema = await snapshotSchema(db);
  expect(schema.columns).toContain('public.orders.customer_id bigint NOT NULL');
  expect(schema.constraints.filter((line) => line.includes('orders_customer_id_not_null_check'))).toEqual([]);
  expect(await count(db, 'SELECT count(*) FROM orders')).toBe(ORDERS_ROWS);
}

export async function expectValidatedForeignKey(db: Database): Promise<void> {
  const schema = await snapshotSchema(db);
  expect(schema.constraints).toContain('public.orders orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id)');
  await expectOrdersCustomerIdIndex(db);
}

export async function expectStatusBackfilled(db: Database): Promise<void> {
  expect(await count(db, 'SELECT count(*) FROM orders WHERE status IS NULL')).toBe(0);
  expect(await count(db, "SELECT count(*) FROM orders WHERE status = 'pending'")).toBe(ORDERS_ROWS);
}

export async function expectColumn(db: Database, line: string, present = true): Promise<void> {
  const columns = (await snapshotSchema(db)).columns;
  if (present) expect(columns).toContain(line);
  else expect(columns).not.toContain(line);
}

/** Marks an index INVALID, as a failed or cancelled CREATE INDEX CONCURRENTLY leaves it. */
export async function markInvalid(db: Database, index: string): Promise<void> {
  await db.exec(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = '${index}'::regclass`);
}
