import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-drop-table',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY);
    CREATE TABLE order_notes (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
    CREATE TABLE legacy_sessions (id bigint PRIMARY KEY);
    CREATE SCHEMA archive;
    CREATE TABLE archive."Events 2019" (id bigint);
  `,
  valid: [
    { name: 'alembic downgrade --sql output', sql: "-- Running downgrade b2 -> a1\n\nDROP TABLE invoices;\n" },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE import_batch (line text);\nDROP TABLE import_batch;' },
    { name: 'temporary table created in the file', sql: 'CREATE TEMP TABLE scratch AS SELECT 1 AS n;\nDROP TABLE IF EXISTS scratch;' },
    { name: 'table created by SELECT ... INTO earlier in the file', sql: 'SELECT * INTO legacy_sessions_backup FROM legacy_sessions;\nDROP TABLE legacy_sessions_backup;' },
    {
      name: 'dbmate down section drops what up created',
      sql: '-- migrate:up\nCREATE TABLE audit_events (id bigint PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE IF EXISTS audit_events;\n',
    },
    { name: 'dropping a view, an index or a sequence is not dropping a table', sql: 'DROP VIEW IF EXISTS order_summary;\nDROP INDEX IF EXISTS orders_created_idx;\nDROP SEQUENCE IF EXISTS legacy_seq;' },
    { name: 'a table this file created and filled is still its own to drop', sql: 'CREATE TABLE staging (id bigint);\nINSERT INTO staging SELECT 1 FROM generate_series(1, 10);\nDROP TABLE staging;' },
  ],
  invalid: [
    {
      name: 'alembic upgrade --sql output is an up migration',
      sql: "-- Running upgrade a1 -> b2\n\nDROP TABLE invoices;\n",
      errors: [{ messageId: 'drop', text: 'DROP TABLE invoices' }],
      output: null,
    },
    {
      sql: 'DROP TABLE legacy_sessions;',
      errors: [{ messageId: 'drop', text: 'DROP TABLE legacy_sessions' }],
      output: null,
    },
    {
      name: 'several tables, one of them new: only the existing ones are named; CASCADE left out of the range',
      sql: 'CREATE TABLE tmp_import (id bigint);\ndrop table if exists\n  tmp_import, legacy_sessions, archive."Events 2019" cascade;',
      errors: [{ messageId: 'drop', text: 'drop table if exists\n  tmp_import, legacy_sessions, archive."Events 2019"' }],
      output: null,
    },
    {
      name: 'inside BEGIN/COMMIT',
      sql: 'BEGIN;\nDROP TABLE order_notes;\nCOMMIT;',
      errors: [{ messageId: 'drop', text: 'DROP TABLE order_notes' }],
      output: null,
    },
    {
      name: 'runner-wrapped file',
      sql: 'DROP TABLE IF EXISTS public.legacy_sessions RESTRICT;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'drop', text: 'DROP TABLE IF EXISTS public.legacy_sessions' }],
      output: null,
    },
    {
      name: 'drop and re-create: the old data is still gone',
      sql: 'DROP TABLE IF EXISTS legacy_sessions;\nCREATE TABLE legacy_sessions (id bigint PRIMARY KEY, token text);',
      errors: [{ messageId: 'drop', text: 'DROP TABLE IF EXISTS legacy_sessions' }],
      output: null,
    },
  ],
  locks: [
    {
      sql: 'DROP TABLE order_notes',
      table: 'orders',
      mode: 'AccessExclusiveLock',
    },
  ],
} satisfies RuleCases;
