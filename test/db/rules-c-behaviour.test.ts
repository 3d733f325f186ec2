/**
 * What the docs of the rename / drop / partition / trigger / replication rules claim about
 * PostgreSQL, checked on PGlite and (with SCHEMAGUARD_TEST_PG_URL) on the server: the quick
 * fixes avoid what they promise to avoid, and the hazards happen as described.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { getRule } from '../../server/src/core/rules/index';
import type { Database } from '../harness/database';
import { parseScript } from '../../server/src/core/source/document';
import { databaseForSuite, databaseTargets, resetDatabase, runScript } from '../harness/database';
import { applyFirstFixes, lint } from '../harness/lint';
import { snapshotSchema } from '../harness/schema-snapshot';
import attachCases from '../rules/require-check-before-attach-partition.cases';
import detachCases, { ADDS_BOUND_CHECK } from '../rules/require-concurrent-detach-partition.cases';

function fixed(ruleId: string, sql: string): string {
  const rule = getRule(ruleId)!;
  const findings = lint(sql, undefined, [rule]).findings.filter((finding) => finding.ruleId === ruleId);
  expect(findings.flatMap((finding) => finding.fixes).length).toBeGreaterThan(0);
  return applyFirstFixes(sql, findings);
}

async function errorOf(db: Database, sql: string): Promise<string | undefined> {
  try {
    await db.exec(sql);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A connection of its own that collects the DEBUG / NOTICE messages the server sends. */
async function openWithNotices(target: string): Promise<Database & { notices: string[] }> {
  const notices: string[] = [];
  if (target === 'pglite') {
    const db = new PGlite();
    await db.waitReady;
    const onNotice = (notice: { message?: string }): void => {
      notices.push(notice.message ?? '');
    };
    return {
      name: 'PGlite with notices',
      notices,
      exec: async (sql) => {
        await db.exec(sql, { onNotice });
      },
      query: async <T extends Record<string, unknown>>(sql: string) => (await db.query<T>(sql, [], { onNotice })).rows,
      close: () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: process.env.SCHEMAGUARD_TEST_PG_URL });
  await client.connect();
  client.on('notice', (notice) => notices.push(notice.message ?? ''));
  return {
    name: 'server with notices',
    notices,
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T extends Record<string, unknown>>(sql: string) => (await client.query(sql)).rows as T[],
    close: () => client.end(),
  };
}

/** The DEBUG1 messages of each statement of `sql`, run after `prelude` on an empty database. */
async function debugMessagesOf(db: Database & { notices: string[] }, prelude: string, sql: string): Promise<Array<{ statement: string; messages: string[] }>> {
  await resetDatabase(db);
  await runScript(db, prelude);
  await db.exec('SET client_min_messages = debug1');
  const result: Array<{ statement: string; messages: string[] }> = [];
  try {
    for (const statement of parseScript(sql).statements) {
      db.notices.length = 0;
      await db.exec(statement.text);
      result.push({ statement: statement.text, messages: [...db.notices] });
    }
    return result;
  } finally {
    await db.exec('RESET client_min_messages');
  }
}

function messagesOf(run: Array<{ statement: string; messages: string[] }>, pattern: RegExp): string[] {
  const entry = run.find((candidate) => pattern.test(candidate.statement));
  expect(entry, String(pattern)).toBeDefined();
  return entry!.messages;
}

