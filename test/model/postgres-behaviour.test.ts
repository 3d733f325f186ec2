/**
 * The PostgreSQL behaviour the column and constraint rules (rules-b) describe, measured: whether a
 * statement scans the table (pg_stat_get_xact_numscans), rewrites it (a new relfilenode) or fails.
 * Locks are checked by each rule's `locks` cases; this covers the scans and rewrites their docs claim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../harness/database';
import { databaseTargets } from '../harness/database';

interface Effect {
  scans: number;
  rewritten: boolean;
}

const SETUP = `
  DROP TABLE IF EXISTS t; DROP TABLE IF EXISTS u;
  CREATE TABLE u (id int PRIMARY KEY); INSERT INTO u VALUES (1), (5);
  CREATE TABLE t (id int, x int, s text); INSERT INTO t SELECT g, 1, 'a' FROM generate_series(1, 1000) g;`;

async function effectOf(db: Database, setup: string, sql: string): Promise<Effect> {
  await db.exec(SETUP);
  if (setup) await db.exec(setup);
  const node = async () => (await db.query<{ n: string }>("SELECT relfilenode::text AS n FROM pg_class WHERE oid = 't'::regclass"))[0].n;
  // pending statistics of earlier transactions may not be flushed yet: count the difference
  const scanCount = async () => Number((await db.query<{ n: string }>("SELECT pg_stat_get_xact_numscans('t'::regclass)::text AS n"))[0].n);
  const before = await node();
  await db.exec('BEGIN');
  try {
    const scansBefore = await scanCount();
    await db.exec(sql);
    const scans = (await scanCount()) - scansBefore;
    return { scans, rewritten: (await node()) !== before };
  } finally {
    await db.exec('ROLLBACK');
  }
}

const CHECKED = "ALTER TABLE t ADD CONSTRAINT t_x_not_null_check CHECK (x IS NOT NULL) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT t_x_not_null_check;";

for (const target of databaseTargets()) {
  describe(`PostgreSQL behaviour on ${target.name}`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db?.exec('DROP TABLE IF EXISTS t; DROP TABLE IF EXISTS u');
      await db?.close();
    });

    it('SET NOT NULL scans the table', async () => {
      expect(await effectOf(db, '', 'ALTER TABLE t ALTER x SET NOT NULL')).toEqual({ scans: 1, rewritten: false });
    });
    it('SET NOT NULL skips the scan after a validated CHECK (x IS NOT NULL)', async () => {
      expect(await effectOf(db, CHECKED, 'ALTER TABLE t ALTER x SET NOT NULL')).toEqual({ scans: 0, rewritten: false });
    });
    it('ADD CONSTRAINT CHECK scans; NOT VALID does not; VALIDATE does', async () => {
      expect((await effectOf(db, '', 'ALTER TABLE t ADD CONSTRAINT k CHECK (x > 0)')).scans).toBe(1);
      expect((await effectOf(db, '', 'ALTER TABLE t ADD CONSTRAINT k CHECK (x > 0) NOT VALID')).scans).toBe(0);
      expect((await effectOf(db, 'ALTER TABLE t ADD CONSTRAINT k CHECK (x > 0) NOT VALID', 'ALTER TABLE t VALIDATE CONSTRAINT k')).scans).toBe(1);
    });
    it('ADD FOREIGN KEY scans; NOT VALID does not', async () => {
      expect((await effectOf(db, '', 'ALTER TABLE t ADD FOREIGN KEY (x) REFERENCES u')).scans).toBe(1);
      expect((await effectOf(db, '', 'ALTER TABLE t ADD FOREIGN KEY (x) REFERENCES u NOT VALID')).scans).toBe(0);
    });
    it('REFERENCES on a new column scans only when the column has a DEFAULT', async () => {
      expect((await effectOf(db, '', 'ALTER TABLE t ADD COLUMN c int REFERENCES u')).scans).toBe(0);
      expect((await effectOf(db, '', 'ALTER TABLE t ADD COLUMN c int DEFAULT 5 REFERENCES u')).scans).toBe(1);
    });
    it('CHECK on a new column scans even without a DEFAULT', async () => {
      expect((await effectOf(db, '', 'ALTER TABLE t ADD COLUMN c int CHECK (c > 0)')).scans).toBe(1);
    });
    it('ADD UNIQUE / PRIMARY KEY build their index by scanning', async () => {
      expect((await effectOf(db, '', 'ALTER TABLE t ADD CONSTRAINT t_id_key UNIQUE (id)')).scans).toBe(1);
      expect((await effectOf(db, '', 'ALTER TABLE t ADD PRIMARY KEY (id)')).scans).toBeGreaterThanOrEqual(1);
    });
    it('ADD CONSTRAINT ... USING INDEX of a valid unique index does not scan', async () => {
      expect((await effectOf(db, 'CREATE UNIQUE INDEX t_id_key ON t (id)', 'ALTER TABLE t ADD CONSTRAINT t_id_key UNIQUE USING INDEX t_id_key')).scans).toBe(0);
    });
    it('a constant DEFAULT, also NOT NULL, neither scans nor rewrites (PostgreSQL 11+)', async () => {
      expect(await effectOf(db, '', 'ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0')).toEqual({ scans: 0, rewritten: false });
    });
    it('a volatile DEFAULT rewrites; ADD COLUMN then SET DEFAULT in one statement does not', async () => {
      expect((await effectOf(db, '', 'ALTER TABLE t ADD COLUMN c float8 DEFAULT random()')).rewritten).toBe(true);
      expect(await effectOf(db, '', 'ALTER TABLE t ADD COLUMN c float8, ALTER COLUMN c SET DEFAULT random()')).toEqual({ scans: 0, rewritten: false });
    });
    it('serial, identity and stored generated columns rewrite', async () => {
      expect((await effectOf(db, '', 'ALTER TABLE t ADD COLUMN c bigserial')).rewritten).toBe(true);
      expect((await effectOf(db, '', 'ALTER TABLE t ADD COLUMN c bigint GENERATED BY DEFAULT AS IDENTITY')).rewritten).toBe(true);
      expect((await effectOf(db, '', 'ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS (x + 1) STORED')).rewritten).toBe(true);
    });
    it('ALTER COLUMN ... ADD GENERATED AS IDENTITY on a NOT NULL column does not rewrite', async () => {
      const effect = await effectOf(db, 'ALTER TABLE t ALTER x SET NOT NULL', 'ALTER TABLE t ALTER x ADD GENERATED BY DEFAULT AS IDENTITY');
      expect(effect.rewritten).toBe(false);
    });
    it('ADD COLUMN NOT NULL without a DEFAULT fails on a table with rows', async () => {
      await expect(effectOf(db, '', 'ALTER TABLE t ADD COLUMN c int NOT NULL')).rejects.toThrow(/contains null values/);
    });
  });
}
