import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-backfill-with-ddl-in-transaction',
  prelude: `
    CREATE TABLE customers (id bigint PRIMARY KEY, name text);
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);
    INSERT INTO orders SELECT g, g % 5, 'open' FROM generate_series(1, 20) g;
  `,
  valid: [
    "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;\nUPDATE orders SET region = 'eu';",
    { name: 'a bounded batch after the DDL', sql: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu' WHERE id >= 1 AND id < 1001;\nCOMMIT;" },
    { name: 'DDL after the backfill releases nothing early but holds its lock only briefly', sql: "BEGIN;\nUPDATE orders SET status = 'open';\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'open';\nCOMMIT;" },
    { name: 'a lock that does not block writes (VALIDATE)', sql: "BEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;\nUPDATE orders SET status = 'open';\nCOMMIT;" },
    { name: 'DDL on a table created in the file', sql: "BEGIN;\nCREATE TABLE regions (id bigint, name text);\nINSERT INTO regions SELECT id, status FROM orders;\nCOMMIT;" },
    { name: 'INSERT ... VALUES is not a backfill', sql: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nINSERT INTO customers VALUES (1, 'a');\nCOMMIT;" },
    { name: 'no transaction at all', sql: "ALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu';" },
  ],
  invalid: [
    {
      sql: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu';\nCOMMIT;\n",
      errors: [{ messageId: 'inTransaction', text: 'UPDATE orders' }],
      output: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;\nBEGIN;\nUPDATE orders SET region = 'eu';\nCOMMIT;\n",
    },
    {
      name: 'the lock is on another table; INSERT ... SELECT; lower case',
      sql: "begin;\nalter table customers add column tier text;\ninsert into customers (id, name) select id + 1000, status from orders;\ncommit;",
      errors: [{ messageId: 'inTransaction', text: 'insert into customers' }],
      output: "begin;\nalter table customers add column tier text;\nCOMMIT;\nBEGIN;\ninsert into customers (id, name) select id + 1000, status from orders;\ncommit;",
    },
    {
      name: 'CREATE INDEX then a DELETE: SHARE blocks writes',
      sql: "BEGIN;\nCREATE INDEX orders_status_idx ON orders (status);\nDELETE FROM orders WHERE status = 'void' AND customer_id IS NULL OR status IS NULL;\nCOMMIT;",
      errors: [{ messageId: 'inTransaction', text: 'DELETE FROM orders' }],
      output: "BEGIN;\nCREATE INDEX orders_status_idx ON orders (status);\nCOMMIT;\nBEGIN;\nDELETE FROM orders WHERE status = 'void' AND customer_id IS NULL OR status IS NULL;\nCOMMIT;",
    },
    {
      name: 'the expand step with SET NOT NULL after the backfill: the split keeps the order',
      sql: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu';\nALTER TABLE orders ALTER COLUMN region SET NOT NULL;\nCOMMIT;",
      errors: [{ messageId: 'inTransaction', text: 'UPDATE orders' }],
      output: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;\nBEGIN;\nUPDATE orders SET region = 'eu';\nALTER TABLE orders ALTER COLUMN region SET NOT NULL;\nCOMMIT;",
    },
    {
      name: 'the runner wraps the file',
      sql: "ALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu';",
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'inRunnerTransaction', text: 'UPDATE orders' }],
      output: null,
    },
    {
      name: 'dbmate section',
      sql: "-- migrate:up\nALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu';\n",
      errors: [{ messageId: 'inRunnerTransaction', text: 'UPDATE orders' }],
      output: null,
    },
    {
      name: 'a block that ends in ROLLBACK: no split',
      sql: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu';\nROLLBACK;",
      errors: [{ messageId: 'inTransaction', text: 'UPDATE orders' }],
      output: null,
    },
  ],
  locks: [
    { sql: 'ALTER TABLE orders ADD COLUMN region text', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'CREATE INDEX orders_status_idx ON orders (status)', table: 'orders', mode: 'ShareLock' },
  ],
} satisfies RuleCases;
