/**
 * The type-change verdicts against what PostgreSQL really does: a rewrite gives the table a new
 * relfilenode. Runs on PGlite (PostgreSQL 18) and on SCHEMAGUARD_TEST_PG_URL when set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlterTableStmt, ColumnDef } from 'libpg-query';
import { parseScript } from '../../server/src/core/source/document';
import { columnTypeOf, typeChangeVerdict } from '../../server/src/core/model/column-type-change';
import type { ColumnType, TypeChangeVerdict } from '../../server/src/core/model/column-type-change';
import type { Database } from '../harness/database';
import { databaseTargets } from '../harness/database';

function typeOf(sql: string): ColumnType {
  const node = parseScript(`ALTER TABLE t ALTER c TYPE ${sql}`).statements[0].node as AlterTableStmt;
  const def = (node.cmds![0] as { AlterTableCmd: { def: { ColumnDef: ColumnDef } } }).AlterTableCmd.def.ColumnDef;
  return columnTypeOf(def.typeName)!;
}

function verdict(from: string | undefined, to: string, using?: string): TypeChangeVerdict {
  const node = parseScript(`ALTER TABLE t ALTER c TYPE ${to}${using ? ` USING ${using}` : ''}`).statements[0].node as AlterTableStmt;
  const def = (node.cmds![0] as { AlterTableCmd: { def: { ColumnDef: ColumnDef } } }).AlterTableCmd.def.ColumnDef;
  return typeChangeVerdict(columnTypeOf(def.typeName)!, { from: from ? typeOf(from) : undefined, using: def.raw_default, column: 'c' });
}

/** [old type, new type, USING or undefined] */
const CHANGES: Array<[string, string, string?]> = [
  ['varchar(10)', 'varchar(20)'],
  ['varchar(20)', 'varchar(10)'],
  ['varchar(10)', 'varchar'],
  ['varchar(10)', 'text'],
  ['character varying(10)', 'text', 'c::text'],
  ['varchar(10)', 'text', 'lower(c)'],
  ['text', 'varchar'],
  ['text', 'varchar(20)'],
  ['numeric(10,2)', 'numeric(12,2)'],
  ['numeric(10,2)', 'numeric(12,3)'],
  ['numeric(10,2)', 'numeric(8,2)'],
  ['numeric(10,2)', 'numeric'],
  ['numeric', 'numeric(10,2)'],
  ['timestamp(3)', 'timestamp(6)'],
  ['timestamp(3)', 'timestamp'],
  ['timestamp', 'timestamp(3)'],
  ['timestamptz(0)', 'timestamptz'],
  ['time(2)', 'time(4)'],
  ['bit varying(5)', 'bit varying(10)'],
  ['interval', 'interval'],
  ['cidr', 'inet'],
  ['xml', 'text'],
  ['char(5)', 'char(10)'],
  ['char(5)', 'text'],
  ['integer', 'bigint'],
  ['smallint', 'integer'],
  ['integer', 'text'],
  ['integer', 'numeric(12,2)'],
  ['json', 'jsonb'],
  ['text', 'jsonb', 'c::jsonb'],
  ['varchar(36)', 'uuid', 'c::uuid'],
  ['timestamp', 'date'],
  ['date', 'timestamptz'],
  ['real', 'double precision'],
  ['text[]', 'varchar(20)[]'],
  ['integer[]', 'bigint[]'],
  ['integer', 'integer'],
];

/** A value of each old type that converts to every new type above that accepts it. */
function sampleValue(type: string, to: string): string {
  if (type.endsWith('[]')) return "'{1}'";
  if (to === 'uuid') return "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'";
  if (/^(varchar|character varying|text|char)/.test(type)) return "'12'";
  if (type.startsWith('xml')) return "'<a/>'";
  if (type === 'cidr') return "'10.0.0.0/8'";
  if (type.startsWith('bit')) return "B'101'";
  if (type === 'json') return "'{}'";
  if (/^(timestamp|date|time)/.test(type)) return 'now()';
  if (type === 'interval') return "'1 day'";
  return '1';
}

async function rewrites(db: Database, from: string, to: string, using?: string): Promise<boolean | 'error'> {
  await db.exec('DROP TABLE IF EXISTS t');
  await db.exec(`CREATE TABLE t (id int, c ${from})`);
  await db.exec(`INSERT INTO t SELECT g, ${sampleValue(from, to)} FROM generate_series(1, 5) g`);
  const node = async () => (await db.query<{ n: string }>("SELECT relfilenode::text AS n FROM pg_class WHERE oid = 't'::regclass"))[0].n;
  const before = await node();
  try {
    await db.exec(`ALTER TABLE t ALTER c TYPE ${to}${using ? ` USING ${using}` : ''}`);
  } catch {
    return 'error';
  }
  return (await node()) !== before;
}

for (const target of databaseTargets()) {
  describe(`type change verdicts on ${target.name}`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await target.open();
      await db.exec("SET TimeZone = 'Europe/Berlin'");
    });
    afterAll(async () => {
      await db?.close();
    });

    for (const [from, to, using] of CHANGES) {
      it(`${from} -> ${to}${using ? ` USING ${using}` : ''}`, async () => {
        const known = verdict(from, to, using);
        const measured = await rewrites(db, from, to, using);
        expect(measured).not.toBe('error');
        if (known !== 'unknown') expect(measured ? 'rewrite' : 'in-place').toBe(known);
        // without the old type, "rewrite" must be true for every old type that converts at all
        const blind = verdict(undefined, to, using);
        if (blind === 'rewrite' && from !== to) expect(measured).toBe(true);
      });
    }
  });
}

describe('type change verdicts without a database', () => {
  it('knows the old type only when told', () => {
    expect(verdict(undefined, 'text')).toBe('unknown');
    expect(verdict(undefined, 'varchar(255)')).toBe('unknown');
    expect(verdict(undefined, 'numeric(12,2)')).toBe('unknown');
    expect(verdict(undefined, 'bigint')).toBe('rewrite');
    expect(verdict(undefined, 'jsonb')).toBe('rewrite');
    expect(verdict(undefined, 'text', "c || ''")).toBe('rewrite');
    expect(verdict(undefined, 'public.citext')).toBe('unknown');
    expect(verdict(undefined, 'order_status', 'c::order_status')).toBe('unknown');
  });
  it('tolerates odd shapes', () => {
    expect(columnTypeOf(undefined)).toBeUndefined();
    expect(typeChangeVerdict({ name: 'int8', typmods: undefined, arrayDimensions: 0 }, { column: 'c', from: { name: 'int4', typmods: undefined, arrayDimensions: 0 } })).toBe('rewrite');
  });
});
