import type { RuleCases } from '../harness/types';

const INVOICES = 'CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers)';
const PRELUDE_DOWN = { '0000_prelude.down.sql': 'DROP TABLE customers;' };
const DBMATE = 'db/migrations/20240102000000_invoices.sql';
const FLYWAY = 'db/migration/V2__invoices.sql';
const DIESEL = 'migrations/2024-01-02-000000_invoices/up.sql';
const DBMATE_OTHER = { '20240101000000_people.sql': '-- migrate:up\nCREATE TABLE people (id int);\n\n-- migrate:down\nDROP TABLE people;\n' };

export default {
  rule: 'require-down-migration',
  prelude: 'CREATE TABLE customers (id bigint PRIMARY KEY);',
  valid: [
    { name: 'golang-migrate up with its down', sql: `${INVOICES};`, files: { ...PRELUDE_DOWN, '0100_case.down.sql': 'DROP TABLE invoices;' } },
    { name: 'a golang-migrate history without any down file', sql: `${INVOICES};` },
    { name: 'the down file itself', sql: 'DROP TABLE invoices;', path: 'migrations/0100_case.down.sql', files: { '0100_case.up.sql': `${INVOICES};` } },
    { name: 'dbmate with a down section', sql: `-- migrate:up\n${INVOICES};\n\n-- migrate:down\nDROP TABLE invoices;\n`, path: DBMATE },
    { name: 'Flyway without undo files anywhere', sql: `${INVOICES};`, path: FLYWAY, files: { 'V1__customers.sql': 'CREATE TABLE people (id int);' } },
    { name: 'Flyway with its undo file', sql: `${INVOICES};`, path: FLYWAY, files: { 'U1__customers.sql': 'DROP TABLE customers;', 'U2__invoices.sql': 'DROP TABLE invoices;' } },
    { name: 'a Flyway repeatable migration needs no undo', sql: 'CREATE OR REPLACE VIEW big_customers AS SELECT * FROM customers;', path: 'db/migration/R__views.sql', files: { 'U1__customers.sql': 'DROP TABLE customers;' } },
    {
      name: 'diesel with down.sql',
      sql: `${INVOICES};`,
      path: DIESEL,
      files: { 'down.sql': 'DROP TABLE invoices;', '../2024-01-01-000000_customers/up.sql': 'CREATE TABLE people (id int);', '../2024-01-01-000000_customers/down.sql': 'DROP TABLE people;' },
    },
    { name: 'no other migration rolls back: empty down files are the history\'s choice', sql: `${INVOICES};`, files: { '0000_prelude.down.sql': '-- irreversible\n', '0100_case.down.sql': '' } },
    { name: 'no other dbmate migration has a down that runs something', sql: `-- migrate:up\n${INVOICES};\n\n-- migrate:down\n`, path: DBMATE, files: { '20240101000000_people.sql': '-- migrate:up\nCREATE TABLE people (id int);\n\n-- migrate:down\n' } },
    { name: 'a backfill has nothing to undo', sql: "UPDATE customers SET id = id;\nALTER TABLE customers VALIDATE CONSTRAINT customers_pkey;\nVACUUM ANALYZE customers;", files: PRELUDE_DOWN },
    { name: 'a file without statements has nothing to report on', sql: '-- nothing yet\n', files: PRELUDE_DOWN },
    { name: 'a down file runs a statement of its own', sql: `${INVOICES};`, files: { '0100_case.down.sql': 'BEGIN;\nDROP TABLE invoices;\nCOMMIT;\n' } },
  ],
  invalid: [
    {
      name: 'golang-migrate: the history has down files, this up has none',
      sql: `-- invoices\n${INVOICES};\nCREATE INDEX invoices_customer_id_idx ON invoices (customer_id);`,
      files: PRELUDE_DOWN,
      errors: [{ messageId: 'missingDownFile', text: INVOICES }],
      output: null,
    },
    {
      name: 'an empty down file',
      sql: `${INVOICES};`,
      files: { ...PRELUDE_DOWN, '0100_case.down.sql': '-- nothing to undo\n' },
      errors: [{ messageId: 'emptyDown', text: INVOICES }],
      output: null,
    },
    {
      name: 'a down file of transaction control only',
      sql: `${INVOICES};`,
      files: { ...PRELUDE_DOWN, '0100_case.down.sql': 'BEGIN;\nCOMMIT;\n' },
      errors: [{ messageId: 'emptyDown', text: INVOICES }],
      output: null,
    },
    {
      name: 'dbmate: an empty down section, reported on its marker',
      sql: `-- migrate:up\n${INVOICES};\n\n-- migrate:down\n-- TODO\n`,
      path: DBMATE,
      files: DBMATE_OTHER,
      errors: [{ messageId: 'emptyDown', text: '-- migrate:down' }],
      output: null,
    },
    {
      name: 'dbmate: no down section at all',
      sql: `-- migrate:up\n${INVOICES};\n`,
      path: DBMATE,
      files: DBMATE_OTHER,
      errors: [{ messageId: 'missingDownSection', text: INVOICES }],
      output: null,
    },
    {
      name: 'Flyway: the workspace uses undo files, this one has none',
      sql: `${INVOICES};`,
      path: FLYWAY,
      files: { 'U1__customers.sql': 'DROP TABLE customers;' },
      errors: [{ messageId: 'missingUndoFile', text: INVOICES }],
      output: null,
    },
    {
      name: 'diesel: up.sql without down.sql where others have one',
      sql: `${INVOICES};`,
      path: DIESEL,
      files: { '../2024-01-01-000000_customers/up.sql': 'CREATE TABLE people (id int);', '../2024-01-01-000000_customers/down.sql': 'DROP TABLE people;' },
      errors: [{ messageId: 'missingDieselDown', text: INVOICES }],
      output: null,
    },
  ],
} satisfies RuleCases;
