import type { RuleCases } from '../harness/types';
import { REVISION_PATH, revisionAfterPrelude as revision } from '../harness/alembic-cases';

export default {
  rule: 'ban-locking-several-tables-in-transaction',
  prelude: `
    CREATE TABLE customers (id bigint PRIMARY KEY, name text);
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text);
    CREATE SCHEMA billing;
    CREATE TABLE billing."Invoices" (id bigint PRIMARY KEY, order_id bigint);
  `,
  valid: [
    'BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;\nBEGIN;\nALTER TABLE customers ADD COLUMN region text;\nCOMMIT;',
    { name: 'several changes to one table', sql: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ALTER COLUMN note SET DEFAULT '';\nCREATE INDEX orders_note_idx ON orders (note);\nCOMMIT;" },
    { name: 'a new table with foreign keys to two existing tables', sql: 'BEGIN;\nCREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), customer_id bigint REFERENCES customers (id));\nCOMMIT;', settings: { transaction: 'per-file' } },
    { name: 'one foreign key locks both its tables in one statement', sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;', settings: { transaction: 'per-file' } },
    { name: 'locks that block no reads first (VALIDATE, CREATE INDEX)', sql: 'BEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;\nCREATE INDEX customers_name_idx ON customers (name);\nCOMMIT;' },
    { name: 'tables created in the file', sql: 'BEGIN;\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\nALTER TABLE a ADD COLUMN x int;\nALTER TABLE b ADD COLUMN x int;\nCOMMIT;' },
    { name: 'indexes created (and renamed) in the file', sql: 'BEGIN;\nCREATE TABLE a (id int);\nCREATE INDEX a_idx ON a (id);\nALTER INDEX a_idx RENAME TO a_idx_2;\nALTER TABLE orders ADD COLUMN x int;\nALTER TABLE a_idx_2 RENAME TO a_idx_3;\nCOMMIT;' },
    { name: 'no transaction', sql: 'ALTER TABLE orders ADD COLUMN region text;\nALTER TABLE customers ADD COLUMN region text;' },
    { name: 'tables dropped one after another (a teardown): a dropped table is not held', sql: 'BEGIN;\nDROP TABLE orders;\nDROP TABLE customers;\nCOMMIT;' },
    {
      name: 'Alembic: downgrade() drops the tables its upgrade created',
      path: REVISION_PATH,
      sql: revision('    pass\n', '    op.drop_table("orders")\n    op.drop_table("customers")\n'),
    },
  ],
  invalid: [
    {
      sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nALTER TABLE customers ADD COLUMN region text;\nCOMMIT;\n',
      errors: [{ messageId: 'inTransaction', text: 'ALTER TABLE customers' }],
      output: 'BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;\nBEGIN;\nALTER TABLE customers ADD COLUMN region text;\nCOMMIT;\n',
    },
    {
      name: 'three tables: each newcomer is reported; quoted and qualified; lower case',
      sql: 'begin;\nalter table orders drop column status;\nalter table billing."Invoices" add column total numeric;\ndrop table customers;\ncommit;',
      errors: [
        { messageId: 'inTransaction', text: 'alter table billing."Invoices"' },
        { messageId: 'inTransaction', text: 'drop table customers' },
      ],
      output: 'begin;\nalter table orders drop column status;\nCOMMIT;\nBEGIN;\nalter table billing."Invoices" add column total numeric;\nCOMMIT;\nBEGIN;\ndrop table customers;\ncommit;',
    },
    {
      name: 'a foreign key to another table while holding ACCESS EXCLUSIVE',
      sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN buyer_id bigint;\nALTER TABLE orders ADD CONSTRAINT orders_buyer_fk FOREIGN KEY (buyer_id) REFERENCES customers (id) NOT VALID;\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', text: 'ALTER TABLE orders ADD CONSTRAINT orders_buyer_fk FOREIGN KEY (buyer_id) REFERENCES customers' }],
      output: 'BEGIN;\nALTER TABLE orders ADD COLUMN buyer_id bigint;\nCOMMIT;\nBEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_buyer_fk FOREIGN KEY (buyer_id) REFERENCES customers (id) NOT VALID;\nCOMMIT;',
    },
    {
      name: 'the runner wraps the file',
      sql: 'ALTER TABLE orders ADD COLUMN region text;\nALTER TABLE customers ADD COLUMN region text;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'inRunnerTransaction', text: 'ALTER TABLE customers' }],
      output: null,
    },
    {
      name: 'a drop while another table is still held',
      sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nDROP TABLE customers;\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', text: 'DROP TABLE customers' }],
      output: 'BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;\nBEGIN;\nDROP TABLE customers;\nCOMMIT;',
    },
    {
      name: 'dbmate section',
      sql: '-- migrate:up\nALTER TABLE orders RENAME COLUMN status TO state;\nALTER TABLE customers RENAME COLUMN name TO full_name;\n',
      errors: [{ messageId: 'inRunnerTransaction', text: 'ALTER TABLE customers' }],
      output: null,
    },
  ],
  locks: [
    { sql: 'ALTER TABLE orders ADD COLUMN region text', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'ALTER TABLE orders DROP COLUMN status', table: 'orders', mode: 'AccessExclusiveLock' },
  ],
} satisfies RuleCases;
