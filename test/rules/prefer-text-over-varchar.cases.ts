import type { RuleCases } from '../harness/types';

export default {
  rule: 'prefer-text-over-varchar',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) UNIQUE);
  `,
  valid: [
    'CREATE TABLE notes (id bigint PRIMARY KEY, title text CONSTRAINT notes_title_length CHECK (char_length(title) <= 200));',
    { name: 'varchar without a length is text', sql: 'CREATE TABLE notes (id bigint PRIMARY KEY, body varchar, summary character varying);' },
    { name: 'a foreign key column follows its key', sql: 'CREATE TABLE invites (id bigint PRIMARY KEY, email varchar(255) REFERENCES users (email));' },
    { name: 'an earlier varchar(n) this file leaves alone', sql: 'ALTER TABLE users ADD COLUMN name text;' },
    { name: 'a migration tool\'s own table (alembic upgrade --sql)', sql: 'CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));' },
    { name: 'a later migration makes it text', sql: 'CREATE TABLE tags (id bigint PRIMARY KEY, name varchar(50));', history: { after: ['ALTER TABLE tags ALTER COLUMN name TYPE text;'] } },
  ],
  invalid: [
    { sql: 'CREATE TABLE tags (id bigint PRIMARY KEY, name varchar(50) NOT NULL);', errors: [{ messageId: 'varchar', text: 'varchar(50)' }], output: null },
    {
      name: 'the long form, an array, and a widened column',
      sql: 'ALTER TABLE users ADD COLUMN aliases character varying(40)[], ALTER COLUMN email TYPE varchar(320);',
      errors: [
        { messageId: 'varchar', text: 'character varying(40)[]' },
        { messageId: 'varchar', text: 'varchar(320)' },
      ],
      output: null,
    },
  ],
} satisfies RuleCases;
