import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-cascade',
  prelude: `
    CREATE TYPE order_status AS ENUM ('new', 'paid');
    CREATE TABLE orders (id bigint PRIMARY KEY, status order_status, note text);
    CREATE TABLE order_items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
    CREATE VIEW order_notes AS SELECT id, note FROM orders;
    CREATE SCHEMA reporting;
    CREATE TABLE reporting.daily (day date);
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  `,
  valid: [
    { name: 'dependents dropped by name, no CASCADE', sql: 'DROP VIEW order_notes;\nALTER TABLE orders DROP COLUMN note;' },
    { name: 'explicit RESTRICT', sql: 'DROP TYPE IF EXISTS order_status RESTRICT;' },
    { name: 'type created earlier in the file', sql: "CREATE TYPE import_state AS ENUM ('a');\nDROP TYPE import_state CASCADE;" },
    { name: 'schema created earlier in the file', sql: 'CREATE SCHEMA scratch;\nCREATE TABLE scratch.t (id int);\nDROP SCHEMA scratch CASCADE;' },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE tmp (id int);\nDROP TABLE tmp CASCADE;\nCREATE TABLE tmp2 (id int);\nTRUNCATE tmp2 CASCADE;' },
    {
      name: 'function created earlier in the file',
      sql: 'CREATE FUNCTION normalize_email(text) RETURNS text LANGUAGE sql AS $$ SELECT lower($1) $$;\nDROP FUNCTION normalize_email(text) CASCADE;',
    },
    {
      name: 'foreign-data wrapper, server and text search configuration created earlier in the file',
      sql: 'CREATE FOREIGN DATA WRAPPER test_fdw;\nCREATE SERVER test_server FOREIGN DATA WRAPPER test_fdw;\nCREATE TEXT SEARCH CONFIGURATION docs_search (COPY = english);\nDROP TEXT SEARCH CONFIGURATION docs_search CASCADE;\nDROP SERVER test_server CASCADE;\nDROP FOREIGN DATA WRAPPER test_fdw CASCADE;',
    },
    { name: 'language renamed to that name earlier in the file', sql: 'ALTER LANGUAGE plsample RENAME TO plsample_old;\nDROP LANGUAGE plsample_old CASCADE;' },
    { name: 'column added earlier in the file', sql: 'ALTER TABLE orders ADD COLUMN tmp int;\nALTER TABLE orders DROP COLUMN tmp CASCADE;' },
    { name: 'table created in the file: its own subcommands', sql: 'CREATE TABLE drafts (id int, body text);\nALTER TABLE drafts DROP COLUMN body CASCADE;' },
  ],
  invalid: [
    {
      sql: 'DROP TYPE order_status CASCADE;',
      errors: [{ messageId: 'cascade', text: 'CASCADE' }],
      output: null,
    },
    {
      name: 'schema',
      sql: 'DROP SCHEMA IF EXISTS reporting CASCADE;',
      errors: [{ messageId: 'schema', text: 'CASCADE' }],
      output: null,
    },
    {
      name: 'truncate, lower case, several lines',
      sql: 'truncate\n  orders\n  cascade;',
      errors: [{ messageId: 'truncate', text: 'cascade' }],
      output: null,
    },
    {
      name: 'a table, several of them, one created in the file',
      sql: 'CREATE TABLE tmp (id int);\nDROP TABLE tmp, orders CASCADE;',
      errors: [{ messageId: 'cascade', text: 'CASCADE' }],
      output: null,
    },
    {
      name: 'objects without a plain name (a cast)',
      sql: 'DROP CAST IF EXISTS (text AS order_status) CASCADE;',
      errors: [{ messageId: 'cascade', text: 'CASCADE' }],
      output: null,
    },
    {
      name: 'a function: its triggers go too',
      sql: 'DROP FUNCTION IF EXISTS public.touch() CASCADE;',
      errors: [{ messageId: 'cascade', text: 'CASCADE' }],
      output: null,
    },
    {
      name: 'ALTER TABLE DROP COLUMN and DROP CONSTRAINT with CASCADE, inside BEGIN/COMMIT',
      sql: 'BEGIN;\nALTER TABLE orders DROP COLUMN note CASCADE, DROP CONSTRAINT orders_pkey CASCADE;\nCOMMIT;',
      errors: [
        { messageId: 'cascade', text: 'CASCADE' },
        { messageId: 'cascade', text: 'CASCADE' },
      ],
      output: null,
    },
    {
      name: 'a view, runner-wrapped file, with a comment before CASCADE',
      sql: 'DROP VIEW order_notes /* and whatever uses it */ CASCADE;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'cascade', text: 'CASCADE' }],
      output: null,
    },
  ],
  locks: [
    { sql: 'DROP TYPE order_status CASCADE', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'DROP TABLE orders CASCADE', table: 'order_items', mode: 'AccessExclusiveLock' },
  ],
} satisfies RuleCases;
