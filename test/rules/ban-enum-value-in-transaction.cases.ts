import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-enum-value-in-transaction',
  prelude: `
    CREATE TYPE order_status AS ENUM ('open', 'paid');
    CREATE SCHEMA billing;
    CREATE TYPE billing."Kind" AS ENUM ('invoice');
    CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL DEFAULT 'open');
    INSERT INTO orders VALUES (1, 'open'), (2, 'paid');
  `,
  valid: [
    "ALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET status = 'refunded' WHERE id = 2;",
    { name: 'unused before COMMIT (PostgreSQL 12+)', sql: "BEGIN;\nALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;" },
    { name: 'used in a later transaction', sql: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;\nBEGIN;\nUPDATE orders SET status = 'refunded' WHERE id = 2;\nCOMMIT;" },
    { name: 'RENAME VALUE may run in a transaction', sql: "BEGIN;\nALTER TYPE order_status RENAME VALUE 'paid' TO 'settled';\nUPDATE orders SET status = 'settled' WHERE id = 2;\nCOMMIT;", settings: { postgresVersion: 11 } },
    { name: 'type created in the same transaction, PostgreSQL 17+', sql: "BEGIN;\nCREATE TYPE shipping AS ENUM ('ground');\nALTER TYPE shipping ADD VALUE 'air';\nCREATE TABLE parcels (id int, via shipping DEFAULT 'air');\nCOMMIT;" },
    { name: 'type created in the same transaction, PostgreSQL 11', sql: "BEGIN;\nCREATE TYPE shipping AS ENUM ('ground');\nALTER TYPE shipping ADD VALUE 'air';\nCOMMIT;", settings: { postgresVersion: 11 } },
    { name: 'no transaction, PostgreSQL 11', sql: "ALTER TYPE order_status ADD VALUE 'refunded';", settings: { postgresVersion: 11 } },
  ],
  invalid: [
    {
      name: 'used later in the block: the ADD VALUE is committed on its own',
      sql: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET status = 'refunded' WHERE id = 2;\nCOMMIT;\n",
      errors: [{ messageId: 'usedInTransaction', text: 'ALTER TYPE order_status' }],
      output: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\nALTER TYPE order_status ADD VALUE 'refunded';\nBEGIN;\nUPDATE orders SET status = 'refunded' WHERE id = 2;\nCOMMIT;\n",
      skipDatabase: 'the original fails with "unsafe use of new value"',
      intended: "ALTER TABLE orders ADD COLUMN note text;\nALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET status = 'refunded' WHERE id = 2;\n",
    },
    {
      name: 'first in the block: moved before BEGIN; quoted and qualified, lower case',
      sql: "begin;\nalter type billing.\"Kind\" add value 'credit_note';\ncreate table billing.notes (id int, kind billing.\"Kind\" default 'credit_note');\ncommit;",
      errors: [{ messageId: 'usedInTransaction', text: 'alter type billing."Kind"' }],
      output: "alter type billing.\"Kind\" add value 'credit_note';\n\nbegin;\ncreate table billing.notes (id int, kind billing.\"Kind\" default 'credit_note');\ncommit;",
      skipDatabase: 'the original fails with "unsafe use of new value"',
      intended: "alter type billing.\"Kind\" add value 'credit_note';\ncreate table billing.notes (id int, kind billing.\"Kind\" default 'credit_note');",
    },
    {
      name: 'type created in the same transaction, PostgreSQL 15',
      sql: "BEGIN;\nCREATE TYPE shipping AS ENUM ('ground');\nALTER TYPE shipping ADD VALUE 'air';\nCREATE TABLE parcels (id int, via shipping DEFAULT 'air');\nCOMMIT;",
      settings: { postgresVersion: 15 },
      errors: [{ messageId: 'usedInTransaction', text: 'ALTER TYPE shipping' }],
      output: "BEGIN;\nCREATE TYPE shipping AS ENUM ('ground');\nCOMMIT;\nALTER TYPE shipping ADD VALUE 'air';\nBEGIN;\nCREATE TABLE parcels (id int, via shipping DEFAULT 'air');\nCOMMIT;",
      skipDatabase: 'PostgreSQL 15 rejects the original; 18 (PGlite) accepts it',
      intended: "CREATE TYPE shipping AS ENUM ('ground');\nALTER TYPE shipping ADD VALUE 'air';\nCREATE TABLE parcels (id int, via shipping DEFAULT 'air');",
    },
    {
      name: 'PostgreSQL 11: last in the block, moved after COMMIT',
      sql: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;",
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'unsupported', text: 'ALTER TYPE order_status' }],
      output: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n\nALTER TYPE order_status ADD VALUE 'refunded';",
    },
    {
      name: 'PostgreSQL 11, the runner wraps the file',
      sql: "ALTER TYPE order_status ADD VALUE 'refunded';\nALTER TABLE orders ADD COLUMN note text;",
      settings: { postgresVersion: 11, transaction: 'per-file' },
      errors: [{ messageId: 'unsupportedInRunner', text: 'ALTER TYPE order_status' }],
      output: null,
    },
    {
      name: 'PostgreSQL 11, dbmate section of enum changes only',
      sql: "-- migrate:up\nALTER TYPE order_status ADD VALUE 'refunded';\n",
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'unsupportedInRunner', text: 'ALTER TYPE order_status' }],
      output: "-- migrate:up transaction:false\nALTER TYPE order_status ADD VALUE 'refunded';\n",
    },
    {
      name: 'used later in the transaction the runner wraps the file in',
      sql: "ALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET status = 'refunded' WHERE id = 2;",
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'usedInRunnerTransaction', text: 'ALTER TYPE order_status' }],
      output: null,
    },
  ],
} satisfies RuleCases;
