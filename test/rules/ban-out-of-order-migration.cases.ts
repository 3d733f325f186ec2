import type { RuleCases } from '../harness/types';

const INVOICES = 'CREATE TABLE invoices (id bigint PRIMARY KEY)';
const LATER = { after: ['CREATE TABLE payments (id bigint PRIMARY KEY);'] };

export default {
  rule: 'ban-out-of-order-migration',
  prelude: 'CREATE TABLE customers (id bigint PRIMARY KEY);',
  valid: [
    { name: 'outside a git repository', sql: `${INVOICES};`, history: LATER },
    { name: 'the migration is committed itself', sql: `${INVOICES};`, history: LATER, git: { committed: `${INVOICES};` } },
    { name: 'the newer migration is not committed either', sql: `${INVOICES};`, history: LATER, git: { tracked: ['0000_prelude.up.sql'] } },
    { name: 'newest of the history', sql: `${INVOICES};`, git: {} },
    { name: 'a file without a version has no place in the order', sql: `${INVOICES};`, path: 'migrations/seed.sql', history: LATER, git: {} },
    { name: 'a down file is not a migration of its own', sql: 'DROP TABLE invoices;', path: 'migrations/0100_case.down.sql', files: { '0100_case.up.sql': `${INVOICES};` }, history: LATER, git: { tracked: ['0000_prelude.up.sql', '0101_after.up.sql'] } },
  ],
  invalid: [
    {
      name: 'golang-migrate: 0101 was committed while 0100 waited on a branch',
      sql: `${INVOICES};`,
      history: LATER,
      git: {},
      errors: [{ messageId: 'outOfOrder', text: INVOICES }],
      output: null,
    },
    {
      name: 'dbmate timestamps',
      sql: `-- migrate:up\n${INVOICES};\n-- migrate:down\nDROP TABLE invoices;`,
      path: 'db/migrations/20240102000000_invoices.sql',
      files: { '20240105000000_payments.sql': '-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;' },
      git: {},
      errors: [{ messageId: 'outOfOrder', text: INVOICES }],
      output: null,
    },
    {
      name: 'Flyway versions compare as numbers: 10 after 9',
      sql: `${INVOICES};`,
      path: 'db/migration/V9__invoices.sql',
      files: { 'V10__payments.sql': 'SELECT 1;' },
      git: {},
      errors: [{ messageId: 'outOfOrder', text: INVOICES }],
      output: null,
    },
  ],
} satisfies RuleCases;
