import type { RuleCases } from '../harness/types';

const INVOICES = 'CREATE TABLE invoices (id bigint PRIMARY KEY)';

export default {
  rule: 'ban-duplicate-migration-version',
  prelude: 'CREATE TABLE customers (id bigint PRIMARY KEY);',
  valid: [
    { name: 'an up and its down share the version', sql: `${INVOICES};`, files: { '0100_case.down.sql': 'DROP TABLE invoices;' } },
    { name: 'versions of their own', sql: `${INVOICES};`, files: { '0099_other.up.sql': 'SELECT 1;', '0101_other.up.sql': 'SELECT 1;' } },
    { name: 'Flyway 2 and 2.1 differ', sql: `${INVOICES};`, path: 'db/migration/V2__invoices.sql', files: { 'V2.1__other.sql': 'SELECT 1;' } },
    { name: 'Flyway repeatables have no version', sql: 'CREATE OR REPLACE VIEW v AS SELECT 1;', path: 'db/migration/R__views.sql', files: { 'R__more_views.sql': 'CREATE OR REPLACE VIEW w AS SELECT 1;' } },
    {
      name: 'Prisma keys migrations by the whole folder name',
      sql: `${INVOICES};`,
      path: 'prisma/migrations/20240102000000_invoices/migration.sql',
      files: { '../20240102000000_customers/migration.sql': 'CREATE TABLE people (id int);' },
    },
    { name: 'git says the other one is new: it is that one to rename', sql: `${INVOICES};`, files: { '0100_other.up.sql': 'SELECT 1;' }, git: { committed: `${INVOICES};`, tracked: ['0000_prelude.up.sql'] } },
    { name: 'dbmate timestamps of their own', sql: `-- migrate:up\n${INVOICES};\n-- migrate:down\nDROP TABLE invoices;`, path: 'db/migrations/20240102000000_invoices.sql', files: { '20240102000001_other.sql': '-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;' } },
  ],
  invalid: [
    {
      name: 'golang-migrate: two migrations 0100',
      sql: `${INVOICES};`,
      files: { '0100_other.up.sql': 'SELECT 1;' },
      errors: [{ messageId: 'duplicate', text: INVOICES }],
      output: null,
    },
    {
      name: 'golang-migrate parses the number: 100 is 0100',
      sql: `-- invoices\n${INVOICES};`,
      files: { '100_other.up.sql': 'SELECT 1;' },
      errors: [{ messageId: 'duplicate', text: INVOICES }],
      output: null,
    },
    {
      name: 'Flyway: 2 and 2.0 are one version',
      sql: `${INVOICES};`,
      path: 'db/migration/V2__invoices.sql',
      files: { 'V2.0__other.sql': 'SELECT 1;' },
      errors: [{ messageId: 'duplicate', text: INVOICES }],
      output: null,
    },
    {
      name: 'dbmate: one timestamp twice',
      sql: `-- migrate:up\n${INVOICES};\n-- migrate:down\nDROP TABLE invoices;`,
      path: 'db/migrations/20240102000000_invoices.sql',
      files: { '20240102000000_other.sql': '-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;' },
      errors: [{ messageId: 'duplicate', text: INVOICES }],
      output: null,
    },
    {
      name: 'diesel: the folder name up to its first underscore, without dashes',
      sql: `${INVOICES};`,
      path: 'migrations/2024-01-02-000000_invoices/up.sql',
      files: { 'down.sql': 'DROP TABLE invoices;', '../20240102000000_other/up.sql': 'SELECT 1;' },
      errors: [{ messageId: 'duplicate', text: INVOICES }],
      output: null,
    },
    {
      name: 'git says this one is new',
      sql: `${INVOICES};`,
      files: { '0100_other.up.sql': 'SELECT 1;' },
      git: {},
      errors: [{ messageId: 'duplicate', text: INVOICES }],
      output: null,
    },
  ],
} satisfies RuleCases;
