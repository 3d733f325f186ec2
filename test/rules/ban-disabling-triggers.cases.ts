import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-disabling-triggers',
  prelude: `
    CREATE TABLE customers (id bigint PRIMARY KEY);
    CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), total numeric);
    CREATE FUNCTION orders_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_audit();
    CREATE SCHEMA shop;
    CREATE TABLE shop."Line Items" (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
  `,
  valid: [
    {
      name: 'one user trigger, by name, around a batched backfill',
      sql: 'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nUPDATE orders SET total = 0 WHERE id BETWEEN 1 AND 10000 AND total IS NULL;\nALTER TABLE orders ENABLE TRIGGER orders_audit;',
    },
    { name: 'all user triggers (foreign-key checks stay on)', sql: 'ALTER TABLE orders DISABLE TRIGGER USER;\nALTER TABLE orders ENABLE TRIGGER USER;' },
    { name: 'enabling triggers again', sql: 'ALTER TABLE orders ENABLE TRIGGER ALL;' },
    { name: 'session_replication_role back to origin or local', sql: "SET session_replication_role = origin;\nSET session_replication_role TO 'local';\nRESET session_replication_role;" },
    { name: 'other settings', sql: "SET lock_timeout = '2s';\nSET LOCAL statement_timeout = '5min';" },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE orders DISABLE TRIGGER ALL;',
      errors: [{ messageId: 'allTriggers', text: 'DISABLE TRIGGER ALL' }],
      output: 'ALTER TABLE orders DISABLE TRIGGER USER;',
    },
    {
      name: 'lower case, quoted and qualified, several subcommands, inside BEGIN/COMMIT',
      sql: 'begin;\nalter table shop."Line Items"\n  disable trigger all,\n  set (fillfactor = 90);\ninsert into shop."Line Items" values (1, 1);\nalter table shop."Line Items" enable trigger all;\ncommit;',
      errors: [{ messageId: 'allTriggers', text: 'disable trigger all' }],
      output: 'begin;\nalter table shop."Line Items"\n  disable trigger user,\n  set (fillfactor = 90);\ninsert into shop."Line Items" values (1, 1);\nalter table shop."Line Items" enable trigger all;\ncommit;',
      prelude: `
        CREATE TABLE customers (id bigint PRIMARY KEY);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id), total numeric);
        INSERT INTO customers VALUES (1);
        INSERT INTO orders VALUES (1, 1, 10);
        CREATE SCHEMA shop;
        CREATE TABLE shop."Line Items" (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
      `,
    },
    {
      name: 'a table created in the file: its foreign keys are skipped all the same',
      sql: 'CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));\nALTER TABLE refunds DISABLE TRIGGER ALL;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'allTriggers', text: 'DISABLE TRIGGER ALL' }],
      output: 'CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));\nALTER TABLE refunds DISABLE TRIGGER USER;',
    },
    {
      name: 'session_replication_role = replica',
      sql: 'SET session_replication_role = replica;',
      errors: [{ messageId: 'replicationRole', text: 'SET session_replication_role = replica' }],
      output: null,
    },
    {
      name: 'SET LOCAL, quoted value, lower case',
      sql: "begin;\nset local session_replication_role to 'replica';\ncommit;",
      errors: [{ messageId: 'replicationRole', text: "set local session_replication_role to 'replica'" }],
      output: null,
    },
    {
      name: 'for a role, persistently',
      sql: 'ALTER ROLE migrator SET session_replication_role = replica;',
      errors: [{ messageId: 'replicationRole', text: 'ALTER ROLE migrator SET session_replication_role = replica' }],
      output: null,
      skipDatabase: 'the role does not exist in the test database',
    },
  ],
  locks: [{ sql: 'ALTER TABLE orders DISABLE TRIGGER ALL', table: 'orders', mode: 'ShareRowExclusiveLock' }],
} satisfies RuleCases;
