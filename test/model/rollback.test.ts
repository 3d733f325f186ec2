/**
 * Down migrations and the rollback model: down files and dbmate down sections never enter the
 * replay; each up file pairs with its down; which type changes lose values, measured on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlterTableStmt, ColumnDef } from 'libpg-query';
import { lossOfTypeChange } from '../../server/src/core/model/lossy-type-change';
import { rollbackDifferences, rollbackOf } from '../../server/src/core/model/schema/rollback';
import { typeRefOf } from '../../server/src/core/model/schema/type-names';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import { parseScript } from '../../server/src/core/source/document';
import { initParser } from '../../server/src/core/source/parser';
import type { Database } from '../harness/database';
import { databaseTargets } from '../harness/database';

beforeAll(() => initParser());

function workspaceOf(files: Record<string, string>): SchemaWorkspace {
  const workspace = new SchemaWorkspace();
  for (const [path, text] of Object.entries(files)) workspace.setFile(path, text);
  return workspace;
}

const tables = (workspace: SchemaWorkspace): string[] => [...workspace.final(workspace.histories()[0]).relations.keys()].sort();
const columns = (workspace: SchemaWorkspace, table: string): string[] | undefined =>
  workspace.final(workspace.histories()[0]).relations.get(table)?.columns.map((column) => column.name);

describe('down migrations never feed the replay', () => {
  it('golang-migrate down files', () => {
    const workspace = workspaceOf({
      'm/1_users.up.sql': 'CREATE TABLE users (id int, email text);',
      'm/1_users.down.sql': 'DROP TABLE users;',
      'm/2_archive.up.sql': 'CREATE TABLE archive (id int);',
      'm/2_archive.down.sql': 'DROP TABLE archive;\nALTER TABLE users DROP COLUMN email;',
    });
    expect(tables(workspace)).toEqual(['public.archive', 'public.users']);
    expect(columns(workspace, 'public.users')).toEqual(['id', 'email']);
    expect(workspace.positionOf('m/2_archive.down.sql')?.index).toBe(-1);
    expect([...workspace.before('m/2_archive.down.sql').relations.keys()]).toEqual([]);
  });

  it('dbmate down sections', () => {
    const workspace = workspaceOf({
      'db/migrations/20240101000000_users.sql': '-- migrate:up\nCREATE TABLE users (id int, email text);\n\n-- migrate:down\nDROP TABLE users;\n',
      'db/migrations/20240102000000_email.sql': '-- migrate:up\nCREATE INDEX users_email_idx ON users (email);\n\n-- migrate:down\nDROP INDEX users_email_idx;\nALTER TABLE users DROP COLUMN email;\n',
    });
    const [history] = workspace.histories();
    expect(history.layout).toBe('dbmate');
    expect(tables(workspace)).toEqual(['public.users']);
    expect(columns(workspace, 'public.users')).toEqual(['id', 'email']);
    expect([...workspace.final(history).indexes.keys()]).toEqual(['public.users_email_idx']);
  });

  it('Flyway undo files and diesel down.sql', () => {
    const flyway = workspaceOf({ 'sql/V1__users.sql': 'CREATE TABLE users (id int);', 'sql/U1__users.sql': 'DROP TABLE users;', 'sql/V2__b.sql': 'CREATE TABLE b (id int);' });
    expect(flyway.histories()[0].downs.map((file) => file.path)).toEqual(['sql/U1__users.sql']);
    expect(tables(flyway)).toEqual(['public.b', 'public.users']);
    const diesel = workspaceOf({ 'migrations/2024-01-01-000000_users/up.sql': 'CREATE TABLE users (id int);', 'migrations/2024-01-01-000000_users/down.sql': 'DROP TABLE users;' });
    expect(diesel.histories()[0].layout).toBe('diesel');
    expect(tables(diesel)).toEqual(['public.users']);
    // diesel's down.sql is read as a down migration by the file model too
    expect(diesel.migration('migrations/2024-01-01-000000_users/down.sql')?.upStatements).toEqual([]);
  });
});

describe('rollback pairing', () => {
  const files = {
    'm/1_users.up.sql': 'CREATE TABLE users (id int);',
    'm/2_email.up.sql': 'ALTER TABLE users ADD COLUMN email text;',
    'm/2_email.down.sql': 'ALTER TABLE users DROP COLUMN email;',
  };

  it('pairs an up file with its down and the down with its up, on the schema before the up', () => {
    const workspace = workspaceOf(files);
    const fromUp = rollbackOf(workspace, 'm/2_email.up.sql', files['m/2_email.up.sql'])!;
    expect(fromUp.down?.file).toBe('m/2_email.down.sql');
    expect([...fromUp.before.relations.keys()]).toEqual(['public.users']);
    const fromDown = rollbackOf(workspace, 'm/2_email.down.sql', files['m/2_email.down.sql'])!;
    expect(fromDown.up.file).toBe('m/2_email.up.sql');
    expect(fromDown.before.relations.get('public.users')?.columns.map((column) => column.name)).toEqual(['id']);
    expect(rollbackDifferences(fromUp)).toEqual([]);
    expect(rollbackOf(workspace, 'm/1_users.up.sql', files['m/1_users.up.sql'])?.down).toBeUndefined();
  });

  it('uses the text being linted, not the one on disk', () => {
    const workspace = workspaceOf(files);
    const edited = rollbackOf(workspace, 'm/2_email.down.sql', 'SELECT 1;')!;
    expect(rollbackDifferences(edited)).toEqual([expect.objectContaining({ change: 'leftBehind', kind: 'column', name: 'email', table: 'users' })]);
  });

  it('golang-migrate pairs versions as numbers', () => {
    const workspace = workspaceOf({ 'm/001_a.up.sql': 'CREATE TABLE a (id int);', 'm/1_a.down.sql': 'DROP TABLE a;' });
    expect(rollbackOf(workspace, 'm/001_a.up.sql', 'CREATE TABLE a (id int);')?.down?.file).toBe('m/1_a.down.sql');
  });
});

function typeOf(sql: string) {
  const node = parseScript(`ALTER TABLE t ALTER c TYPE ${sql}`).statements[0].node as AlterTableStmt;
  return typeRefOf((node.cmds![0] as { AlterTableCmd: { def: { ColumnDef: ColumnDef } } }).AlterTableCmd.def.ColumnDef.typeName);
}

/** [old type, new type, a value of the old type] */
const CHANGES: Array<[string, string, string]> = [
  ['numeric(10,2)', 'numeric(10,0)', '12.34'],
  ['numeric', 'numeric(8,3)', '1.23456'],
  ['numeric(10,2)', 'numeric(12,2)', '12.34'],
  ['numeric(10,2)', 'numeric', '12.34'],
  ['numeric(10,2)', 'integer', '12.34'],
  ['double precision', 'integer', '1.5'],
  ['double precision', 'real', '1.23456789'],
  ['numeric', 'double precision', '0.12345678901234567890'],
  ['bigint', 'double precision', '9007199254740993'],
  ['integer', 'real', '16777217'],
  ['integer', 'double precision', '16777217'],
  ['bigint', 'integer', '5'],
  ['integer', 'bigint', '5'],
  ['varchar(40)', 'varchar(20)', "'abc'"],
  ['text', 'varchar(5)', "'abc'"],
  ['timestamptz', 'date', "'2024-01-02 03:04:05+00'"],
  ['timestamp', 'date', "'2024-01-02 03:04:05'"],
  ['timestamp(6)', 'timestamp(0)', "'2024-01-02 03:04:05.123456'"],
  ['timestamp(3)', 'timestamp(6)', "'2024-01-02 03:04:05.123'"],
  ['timestamp', 'timestamptz', "'2024-01-02 03:04:05.123456'"],
  ['time', 'time(2)', "'03:04:05.123456'"],
  ['json', 'jsonb', `'{"a": 1}'`],
];

