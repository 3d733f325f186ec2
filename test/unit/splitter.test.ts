import { describe, expect, it } from 'vitest';
import { splitSql } from '../../server/src/core/source/splitter';

function statements(text: string): string[] {
  return splitSql(text)
    .segments.filter((segment) => segment.kind === 'sql')
    .map((segment) => text.slice(segment.start, segment.end));
}

function kinds(text: string): string[] {
  return splitSql(text).segments.map((segment) => `${segment.kind}:${text.slice(segment.start, segment.end)}`);
}

describe('splitSql', () => {
  it('splits on semicolons and drops empty statements', () => {
    expect(statements('SELECT 1; SELECT 2;;\n;SELECT 3')).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3']);
  });

  it('ignores semicolons in comments, strings and quoted identifiers', () => {
    const sql = "-- a; b\nSELECT ';', \"x;y\" /* c; /* nested; */ d; */ FROM t; SELECT 2;";
    expect(statements(sql)).toEqual(["SELECT ';', \"x;y\" /* c; /* nested; */ d; */ FROM t", 'SELECT 2']);
  });

  it('handles doubled quotes and E-strings with backslash escapes', () => {
    expect(statements("SELECT 'it''s; fine'; SELECT E'a\\';b'; SELECT 'c\\'; SELECT 4;")).toEqual([
      "SELECT 'it''s; fine'",
      "SELECT E'a\\';b'",
      "SELECT 'c\\'",
      'SELECT 4',
    ]);
  });

  it('does not treat a word ending in e as an E-string prefix', () => {
    expect(statements("SELECT type'a\\'; SELECT 2;")).toEqual(["SELECT type'a\\'", 'SELECT 2']);
  });

  it('handles dollar quotes with and without tags, and $1 parameters', () => {
    const sql = 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nDO $body$ BEGIN PERFORM 1; END $body$;\nSELECT $1;';
    expect(statements(sql)).toEqual([
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql',
      'DO $body$ BEGIN PERFORM 1; END $body$',
      'SELECT $1',
    ]);
  });

  it('keeps BEGIN ATOMIC bodies together (psql heuristic), including CASE ... END', () => {
    const sql =
      'CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END; SELECT 2; END;\nSELECT 3;';
    expect(statements(sql)).toEqual([
      'CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END; SELECT 2; END',
      'SELECT 3',
    ]);
  });

  it('does not apply the BEGIN heuristic outside routines', () => {
    expect(statements('BEGIN; SELECT 1; END;')).toEqual(['BEGIN', 'SELECT 1', 'END']);
  });

  it('keeps multi-action CREATE RULE lists in parentheses together', () => {
    expect(statements('CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 1;')).toEqual([
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))',
      'SELECT 1',
    ]);
  });

  it('separates psql meta-commands, which also end a statement in progress', () => {
    expect(kinds('\\set ON_ERROR_STOP on\nSELECT 1\n\\gset\nSELECT 2;')).toEqual([
      'psql-meta:\\set ON_ERROR_STOP on',
      'sql:SELECT 1',
      'psql-meta:\\gset',
      'sql:SELECT 2',
    ]);
  });

  it('skips COPY ... FROM stdin data up to \\.', () => {
    const sql = "COPY t (a, b) FROM stdin;\n1\tit's; not sql\n2\t'\n\\.\nSELECT 1;";
    expect(kinds(sql)).toEqual(['sql:COPY t (a, b) FROM stdin', "copy-data:1\tit's; not sql\n2\t'\n\\.", 'sql:SELECT 1']);
  });

  it('cuts an unterminated string at the end of its line so the rest is still split', () => {
    const result = splitSql("SELECT 'oops;\nSELECT 2;\n");
    expect(result.segments.map((s) => [s.unterminated, s.start, s.end])).toEqual([
      ['string', 0, 13],
      [undefined, 14, 22],
    ]);
  });

  it.each([
    ['a block comment', 'SELECT 1 /* open\nSELECT 2;', 'comment'],
    ['a quoted identifier', 'SELECT "open\nSELECT 2;', 'identifier'],
    ['a dollar quote', 'SELECT $x$ open\nSELECT 2;', 'dollar-quote'],
  ])('recovers from %s that never closes', (_name, sql, what) => {
    const { segments } = splitSql(sql);
    expect(segments[0].unterminated).toBe(what);
    expect(sql.slice(segments[1].start, segments[1].end)).toBe('SELECT 2');
  });

  it('collects comments with their kind and offsets', () => {
    const sql = '-- one\nSELECT 1; /* two */';
    expect(splitSql(sql).comments.map((c) => [c.kind, sql.slice(c.start, c.end)])).toEqual([
      ['line', '-- one'],
      ['block', '/* two */'],
    ]);
  });

  it('keeps offsets in UTF-16 units with non-ASCII text', () => {
    const sql = "SELECT '😀é';\nSELECT 'ü';";
    expect(statements(sql)).toEqual(["SELECT '😀é'", "SELECT 'ü'"]);
  });

  it('treats a leading byte-order mark as whitespace', () => {
    expect(statements('\ufeffSELECT 1;')).toEqual(['SELECT 1']);
  });

  it('notes the lines inside a statement that start with a statement keyword, outside closed parentheses and deeper indentation', () => {
    const sql = 'ALTER TABLE t ADD COLUMN -- x\n\nCREATE INDEX j ON t (\nSELECT)\n  DROP x\nUPDATE (a;';
    const [segment] = splitSql(sql).segments;
    expect(segment.breaks).toEqual([
      { at: sql.indexOf('CREATE'), before: sql.indexOf(' -- x') },
      { at: sql.indexOf('UPDATE'), before: sql.indexOf('\n  DROP') + '\n  DROP x'.length },
    ]);
    expect(splitSql('SELECT 1\n  FROM t;').segments[0].breaks).toBeUndefined();
  });
});
