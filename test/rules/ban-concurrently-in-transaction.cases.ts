import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-concurrently-in-transaction',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);
    CREATE INDEX orders_status_idx ON orders (status);
    CREATE TABLE measurements (taken_at timestamptz, value numeric) PARTITION BY RANGE (taken_at);
    CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  `,
  valid: [
    { name: 'golang-migrate file with only the concurrent build', sql: 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status, id);\n', settings: { transaction: 'single-command' } },
    'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
    { name: 'after COMMIT', sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);' },
    { name: 'plain CREATE INDEX in a transaction is another rule', sql: 'BEGIN;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\nCOMMIT;' },
    { name: 'REFRESH ... CONCURRENTLY may run in a transaction', sql: 'BEGIN;\nREFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;\nCOMMIT;' },
    { name: 'dbmate transaction:false', sql: '-- migrate:up transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\n', settings: { transaction: 'per-file' } },
    { name: 'after ROLLBACK the block is over', sql: 'BEGIN;\nSELECT 1;\nROLLBACK;\nREINDEX INDEX CONCURRENTLY orders_status_idx;' },
  ],
  invalid: [
    {
      name: 'CREATE INDEX CONCURRENTLY inside BEGIN/COMMIT: moved after COMMIT',
      sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\nCOMMIT;\n',
      errors: [{ messageId: 'inTransaction', text: 'CREATE INDEX CONCURRENTLY orders_note_idx ON orders' }],
      output: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n',
      skipDatabase: 'the original fails with "cannot run inside a transaction block"',
      intended: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_note_idx ON orders (note);\nCOMMIT;\n',
    },
    {
      name: 'lower case, qualified, START TRANSACTION, several lines',
      sql: 'start transaction;\ndrop index concurrently\n  public.orders_status_idx;\ncommit;',
      errors: [{ messageId: 'inTransaction', text: 'drop index concurrently\n  public.orders_status_idx' }],
      output: 'start transaction;\ncommit;\n\ndrop index concurrently\n  public.orders_status_idx;',
      skipDatabase: 'the original fails with "cannot run inside a transaction block"',
      intended: 'start transaction;\ndrop index public.orders_status_idx;\ncommit;',
    },
    {
      name: 'REINDEX (CONCURRENTLY) in a block',
      sql: 'BEGIN;\nREINDEX (CONCURRENTLY) TABLE orders;\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', text: 'REINDEX (CONCURRENTLY) TABLE orders' }],
      output: 'BEGIN;\nCOMMIT;\n\nREINDEX (CONCURRENTLY) TABLE orders;',
      skipDatabase: 'the original fails with "cannot run inside a transaction block"',
      intended: 'REINDEX TABLE orders;',
    },
    {
      name: 'DETACH PARTITION CONCURRENTLY in a block',
      sql: 'BEGIN;\nALTER TABLE measurements DETACH PARTITION measurements_2024 CONCURRENTLY;\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', text: 'ALTER TABLE measurements' }],
      output: 'BEGIN;\nCOMMIT;\n\nALTER TABLE measurements DETACH PARTITION measurements_2024 CONCURRENTLY;',
      skipDatabase:
        'the original fails, and no statement that may run in a transaction gives its schema: DETACH ... CONCURRENTLY also adds a CHECK constraint copying the partition bound',
    },
    {
      name: 'a later statement of the block uses the index: no automatic move',
      sql: 'BEGIN;\nCREATE UNIQUE INDEX CONCURRENTLY orders_customer_key ON orders (customer_id);\nALTER TABLE orders ADD CONSTRAINT orders_customer_key UNIQUE USING INDEX orders_customer_key;\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', text: 'CREATE UNIQUE INDEX CONCURRENTLY orders_customer_key ON orders' }],
      output: null,
    },
    {
      name: 'the runner wraps the file',
      sql: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'inRunnerTransaction', text: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders' }],
      output: null,
    },
    {
      name: 'dbmate section of several statements: dbmate sends it as one command, so transaction:false would not help; no automatic fix',
      sql: "-- migrate:up\nSET lock_timeout = '5s';\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status, id);\n",
      errors: [
        { messageId: 'inRunnerTransaction', text: 'DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx' },
        { messageId: 'inRunnerTransaction', text: 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders' },
      ],
      output: null,
    },
    {
      name: 'dbmate section of one statement: the fix turns its transaction off',
      sql: '-- migrate:up\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status, id);\n\n-- migrate:down\nDROP INDEX CONCURRENTLY orders_status_idx;\n',
      errors: [
        { messageId: 'inRunnerTransaction', text: 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders' },
        { messageId: 'inRunnerTransaction', text: 'DROP INDEX CONCURRENTLY orders_status_idx' },
      ],
      output: '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status, id);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY orders_status_idx;\n',
      skipDatabase: 'dbmate sections are run one at a time by dbmate, not as one script',
    },
    {
      name: 'golang-migrate sends the file as one command: several statements run as one transaction',
      sql: "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status, id);\n",
      settings: { transaction: 'single-command' },
      errors: [{ messageId: 'inRunnerTransaction', text: 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders' }],
      output: null,
    },
    {
      name: 'dbmate section with other DDL keeps its transaction: no automatic fix',
      sql: '-- migrate:up\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n\n-- migrate:down\nALTER TABLE orders DROP COLUMN note;\n',
      errors: [{ messageId: 'inRunnerTransaction', text: 'CREATE INDEX CONCURRENTLY orders_note_idx ON orders' }],
      output: null,
    },
  ],
  locks: [{ sql: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)', table: 'orders', mode: 'ShareUpdateExclusiveLock', outsideTransaction: true }],
} satisfies RuleCases;
