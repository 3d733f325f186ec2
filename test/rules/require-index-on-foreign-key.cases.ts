import type { RuleCases } from '../harness/types';

const FK = 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;';

export default {
  rule: 'require-index-on-foreign-key',
  prelude: `
    CREATE TABLE customers (id bigint PRIMARY KEY, region text, UNIQUE (id, region));
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, region text, placed_at timestamptz);
    CREATE INDEX orders_placed_at_idx ON orders (placed_at);
  `,
  valid: [
    { name: 'index created later in the same file', sql: `${FK}\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);` },
    { name: 'index created in a later migration', sql: FK, history: { after: ['CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);'] } },
    { name: 'index created by an earlier migration', sql: FK, history: { before: ['CREATE INDEX orders_customer_id_idx ON orders (customer_id);'] } },
    {
      name: 'primary key leading with the column',
      sql: 'CREATE TABLE items (order_id bigint REFERENCES orders, n int, PRIMARY KEY (order_id, n));',
    },
    {
      name: 'composite key covered in another column order',
      sql: 'ALTER TABLE orders ADD FOREIGN KEY (region, customer_id) REFERENCES customers (region, id) NOT VALID;\nCREATE INDEX CONCURRENTLY orders_customer_region_idx ON orders (customer_id, region, placed_at);',
    },
    { name: 'partial index on NOT NULL keys', sql: `${FK}\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id) WHERE customer_id IS NOT NULL;` },
    { name: 'the foreign key is dropped later', sql: FK, history: { after: ['ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;'] } },
    { name: 'a unique constraint leading with the column', sql: 'CREATE TABLE profiles (customer_id bigint UNIQUE REFERENCES customers, bio text);' },
    'CREATE TABLE notes (id bigint PRIMARY KEY, body text);',
  ],
  invalid: [
    {
      name: 'new table: a plain index right after it',
      sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders ON DELETE CASCADE);',
      errors: [{ messageId: 'unindexed', text: 'REFERENCES orders' }],
      output: 'CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders ON DELETE CASCADE);\nCREATE INDEX invoices_order_id_idx ON invoices (order_id);',
      intended: 'CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders ON DELETE CASCADE);\nCREATE INDEX invoices_order_id_idx ON invoices (order_id);',
    },
    {
      name: 'existing table: CREATE INDEX CONCURRENTLY after the statement',
      sql: FK,
      errors: [{ messageId: 'unindexed', text: 'CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers' }],
      output: `${FK}\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);`,
      intended: `${FK}\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);`,
    },
    {
      name: 'inside BEGIN/COMMIT: after the COMMIT',
      sql: `BEGIN;\nSET LOCAL lock_timeout = '2s';\n${FK}\nCOMMIT;`,
      errors: [{ messageId: 'unindexed', text: 'CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers' }],
      output: `BEGIN;\nSET LOCAL lock_timeout = '2s';\n${FK}\nCOMMIT;\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);`,
      intended: `BEGIN;\nSET LOCAL lock_timeout = '2s';\n${FK}\nCOMMIT;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);`,
    },
    {
      name: 'golang-migrate sends the file as one command: a migration of its own',
      sql: `SET lock_timeout = '2s';\n${FK}`,
      settings: { transaction: 'single-command' },
      errors: [{ messageId: 'unindexed', text: 'CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers' }],
      output: `SET lock_timeout = '2s';\n${FK}`,
      outputFiles: {
        '0101_index_orders_customer_id_idx.up.sql': 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n',
        '0101_index_orders_customer_id_idx.down.sql': 'DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;\n',
      },
      intended: `SET lock_timeout = '2s';\n${FK}\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);`,
    },
    {
      name: 'the runner wraps the file and cannot run a file without a transaction (Flyway): no fix',
      sql: FK,
      path: 'db/migration/V2__orders_customer.sql',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'unindexed', text: 'CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers' }],
      output: null,
    },
    {
      name: 'an INCLUDE column or an expression does not count',
      sql: `${FK}\nCREATE INDEX CONCURRENTLY orders_placed_incl_idx ON orders (placed_at) INCLUDE (customer_id);\nCREATE INDEX CONCURRENTLY orders_expr_idx ON orders ((customer_id + 0));`,
      errors: [{ messageId: 'unindexed', text: 'CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers' }],
      output: `${FK}\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\nCREATE INDEX CONCURRENTLY orders_placed_incl_idx ON orders (placed_at) INCLUDE (customer_id);\nCREATE INDEX CONCURRENTLY orders_expr_idx ON orders ((customer_id + 0));`,
      intended: `${FK}\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\nCREATE INDEX CONCURRENTLY orders_placed_incl_idx ON orders (placed_at) INCLUDE (customer_id);\nCREATE INDEX CONCURRENTLY orders_expr_idx ON orders ((customer_id + 0));`,
    },
    {
      name: 'a partial index on another condition does not count',
      sql: `${FK}\nCREATE INDEX CONCURRENTLY orders_recent_customer_idx ON orders (customer_id) WHERE placed_at > '2024-01-01';`,
      errors: [{ messageId: 'unindexed', text: 'CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers' }],
      output: `${FK}\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\nCREATE INDEX CONCURRENTLY orders_recent_customer_idx ON orders (customer_id) WHERE placed_at > '2024-01-01';`,
      intended: `${FK}\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\nCREATE INDEX CONCURRENTLY orders_recent_customer_idx ON orders (customer_id) WHERE placed_at > '2024-01-01';`,
    },
    {
      name: 'the index is dropped by a later migration',
      sql: `${FK}\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);`,
      history: { after: ['DROP INDEX CONCURRENTLY orders_customer_id_idx;'] },
      errors: [{ messageId: 'unindexed', text: 'CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers' }],
      output: null,
    },
    {
      name: 'dropping the index that served a foreign key',
      sql: 'DROP INDEX CONCURRENTLY orders_customer_id_idx;',
      history: { before: [`${FK}\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);`] },
      errors: [{ messageId: 'droppedIndex', text: 'DROP INDEX CONCURRENTLY orders_customer_id_idx' }],
      output: null,
    },
  ],
} satisfies RuleCases;
