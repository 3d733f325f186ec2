import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-blocking-table-rewrite-maintenance',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz);
    CREATE INDEX orders_created_at_idx ON orders (created_at);
    CREATE SCHEMA billing;
    CREATE TABLE billing."Invoices" (id bigint PRIMARY KEY);
  `,
  valid: [
    'VACUUM orders;',
    'VACUUM (ANALYZE, VERBOSE) orders;',
    'ANALYZE orders;',
    { name: 'FULL switched off', sql: 'VACUUM (FULL false) orders;\nVACUUM (FULL, ANALYZE, FULL off) orders;' },
    { name: 'table created earlier in the file', sql: 'CREATE UNLOGGED TABLE staging (id bigint PRIMARY KEY);\nALTER TABLE staging SET LOGGED;\nCLUSTER staging USING staging_pkey;\nVACUUM FULL staging;' },
    { name: 'a sequence is one page', sql: 'ALTER SEQUENCE order_numbers SET LOGGED;\nALTER SEQUENCE order_numbers SET TABLESPACE pg_default;' },
    { name: 'ALTER TABLE without a rewrite', sql: 'ALTER TABLE orders SET (fillfactor = 90);' },
  ],
  invalid: [
    {
      sql: 'VACUUM FULL orders;',
      errors: [{ messageId: 'vacuumFull', text: 'VACUUM FULL orders' }],
      output: null,
    },
    {
      name: 'options, several tables, quoted and qualified, lower case',
      sql: 'vacuum (full, analyze) orders, billing."Invoices";',
      errors: [{ messageId: 'vacuumFull', text: 'vacuum (full, analyze) orders' }],
      output: null,
    },
    {
      name: 'the whole database',
      sql: 'VACUUM FULL;',
      errors: [{ messageId: 'vacuumFull', text: 'VACUUM FULL' }],
      output: null,
    },
    {
      name: 'CLUSTER inside BEGIN/COMMIT',
      sql: 'BEGIN;\nCLUSTER orders USING orders_created_at_idx;\nCOMMIT;',
      errors: [{ messageId: 'cluster', text: 'CLUSTER orders' }],
      output: null,
    },
    {
      name: 'CLUSTER of every clustered table',
      sql: 'CLUSTER;',
      errors: [{ messageId: 'cluster', text: 'CLUSTER' }],
      output: null,
    },
    {
      name: 'SET TABLESPACE of a table and of an index',
      sql: 'ALTER TABLE orders SET TABLESPACE pg_default;\nALTER INDEX orders_created_at_idx SET TABLESPACE pg_default;',
      errors: [
        { messageId: 'setTablespace', text: 'ALTER TABLE orders' },
        { messageId: 'setTablespace', text: 'ALTER INDEX orders_created_at_idx' },
      ],
      output: null,
    },
    {
      name: 'SET UNLOGGED, per-file transaction',
      sql: 'ALTER TABLE billing."Invoices" SET UNLOGGED;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'setLogged', text: 'ALTER TABLE billing."Invoices"' }],
      output: null,
    },
    {
      name: 'dbmate section',
      sql: '-- migrate:up\nCLUSTER billing."Invoices" USING "Invoices_pkey";\n',
      errors: [{ messageId: 'cluster', text: 'CLUSTER billing."Invoices"' }],
      output: null,
    },
    {
      name: 'moving a whole tablespace',
      sql: 'ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE fast_ssd;',
      errors: [{ messageId: 'setTablespace', text: 'ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE fast_ssd' }],
      output: null,
    },
  ],
  locks: [
    { sql: 'CLUSTER orders USING orders_created_at_idx', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'ALTER TABLE orders SET TABLESPACE pg_default', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'ALTER TABLE orders SET UNLOGGED', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'ALTER TABLE orders SET LOGGED', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'VACUUM FULL orders', table: 'orders', mode: 'AccessExclusiveLock', outsideTransaction: true },
  ],
} satisfies RuleCases;
