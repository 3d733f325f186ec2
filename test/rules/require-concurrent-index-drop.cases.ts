import type { RuleCases } from '../harness/types';
import { REVISION_PATH, revisionAfterPrelude as revision } from '../harness/alembic-cases';

export default {
  rule: 'require-concurrent-index-drop',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text, created_at timestamptz);
    CREATE INDEX orders_status_idx ON orders (status);
    CREATE INDEX orders_created_at_idx ON orders (created_at);
    CREATE SCHEMA billing;
    CREATE TABLE billing.invoices (id bigint, "Number" text);
    CREATE INDEX "Invoices_Number" ON billing.invoices ("Number");
  `,
  valid: [
    'DROP INDEX CONCURRENTLY orders_status_idx;',
    'DROP INDEX CONCURRENTLY IF EXISTS billing."Invoices_Number";',
    { name: 'index of a table created earlier in the file', sql: 'CREATE TABLE drafts (id bigint, title text);\nCREATE INDEX drafts_title_idx ON drafts (title);\nDROP INDEX drafts_title_idx;' },
    {
      name: 'a schema reload that drops and re-creates the table (pg_dump --clean)',
      sql: 'DROP INDEX IF EXISTS public.orders_status_idx;\nDROP TABLE IF EXISTS public.orders;\nCREATE TABLE public.orders (id bigint, status text);\nCREATE INDEX orders_status_idx ON public.orders (status);',
    },
    { name: 'a constraint index of a table created earlier in the file', sql: 'CREATE TABLE drafts (id bigint, code text UNIQUE);\nDROP INDEX drafts_code_key;' },
    { name: 'an unnamed index (default name) of a table created earlier in the file', sql: 'CREATE TABLE drafts (id bigint, title text);\nCREATE INDEX ON drafts (lower(title));\nCREATE INDEX ON drafts (id, title);\nDROP INDEX drafts_lower_idx;\nDROP INDEX drafts_id_title_idx;' },
    {
      name: 'an index PostgreSQL named itself, on a partition created earlier in the file',
      sql: "CREATE TABLE orders_2025 PARTITION OF orders_by_year FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\nALTER TABLE orders_by_year DETACH PARTITION orders_2025;\nDROP INDEX orders_2025_created_at_idx;",
    },
    { name: 'other DROP statements', sql: 'DROP TABLE IF EXISTS scratch;\nDROP VIEW IF EXISTS v;' },
    { name: 'an index of a table the file drops after it (a downgrade of a create_table)', sql: 'DROP INDEX orders_status_idx;\nDROP TABLE orders;' },
    {
      name: 'Alembic: downgrade() drops the index, then its table',
      path: REVISION_PATH,
      sql: revision('    pass\n', '    op.drop_index("orders_status_idx", table_name="orders")\n    op.drop_table("orders")\n'),
    },
  ],
  invalid: [
    {
      sql: 'DROP INDEX orders_status_idx;',
      errors: [{ messageId: 'blocking', text: 'DROP INDEX orders_status_idx' }],
      output: 'DROP INDEX CONCURRENTLY orders_status_idx;',
    },
    {
      name: 'IF EXISTS, quoted and qualified, lower case, two lines',
      sql: 'drop index if exists\n  billing."Invoices_Number";',
      errors: [{ messageId: 'blocking', text: 'drop index if exists\n  billing."Invoices_Number"' }],
      output: 'drop index CONCURRENTLY if exists\n  billing."Invoices_Number";',
    },
    {
      name: 'several indexes: one statement each',
      sql: 'DROP INDEX orders_status_idx, billing."Invoices_Number";\n',
      errors: [{ messageId: 'blocking', text: 'DROP INDEX orders_status_idx, billing."Invoices_Number"' }],
      output: 'DROP INDEX CONCURRENTLY orders_status_idx;\nDROP INDEX CONCURRENTLY billing."Invoices_Number";\n',
    },
    {
      name: 'CASCADE has no concurrent form: no automatic fix',
      sql: 'DROP INDEX orders_status_idx CASCADE;',
      errors: [{ messageId: 'blocking', text: 'DROP INDEX orders_status_idx' }],
      output: null,
    },
    {
      name: 'inside BEGIN/COMMIT: moved after COMMIT',
      sql: 'BEGIN;\nDROP INDEX orders_created_at_idx;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n',
      errors: [{ messageId: 'inTransaction', text: 'DROP INDEX orders_created_at_idx' }],
      output: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n\nDROP INDEX CONCURRENTLY orders_created_at_idx;\n',
    },
    {
      name: 'inside BEGIN/COMMIT, recreated under the same name: no automatic move',
      sql: 'BEGIN;\nDROP INDEX orders_status_idx;\nCREATE INDEX orders_status_idx ON orders (status, created_at);\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', text: 'DROP INDEX orders_status_idx' }],
      output: null,
    },
    {
      name: 'the runner wraps the file',
      sql: 'DROP INDEX orders_status_idx;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'inRunnerTransaction', text: 'DROP INDEX orders_status_idx' }],
      output: null,
    },
    {
      name: 'dbmate section of index statements only: the fix turns its transaction off',
      sql: '-- migrate:up\nDROP INDEX IF EXISTS orders_status_idx;\n',
      errors: [{ messageId: 'inRunnerTransaction', text: 'DROP INDEX IF EXISTS orders_status_idx' }],
      output: '-- migrate:up transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\n',
    },
    {
      name: 'a new table whose name does not prefix the index',
      sql: 'CREATE TABLE drafts (id bigint);\nDROP INDEX orders_status_idx;',
      errors: [{ messageId: 'blocking', text: 'DROP INDEX orders_status_idx' }],
      output: 'CREATE TABLE drafts (id bigint);\nDROP INDEX CONCURRENTLY orders_status_idx;',
    },
    {
      name: 'an index created in this file on an existing table',
      sql: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\nDROP INDEX orders_customer_idx;',
      errors: [{ messageId: 'blocking', text: 'DROP INDEX orders_customer_idx' }],
      output: 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\nDROP INDEX CONCURRENTLY orders_customer_idx;',
    },
    {
      path: REVISION_PATH,
      name: 'Alembic: op.drop_index of an index an earlier revision created, fixed in an autocommit block',
      sql: revision('    op.drop_index("orders_status_idx", table_name="orders")\n'),
      errors: [{ messageId: 'inRunnerTransaction', text: 'op.drop_index("orders_status_idx", table_name="orders")' }],
      output: revision('    with op.get_context().autocommit_block():\n        op.drop_index("orders_status_idx", table_name="orders", postgresql_concurrently=True)\n'),
    },
    {
      path: REVISION_PATH,
      name: 'Alembic: postgresql_concurrently=False turned True, inside an existing autocommit block',
      sql: revision('    with op.get_context().autocommit_block():\n        op.drop_index("orders_status_idx", table_name="orders", postgresql_concurrently=False)\n'),
      errors: [{ messageId: 'blocking', text: 'op.drop_index("orders_status_idx", table_name="orders", postgresql_concurrently=False)' }],
      output: revision('    with op.get_context().autocommit_block():\n        op.drop_index("orders_status_idx", table_name="orders", postgresql_concurrently=True)\n'),
    },
  ],
  locks: [
    { sql: 'DROP INDEX orders_status_idx', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'DROP INDEX CONCURRENTLY orders_status_idx', table: 'orders', mode: 'ShareUpdateExclusiveLock', outsideTransaction: true },
  ],
} satisfies RuleCases;
