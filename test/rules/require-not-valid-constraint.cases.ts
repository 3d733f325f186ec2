import type { RuleCases } from '../harness/types';
import { REVISION_PATH, revisionAfterPrelude as revision } from '../harness/alembic-cases';

export default {
  rule: 'require-not-valid-constraint',
  prelude: `
    CREATE TABLE customers (id bigint PRIMARY KEY);
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total numeric, discount numeric);
    CREATE TABLE "Line Items" (id bigint, "Qty" int);
    INSERT INTO customers SELECT g FROM generate_series(1, 10) g;
    INSERT INTO orders SELECT g, g % 10 + 1, g, 0 FROM generate_series(1, 100) g;
    INSERT INTO "Line Items" VALUES (1, 1);
  `,
  valid: [
    'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
    'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;',
    { name: 'NOT ENFORCED (PostgreSQL 18) checks nothing', sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT ENFORCED;' },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);\nALTER TABLE invoices ADD CONSTRAINT invoices_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);' },
    {
      name: 'table created by CREATE SCHEMA ... CREATE TABLE earlier in the file',
      sql: 'CREATE SCHEMA billing\n  CREATE TABLE invoices (id bigint, order_id bigint);\nALTER TABLE billing.invoices ADD FOREIGN KEY (order_id) REFERENCES orders (id);',
    },
    { name: 'schema-qualified table created earlier in the file', sql: 'CREATE TABLE app.invoices (id bigint, total numeric);\nALTER TABLE app.invoices ADD CHECK (total >= 0);' },
    { name: 'REFERENCES on a new column without DEFAULT: all NULL, PostgreSQL skips the check', sql: 'ALTER TABLE orders ADD COLUMN referrer_id bigint REFERENCES customers (id);' },
    { name: 'constraints inside CREATE TABLE', sql: 'CREATE TABLE refunds (id bigint, amount numeric CHECK (amount > 0), order_id bigint REFERENCES orders (id));' },
    { name: 'UNIQUE and PRIMARY KEY are other rules', sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_key UNIQUE (total);' },
    { name: 'other subcommands', sql: 'ALTER TABLE orders ADD COLUMN note text, ALTER COLUMN total SET DEFAULT 0;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
      errors: [{ messageId: 'check', text: 'CONSTRAINT orders_total_check CHECK (total >= 0)' }],
      output: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
    },
    {
      name: 'unnamed foreign key, lower case, schema-qualified, several lines',
      sql: 'alter table public.orders\n  add foreign key (customer_id)\n  references customers (id) on delete cascade;\n',
      errors: [{ messageId: 'foreignKey', text: 'foreign key (customer_id)\n  references customers (id) on delete cascade' }],
      output:
        'alter table public.orders\n  add CONSTRAINT orders_customer_id_fkey foreign key (customer_id)\n  references customers (id) on delete cascade NOT VALID;\nALTER TABLE public.orders VALIDATE CONSTRAINT orders_customer_id_fkey;\n',
    },
    {
      name: 'unnamed CHECK on two columns gets the table-level default name',
      sql: 'ALTER TABLE orders ADD CHECK (discount <= total);',
      errors: [{ messageId: 'check', text: 'CHECK (discount <= total)' }],
      output: 'ALTER TABLE orders ADD CONSTRAINT orders_check CHECK (discount <= total) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_check;',
    },
    {
      name: 'quoted names keep their quotes',
      sql: 'ALTER TABLE "Line Items" ADD CHECK ("Qty" > 0);',
      errors: [{ messageId: 'check', text: 'CHECK ("Qty" > 0)' }],
      output: 'ALTER TABLE "Line Items" ADD CONSTRAINT "Line Items_Qty_check" CHECK ("Qty" > 0) NOT VALID;\nALTER TABLE "Line Items" VALIDATE CONSTRAINT "Line Items_Qty_check";',
    },
    {
      name: 'two constraints in one statement: one fix for both',
      sql: 'ALTER TABLE orders\n  ADD CONSTRAINT orders_total_check CHECK (total >= 0),\n  ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers;',
      errors: [
        { messageId: 'check', text: 'CONSTRAINT orders_total_check CHECK (total >= 0)' },
        { messageId: 'foreignKey', text: 'CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers' },
      ],
      output:
        'ALTER TABLE orders\n  ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID,\n  ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;',
    },
    {
      name: 'inside BEGIN/COMMIT: VALIDATE goes after COMMIT',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n',
      errors: [{ messageId: 'check', text: 'CONSTRAINT orders_total_check CHECK (total >= 0)' }],
      output:
        'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n',
    },
    {
      name: 'two statements in one block: both VALIDATEs after the COMMIT',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);\nALTER TABLE "Line Items" ADD CONSTRAINT qty_positive CHECK ("Qty" > 0);\nEND;',
      errors: [
        { messageId: 'check', text: 'CONSTRAINT orders_total_check CHECK (total >= 0)' },
        { messageId: 'check', text: 'CONSTRAINT qty_positive CHECK ("Qty" > 0)' },
      ],
      output:
        'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE "Line Items" ADD CONSTRAINT qty_positive CHECK ("Qty" > 0) NOT VALID;\nEND;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nALTER TABLE "Line Items" VALIDATE CONSTRAINT qty_positive;',
    },
    {
      name: 'BEGIN ... ROLLBACK: no place for VALIDATE',
      sql: 'BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);\nROLLBACK;',
      errors: [{ messageId: 'check', text: 'CONSTRAINT orders_total_check CHECK (total >= 0)' }],
      output: null,
    },
    {
      name: 'the runner wraps the file: VALIDATE belongs in a later migration',
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'foreignKey', text: 'CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id)' }],
      output: null,
    },
    {
      name: 'dbmate transaction:false section',
      sql: '-- migrate:up transaction:false\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);\n\n-- migrate:down\nALTER TABLE orders DROP CONSTRAINT orders_total_check;\n',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'check', text: 'CONSTRAINT orders_total_check CHECK (total >= 0)' }],
      output:
        '-- migrate:up transaction:false\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n\n-- migrate:down\nALTER TABLE orders DROP CONSTRAINT orders_total_check;\n',
      skipDatabase: 'dbmate sections are run one at a time by dbmate, not as one script',
    },
    {
      name: 'CHECK on a new column',
      sql: "ALTER TABLE orders ADD COLUMN status text CHECK (status IN ('open', 'paid'));",
      errors: [{ messageId: 'inlineCheck', text: "CHECK (status IN ('open', 'paid'))" }],
      output:
        "ALTER TABLE orders ADD COLUMN status text, ADD CONSTRAINT orders_status_check CHECK (status IN ('open', 'paid')) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_status_check;",
    },
    {
      name: 'REFERENCES on a new column with a DEFAULT, named, before NOT NULL',
      sql: 'ALTER TABLE orders ADD COLUMN seller_id bigint DEFAULT 1 CONSTRAINT orders_seller_fk REFERENCES customers (id) NOT NULL;',
      errors: [{ messageId: 'inlineForeignKey', text: 'CONSTRAINT orders_seller_fk REFERENCES customers (id)' }],
      output:
        'ALTER TABLE orders ADD COLUMN seller_id bigint DEFAULT 1 NOT NULL, ADD CONSTRAINT orders_seller_fk FOREIGN KEY (seller_id) REFERENCES customers (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_seller_fk;',
    },
    {
      name: 'DEFERRABLE on a column constraint: reported, not moved',
      sql: 'ALTER TABLE orders ADD COLUMN seller_id bigint DEFAULT 1 REFERENCES customers (id) DEFERRABLE;',
      errors: [{ messageId: 'inlineForeignKey', text: 'REFERENCES customers (id)' }],
      output: null,
    },
    {
      name: 'ADD COLUMN IF NOT EXISTS with a CHECK: no fix, ADD CONSTRAINT would run even when the column exists',
      sql: "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status text CHECK (status <> '');",
      errors: [{ messageId: 'inlineCheck', text: "CHECK (status <> '')" }],
      output: null,
    },
    {
      name: 'a trailing comment stays on its statement',
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0); -- totals are never negative\nSELECT 1;',
      errors: [{ messageId: 'check', text: 'CONSTRAINT orders_total_check CHECK (total >= 0)' }],
      output:
        'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID; -- totals are never negative\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nSELECT 1;',
    },
    {
      path: REVISION_PATH,
      name: 'Alembic: op.create_foreign_key without a name, the one PostgreSQL generates validated',
      sql: revision('    op.create_foreign_key(None, "orders", "customers", ["customer_id"], ["id"], ondelete="CASCADE")\n'),
      errors: [{ messageId: 'foreignKey', text: 'op.create_foreign_key(None, "orders", "customers", ["customer_id"], ["id"], ondelete="CASCADE")' }],
      output: "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"0100\"\ndown_revision = \"0000_prelude\"\n\n\ndef upgrade():\n    op.execute(\"ALTER TABLE orders ADD FOREIGN KEY(customer_id) REFERENCES customers (id) ON DELETE CASCADE NOT VALID\")\n    with op.get_context().autocommit_block():\n        op.execute(\"ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey\")\n\n\ndef downgrade():\n    pass\n",
    },
    {
      path: REVISION_PATH,
      name: 'Alembic: op.create_check_constraint with sa.text, inside an autocommit block already',
      sql: revision('    with op.get_context().autocommit_block():\n        op.create_check_constraint("ck_orders_total", "orders", sa.text("total >= 0"))\n'),
      errors: [{ messageId: 'check', text: 'op.create_check_constraint("ck_orders_total", "orders", sa.text("total >= 0"))' }],
      output: "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"0100\"\ndown_revision = \"0000_prelude\"\n\n\ndef upgrade():\n    with op.get_context().autocommit_block():\n        op.execute(\"ALTER TABLE orders ADD CONSTRAINT ck_orders_total CHECK (total >= 0) NOT VALID\")\n        op.execute(\"ALTER TABLE orders VALIDATE CONSTRAINT ck_orders_total\")\n\n\ndef downgrade():\n    pass\n",
    },
    {
      path: REVISION_PATH,
      name: 'Alembic: a condition with a colon SQLAlchemy would read as a bind parameter is left to the author',
      sql: revision('    op.create_check_constraint("ck_orders_total", "orders", "total::text <> \' :b\'")\n'),
      errors: [{ messageId: 'check', text: 'op.create_check_constraint("ck_orders_total", "orders", "total::text <> \' :b\'")' }],
      output: null,
    },
  ],
  locks: [
    { sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0)', table: 'orders', mode: 'AccessExclusiveLock' },
    { sql: 'ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id)', table: 'orders', mode: 'ShareRowExclusiveLock' },
    { sql: 'ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id)', table: 'customers', mode: 'ShareRowExclusiveLock' },
    {
      prelude: 'CREATE TABLE orders (id bigint, total numeric);\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;',
      sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check',
      table: 'orders',
      mode: 'ShareUpdateExclusiveLock',
    },
  ],
} satisfies RuleCases;