for (const target of databaseTargets()) {
  describe(`type changes that lose values, on ${target.name}`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await target.open();
      await db.exec("SET TimeZone = 'Europe/Berlin'");
    });
    afterAll(async () => {
      await db?.close();
    });

    for (const [from, to, value] of CHANGES) {
      it(`${from} -> ${to} -> ${from}`, async () => {
        await db.exec('DROP TABLE IF EXISTS t');
        await db.exec(`CREATE TABLE t (c ${from})`);
        await db.exec(`INSERT INTO t VALUES (${value})`);
        const original = (await db.query<{ c: string }>('SELECT c::text AS c FROM t'))[0].c;
        await db.exec(`ALTER TABLE t ALTER c TYPE ${to}`);
        await db.exec(`ALTER TABLE t ALTER c TYPE ${from}`);
        const restored = (await db.query<{ c: string }>('SELECT c::text AS c FROM t'))[0].c;
        expect(lossOfTypeChange(typeOf(from), typeOf(to)) !== undefined).toBe(restored !== original);
      });
    }
  });
}

describe('type changes that cannot hold a value fail instead of losing it', () => {
  it('is why narrowing varchar and integers is not reported', () => {
    expect(lossOfTypeChange(typeOf('varchar(40)'), typeOf('varchar(20)'))).toBeUndefined();
    expect(lossOfTypeChange(typeOf('bigint'), typeOf('integer'))).toBeUndefined();
    expect(lossOfTypeChange(typeOf('public.money2'), typeOf('integer'))).toBeUndefined();
    expect(lossOfTypeChange(typeOf('numeric[]'), typeOf('integer[]'))).toBeUndefined();
  });
});
