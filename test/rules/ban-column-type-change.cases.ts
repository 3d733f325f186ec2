import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-column-type-change',
  prelude: `
    CREATE TABLE orders (id integer PRIMARY KEY, status varchar(20), total numeric(10,2), payload json, "Ref" varchar(36));
    INSERT INTO orders SELECT g, 'open', g, '{}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' FROM generate_series(1, 10) g;
  `,
  valid: [
    'ALTER TABLE orders ALTER COLUMN status TYPE varchar(200);',
    'ALTER TABLE orders ALTER COLUMN status TYPE text;',
    'ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2);',
    { name: 'cast of the column itself', sql: 'ALTER TABLE orders ALTER COLUMN status TYPE text USING status::text;' },
    { name: 'unknown old type, target may be a widening', sql: 'ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamptz;' },
    { name: 'user-defined target type is not judged', sql: 'ALTER TABLE orders ALTER COLUMN status TYPE order_status USING status::order_status;' },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE refunds (id integer);\nALTER TABLE refunds ALTER COLUMN id TYPE bigint;' },
    { name: 'column added earlier in the file, widened', sql: 'ALTER TABLE orders ADD COLUMN note varchar(50);\nALTER TABLE orders ALTER COLUMN note TYPE varchar(100);' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders ALTER COLUMN id TYPE bigint;',
      errors: [{ messageId: 'rewrite', text: 'ALTER COLUMN id TYPE bigint' }],
      output: null,
    },
    {
      name: 'USING computes new values; lower case, qualified, several lines',
      sql: "alter table public.orders\n  alter column status set data type text\n  using lower(status);",
      errors: [{ messageId: 'rewrite', text: 'alter column status set data type text\n  using lower(status)' }],
      output: null,
    },
    {
      name: 'json to jsonb, quoted column to uuid, in BEGIN/COMMIT',
      sql: 'BEGIN;\nALTER TABLE orders ALTER payload TYPE jsonb, ALTER "Ref" TYPE uuid USING "Ref"::uuid;\nCOMMIT;',
      errors: [
        { messageId: 'rewrite', text: 'ALTER payload TYPE jsonb' },
        { messageId: 'rewrite', text: 'ALTER "Ref" TYPE uuid USING "Ref"::uuid' },
      ],
      output: null,
    },
    {
      name: 'column added earlier in the file, then narrowed',
      sql: 'ALTER TABLE orders ADD COLUMN note varchar(50);\nALTER TABLE orders ALTER COLUMN note TYPE varchar(20);',
      errors: [{ messageId: 'rewrite', text: 'ALTER COLUMN note TYPE varchar(20)' }],
      output: null,
    },
  ],
  locks: [{ sql: 'ALTER TABLE orders ALTER COLUMN id TYPE bigint', table: 'orders', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
