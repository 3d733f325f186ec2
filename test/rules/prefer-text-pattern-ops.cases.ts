import type { RuleCases } from '../harness/types';

const VIEW = "CREATE VIEW abc_products AS SELECT * FROM products WHERE sku LIKE 'ABC%';";

export default {
  rule: 'prefer-text-pattern-ops',
  prelude: `
    CREATE TABLE products (id bigint PRIMARY KEY, sku text COLLATE "en_US", name varchar(100) COLLATE "de_DE.utf8", code text COLLATE "C", plain text);
    CREATE INDEX products_sku_idx ON products (sku);
    CREATE INDEX products_code_idx ON products (code);
    CREATE INDEX products_plain_idx ON products (plain);
  `,
  valid: [
    { name: 'a pattern operator class index beside the plain one', sql: `CREATE INDEX products_sku_pattern_idx ON products (sku text_pattern_ops);\n${VIEW}` },
    { name: 'a C collation on the index key', sql: `CREATE INDEX products_sku_c_idx ON products (sku COLLATE "C");\n${VIEW}` },
    { name: 'a trigram index', sql: `CREATE INDEX products_sku_trgm_idx ON products USING gin (sku gin_trgm_ops);\n${VIEW}` },
    { name: 'a C column', sql: "CREATE VIEW c_codes AS SELECT * FROM products WHERE code LIKE 'X%';" },
    { name: 'no COLLATE written: the database default is not known', sql: "CREATE VIEW p AS SELECT * FROM products WHERE plain LIKE 'X%';" },
    { name: 'no literal prefix', sql: "CREATE VIEW p AS SELECT * FROM products WHERE sku LIKE '%ABC' OR sku LIKE '_B%';" },
    { name: 'ILIKE cannot use a btree index anyway', sql: "CREATE VIEW p AS SELECT * FROM products WHERE sku ILIKE 'abc%';" },
    { name: 'no index on the column: nothing here to fix', sql: "CREATE TABLE notes (id bigint PRIMARY KEY, title text COLLATE \"en_US\");\nCREATE VIEW n AS SELECT * FROM notes WHERE title LIKE 'a%';" },
    { name: 'an unknown collation name', sql: "CREATE TABLE tags (name text COLLATE case_insensitive);\nCREATE INDEX ON tags (name);\nCREATE VIEW t AS SELECT * FROM tags WHERE name LIKE 'a%';" },
    { name: 'a later migration adds the pattern index', sql: VIEW, history: { after: ['CREATE INDEX CONCURRENTLY products_sku_pattern_idx ON products (sku text_pattern_ops);'] } },
    { name: 'the query comes in a later migration: reported there', sql: 'CREATE INDEX products_name_idx ON products (name);', history: { after: ["CREATE VIEW n AS SELECT * FROM products WHERE name LIKE 'Mü%';"] } },
  ],
  invalid: [
    {
      name: 'a view with a LIKE prefix on a column whose index follows en_US',
      sql: VIEW,
      errors: [{ messageId: 'linguistic', text: 'CREATE VIEW abc_products' }],
      output: null,
    },
    {
      name: 'the plain index comes last, a varchar column, a PL/pgSQL function in an earlier migration',
      sql: 'CREATE INDEX products_name_idx ON products (name, id);',
      history: { before: ["CREATE FUNCTION find(p text) RETURNS SETOF products LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY SELECT * FROM products WHERE products.name LIKE 'Mü%'; END $$;"] },
      errors: [{ messageId: 'linguistic', text: 'CREATE INDEX products_name_idx ON products (name, id)' }],
      output: null,
    },
    {
      name: 'a new table, its index and a SQL function in one file: reported at the function',
      sql: "CREATE TABLE cities (id bigint PRIMARY KEY, name text COLLATE \"fr-FR-x-icu\");\nCREATE INDEX cities_name_idx ON cities (name);\nCREATE FUNCTION cities_starting_with_saint() RETURNS SETOF cities LANGUAGE sql AS $$ SELECT * FROM cities WHERE name LIKE 'Saint%' $$;",
      errors: [{ messageId: 'linguistic', text: 'CREATE FUNCTION cities_starting_with_saint' }],
      output: null,
    },
    {
      name: 'the collation comes last',
      sql: 'ALTER TABLE items ALTER COLUMN label TYPE text COLLATE "en_US";',
      history: { before: ["CREATE TABLE items (id bigint PRIMARY KEY, label text);\nCREATE INDEX ON items (label);\nCREATE VIEW l AS SELECT * FROM items WHERE label LIKE 'x%';"] },
      errors: [{ messageId: 'linguistic', text: 'ALTER TABLE items' }],
      output: null,
    },
  ],
} satisfies RuleCases;
