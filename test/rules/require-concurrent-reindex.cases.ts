import type { RuleCases } from '../harness/types';

export default {
  rule: 'require-concurrent-reindex',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);
    CREATE INDEX orders_status_idx ON orders (status);
    CREATE SCHEMA billing;
    CREATE TABLE billing."Invoices" (id bigint PRIMARY KEY);
  `,
  valid: [
    { name: 'system catalogs cannot be reindexed concurrently: nothing safer to suggest', sql: 'REINDEX TABLE pg_authid;\nREINDEX INDEX pg_catalog.pg_class_oid_index;' },
    'REINDEX INDEX CONCURRENTLY orders_status_idx;',
    'REINDEX (CONCURRENTLY, VERBOSE) TABLE orders;',
    { name: 'table created earlier in the file', sql: 'CREATE TABLE drafts (id bigint PRIMARY KEY);\nREINDEX TABLE drafts;' },
    { name: 'index of a table created earlier in the file', sql: 'CREATE TABLE drafts (id bigint, title text);\nCREATE INDEX drafts_title_idx ON drafts (title);\nREINDEX INDEX drafts_title_idx;' },
    { name: 'the primary key index of a table created earlier in the file', sql: 'CREATE TABLE drafts (id bigint PRIMARY KEY, code text, CONSTRAINT drafts_code UNIQUE (code));\nREINDEX INDEX drafts_pkey;\nREINDEX INDEX drafts_code;' },
    { name: 'a schema created earlier in the file', sql: 'CREATE SCHEMA scratch;\nCREATE TABLE scratch.t (id int PRIMARY KEY);\nREINDEX SCHEMA scratch;' },
    { name: 'REINDEX SYSTEM has no concurrent form', sql: 'REINDEX SYSTEM;' },
  ],
  invalid: [
    {
      sql: 'REINDEX INDEX orders_status_idx;',
      errors: [{ messageId: 'blocking', text: 'REINDEX INDEX orders_status_idx' }],
      output: 'REINDEX INDEX CONCURRENTLY orders_status_idx;',
    },
    {
      name: 'options, quoted and qualified table, lower case, two lines',
      sql: 'reindex (verbose) table\n  billing."Invoices";',
      errors: [{ messageId: 'blocking', text: 'reindex (verbose) table\n  billing."Invoices"' }],
      output: 'reindex (verbose) table CONCURRENTLY\n  billing."Invoices";',
    },
    {
      name: 'CONCURRENTLY switched off',
      sql: 'REINDEX (CONCURRENTLY false) INDEX orders_status_idx;',
      errors: [{ messageId: 'blocking', text: 'REINDEX (CONCURRENTLY false) INDEX orders_status_idx' }],
      output: 'REINDEX (CONCURRENTLY false) INDEX CONCURRENTLY orders_status_idx;',
    },
    {
      name: 'a whole schema',
      sql: 'REINDEX SCHEMA billing;',
      errors: [{ messageId: 'blocking', text: 'REINDEX SCHEMA billing' }],
      output: 'REINDEX SCHEMA CONCURRENTLY billing;',
    },
    {
      name: 'inside BEGIN/COMMIT: moved after COMMIT',
      sql: 'BEGIN;\nREINDEX TABLE orders;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', text: 'REINDEX TABLE orders' }],
      output: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n\nREINDEX TABLE CONCURRENTLY orders;',
    },
    {
      name: 'the runner wraps the file',
      sql: 'REINDEX TABLE orders;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'inRunnerTransaction', text: 'REINDEX TABLE orders' }],
      output: null,
    },
    {
      name: 'dbmate section of index statements only',
      sql: '-- migrate:up\nREINDEX INDEX orders_status_idx;\n',
      errors: [{ messageId: 'inRunnerTransaction', text: 'REINDEX INDEX orders_status_idx' }],
      output: '-- migrate:up transaction:false\nREINDEX INDEX CONCURRENTLY orders_status_idx;\n',
    },
    {
      name: 'PostgreSQL 11 has no REINDEX CONCURRENTLY',
      sql: 'REINDEX INDEX orders_status_idx;',
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'noConcurrently', text: 'REINDEX INDEX orders_status_idx' }],
      output: null,
    },
  ],
  locks: [
    { sql: 'REINDEX INDEX orders_status_idx', table: 'orders', mode: 'ShareLock' },
    { sql: 'REINDEX INDEX orders_status_idx', table: 'orders_status_idx', mode: 'AccessExclusiveLock' },
    { sql: 'REINDEX INDEX CONCURRENTLY orders_status_idx', table: 'orders', mode: 'ShareUpdateExclusiveLock', outsideTransaction: true },
  ],
} satisfies RuleCases;
