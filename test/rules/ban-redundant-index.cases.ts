import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-redundant-index',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text, created_at timestamptz, note text);
    CREATE TABLE users (id bigint PRIMARY KEY, email text, tenant_id bigint, tags text[]);
    CREATE TABLE events (id bigint, tenant_id bigint, at timestamptz) PARTITION BY RANGE (at);
    CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  `,
  valid: [
    { name: 'a different leading column', sql: 'CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);\nCREATE INDEX orders_created_at_idx ON orders (created_at);' },
    { name: 'the narrower index is UNIQUE', sql: 'CREATE UNIQUE INDEX users_email_key ON users (email);\nCREATE INDEX users_email_tenant_id_idx ON users (email, tenant_id);' },
    { name: 'the narrower index enforces the primary key', sql: 'CREATE INDEX orders_id_status_idx ON orders (id, status);' },
    { name: 'another predicate', sql: "CREATE INDEX orders_customer_id_idx ON orders (customer_id) WHERE status = 'open';\nCREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);" },
    { name: 'INCLUDE columns the other lacks', sql: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id) INCLUDE (note);\nCREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);' },
    { name: 'the wider index is not a btree', sql: 'CREATE INDEX users_tags_idx ON users USING gin (tags);\nCREATE INDEX users_tags_tenant_idx ON users USING gin (tags, tenant_id);' },
    { name: 'another operator class', sql: 'CREATE INDEX orders_status_pattern_idx ON orders (status text_pattern_ops);\nCREATE INDEX orders_status_created_at_idx ON orders (status, created_at);' },
    { name: 'another sort direction', sql: 'CREATE INDEX orders_created_at_desc_idx ON orders (created_at DESC);\nCREATE INDEX orders_created_at_idx ON orders (created_at);' },
    { name: 'an expression is not its column', sql: 'CREATE INDEX users_lower_email_idx ON users (lower(email));\nCREATE INDEX users_email_idx ON users (email);' },
    { name: 'another method on the same column', sql: 'CREATE INDEX orders_status_hash_idx ON orders USING hash (status);\nCREATE INDEX orders_status_idx ON orders (status);' },
    {
      name: 'a later migration drops the redundant index',
      sql: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);\nCREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);',
      history: { after: ['DROP INDEX orders_customer_id_idx;'] },
    },
    {
      name: 'the earlier of two equal indexes (the later migration holds the redundant one)',
      sql: 'CREATE INDEX orders_status_idx ON orders (status);',
      history: { after: ['CREATE INDEX orders_status_idx1 ON orders (status);'] },
    },
    {
      name: 'a partition index attached to its parent',
      sql: 'CREATE INDEX events_2024_tenant_id_idx ON events_2024 (tenant_id);\nCREATE INDEX events_tenant_id_idx ON events (tenant_id);',
    },
    { name: 'half-typed statement and unknown table', sql: 'CREATE INDEX ON missing (a);\nCREATE INDEX orders_x ON orders (', settings: { rules: { 'syntax-error': 'off' } } },
  ],
  invalid: [
    {
      name: 'a leading prefix of an index created later in the file',
      sql: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);\nCREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);\n',
      errors: [{ messageId: 'prefix', text: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id)' }],
      output: 'CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);\n',
      intended: 'CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);\n',
    },
    {
      name: 'the later of two equal indexes, unnamed, schema-qualified',
      sql: 'CREATE INDEX orders_status_idx ON orders (status);\nCREATE INDEX ON public.orders USING btree (status);\n',
      errors: [{ messageId: 'duplicate', text: 'CREATE INDEX ON public.orders USING btree (status)' }],
      output: 'CREATE INDEX orders_status_idx ON orders (status);\n',
      intended: 'CREATE INDEX orders_status_idx ON orders (status);\n',
    },
    {
      name: 'a plain index repeating a UNIQUE constraint added in a later migration',
      sql: 'CREATE INDEX users_email_idx ON users (email);\n',
      history: { after: ['ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);'] },
      errors: [{ messageId: 'duplicate', text: 'CREATE INDEX users_email_idx ON users (email)' }],
      output: '',
      intended: '',
    },
    {
      name: 'across migrations: the wider index came first',
      sql: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n',
      history: { before: ['CREATE INDEX orders_customer_id_status_idx ON orders (customer_id, status);'] },
      errors: [{ messageId: 'prefix', text: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)' }],
      output: '',
      intended: '',
    },
    {
      name: 'across migrations: the wider index comes later, partial with the same predicate',
      sql: "CREATE INDEX orders_open_customer_idx ON orders (customer_id) WHERE status = 'open';\n",
      history: { after: ["CREATE INDEX orders_open_customer_created_idx ON orders (customer_id, created_at) WHERE status = 'open';"] },
      errors: [{ messageId: 'prefix', text: "CREATE INDEX orders_open_customer_idx ON orders (customer_id) WHERE status = 'open'" }],
      output: '',
      intended: '',
    },
    {
      name: 'INCLUDE columns the wider index has as keys; a column beside the PRIMARY KEY index',
      sql: 'CREATE INDEX orders_customer_id_inc_idx ON orders (customer_id) INCLUDE (status);\nCREATE INDEX orders_customer_id_status_idx ON orders (customer_id, status);\nCREATE INDEX orders_id_idx ON orders (id);\n',
      errors: [
        { messageId: 'prefix', text: 'CREATE INDEX orders_customer_id_inc_idx ON orders (customer_id) INCLUDE (status)' },
        { messageId: 'duplicate', text: 'CREATE INDEX orders_id_idx ON orders (id)' },
      ],
      output: 'CREATE INDEX orders_customer_id_status_idx ON orders (customer_id, status);\n',
      intended: 'CREATE INDEX orders_customer_id_status_idx ON orders (customer_id, status);\n',
    },
    {
      name: 'a unique index a foreign key may rely on: no fix',
      sql: 'CREATE UNIQUE INDEX users_email_key ON users (email);\nCREATE UNIQUE INDEX users_email_key1 ON users (email);\nCREATE TABLE invites (id bigint PRIMARY KEY, email text REFERENCES users (email));',
      errors: [{ messageId: 'duplicate', text: 'CREATE UNIQUE INDEX users_email_key1 ON users (email)' }],
      output: null,
    },
    {
      name: 'named again later in the file: no fix',
      sql: "CREATE INDEX orders_status_idx ON orders (status);\nCREATE INDEX orders_status_created_at_idx ON orders (status, created_at);\nCOMMENT ON INDEX orders_status_idx IS 'by status';",
      errors: [{ messageId: 'prefix', text: 'CREATE INDEX orders_status_idx ON orders (status)' }],
      output: null,
    },
    {
      name: 'a pg_dump schema',
      path: 'db/structure.sql',
      prelude: '',
      sql: "--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\nSET lock_timeout = 0;\n\nCREATE TABLE public.items (id bigint NOT NULL, sku text, kind text);\n\nCREATE INDEX items_sku_idx ON public.items USING btree (sku);\n\nCREATE INDEX items_sku_kind_idx ON public.items USING btree (sku, kind);\n",
      errors: [{ messageId: 'prefix', text: 'CREATE INDEX items_sku_idx ON public.items USING btree (sku)' }],
      output: "--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\nSET lock_timeout = 0;\n\nCREATE TABLE public.items (id bigint NOT NULL, sku text, kind text);\n\n\nCREATE INDEX items_sku_kind_idx ON public.items USING btree (sku, kind);\n",
      intended: "CREATE TABLE public.items (id bigint NOT NULL, sku text, kind text);\nCREATE INDEX items_sku_kind_idx ON public.items USING btree (sku, kind);\n",
    },
  ],
} satisfies RuleCases;
