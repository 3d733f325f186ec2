/**
 * The lock model against PostgreSQL itself: for each statement, what locksOf predicts equals the
 * strongest mode pg_locks shows on each named relation inside an open transaction, and no other
 * existing table gets a lock stronger than ACCESS SHARE that the model misses. Statements that
 * cannot run in a transaction block are checked on the server from a second session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelationLock } from '../../server/src/core/model/locks';
import { LOCK_MODES, blocksReads, blocksWrites, lockModeLabel, lockModesConflict, locksOf } from '../../server/src/core/model/locks';
import { parseScript } from '../../server/src/core/source/document';
import { locksOutsideTransaction } from '../harness/concurrent-locks';
import type { Database } from '../harness/database';
import { databaseTargets, resetDatabase, runScript } from '../harness/database';

const PRELUDE = `
CREATE TABLE customers (id bigint PRIMARY KEY, name text);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric, note text, status text);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE UNIQUE INDEX orders_status_id_key ON orders (status, id);
CREATE TABLE measurements (taken_at timestamptz, v int) PARTITION BY RANGE (taken_at);
CREATE TABLE m2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE m2025 (taken_at timestamptz, v int);
CREATE MATERIALIZED VIEW order_totals AS SELECT customer_id, sum(total) AS total FROM orders GROUP BY 1;
CREATE UNIQUE INDEX order_totals_key ON order_totals (customer_id);
CREATE VIEW open_orders AS SELECT * FROM orders WHERE status = 'open';
CREATE SEQUENCE invoice_numbers;
CREATE TABLE audit_base (note text);
CREATE TABLE plain (a int NOT NULL, note text);
CREATE INDEX orders_lower_note_idx ON orders (lower(note));
CREATE POLICY orders_all ON orders USING (true);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_touch BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total > 0) NOT VALID;
`;

/** [statement, expected locks as "relation:Mode" sorted] */
const IN_TRANSACTION: Array<[string, string]> = [
  ['ALTER TABLE orders ADD COLUMN shipped_at timestamptz', 'orders:AccessExclusiveLock'],
  ["ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu'", 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders ADD COLUMN buyer_id bigint REFERENCES customers (id)', 'customers:ShareRowExclusiveLock orders:AccessExclusiveLock'],
  ['ALTER TABLE plain DROP COLUMN note', 'plain:AccessExclusiveLock'],
  ["ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'none'", 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders ALTER COLUMN note DROP DEFAULT', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders ALTER COLUMN note SET NOT NULL', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE plain ALTER COLUMN a DROP NOT NULL', 'plain:AccessExclusiveLock'],
  ['ALTER TABLE plain ALTER COLUMN a TYPE bigint', 'plain:AccessExclusiveLock'],
  ['ALTER TABLE orders ALTER COLUMN note SET STATISTICS 500', 'orders:ShareUpdateExclusiveLock'],
  ['ALTER TABLE orders ALTER COLUMN customer_id SET (n_distinct = 100)', 'orders:ShareUpdateExclusiveLock'],
  ['ALTER TABLE orders ALTER COLUMN note SET STORAGE EXTERNAL', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders ADD CONSTRAINT orders_id_check CHECK (id > 0)', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders ADD CONSTRAINT orders_id_check CHECK (id > 0) NOT VALID', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)', 'customers:ShareRowExclusiveLock orders:ShareRowExclusiveLock'],
  ['ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID', 'customers:ShareRowExclusiveLock orders:ShareRowExclusiveLock'],
  ['ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check', 'orders:ShareUpdateExclusiveLock'],
  ['ALTER TABLE orders DROP CONSTRAINT orders_total_check', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders ADD CONSTRAINT orders_status_key UNIQUE (status)', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders ADD CONSTRAINT orders_status_id_key UNIQUE USING INDEX orders_status_id_key', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders SET (fillfactor = 70, autovacuum_enabled = false)', 'orders:ShareUpdateExclusiveLock'],
  ['ALTER TABLE orders RESET (fillfactor)', 'orders:ShareUpdateExclusiveLock'],
  ['ALTER VIEW open_orders SET (security_barrier = true)', 'open_orders:AccessExclusiveLock'],
  ['ALTER TABLE orders CLUSTER ON orders_customer_id_idx', 'orders:ShareUpdateExclusiveLock'],
  ['ALTER TABLE orders SET WITHOUT CLUSTER', 'orders:ShareUpdateExclusiveLock'],
  ['ALTER TABLE orders DISABLE TRIGGER orders_touch', 'orders:ShareRowExclusiveLock'],
  ['ALTER TABLE orders ENABLE TRIGGER ALL', 'orders:ShareRowExclusiveLock'],
  ['ALTER TABLE orders OWNER TO CURRENT_USER', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders REPLICA IDENTITY FULL', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders ENABLE ROW LEVEL SECURITY', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE orders SET TABLESPACE pg_default', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE plain SET UNLOGGED', 'plain:AccessExclusiveLock'],
  ['ALTER TABLE plain INHERIT audit_base', 'audit_base:ShareUpdateExclusiveLock plain:AccessExclusiveLock'],
  ['ALTER TABLE orders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY', 'orders:AccessExclusiveLock'],
  ["ALTER TABLE measurements ATTACH PARTITION m2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')", 'm2025:AccessExclusiveLock measurements:ShareUpdateExclusiveLock'],
  ['ALTER TABLE measurements DETACH PARTITION m2024', 'm2024:AccessExclusiveLock measurements:AccessExclusiveLock'],
  ['ALTER INDEX orders_customer_id_idx SET (fillfactor = 80)', 'orders_customer_id_idx:ShareUpdateExclusiveLock'],
  ['ALTER INDEX orders_lower_note_idx ALTER COLUMN 1 SET STATISTICS 100', 'orders_lower_note_idx:ShareUpdateExclusiveLock'],
  ['ALTER TABLE orders RENAME COLUMN note TO memo', 'orders:AccessExclusiveLock'],
  ['ALTER TABLE public.orders RENAME TO purchases', 'public.orders:AccessExclusiveLock'],
  ['ALTER TABLE orders RENAME CONSTRAINT orders_total_check TO orders_total_positive', 'orders:AccessExclusiveLock'],
  ['ALTER INDEX orders_customer_id_idx RENAME TO orders_buyer_idx', 'orders_customer_id_idx:ShareUpdateExclusiveLock'],
  ['ALTER MATERIALIZED VIEW order_totals RENAME COLUMN total TO amount', 'order_totals:AccessExclusiveLock'],
  ['ALTER TABLE plain SET SCHEMA public', 'plain:AccessExclusiveLock'],
  ["CREATE TABLE m2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')", 'measurements:AccessExclusiveLock'],
  ['CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), parent bigint REFERENCES invoices (id))', 'customers:ShareRowExclusiveLock'],
  ['CREATE TABLE orders_copy (LIKE orders INCLUDING DEFAULTS)', 'orders:AccessShareLock'],
  ['CREATE TABLE audit_child () INHERITS (audit_base)', 'audit_base:ShareUpdateExclusiveLock'],
  ['CREATE TABLE big_orders AS SELECT * FROM orders WHERE total > 100', 'orders:AccessShareLock'],
  ['CREATE INDEX orders_status_idx ON orders (status)', 'orders:ShareLock'],
  ['REINDEX INDEX orders_customer_id_idx', 'orders_customer_id_idx:AccessExclusiveLock'],
  ['REINDEX TABLE orders', 'orders:ShareLock'],
  ['DROP INDEX orders_customer_id_idx', 'orders_customer_id_idx:AccessExclusiveLock'],
  ['DROP TABLE plain, m2025', 'm2025:AccessExclusiveLock plain:AccessExclusiveLock'],
  ['DROP VIEW open_orders', 'open_orders:AccessExclusiveLock'],
  ['DROP MATERIALIZED VIEW order_totals', 'order_totals:AccessExclusiveLock'],
  ['DROP SEQUENCE invoice_numbers', 'invoice_numbers:AccessExclusiveLock'],
  ['TRUNCATE plain', 'plain:AccessExclusiveLock'],
  ['CLUSTER orders USING orders_customer_id_idx', 'orders:AccessExclusiveLock'],
  ['REFRESH MATERIALIZED VIEW order_totals', 'order_totals:AccessExclusiveLock'],
  ['REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals', 'order_totals:ExclusiveLock'],
  ['CREATE TRIGGER orders_touch_update BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()', 'orders:ShareRowExclusiveLock'],
  ['DROP TRIGGER orders_touch ON orders', 'orders:AccessExclusiveLock'],
  ['CREATE POLICY orders_none ON orders USING (false)', 'orders:AccessExclusiveLock'],
  ['ALTER POLICY orders_all ON orders USING (false)', 'orders:AccessExclusiveLock'],
  ['DROP POLICY orders_all ON orders', 'orders:AccessExclusiveLock'],
  ['CREATE RULE orders_no_delete AS ON DELETE TO orders DO INSTEAD NOTHING', 'orders:AccessExclusiveLock'],
  ["COMMENT ON TABLE orders IS 'orders'", 'orders:ShareUpdateExclusiveLock'],
  ["COMMENT ON COLUMN public.orders.note IS 'free text'", 'public.orders:ShareUpdateExclusiveLock'],
  ['CREATE STATISTICS orders_stats ON customer_id, status FROM orders', 'orders:ShareUpdateExclusiveLock'],
  ['GRANT SELECT ON orders, customers TO PUBLIC', ''], // no lock on 15, ACCESS SHARE on 18: nothing that blocks
  ['LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE', 'orders:ShareRowExclusiveLock'],
  ['LOCK TABLE orders', 'orders:AccessExclusiveLock'],
  ["UPDATE orders SET note = 'x' WHERE customer_id IN (SELECT id FROM customers)", 'customers:AccessShareLock orders:RowExclusiveLock'],
  ['WITH old AS (SELECT id FROM orders WHERE total < 0) DELETE FROM orders USING old WHERE orders.id = old.id', 'orders:RowExclusiveLock'],
  ['INSERT INTO plain (a) SELECT id FROM customers', 'customers:AccessShareLock plain:RowExclusiveLock'],
  ['SELECT * FROM orders FOR UPDATE', 'orders:RowShareLock'],
  ['SELECT count(*) FROM orders', 'orders:AccessShareLock'],
  ['ANALYZE orders', 'orders:ShareUpdateExclusiveLock'],
  ['CREATE OR REPLACE VIEW open_orders AS SELECT * FROM orders WHERE status = $$open$$', 'open_orders:AccessExclusiveLock orders:AccessShareLock'],
  ['ALTER SEQUENCE invoice_numbers RESTART WITH 100', 'invoice_numbers:ShareRowExclusiveLock'],
];

/** Statements that cannot run in a transaction block: [statement, table watched, expected mode there]. */
const OUTSIDE_TRANSACTION: Array<[string, string, string]> = [
  ['CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status)', 'orders', 'ShareUpdateExclusiveLock'],
  ['DROP INDEX CONCURRENTLY orders_customer_id_idx', 'orders', 'ShareUpdateExclusiveLock'],
  ['REINDEX INDEX CONCURRENTLY orders_customer_id_idx', 'orders', 'ShareUpdateExclusiveLock'],
  ['REINDEX TABLE CONCURRENTLY orders', 'orders', 'ShareUpdateExclusiveLock'],
  ['VACUUM FULL orders', 'orders', 'AccessExclusiveLock'],
];

function format(locks: RelationLock[]): string {
  return locks
    .map((lock) => `${lock.relation.schemaname ? `${lock.relation.schemaname}.` : ''}${lock.relation.relname}:${lock.mode}`)
    .sort()
    .join(' ');
}

function predicted(sql: string, postgresVersion = 18): RelationLock[] {
  const [statement] = parseScript(sql).statements;
  return locksOf(statement, { postgresVersion });
}

describe('locksOf (prediction)', () => {
  for (const [sql, expected] of IN_TRANSACTION) {
    it(sql, () => {
      expect(format(predicted(sql))).toBe(expected);
    });
  }
  for (const [sql, table, mode] of OUTSIDE_TRANSACTION) {
    it(sql, () => {
      expect(predicted(sql).find((lock) => lock.relation.relname === table || lock.kind === 'index')?.mode).toBe(mode);
    });
  }
  it('depends on the PostgreSQL version where the server changed', () => {
    expect(format(predicted('ALTER TABLE measurements ATTACH PARTITION m2025 DEFAULT', 11))).toBe('m2025:AccessExclusiveLock measurements:AccessExclusiveLock');
    expect(format(predicted('ALTER INDEX orders_customer_id_idx RENAME TO x', 11))).toBe('orders_customer_id_idx:AccessExclusiveLock');
  });
  it('tolerates statements it does not model and half-empty trees', () => {
    expect(predicted('DO $$ BEGIN END $$')).toEqual([]);
    expect(predicted('VACUUM FULL')).toEqual([]);
    expect(predicted('CLUSTER')).toEqual([]);
    const broken = parseScript('ALTER TABLE t ADD COLUMN c int').statements[0];
    expect(locksOf({ ...broken, kind: 'AlterTableStmt', node: {} } as never, { postgresVersion: 17 })).toEqual([]);
  });
  it('knows the conflict table', () => {
    expect(LOCK_MODES.filter(blocksReads)).toEqual(['AccessExclusiveLock']);
    expect(LOCK_MODES.filter(blocksWrites)).toEqual(['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock']);
    for (const a of LOCK_MODES) for (const b of LOCK_MODES) expect(lockModesConflict(a, b)).toBe(lockModesConflict(b, a));
    expect(lockModesConflict('ShareUpdateExclusiveLock', 'ShareUpdateExclusiveLock')).toBe(true);
    expect(lockModesConflict('ShareLock', 'ShareLock')).toBe(false);
    expect(lockModeLabel('ShareUpdateExclusiveLock')).toBe('SHARE UPDATE EXCLUSIVE');
  });
});

interface Observed {
  /** relation name -> strongest mode held */
  held: Map<string, string>;
  /** relation name -> relkind, for every relation that existed before the statement */
  kinds: Map<string, string>;
  /** index name -> its table */
  indexTables: Map<string, string>;
}

/** Runs `sql` in a transaction that is rolled back, so the prelude stays as it was. */
async function observe(db: Database, sql: string): Promise<Observed> {
  await db.exec('BEGIN');
  try {
    const relations = await db.query<{ oid: number; relname: string; relkind: string; indrelid: string | null }>(
      `SELECT c.oid::int AS oid, c.relname, c.relkind::text AS relkind, t.relname AS indrelid
       FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid
       WHERE c.relnamespace = 'public'::regnamespace`,
    );
    await db.exec(sql);
    const locks = await db.query<{ relation: number; mode: string }>(`SELECT relation::int AS relation, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation'`);
    const byOid = new Map(relations.map((row) => [Number(row.oid), row]));
    const held = new Map<string, string>();
    for (const lock of locks) {
      const relation = byOid.get(Number(lock.relation));
      if (!relation) continue;
      const previous = held.get(relation.relname);
      if (!previous || LOCK_MODES.indexOf(lock.mode as never) > LOCK_MODES.indexOf(previous as never)) held.set(relation.relname, lock.mode);
    }
    return {
      held,
      kinds: new Map(relations.map((row) => [row.relname, row.relkind])),
      indexTables: new Map(relations.filter((row) => row.indrelid).map((row) => [row.relname, row.indrelid!])),
    };
  } finally {
    await db.exec('ROLLBACK');
  }
}

for (const target of databaseTargets()) {
  describe(`locksOf against pg_locks on ${target.name}`, () => {
    let db: Database;
    let version = 18;
    beforeAll(async () => {
      db = await target.open();
      version = Number((await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v"))[0].v.slice(0, 2));
      await resetDatabase(db);
      await runScript(db, PRELUDE);
    });
    afterAll(async () => {
      await db?.close();
    });

    for (const [sql] of IN_TRANSACTION) {
      it(sql, async () => {
        const model = predicted(sql, version);
        const { held, kinds, indexTables } = await observe(db, sql);
        for (const lock of model) expect(`${lock.relation.relname}:${held.get(lock.relation.relname!)}`).toBe(`${lock.relation.relname}:${lock.mode}`);
        const named = new Set(model.map((lock) => lock.relation.relname!));
        const covered = new Set([...named, ...model.filter((lock) => lock.kind === 'index').map((lock) => indexTables.get(lock.relation.relname!)!)]);
        const missed = [...held]
          .filter(([name, mode]) => !covered.has(name) && kinds.get(name) !== 'i' && kinds.get(name) !== 'I' && mode !== 'AccessShareLock')
          .map(([name, mode]) => `${name}:${mode}`);
        expect(missed).toEqual([]);
      });
    }

    const url = target.name === 'server' ? process.env.SCHEMAGUARD_TEST_PG_URL : undefined;
    for (const [sql, table, mode] of OUTSIDE_TRANSACTION) {
      it.skipIf(!url)(`${sql} (second session)`, async () => {
        try {
          expect(await locksOutsideTransaction(url!, sql, table)).toContain(mode);
        } finally {
          await resetDatabase(db);
          await runScript(db, PRELUDE);
        }
      });
    }
  });
}

describe('row locks of UPDATE and DELETE (second session, server only)', () => {
  const url = process.env.SCHEMAGUARD_TEST_PG_URL;
  it.skipIf(!url)('an uncommitted UPDATE or DELETE keeps every changed row locked against other writers', async () => {
    const { default: pg } = await import('pg');
    const writer = new pg.Client({ connectionString: url });
    const other = new pg.Client({ connectionString: url });
    await Promise.all([writer.connect(), other.connect()]);
    try {
      await writer.query('DROP TABLE IF EXISTS row_lock_probe; CREATE TABLE row_lock_probe (id int PRIMARY KEY, v int); INSERT INTO row_lock_probe SELECT g, 0 FROM generate_series(1, 10) g');
      for (const change of ['UPDATE row_lock_probe SET v = 1 WHERE id > 5', 'DELETE FROM row_lock_probe WHERE id > 5']) {
        await writer.query('BEGIN');
        await writer.query(change);
        const changed = await other.query('SELECT id FROM row_lock_probe WHERE id = 8 FOR UPDATE NOWAIT').then(() => 'free', (error: { code?: string }) => error.code);
        const untouched = await other.query('SELECT id FROM row_lock_probe WHERE id = 2 FOR UPDATE NOWAIT').then(() => 'free', (error: { code?: string }) => error.code);
        await writer.query('ROLLBACK');
        expect({ change, changed, untouched }).toEqual({ change, changed: '55P03', untouched: 'free' });
      }
    } finally {
      await writer.query('DROP TABLE IF EXISTS row_lock_probe').catch(() => undefined);
      await Promise.all([writer.end(), other.end()]);
    }
  });
});
