import type { RuleCases } from '../harness/types';
import { REVISION_PATH, revisionAfterPrelude as revision } from '../harness/alembic-cases';

const PARTITIONED = `
  CREATE TABLE measurements (taken_at timestamptz, value numeric) PARTITION BY RANGE (taken_at);
  CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
`;

export default {
  rule: 'require-concurrent-index',
  prelude: `
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, "État" text);
    CREATE TABLE users (id bigint PRIMARY KEY, email text);
    CREATE TABLE measurements (taken_at timestamptz, value numeric) PARTITION BY RANGE (taken_at);
    INSERT INTO orders SELECT g, g % 10 FROM generate_series(1, 100) g;
  `,
  valid: [
    'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
    { name: 'table created earlier in the file', sql: 'CREATE TABLE invoices (id bigint, customer_id bigint);\nCREATE INDEX ON invoices (customer_id);' },
    { name: 'schema-qualified new table', sql: 'CREATE TABLE app.invoices (id bigint);\nCREATE INDEX invoices_id_idx ON app.invoices (id);' },
    { name: 'ON ONLY a partitioned parent', sql: 'CREATE INDEX measurements_taken_at_idx ON ONLY measurements (taken_at);' },
    { name: 'a partitioned table without partitions yet', sql: 'CREATE INDEX measurements_value_idx ON measurements (value);' },
    { name: 'temporary table created in the file', sql: 'CREATE TEMP TABLE scratch (c int);\nCREATE INDEX scratch_c_idx ON scratch (c);' },
    { name: 'other statements', sql: 'SELECT 1;\nALTER TABLE orders ADD COLUMN note text;' },
    { name: 'a new table that is filled only after its index is built', sql: 'CREATE TABLE orders_copy (id bigint, customer_id bigint);\nCREATE INDEX orders_copy_customer_id_idx ON orders_copy (customer_id);\nINSERT INTO orders_copy SELECT id, customer_id FROM orders;' },
  ],
  invalid: [
    {
      name: 'a partitioned table the history built: ON ONLY, then each partition CONCURRENTLY, then attach',
      sql: 'CREATE INDEX measurements_value_idx ON measurements (value);',
      errors: [{ messageId: 'partitioned', text: 'CREATE INDEX measurements_value_idx ON measurements' }],
      output:
        'CREATE INDEX measurements_value_idx ON ONLY measurements (value);\nCREATE INDEX CONCURRENTLY measurements_2024_value_idx ON measurements_2024 (value);\nCREATE INDEX CONCURRENTLY measurements_2025_value_idx ON measurements_2025 (value);\nALTER INDEX measurements_value_idx ATTACH PARTITION measurements_2024_value_idx;\nALTER INDEX measurements_value_idx ATTACH PARTITION measurements_2025_value_idx;',
      prelude: PARTITIONED,
    },
    {
      name: 'CONCURRENTLY on a partitioned table fails: unnamed, the names PostgreSQL would give',
      sql: 'CREATE INDEX CONCURRENTLY ON measurements (lower(value::text));',
      errors: [{ messageId: 'concurrentlyOnPartitioned', text: 'CREATE INDEX CONCURRENTLY ON measurements' }],
      output:
        'CREATE INDEX measurements_lower_idx ON ONLY measurements (lower(value::text));\nCREATE INDEX CONCURRENTLY measurements_2024_lower_idx ON measurements_2024 (lower(value::text));\nCREATE INDEX CONCURRENTLY measurements_2025_lower_idx ON measurements_2025 (lower(value::text));\nALTER INDEX measurements_lower_idx ATTACH PARTITION measurements_2024_lower_idx;\nALTER INDEX measurements_lower_idx ATTACH PARTITION measurements_2025_lower_idx;',
      prelude: PARTITIONED,
      skipDatabase: 'the original fails (CONCURRENTLY on a partitioned table), which is the point',
      intended: 'CREATE INDEX ON measurements (lower(value::text));',
    },
    {
      name: 'a partitioned table inside a transaction block: no fix (CONCURRENTLY cannot run there)',
      sql: 'BEGIN;\nCREATE INDEX measurements_value_idx ON measurements (value);\nCOMMIT;',
      errors: [{ messageId: 'partitioned', text: 'CREATE INDEX measurements_value_idx ON measurements' }],
      output: null,
      prelude: PARTITIONED,
    },
    {
      name: 'a new table attached as a partition is live from then on',
      sql: "CREATE TABLE measurements_2025 (taken_at timestamptz, value numeric);\nALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\nCREATE INDEX measurements_2025_value_idx ON measurements_2025 (value);",
      errors: [{ messageId: 'blocking', text: 'CREATE INDEX measurements_2025_value_idx ON measurements_2025' }],
      output: "CREATE TABLE measurements_2025 (taken_at timestamptz, value numeric);\nALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\nCREATE INDEX CONCURRENTLY measurements_2025_value_idx ON measurements_2025 (value);",
    },
    {
      name: 'the rebuilt table swapped in under the live name',
      sql: 'CREATE TABLE users_new (id bigint PRIMARY KEY, email text);\nALTER TABLE users RENAME TO users_old;\nALTER TABLE users_new RENAME TO users;\nCREATE INDEX users_email_idx ON users (email);',
      errors: [{ messageId: 'blocking', text: 'CREATE INDEX users_email_idx ON users' }],
      output: 'CREATE TABLE users_new (id bigint PRIMARY KEY, email text);\nALTER TABLE users RENAME TO users_old;\nALTER TABLE users_new RENAME TO users;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
    },
    {
      name: 'a new table filled by INSERT ... SELECT',
      sql: 'CREATE TABLE orders_copy (id bigint, customer_id bigint);\nINSERT INTO orders_copy SELECT id, customer_id FROM orders;\nCREATE INDEX orders_copy_customer_id_idx ON orders_copy (customer_id);',
      errors: [{ messageId: 'blocking', text: 'CREATE INDEX orders_copy_customer_id_idx ON orders_copy' }],
      output: 'CREATE TABLE orders_copy (id bigint, customer_id bigint);\nINSERT INTO orders_copy SELECT id, customer_id FROM orders;\nCREATE INDEX CONCURRENTLY orders_copy_customer_id_idx ON orders_copy (customer_id);',
    },
    {
      sql: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);',
      errors: [{ messageId: 'blocking', text: 'CREATE INDEX orders_customer_id_idx ON orders' }],
      output: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
    },
    {
      name: 'unique, unnamed, lower case, several lines',
      sql: 'create unique index\n  on public.users (lower(email));',
      errors: [{ messageId: 'blocking', text: 'create unique index\n  on public.users' }],
      output: 'create unique index CONCURRENTLY\n  on public.users (lower(email));',
    },
    {
      name: 'non-ASCII names keep their offsets',
      sql: '-- index für Bestellungen 📦\nCREATE INDEX orders_état_idx ON orders ("État");',
      errors: [{ messageId: 'blocking', text: 'CREATE INDEX orders_état_idx ON orders' }],
      output: '-- index für Bestellungen 📦\nCREATE INDEX CONCURRENTLY orders_état_idx ON orders ("État");',
    },
    {
      name: 'inside BEGIN/COMMIT: moved after COMMIT',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN name text;\nCREATE UNIQUE INDEX users_email_key ON users (email);\nCOMMIT;\n',
      errors: [{ messageId: 'inTransaction', text: 'CREATE UNIQUE INDEX users_email_key ON users' }],
      output: 'BEGIN;\nALTER TABLE users ADD COLUMN name text;\nCOMMIT;\n\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n',
    },
    {
      name: 'inside BEGIN/COMMIT, used later in the block: no automatic move',
      sql: 'BEGIN;\nCREATE UNIQUE INDEX users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', text: 'CREATE UNIQUE INDEX users_email_key ON users' }],
      output: null,
    },
    {
      name: 'the runner wraps the file in a transaction',
      sql: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'inRunnerTransaction', text: 'CREATE INDEX orders_customer_id_idx ON orders' }],
      output: null,
    },
    {
      name: 'dbmate transaction:false section is not wrapped',
      sql: '-- migrate:up transaction:false\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n\n-- migrate:down\nDROP INDEX orders_customer_id_idx;\n',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'blocking', text: 'CREATE INDEX orders_customer_id_idx ON orders' }],
      output: '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n\n-- migrate:down\nDROP INDEX orders_customer_id_idx;\n',
      skipDatabase: 'dbmate sections are run one at a time by dbmate, not as one script',
    },
    {
      name: 'dbmate sections are wrapped by default: the fix turns the transaction off for a one-statement section',
      sql: "-- migrate:up\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n\n-- migrate:down\nDROP INDEX orders_customer_id_idx;\n",
      errors: [{ messageId: 'inRunnerTransaction', text: 'CREATE INDEX orders_customer_id_idx ON orders' }],
      output: "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n\n-- migrate:down\nDROP INDEX orders_customer_id_idx;\n",
      skipDatabase: 'dbmate sections are run one at a time by dbmate, not as one script',
    },
    {
      name: 'dbmate section with a SET too: dbmate sends it as one command, one transaction, so no automatic fix',
      sql: "-- migrate:up\nSET lock_timeout = '5s';\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n",
      errors: [{ messageId: 'inRunnerTransaction', text: 'CREATE INDEX orders_customer_id_idx ON orders' }],
      output: null,
    },
    {
      name: 'dbmate section that also alters a table: its transaction stays, no automatic fix',
      sql: '-- migrate:up\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\n',
      errors: [{ messageId: 'inRunnerTransaction', text: 'CREATE INDEX orders_customer_id_idx ON orders' }],
      output: null,
    },
    {
      name: 'IF NOT EXISTS: the fix drops a leftover INVALID index first',
      sql: 'CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);',
      errors: [{ messageId: 'blocking', text: 'CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders' }],
      output: 'DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);',
    },
    {
      name: 'IF NOT EXISTS with a quoted name in another schema, inside BEGIN/COMMIT',
      prelude: 'CREATE SCHEMA app; CREATE TABLE app.orders (id bigint, customer_id bigint);',
      sql: 'BEGIN;\nCREATE INDEX IF NOT EXISTS "Orders_Customer" ON app.orders (customer_id);\nCOMMIT;\n',
      errors: [{ messageId: 'inTransaction', text: 'CREATE INDEX IF NOT EXISTS "Orders_Customer" ON app.orders' }],
      output: 'BEGIN;\nCOMMIT;\n\nDROP INDEX CONCURRENTLY IF EXISTS app."Orders_Customer";\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "Orders_Customer" ON app.orders (customer_id);\n',
    },
    {
      name: 'inside a block that ends in ROLLBACK: nothing to move after',
      sql: 'BEGIN;\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\nROLLBACK;',
      errors: [{ messageId: 'inTransaction', text: 'CREATE INDEX orders_customer_id_idx ON orders' }],
      output: null,
    },
    {
      path: REVISION_PATH,
      name: 'Alembic: op.create_index on a table an earlier revision created, fixed in an autocommit block',
      sql: revision('    op.create_index("ix_orders_customer_id", "orders", ["customer_id"])\n'),
      errors: [{ messageId: 'inRunnerTransaction', text: 'op.create_index("ix_orders_customer_id", "orders", ["customer_id"])' }],
      output: revision('    with op.get_context().autocommit_block():\n        op.create_index("ix_orders_customer_id", "orders", ["customer_id"], postgresql_concurrently=True)\n'),
    },
    {
      path: REVISION_PATH,
      name: 'Alembic: a call over several lines with a trailing comma, inside an if',
      sql: revision('    if True:\n        op.create_index(\n            "ix_users_email",\n            "users",\n            ["email"],\n            unique=True,\n        )\n'),
      errors: [{ messageId: 'inRunnerTransaction', text: 'op.create_index(\n            "ix_users_email",\n            "users",\n            ["email"],\n            unique=True,\n        )' }],
      output: revision(
        '    if True:\n        with op.get_context().autocommit_block():\n            op.create_index(\n            "ix_users_email",\n            "users",\n            ["email"],\n            unique=True, postgresql_concurrently=True,\n        )\n',
      ),
    },
    {
      path: REVISION_PATH,
      name: 'Alembic: if_not_exists=True is left to the author, and so is batch_op.create_index',
      sql: revision('    op.create_index("ix_a", "orders", ["customer_id"], if_not_exists=True)\n    with op.batch_alter_table("users") as batch_op:\n        batch_op.create_index("ix_b", ["email"])\n'),
      errors: [
        { messageId: 'inRunnerTransaction', text: 'op.create_index("ix_a", "orders", ["customer_id"], if_not_exists=True)' },
        { messageId: 'inRunnerTransaction', text: 'batch_op.create_index("ix_b", ["email"])' },
      ],
      output: null,
    },
  ],
  locks: [
    { sql: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id)', table: 'orders', mode: 'ShareLock' },
    { sql: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)', table: 'orders', mode: 'ShareUpdateExclusiveLock', outsideTransaction: true },
  ],
} satisfies RuleCases;
