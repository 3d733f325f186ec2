/**
 * The volatile-function list against pg_proc, and "a volatile default rewrites the table, a
 * non-volatile one does not" against what PostgreSQL does (a rewrite gives the table a new relfilenode).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlterTableStmt, ColumnDef, Constraint } from 'libpg-query';
import { parseScript } from '../../server/src/core/source/document';
import { VOLATILE_BUILTIN_FUNCTIONS, functionVolatilityBefore, volatileFunctionIn } from '../../server/src/core/model/volatility';
import type { Database } from '../harness/database';
import { databaseTargets, openPglite } from '../harness/database';

function defaultOf(sql: string): Constraint['raw_expr'] {
  const node = parseScript(`ALTER TABLE t ADD COLUMN c ${sql}`).statements[0].node as AlterTableStmt;
  const def = (node.cmds![0] as { AlterTableCmd: { def: { ColumnDef: ColumnDef } } }).AlterTableCmd.def.ColumnDef;
  const constraint = def.constraints?.map((entry) => (entry as { Constraint: Constraint }).Constraint).find((c) => c.contype === 'CONSTR_DEFAULT');
  return constraint?.raw_expr;
}

describe('the volatile built-in function list', () => {
  it('equals the query it was read with, on PostgreSQL 18', async () => {
    const db = await openPglite();
    try {
      const rows = await db.query<{ proname: string }>(`
        SELECT proname FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace AND prokind = 'f' AND NOT proretset
        GROUP BY proname HAVING bool_and(provolatile = 'v' AND prorettype NOT IN
          ('internal'::regtype, 'trigger'::regtype, 'void'::regtype, 'language_handler'::regtype,
           'index_am_handler'::regtype, 'table_am_handler'::regtype, 'event_trigger'::regtype))
        ORDER BY 1`);
      expect([...VOLATILE_BUILTIN_FUNCTIONS].sort()).toEqual(rows.map((row) => row.proname).sort());
    } finally {
      await db.close();
    }
  });
});

/** [column definition, the volatile function the module names or undefined] */
const DEFAULTS: Array<[string, string | undefined]> = [
  ['int DEFAULT 5', undefined],
  ['timestamptz DEFAULT now()', undefined],
  ['timestamptz DEFAULT CURRENT_TIMESTAMP', undefined],
  ["text DEFAULT 'a' || 'b'", undefined],
  ["jsonb DEFAULT '{}'::jsonb", undefined],
  ["date DEFAULT (now() + interval '1 day')::date", undefined],
  ['float8 DEFAULT random()', 'random'],
  ['timestamptz DEFAULT clock_timestamp()', 'clock_timestamp'],
  ['uuid DEFAULT gen_random_uuid()', 'gen_random_uuid'],
  ['uuid DEFAULT pg_catalog.gen_random_uuid()', 'gen_random_uuid'],
  ['text DEFAULT md5(random()::text)', 'random'],
  ["bigint DEFAULT nextval('s')", 'nextval'],
];

for (const target of databaseTargets()) {
  describe(`volatile defaults on ${target.name}`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await target.open();
      await db.exec('DROP SEQUENCE IF EXISTS s; CREATE SEQUENCE s');
    });
    afterAll(async () => {
      await db?.exec('DROP TABLE IF EXISTS t; DROP SEQUENCE IF EXISTS s');
      await db?.close();
    });
    for (const [definition, expected] of DEFAULTS) {
      it(`ADD COLUMN c ${definition}`, async () => {
        expect(volatileFunctionIn(defaultOf(definition))).toBe(expected);
        await db.exec('DROP TABLE IF EXISTS t; CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 5)');
        const node = async () => (await db.query<{ n: string }>("SELECT relfilenode::text AS n FROM pg_class WHERE oid = 't'::regclass"))[0].n;
        const before = await node();
        await db.exec(`ALTER TABLE t ADD COLUMN c ${definition}`);
        expect((await node()) !== before).toBe(expected !== undefined);
      });
    }
  });
}

describe('volatility of functions the file creates', () => {
  const script = parseScript(
    "CREATE FUNCTION a() RETURNS int LANGUAGE sql AS 'SELECT 1';\nCREATE FUNCTION b() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';\nCREATE FUNCTION app.c() RETURNS int STABLE LANGUAGE sql AS 'SELECT 1';\nSELECT 1;",
  );
  const created = functionVolatilityBefore(script.statements, script.statements[3]);
  it('defaults to volatile and reads IMMUTABLE / STABLE', () => {
    expect(Object.fromEntries(created)).toEqual({ a: 'volatile', b: 'immutable', c: 'stable' });
    expect(volatileFunctionIn(defaultOf('int DEFAULT a()'), created)).toBe('a');
    expect(volatileFunctionIn(defaultOf('int DEFAULT b() + app.c()'), created)).toBeUndefined();
  });
  it('treats unknown functions as not known to be volatile', () => {
    expect(volatileFunctionIn(defaultOf('int DEFAULT my_counter()'))).toBeUndefined();
    expect(volatileFunctionIn(defaultOf('uuid DEFAULT extensions.uuid_generate_v4()'))).toBe('uuid_generate_v4');
    expect(volatileFunctionIn(defaultOf('float8 DEFAULT myschema.random()'))).toBeUndefined();
    expect(volatileFunctionIn(undefined)).toBeUndefined();
  });
});
