import type { RuleCases } from '../harness/types';

export default {
  rule: 'require-lock-timeout',
  prelude: `
    CREATE TABLE customers (id bigint PRIMARY KEY);
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);
    CREATE INDEX orders_status_idx ON orders (status);
    CREATE SCHEMA billing;
    CREATE TABLE billing."Invoices" (id bigint PRIMARY KEY);
  `,
  valid: [
    "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
    "SET lock_timeout TO 2000;\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE customers ADD COLUMN note text;",
    { name: 'SET LOCAL in the same block', sql: "BEGIN;\nSET LOCAL lock_timeout = '1s';\nALTER TABLE orders DROP COLUMN status;\nCOMMIT;" },
    { name: 'locks that do not block reads', sql: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;' },
    { name: 'tables created earlier in the file', sql: 'CREATE TABLE invoices (id bigint);\nALTER TABLE invoices ADD COLUMN total numeric;\nCREATE INDEX invoices_total_idx ON invoices (total);\nDROP INDEX invoices_total_idx;' },
    { name: 'renaming an index takes SHARE UPDATE EXCLUSIVE from PostgreSQL 12', sql: 'ALTER INDEX orders_status_idx RENAME TO orders_state_idx;' },
    {
      name: 'a schema reload that drops and re-creates the table (pg_dump --clean)',
      sql: 'ALTER TABLE IF EXISTS ONLY public.orders DROP CONSTRAINT IF EXISTS orders_pkey;\nDROP TABLE IF EXISTS public.orders;\nCREATE TABLE public.orders (id bigint PRIMARY KEY);',
    },
    { name: 'data changes', sql: "UPDATE orders SET status = 'x' WHERE id = 1;\nSELECT * FROM orders;" },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders ADD COLUMN note text;',
      errors: [{ messageId: 'missing', text: 'ALTER TABLE orders' }],
      output: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
    },
    {
      name: 'one fix covers the rest of the file; quoted and qualified; lower case',
      sql: '-- two columns\nalter table billing."Invoices" add column total numeric;\nalter table orders add column total numeric;\n',
      errors: [{ messageId: 'missing', text: 'alter table billing."Invoices"' }],
      output: '-- two columns\nSET lock_timeout = \'5s\';\nalter table billing."Invoices" add column total numeric;\nalter table orders add column total numeric;\n',
    },
    {
      name: 'lock_timeout = 0 disables it; inside an indented BEGIN block',
      sql: "SET lock_timeout = 0;\nBEGIN;\n  DROP INDEX orders_status_idx;\nCOMMIT;",
      errors: [{ messageId: 'missing', text: 'DROP INDEX orders_status_idx' }],
      output: "SET lock_timeout = 0;\nBEGIN;\n  SET lock_timeout = '5s';\n  DROP INDEX orders_status_idx;\nCOMMIT;",
    },
    {
      name: 'SET LOCAL ends with its block; RESET clears it again',
      sql: "BEGIN;\nSET LOCAL lock_timeout = '1s';\nALTER TABLE orders ADD COLUMN a int;\nCOMMIT;\nALTER TABLE orders ADD COLUMN b int;\nSET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN c int;\nRESET lock_timeout;\nTRUNCATE customers;",
      errors: [
        { messageId: 'missing', text: 'ALTER TABLE orders' },
        { messageId: 'missing', text: 'TRUNCATE customers' },
      ],
      output: "BEGIN;\nSET LOCAL lock_timeout = '1s';\nALTER TABLE orders ADD COLUMN a int;\nCOMMIT;\nSET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN b int;\nSET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN c int;\nRESET lock_timeout;\nSET lock_timeout = '5s';\nTRUNCATE customers;",
    },
    {
      name: 'per-file transaction, a statement sharing its line',
      sql: "SELECT 1; ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';",
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'missing', text: 'ALTER TABLE orders' }],
      output: "SELECT 1; SET lock_timeout = '5s'; ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';",
    },
    {
      name: 'dbmate section',
      sql: '-- migrate:up\nALTER TABLE orders RENAME COLUMN status TO state;\n',
      errors: [{ messageId: 'missing', text: 'ALTER TABLE orders' }],
      output: "-- migrate:up\nSET lock_timeout = '5s';\nALTER TABLE orders RENAME COLUMN status TO state;\n",
    },
    {
      name: 'renamed away and replaced by a new table: the rename still locks the live table',
      sql: 'ALTER TABLE orders RENAME TO orders_old;\nCREATE TABLE orders (id bigint PRIMARY KEY);',
      errors: [{ messageId: 'missing', text: 'ALTER TABLE orders' }],
      output: "SET lock_timeout = '5s';\nALTER TABLE orders RENAME TO orders_old;\nCREATE TABLE orders (id bigint PRIMARY KEY);",
    },
    {
      name: 'renaming an index takes ACCESS EXCLUSIVE on PostgreSQL 11',
      sql: 'ALTER INDEX orders_status_idx RENAME TO orders_state_idx;',
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'missing', text: 'ALTER INDEX orders_status_idx' }],
      output: "SET lock_timeout = '5s';\nALTER INDEX orders_status_idx RENAME TO orders_state_idx;",
    },
  ],
  locks: [
    { sql: 'ALTER TABLE orders ADD COLUMN note text', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'TRUNCATE customers', table: 'customers', mode: 'AccessExclusiveLock' },
  ],
} satisfies RuleCases;
