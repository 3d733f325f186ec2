import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-rename-table',
  prelude: `
    CREATE TABLE customers (id bigint PRIMARY KEY, name text);
    CREATE TABLE "Orders" (id bigint PRIMARY KEY);
    CREATE SCHEMA sales;
    CREATE TABLE sales.leads (id bigint PRIMARY KEY);
    CREATE VIEW customer_names AS SELECT name FROM customers;
    INSERT INTO customers VALUES (1, 'Ada');
  `,
  valid: [
    {
      name: 'rename and a view under the old name, in one transaction',
      sql: 'BEGIN;\nALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;\nCOMMIT;',
    },
    {
      name: 'the runner wraps the file: rename and view commit together',
      sql: 'ALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;',
      settings: { transaction: 'per-file' },
    },
    {
      name: 'swap: another table renamed into the old name in the same transaction',
      sql: 'BEGIN;\nCREATE TABLE customers_new (LIKE customers INCLUDING ALL);\nALTER TABLE customers RENAME TO customers_old;\nALTER TABLE customers_new RENAME TO customers;\nCOMMIT;',
    },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE invoices (id bigint);\nALTER TABLE invoices RENAME TO bills;' },
    { name: 'renamed twice in the file: the second only moves a name this file made', sql: 'BEGIN;\nALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;\nCOMMIT;\nALTER TABLE clients RENAME TO client_accounts;' },
    {
      name: 'ALTER TABLE ... RENAME on an index, a sequence or a view created earlier in the file',
      sql: 'CREATE INDEX customers_name_idx ON customers (name);\nALTER TABLE customers_name_idx RENAME TO customers_name_key;\nCREATE SEQUENCE invoice_numbers;\nALTER TABLE invoice_numbers RENAME TO invoice_no_seq;\nCREATE VIEW recent_customers AS SELECT * FROM customers;\nALTER TABLE recent_customers RENAME TO latest_customers;',
    },
    {
      name: 'ALTER TABLE ... RENAME on an index that this file renamed to that name',
      sql: 'ALTER INDEX customers_pkey RENAME TO customers_pk;\nALTER TABLE customers_pk RENAME TO customers_primary;',
    },
    { name: 'renaming a column, an index or a sequence is not a table rename', sql: 'ALTER INDEX customers_pkey RENAME TO customers_pk;\nALTER SEQUENCE IF EXISTS customers_id_seq RENAME TO customers_seq;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE customers RENAME TO clients;',
      errors: [{ messageId: 'rename', text: 'ALTER TABLE customers RENAME TO clients' }],
      output: null,
    },
    {
      name: 'quoted, schema-qualified, lower case, several lines',
      sql: 'alter table if exists\n  public."Orders"\n  rename to purchase_orders;',
      errors: [{ messageId: 'rename', text: 'alter table if exists\n  public."Orders"\n  rename to purchase_orders' }],
      output: null,
    },
    {
      name: 'a view',
      sql: 'ALTER VIEW customer_names RENAME TO client_names;',
      errors: [{ messageId: 'rename', text: 'ALTER VIEW customer_names RENAME TO client_names' }],
      output: null,
    },
    {
      name: 'inside BEGIN/COMMIT without a view',
      sql: 'BEGIN;\nALTER TABLE sales.leads RENAME TO prospects;\nCOMMIT;',
      errors: [{ messageId: 'rename', text: 'ALTER TABLE sales.leads RENAME TO prospects' }],
      output: null,
    },
    {
      name: 'the view comes in a separate transaction: fix wraps both in one',
      sql: 'ALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;\n',
      errors: [{ messageId: 'gap', text: 'ALTER TABLE customers RENAME TO clients' }],
      output: 'BEGIN;\nALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;\nCOMMIT;\n',
    },
    {
      name: 'swap in autocommit, indented: fix wraps the three statements',
      sql: '  CREATE TABLE customers_new (LIKE customers INCLUDING ALL);\n  ALTER TABLE customers RENAME TO customers_old;\n  ALTER TABLE customers_new RENAME TO customers;\n',
      errors: [{ messageId: 'gap', text: 'ALTER TABLE customers RENAME TO customers_old' }],
      output: '  CREATE TABLE customers_new (LIKE customers INCLUDING ALL);\n  BEGIN;\n  ALTER TABLE customers RENAME TO customers_old;\n  ALTER TABLE customers_new RENAME TO customers;\n  COMMIT;\n',
    },
    {
      name: 'the view comes after COMMIT: no automatic fix',
      sql: 'BEGIN;\nALTER TABLE customers RENAME TO clients;\nCOMMIT;\nCREATE VIEW customers AS SELECT * FROM clients;',
      errors: [{ messageId: 'gap', text: 'ALTER TABLE customers RENAME TO clients' }],
      output: null,
    },
    {
      name: 'a CONCURRENTLY statement in between cannot run in a transaction: no automatic fix',
      sql: 'ALTER TABLE customers RENAME TO clients;\nCREATE INDEX CONCURRENTLY clients_name_idx ON clients (name);\nCREATE VIEW customers AS SELECT * FROM clients;',
      errors: [{ messageId: 'gap', text: 'ALTER TABLE customers RENAME TO clients' }],
      output: null,
    },
    {
      name: 'dbmate: the down section renaming back is a rollback, not a view for old code',
      sql: '-- migrate:up\nALTER TABLE customers RENAME TO clients;\n\n-- migrate:down\nALTER TABLE clients RENAME TO customers;\n',
      errors: [{ messageId: 'rename', text: 'ALTER TABLE customers RENAME TO clients' }],
      output: null,
    },
  ],
  locks: [{ sql: 'ALTER TABLE customers RENAME TO clients', table: 'clients', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
