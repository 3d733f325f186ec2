import { describe, expect, it } from 'vitest';
import type { TransactionMode } from '../../server/src/core/config';
import { resolveSettings } from '../../server/src/core/config';
import { FileModel } from '../../server/src/core/model/file-model';
import { parseScript } from '../../server/src/core/source/document';

function model(sql: string, transaction: TransactionMode = 'explicit') {
  const script = parseScript(sql);
  return { script, model: new FileModel(sql, script.statements, script.comments, resolveSettings({ transaction })) };
}

describe('FileModel transactions', () => {
  it('follows BEGIN / COMMIT / ROLLBACK and COMMIT AND CHAIN', () => {
    const { script, model: m } = model('SELECT 1; BEGIN; SELECT 2; COMMIT AND CHAIN; SELECT 3; ROLLBACK; SELECT 4; START TRANSACTION; SELECT 5; END;');
    const state = script.statements.map((s) => [s.text, m.transaction(s).inTransaction, m.transaction(s).block]);
    expect(state).toEqual([
      ['SELECT 1', false, undefined],
      ['BEGIN', true, 0],
      ['SELECT 2', true, 0],
      ['COMMIT AND CHAIN', true, 0],
      ['SELECT 3', true, 1],
      ['ROLLBACK', true, 1],
      ['SELECT 4', false, undefined],
      ['START TRANSACTION', true, 2],
      ['SELECT 5', true, 2],
      ['END', true, 2],
    ]);
  });

  it('wraps the whole file when the runner does, until a COMMIT in the file', () => {
    const { script, model: m } = model('SELECT 1; COMMIT; SELECT 2;', 'per-file');
    expect(script.statements.map((s) => m.transaction(s).openedBy)).toEqual(['runner', 'runner', undefined]);
  });

  it('runs a file sent as one command as one implicit transaction, reopened after COMMIT', () => {
    const { script, model: m } = model('SELECT 1; SELECT 2; COMMIT; SELECT 3; BEGIN; SELECT 4; COMMIT;', 'single-command');
    const state = script.statements.map((s) => [s.text, m.transaction(s).inTransaction, m.transaction(s).block, m.transaction(s).openedBy]);
    expect(state).toEqual([
      ['SELECT 1', true, 0, 'runner'],
      ['SELECT 2', true, 0, 'runner'],
      ['COMMIT', true, 0, 'runner'],
      ['SELECT 3', true, 1, 'runner'],
      ['BEGIN', true, 1, 'runner'],
      ['SELECT 4', true, 1, 'runner'],
      ['COMMIT', true, 1, 'runner'],
    ]);
  });

  it('runs a one-statement command outside any transaction', () => {
    const { script, model: m } = model('-- one statement\nCREATE INDEX CONCURRENTLY i ON t (c);', 'single-command');
    expect(m.transaction(script.statements[0]).inTransaction).toBe(false);
  });

  it('reads a dbmate transaction:false section as one command', () => {
    const sql = '-- migrate:up transaction:false\nSET lock_timeout = 1;\nCREATE INDEX CONCURRENTLY i ON t (c);\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY i;';
    const { script, model: m } = model(sql);
    expect(script.statements.map((s) => m.transaction(s).inTransaction)).toEqual([true, true, false]);
  });

  it('reads dbmate sections and transaction:false', () => {
    const sql = '-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\nSELECT 2;';
    const { script, model: m } = model(sql);
    expect(script.statements.map((s) => m.transaction(s).inTransaction)).toEqual([false, true]);
  });
});

