import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-concurrent-index-if-not-exists',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);
    CREATE SCHEMA billing;
    CREATE TABLE billing.invoices (id bigint PRIMARY KEY, "Number" text);
  `,
  valid: [
    'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);',
    'CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status);',
    {
      name: 'dropped first',
      sql: 'DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
    },
    {
      name: 'dropped first, qualified',
      sql: 'DROP INDEX CONCURRENTLY IF EXISTS billing."Invoices_Number";\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Invoices_Number" ON billing.invoices ("Number");',
    },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE drafts (id bigint);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS drafts_id_idx ON drafts (id);' },
  ],
  invalid: [
    {
      sql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
      errors: [{ messageId: 'hiddenInvalid', text: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders' }],
      output: 'DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
    },
    {
      name: 'unique, quoted name in another schema, lower case, several lines',
      sql: '-- one invoice number per invoice\ncreate unique index concurrently if not exists "Invoices_Number"\n  on billing.invoices ("Number");\n',
      errors: [{ messageId: 'hiddenInvalid', text: 'create unique index concurrently if not exists "Invoices_Number"\n  on billing.invoices' }],
      output:
        '-- one invoice number per invoice\nDROP INDEX CONCURRENTLY IF EXISTS billing."Invoices_Number";\ncreate unique index concurrently if not exists "Invoices_Number"\n  on billing.invoices ("Number");\n',
    },
    {
      name: 'a DROP of another index does not count',
      sql: 'DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
      errors: [{ messageId: 'hiddenInvalid', text: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders' }],
      output: 'DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx;\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
    },
    {
      name: 'dbmate transaction:false section',
      sql: '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);\n',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'hiddenInvalid', text: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders' }],
      output: '-- migrate:up transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);\n',
    },
    {
      name: 'inside a transaction (another rule moves it out first): no fix here',
      sql: 'BEGIN;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);\nCOMMIT;',
      errors: [{ messageId: 'hiddenInvalid', text: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders' }],
      output: null,
    },
  ],
  locks: [{ sql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status)', table: 'orders', mode: 'ShareUpdateExclusiveLock', outsideTransaction: true }],
} satisfies RuleCases;
