import type { RuleCases } from '../harness/types';

export default {
  rule: 'require-batched-backfill',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY, status text, region text);
    CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz);
  `,
  valid: [
    "UPDATE orders SET region = 'eu' WHERE id >= 1 AND id < 5001;",
    "UPDATE orders SET region = 'eu' WHERE 5001 > id AND id >= 1 AND region IS NULL;",
    "UPDATE orders SET region = 'eu' WHERE id BETWEEN 1 AND 5000;",
    "UPDATE orders SET status = 'archived' WHERE id IN (SELECT id FROM orders WHERE status = 'closed' LIMIT 5000);",
    "UPDATE orders SET status = 'archived' WHERE ctid = ANY (ARRAY(SELECT ctid FROM orders WHERE status = 'closed' LIMIT 1000));",
    "DELETE FROM orders WHERE id = 42;",
    "DELETE FROM orders WHERE id IN (1, 2, 3) OR id = -4::bigint;",
    "UPDATE orders SET status = 'x' WHERE id = ANY ('{1,2,3}'::bigint[]);",
    'UPDATE orders SET status = NULL WHERE CURRENT OF orders_cursor;',
    "UPDATE orders SET status = 'x' WHERE id = (SELECT max(id) FROM events);",
    { name: 'table created earlier in the file', sql: "CREATE TABLE drafts (id bigint, title text);\nUPDATE drafts SET title = '';" },
    { name: 'table created by CREATE SCHEMA in the file', sql: "CREATE SCHEMA staging CREATE TABLE items (id int, note text);\nUPDATE staging.items SET note = '';" },
    { name: 'a batching procedure', sql: "DO $$\nBEGIN\n  LOOP\n    UPDATE orders SET region = 'eu' WHERE id IN (SELECT id FROM orders WHERE region IS NULL LIMIT 5000);\n    EXIT WHEN NOT FOUND;\n    COMMIT;\n  END LOOP;\nEND $$;" },
    { name: 'INSERT is not this rule', sql: 'INSERT INTO orders (id) SELECT id FROM events;' },
  ],
  invalid: [
    {
      sql: "UPDATE orders SET region = 'eu' WHERE region IS NULL;",
      errors: [{ messageId: 'unbounded', text: 'UPDATE orders' }],
      output: null,
    },
    {
      name: 'no WHERE at all, qualified, lower case',
      sql: "update public.orders\n   set status = 'new';",
      errors: [{ messageId: 'unbounded', text: 'update public.orders' }],
      output: null,
    },
    {
      name: 'a one-sided range',
      sql: "DELETE FROM events WHERE created_at < now() - interval '90 days';",
      errors: [{ messageId: 'unbounded', text: 'DELETE FROM events' }],
      output: null,
    },
    {
      name: 'an unlimited subquery, inside BEGIN/COMMIT',
      sql: "BEGIN;\nDELETE FROM orders WHERE id IN (SELECT id FROM events);\nCOMMIT;",
      errors: [{ messageId: 'unbounded', text: 'DELETE FROM orders' }],
      output: null,
    },
    {
      name: 'NOT IN and OR with an unbounded branch',
      sql: "UPDATE orders SET status = 'x' WHERE id NOT IN (1, 2);\nUPDATE orders SET status = 'y' WHERE id = 1 OR status IS NULL;",
      errors: [
        { messageId: 'unbounded', text: 'UPDATE orders' },
        { messageId: 'unbounded', text: 'UPDATE orders' },
      ],
      output: null,
    },
    {
      name: 'UPDATE ... FROM a join, in a dbmate section',
      sql: "-- migrate:up\nUPDATE orders o SET region = e.id::text FROM events e WHERE e.id = o.id;\n",
      errors: [{ messageId: 'unbounded', text: 'UPDATE orders' }],
      output: null,
    },
  ],
  locks: [{ sql: "UPDATE orders SET region = 'eu' WHERE region IS NULL", table: 'orders', mode: 'RowExclusiveLock' }],
} satisfies RuleCases;