describe('FileModel tables and settings', () => {
  it('knows tables created (or renamed) earlier in the file', () => {
    const { script, model: m } = model('CREATE TABLE a (x int); CREATE INDEX ON a (x); ALTER TABLE a RENAME TO b; CREATE INDEX ON b (x); CREATE INDEX ON c (x);');
    const relation = (i: number) => (script.statements[i].node as { relation: never }).relation;
    expect(m.createdInFile(relation(1), script.statements[1])).toBe(true);
    expect(m.createdInFile(relation(3), script.statements[3])).toBe(true);
    expect(m.createdInFile(relation(4), script.statements[4])).toBe(false);
    expect(m.createdInFile(relation(0), script.statements[0])).toBe(false);
  });

  it('tracks SET, SET LOCAL (until the end of its transaction) and RESET', () => {
    const sql = "SET lock_timeout = '1s'; SELECT 1; BEGIN; SET LOCAL lock_timeout TO 5000; SELECT 2; COMMIT; SELECT 3; RESET lock_timeout; SELECT 4;";
    const { script, model: m } = model(sql);
    const at = (text: string) => m.settingBefore(script.statements.find((s) => s.text === text)!, 'lock_timeout');
    expect([at('SELECT 1'), at('SELECT 2'), at('SELECT 3'), at('SELECT 4')]).toEqual(['1s', '5000', '1s', undefined]);
  });
});

describe('FileModel lock_timeout', () => {
  it('counts a non-zero lock_timeout as set, and 0 (in any unit), DEFAULT and RESET as not set', () => {
    const sql = "SELECT 1; SET lock_timeout = '2s'; SELECT 2; SET lock_timeout = '0ms'; SELECT 3; SET lock_timeout = 500; SELECT 4; SET lock_timeout TO DEFAULT; SELECT 5; SET lock_timeout = '1.5s'; SELECT 6; RESET lock_timeout; SELECT 7;";
    const { script, model: m } = model(sql);
    const selects = script.statements.filter((s) => s.text.startsWith('SELECT'));
    expect(selects.map((s) => m.lockTimeoutSet(s))).toEqual([false, true, false, true, false, true, false]);
  });
});

describe('FileModel direction', () => {
  const directions = (sql: string, path?: string) => {
    const script = parseScript(sql);
    const m = new FileModel(sql, script.statements, script.comments, resolveSettings(), path);
    return script.statements.map((s) => m.direction(s));
  };

  it('reads down migrations from the file name', () => {
    expect(directions('DROP TABLE t;', 'db/migrations/000012_orders.down.sql')).toEqual(['down']);
    expect(directions('DROP TABLE t;', 'db/migration/U7__undo_orders.sql')).toEqual(['down']);
    expect(directions('DROP TABLE t;', 'db/migrations/000012_orders.up.sql')).toEqual(['up']);
    expect(directions('DROP TABLE t;', 'db/migration/V7__orders.sql')).toEqual(['up']);
  });

  it('reads dbmate sections and alembic --sql markers', () => {
    expect(directions('-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;')).toEqual(['up', 'down']);
    expect(directions('BEGIN;\n-- Running downgrade b -> a\nSELECT 1;\n-- Running upgrade a -> b\nSELECT 2;')).toEqual(['up', 'down', 'up']);
  });
});

describe('FileModel schema dumps', () => {
  const dump = (sql: string) => {
    const script = parseScript(sql);
    return new FileModel(sql, script.statements, script.comments, resolveSettings()).schemaDump;
  };

  it("recognises pg_dump's header and its preamble (Rails structure.sql strips the header)", () => {
    expect(dump('--\n-- PostgreSQL database dump\n--\nCREATE TABLE t (a int);')).toBe(true);
    expect(dump("SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET client_encoding = 'UTF8';\nSELECT pg_catalog.set_config('search_path', '', false);\nDROP TABLE t;")).toBe(true);
  });

  it('does not take a migration that sets timeouts for a dump', () => {
    expect(dump("SET lock_timeout = '2s';\nSET statement_timeout = 0;\nDROP TABLE t;")).toBe(false);
    expect(dump('SET statement_timeout = 0;\nSET lock_timeout = 0;\nDROP TABLE t;')).toBe(false);
  });
});

