import type { RuleCases } from '../harness/types';

const INVOICES = 'CREATE TABLE invoices (id bigint PRIMARY KEY);';
const NOTE = 'ALTER TABLE invoices ADD COLUMN note text';
const LATER = { after: ['CREATE TABLE payments (id bigint PRIMARY KEY);'] };
const DBMATE = 'db/migrations/20240102000000_invoices.sql';
const DBMATE_COMMITTED = `-- migrate:up transaction:false\n${INVOICES}\n\n-- migrate:down\nDROP TABLE invoices;\n`;

export default {
  rule: 'ban-editing-applied-migration',
  prelude: 'CREATE TABLE customers (id bigint PRIMARY KEY);',
  valid: [
    { name: 'outside a git repository', sql: `${INVOICES}\n${NOTE};`, history: LATER },
    { name: 'unchanged', sql: INVOICES, history: LATER, git: { committed: INVOICES } },
    { name: 'a new migration, not committed yet', sql: `${INVOICES}\n${NOTE};`, history: LATER, git: {} },
    { name: 'the newest committed migration', sql: `${INVOICES}\n${NOTE};`, git: { committed: INVOICES } },
    { name: 'newer migrations exist but are not committed', sql: `${INVOICES}\n${NOTE};`, history: LATER, git: { committed: INVOICES, tracked: ['0000_prelude.up.sql'] } },
    { name: 'only comments and layout changed', sql: '-- invoices of a customer\nCREATE TABLE invoices (\n  id bigint PRIMARY KEY\n);', history: LATER, git: { committed: INVOICES } },
    { name: 'only line endings changed', sql: `${INVOICES}\r\nSELECT 1;\r\n`, history: LATER, git: { committed: `${INVOICES}\nSELECT 1;\n` } },
    { name: 'dbmate: only the down section changed', sql: DBMATE_COMMITTED.replace('DROP TABLE invoices;', 'DROP TABLE IF EXISTS invoices;'), path: DBMATE, history: LATER, git: { committed: DBMATE_COMMITTED } },
    { name: 'a Flyway repeatable migration runs again when it changes', sql: 'CREATE OR REPLACE VIEW v AS SELECT 2;', path: 'db/migration/R__views.sql', files: { 'V5__later.sql': 'SELECT 1;' }, git: { committed: 'CREATE OR REPLACE VIEW v AS SELECT 1;' } },
    { name: 'a down file may be fixed', sql: 'DROP TABLE IF EXISTS invoices;', path: 'migrations/0100_case.down.sql', files: { '0100_case.up.sql': INVOICES }, history: LATER, git: { committed: 'DROP TABLE invoices;' } },
    { name: 'a file without a version is not a migration its runner runs', sql: `${INVOICES}\n${NOTE};`, path: 'migrations/seed.sql', history: LATER, git: { committed: INVOICES } },
  ],
  invalid: [
    {
      name: 'a statement added at the end: moved to a new migration',
      sql: `${INVOICES}\n\n-- notes on invoices\n${NOTE};\n`,
      history: LATER,
      git: { committed: `${INVOICES}\n` },
      errors: [{ messageId: 'edited', text: NOTE }],
      output: `${INVOICES}\n`,
      outputFiles: { '0102_case_followup.up.sql': `-- notes on invoices\n${NOTE};\n` },
    },
    {
      name: 'the history has down files: a down file to fill in beside the new migration',
      sql: `${INVOICES}\n${NOTE};`,
      history: LATER,
      files: { '0100_case.down.sql': 'DROP TABLE invoices;' },
      git: { committed: INVOICES },
      errors: [{ messageId: 'edited', text: NOTE }],
      output: INVOICES,
      outputFiles: { '0102_case_followup.up.sql': `${NOTE};\n`, '0102_case_followup.down.sql': '-- Undo what 0102_case_followup.up.sql does.\n' },
    },
    {
      name: 'a committed statement changed: no fix can move that',
      sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, note text);',
      history: LATER,
      git: { committed: INVOICES },
      errors: [{ messageId: 'edited', text: 'CREATE TABLE invoices (id bigint PRIMARY KEY, note text)' }],
      output: null,
    },
    {
      name: 'a committed statement removed at the end',
      sql: INVOICES,
      history: LATER,
      git: { committed: `${INVOICES}\n${NOTE};` },
      errors: [{ messageId: 'edited', text: 'CREATE TABLE invoices (id bigint PRIMARY KEY)' }],
      output: null,
    },
    {
      name: 'dbmate: statements added to both sections move to a new dbmate migration with the same options',
      sql: `-- migrate:up transaction:false\n${INVOICES}\n${NOTE};\n\n-- migrate:down\nDROP TABLE invoices;\nSELECT 1;\n`,
      path: DBMATE,
      history: LATER,
      git: { committed: DBMATE_COMMITTED },
      errors: [{ messageId: 'edited', text: NOTE }],
      output: DBMATE_COMMITTED,
      outputFiles: { '99999999990102_invoices_followup.sql': `-- migrate:up transaction:false\n${NOTE};\n\n-- migrate:down\nSELECT 1;\n` },
    },
    {
      name: 'Flyway: a new migration with the next version',
      sql: `${INVOICES}\n${NOTE};`,
      path: 'db/migration/V2__invoices.sql',
      files: { 'V3__payments.sql': 'CREATE TABLE payments (id bigint PRIMARY KEY);' },
      git: { committed: INVOICES },
      errors: [{ messageId: 'edited', text: NOTE }],
      output: INVOICES,
      outputFiles: { 'V4__invoices_followup.sql': `${NOTE};\n` },
    },
    {
      name: 'Flyway: a comment changes the checksum',
      sql: `-- invoices\n${INVOICES}`,
      path: 'db/migration/V2__invoices.sql',
      files: { 'V3__payments.sql': 'CREATE TABLE payments (id bigint PRIMARY KEY);' },
      git: { committed: INVOICES },
      errors: [{ messageId: 'checksum', text: 'CREATE TABLE invoices (id bigint PRIMARY KEY)' }],
      output: INVOICES,
    },
    {
      name: 'Prisma: a new migration folder',
      sql: `${INVOICES}\n${NOTE};`,
      path: 'prisma/migrations/20240102000000_invoices/migration.sql',
      files: { '../20240105000000_payments/migration.sql': 'CREATE TABLE payments (id bigint PRIMARY KEY);' },
      git: { committed: INVOICES },
      errors: [{ messageId: 'edited', text: NOTE }],
      output: INVOICES,
      outputFiles: { 'migration.sql': `${NOTE};\n` },
    },
  ],
} satisfies RuleCases;
