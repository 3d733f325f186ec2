import type { RuleCases } from '../harness/types';

const DOWN = '0100_case.down.sql';
const UP = '0100_case.up.sql';
const DBMATE = 'db/migrations/20240102000000_case.sql';

export default {
  rule: 'require-complete-down-migration',
  prelude: 'CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);\nCREATE INDEX users_name_idx ON users (name);',
  valid: [
    {
      name: 'dropping the column drops its index too',
      sql: 'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX CONCURRENTLY users_nickname_idx ON users (nickname);',
      files: { [DOWN]: 'ALTER TABLE users DROP COLUMN nickname;' },
    },
    {
      name: 'a new table with its foreign key and index, dropped',
      sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, user_id bigint REFERENCES users);\nCREATE INDEX invoices_user_id_idx ON invoices (user_id);',
      files: { [DOWN]: 'DROP TABLE IF EXISTS invoices;' },
    },
    { name: 'a dropped index re-created', sql: 'DROP INDEX users_name_idx;', files: { [DOWN]: 'CREATE INDEX users_name_idx ON users (name);' } },
    { name: 'a rename renamed back', sql: 'ALTER TABLE users RENAME COLUMN name TO full_name;', files: { [DOWN]: 'ALTER TABLE users RENAME COLUMN full_name TO name;' } },
    { name: 'a constraint dropped again', sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);', files: { [DOWN]: 'ALTER TABLE users DROP CONSTRAINT users_email_key;' } },
    {
      name: 'dbmate sections that undo each other',
      sql: '-- migrate:up\nCREATE TABLE invoices (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN plan text;\n\n-- migrate:down\nALTER TABLE users DROP COLUMN plan;\nDROP TABLE invoices;\n',
      path: DBMATE,
    },
    { name: 'the down file itself, when it undoes its up', sql: 'DROP TABLE invoices;', path: `migrations/${DOWN}`, files: { [UP]: 'CREATE TABLE invoices (id int);' } },
    { name: 'a down that calls a function: what it drops is out of sight', sql: 'CREATE TABLE invoices (id int);', files: { [DOWN]: "SELECT drop_partitioned_table('invoices');" } },
    { name: 'a down with a statement that does not parse', sql: 'CREATE TABLE invoices (id int);', files: { [DOWN]: 'DROP TABLE invoices;\nDROP TABEL x;' } },
    { name: 'an empty down is require-down-migration\'s', sql: 'CREATE TABLE invoices (id int);', files: { [DOWN]: '-- nothing\n' } },
    { name: 'no down at all', sql: 'CREATE TABLE invoices (id int);' },
    {
      name: 'what the down file gets wrong is reported in the down file, not in the up',
      sql: 'CREATE TABLE invoices (id int);',
      files: { [DOWN]: 'DROP TABLE invoices;\nDROP INDEX users_name_idx;' },
    },
    {
      name: 'a down that names something the model does not know: not compared',
      sql: 'CREATE TABLE invoices (id int);',
      files: { [DOWN]: 'ALTER TABLE ghosts DROP COLUMN x;' },
    },
  ],
  invalid: [
    {
      name: 'the down leaves an index the up created',
      sql: 'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
      files: { [DOWN]: 'ALTER TABLE users DROP COLUMN nickname;' },
      errors: [{ messageId: 'leftBehind', text: 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email)' }],
      output: null,
    },
    {
      name: 'the down leaves a column',
      sql: 'ALTER TABLE users ADD COLUMN nickname text, ADD COLUMN plan text;',
      files: { [DOWN]: 'ALTER TABLE users DROP COLUMN nickname;' },
      errors: [{ messageId: 'leftBehind', text: 'plan' }],
      output: null,
    },
    {
      name: 'the down leaves a table (reported once, not per column)',
      sql: 'CREATE TABLE audit (id bigint PRIMARY KEY, note text);\nCREATE INDEX users_email_idx ON users (email);',
      files: { [DOWN]: 'DROP INDEX users_email_idx;' },
      errors: [{ messageId: 'leftBehind', text: 'audit' }],
      output: null,
    },
    {
      name: 'the down leaves a constraint',
      sql: 'ALTER TABLE users ADD COLUMN plan text;\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      files: { [DOWN]: 'ALTER TABLE users DROP COLUMN plan;' },
      errors: [{ messageId: 'leftBehind', text: 'CONSTRAINT users_email_key' }],
      output: null,
    },
    {
      name: 'the up drops an index the down does not bring back',
      sql: 'ALTER TABLE users ADD COLUMN plan text;\nDROP INDEX users_name_idx;',
      files: { [DOWN]: 'ALTER TABLE users DROP COLUMN plan;' },
      errors: [{ messageId: 'notRestored', text: 'DROP INDEX users_name_idx' }],
      output: null,
    },
    {
      name: 'a rename not renamed back: the new name is left, the old one not restored',
      sql: 'ALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users ADD COLUMN plan text;',
      files: { [DOWN]: 'ALTER TABLE users DROP COLUMN plan;' },
      errors: [
        { messageId: 'leftBehind', text: 'ALTER TABLE users RENAME COLUMN name TO full_name' },
        { messageId: 'notRestored', text: 'ALTER TABLE users RENAME COLUMN name TO full_name' },
      ],
      output: null,
    },
    {
      name: 'in the down file: it drops an index that was there before the up',
      sql: 'DROP TABLE invoices;\nDROP INDEX users_name_idx;',
      path: `migrations/${DOWN}`,
      files: { [UP]: 'CREATE TABLE invoices (id int);' },
      errors: [{ messageId: 'droppedExisting', text: 'DROP INDEX users_name_idx' }],
      output: null,
    },
    {
      name: 'in the down file: it creates a table the up never dropped',
      sql: 'DROP TABLE invoices;\nCREATE TABLE invoices_archive (id int);',
      path: `migrations/${DOWN}`,
      files: { [UP]: 'CREATE TABLE invoices (id int);' },
      errors: [{ messageId: 'createdByDown', text: 'invoices_archive' }],
      output: null,
    },
    {
      name: 'dbmate: the down section forgets the index',
      sql: '-- migrate:up\nCREATE TABLE invoices (id bigint PRIMARY KEY);\nCREATE INDEX users_email_idx ON users (email);\n\n-- migrate:down\nDROP TABLE invoices;\n',
      path: DBMATE,
      errors: [{ messageId: 'leftBehind', text: 'CREATE INDEX users_email_idx ON users (email)' }],
      output: null,
    },
  ],
} satisfies RuleCases;
