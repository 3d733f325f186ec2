/**
 * What the schema model keeps for the index-type checks: a column's written collation (and what
 * ALTER ... TYPE does to it, measured on PostgreSQL), and the pattern and distance operators that
 * views, functions and index expressions of the history apply to columns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaState } from '../../server/src/core/model/schema/state';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import type { Database } from '../harness/database';
import { databaseTargets } from '../harness/database';

function finalOf(files: Record<string, string>): SchemaState {
  const workspace = new SchemaWorkspace();
  for (const [path, text] of Object.entries(files)) workspace.setFile(path, text);
  return workspace.final(workspace.histories()[0]);
}

const TABLE = 'CREATE TABLE documents (id bigint PRIMARY KEY, title text COLLATE "POSIX", embedding vector(3));\nCREATE TABLE tags (id bigint, name text);';

function usesOf(state: SchemaState): string[] {
  return [...state.queryUses.values()].flat().map((use) => `${use.owner.kind} ${use.owner.name}: ${use.table}.${use.column} ${use.operator}${use.constant !== undefined ? ` '${use.constant}'` : ''}`);
}

describe('column collation', () => {
  it('is the COLLATE written, copied by LIKE, kept by other changes and reset by ALTER ... TYPE without COLLATE', () => {
    const state = finalOf({
      'm/1_a.up.sql': `${TABLE}\nCREATE TABLE copy (LIKE documents);\nALTER TABLE documents ALTER COLUMN title SET NOT NULL;`,
      'm/2_b.up.sql': 'ALTER TABLE copy ALTER COLUMN title TYPE varchar(20);\nALTER TABLE tags ALTER COLUMN name TYPE varchar(20) COLLATE "C";',
    });
    const collation = (table: string, column: string) => state.relations.get(table)?.columns.find((entry) => entry.name === column)?.collation;
    expect(collation('public.documents', 'title')).toBe('POSIX');
    expect(collation('public.copy', 'title')).toBeUndefined();
    expect(collation('public.tags', 'name')).toBe('C');
    expect(collation('public.documents', 'id')).toBeUndefined();
  });
});

describe('operator uses', () => {
  it('records LIKE and distance operators of views, SQL and PL/pgSQL functions, DO blocks and index expressions, by the relation each column belongs to', () => {
    const state = finalOf({
      'm/1_a.up.sql': TABLE,
      'm/2_b.up.sql': [
        "CREATE VIEW recent AS SELECT d.* FROM documents d JOIN tags t ON t.id = d.id WHERE d.title LIKE 'ab%' AND t.name ILIKE '%x';",
        'CREATE FUNCTION nearest(q vector) RETURNS SETOF documents LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT * FROM documents ORDER BY embedding <=> q; END $$;',
        "CREATE FUNCTION titled(p text) RETURNS SETOF documents LANGUAGE sql AS 'SELECT * FROM documents WHERE title LIKE p';",
        'CREATE FUNCTION closest(q vector) RETURNS SETOF documents LANGUAGE sql BEGIN ATOMIC SELECT * FROM documents ORDER BY q <-> embedding; END;',
        "DO $$ BEGIN CREATE FUNCTION counted() RETURNS bigint LANGUAGE plpgsql AS $f$ BEGIN RETURN (SELECT count(*) FROM tags WHERE name LIKE 'z%'); END $f$; END $$;",
        "CREATE INDEX documents_ab_idx ON documents (id) WHERE title LIKE 'ab%';",
        'CREATE VIEW unresolved AS SELECT * FROM documents, tags WHERE id::text LIKE \'1%\';',
      ].join('\n'),
    });
    expect(usesOf(state)).toEqual([
      "view public.recent: public.documents.title ~~ 'ab%'",
      "view public.recent: public.tags.name ~~* '%x'",
      'function public.nearest: public.documents.embedding <=>',
      'function public.titled: public.documents.title ~~',
      'function public.closest: public.documents.embedding <->',
      "function public.counted: public.tags.name ~~ 'z%'",
      "index public.documents_ab_idx: public.documents.title ~~ 'ab%'",
    ]);
  });

  it('replaces the uses of a replaced view and forgets those of a dropped function', () => {
    const state = finalOf({
      'm/1_a.up.sql': `${TABLE}\nCREATE VIEW v AS SELECT * FROM documents WHERE title LIKE 'a%';\nCREATE FUNCTION f() RETURNS SETOF tags LANGUAGE sql AS $$ SELECT * FROM tags WHERE name LIKE 'b%' $$;`,
      'm/2_b.up.sql': 'CREATE OR REPLACE VIEW v AS SELECT * FROM documents;\nDROP FUNCTION f();',
    });
    expect(usesOf(state)).toEqual([]);
  });

  it('never fails on bodies it cannot read', () => {
    const state = finalOf({
      'm/1_a.up.sql': `${TABLE}\nCREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1 <-> ; END $$;\nCREATE FUNCTION h() RETURNS int LANGUAGE sql AS $$ SELECT ~~ $$;\nCREATE FUNCTION i() RETURNS int LANGUAGE plv8 AS $$ return x <-> y $$;`,
    });
    expect(usesOf(state)).toEqual([]);
  });
});

for (const target of databaseTargets()) {
  describe(`collation on ${target.name}`, () => {
    let db: Database;
    beforeAll(async () => {
      db = await target.open();
    });
    afterAll(async () => {
      await db?.exec('DROP TABLE IF EXISTS collated');
      await db?.close();
    });

    it('ALTER COLUMN ... TYPE without COLLATE gives the column the new type\'s default collation', async () => {
      await db.exec('DROP TABLE IF EXISTS collated; CREATE TABLE collated (a text COLLATE "POSIX", b text COLLATE "POSIX");');
      await db.exec('ALTER TABLE collated ALTER COLUMN a TYPE varchar(20), ALTER COLUMN b SET NOT NULL;');
      const rows = await db.query<{ attname: string; collname: string }>(
        "SELECT a.attname, c.collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation WHERE a.attrelid = 'collated'::regclass AND a.attnum > 0 ORDER BY a.attnum",
      );
      expect(rows.map((row) => `${row.attname} ${row.collname}`)).toEqual(['a default', 'b POSIX']);
    });
  });
}