for (const target of databaseTargets()) {
  describe(`on ${target.name}`, () => {
    const db = databaseForSuite(target);

    for (const entry of detachCases.invalid.filter((candidate) => candidate.skipDatabase === ADDS_BOUND_CHECK)) {
      it(`require-concurrent-detach-partition: the fixed schema differs only by the CHECK that DETACH CONCURRENTLY leaves: ${entry.name ?? entry.sql}`, async () => {
        const settings = entry.settings;
        const rule = getRule('require-concurrent-detach-partition')!;
        const findings = lint(entry.sql, settings, [rule]).findings.filter((finding) => finding.ruleId === rule.id);
        const detached = findings.map((finding) => /detach\s+partition\s+(.+)$/is.exec(entry.sql.slice(finding.start, finding.end))?.[1]);
        await resetDatabase(db);
        await runScript(db, detachCases.prelude);
        await runScript(db, entry.sql);
        const original = await snapshotSchema(db);

        await resetDatabase(db);
        await runScript(db, detachCases.prelude);
        await runScript(db, applyFirstFixes(entry.sql, findings));
        const afterFix = await snapshotSchema(db);

        expect({ ...afterFix, constraints: [] }).toEqual({ ...original, constraints: [] });
        expect(original.constraints.filter((line) => !afterFix.constraints.includes(line))).toEqual([]);
        const added = afterFix.constraints.filter((line) => !original.constraints.includes(line));
        expect(added).toHaveLength(detached.length);
        detached.forEach((name, index) => {
          const table = name!.includes('.') ? name!.replace(/"/g, '') : `public.${name}`;
          expect(added[index].startsWith(`${table} `), added[index]).toBe(true);
          expect(added[index]).toMatch(/ CHECK \(.*IS NOT NULL/);
        });
      });
    }

    it('require-check-before-attach-partition: after the fix ATTACH skips the scan, without it PostgreSQL scans', async () => {
      const sql = attachCases.invalid.find((entry) => entry.name?.startsWith('partitioning an existing table'))!.sql;
      const withNotices = await openWithNotices(target.name);
      try {
        const scanned = await debugMessagesOf(withNotices, attachCases.prelude, sql);
        expect(messagesOf(scanned, /ATTACH PARTITION/)).toContain('verifying table "events_legacy"');

        const afterFix = await debugMessagesOf(withNotices, attachCases.prelude, fixed('require-check-before-attach-partition', sql));
        expect(messagesOf(afterFix, /ATTACH PARTITION/)).toEqual(['partition constraint for table "events_legacy" is implied by existing constraints']);
        // the scan moved to VALIDATE CONSTRAINT, which lets reads and writes through
        expect(messagesOf(afterFix, /VALIDATE CONSTRAINT/)).toContain('verifying table "events_legacy"');
      } finally {
        await withNotices.close();
      }
    });

    it('ban-replication-breaking-change: without a primary key UPDATE and DELETE on a published table fail; a replacement in the same statement keeps them working', async () => {
      await resetDatabase(db);
      await db.exec('DROP PUBLICATION IF EXISTS schemaguard_test_pub');
      await runScript(db, 'CREATE TABLE accounts (id integer PRIMARY KEY, v int);\nCREATE UNIQUE INDEX accounts_id_new_key ON accounts (id);\nINSERT INTO accounts VALUES (1, 1);');
      await db.exec('CREATE PUBLICATION schemaguard_test_pub FOR TABLE accounts');
      try {
        await db.exec('ALTER TABLE accounts DROP CONSTRAINT accounts_pkey, ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_new_key');
        expect(await errorOf(db, 'UPDATE accounts SET v = 2')).toBeUndefined();

        await db.exec('ALTER TABLE accounts DROP CONSTRAINT accounts_pkey');
        expect(await errorOf(db, 'UPDATE accounts SET v = 3')).toMatch(/does not have a replica identity and publishes updates/);
        expect(await errorOf(db, 'DELETE FROM accounts')).toMatch(/does not have a replica identity and publishes deletes/);

        await db.exec('ALTER TABLE accounts REPLICA IDENTITY FULL');
        expect(await errorOf(db, 'UPDATE accounts SET v = 4')).toBeUndefined();
        await db.exec('ALTER TABLE accounts REPLICA IDENTITY NOTHING');
        expect(await errorOf(db, 'UPDATE accounts SET v = 5')).toMatch(/does not have a replica identity/);
      } finally {
        await db.exec('DROP PUBLICATION IF EXISTS schemaguard_test_pub');
      }
    });

    it('ban-disabling-triggers: DISABLE TRIGGER ALL and session_replication_role = replica let orphans in and leave the foreign key marked valid; DISABLE TRIGGER USER does not', async () => {
      await resetDatabase(db);
      await runScript(db, 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));');

      await db.exec('ALTER TABLE orders DISABLE TRIGGER USER');
      expect(await errorOf(db, 'INSERT INTO orders VALUES (1, 42)')).toMatch(/violates foreign key constraint/);

      await db.exec('ALTER TABLE orders DISABLE TRIGGER ALL');
      expect(await errorOf(db, 'INSERT INTO orders VALUES (2, 42)')).toBeUndefined();
      await db.exec('ALTER TABLE orders ENABLE TRIGGER ALL');

      await db.exec('SET session_replication_role = replica');
      expect(await errorOf(db, 'INSERT INTO orders VALUES (3, 43)')).toBeUndefined();
      await db.exec('SET session_replication_role = origin');

      const rows = await db.query<{ orphans: number; validated: boolean }>(
        "SELECT (SELECT count(*)::int FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)) AS orphans, (SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_id_fkey') AS validated",
      );
      expect(rows[0]).toEqual({ orphans: 2, validated: true });
    });

    it('ban-rename-table: old code keeps reading and writing through a view under the old name', async () => {
      await resetDatabase(db);
      await runScript(db, "CREATE TABLE customers (id bigint PRIMARY KEY, name text);\nINSERT INTO customers VALUES (1, 'Ada');");
      await runScript(db, 'BEGIN;\nALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;\nCOMMIT;');
      await db.exec("INSERT INTO customers VALUES (2, 'Grace')");
      await db.exec("UPDATE customers SET name = 'Ada L.' WHERE id = 1");
      await db.exec('DELETE FROM customers WHERE id = 2');
      expect(await db.query('SELECT id::int AS id, name FROM clients ORDER BY id')).toEqual([{ id: 1, name: 'Ada L.' }]);
    });
  });
}
