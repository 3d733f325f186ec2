import type { RuleCases } from '../harness/types';

export default {
  rule: 'require-partial-unique-with-soft-delete',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
    CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);
    CREATE UNIQUE INDEX accounts_name_key ON accounts (name);
    CREATE TABLE posts (id bigint PRIMARY KEY, slug text, is_deleted boolean NOT NULL DEFAULT false);
  `,
  valid: [
    { name: 'partial on the live rows', sql: 'CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;' },
    { name: 'partial on the live rows among other conditions', sql: "CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email <> '' AND (deleted_at IS NULL);" },
    { name: 'partial on a deletion flag', sql: 'CREATE UNIQUE INDEX posts_slug_key ON posts (slug) WHERE NOT is_deleted;' },
    { name: 'deleted_at in the key with NULLS NOT DISTINCT', sql: 'CREATE UNIQUE INDEX users_email_deleted_key ON users (email, deleted_at) NULLS NOT DISTINCT;' },
    {
      name: 'values new on every row: token, uuid, generated default, the primary key column',
      sql: 'CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint, token text UNIQUE, email_change_token_new text UNIQUE, public_id uuid UNIQUE, code text DEFAULT md5(random()::text) UNIQUE, deleted_at timestamptz, UNIQUE (user_id, id));',
    },
    { name: 'a content hash: deduplication refuses the same content again', sql: 'CREATE TABLE uploads (id bigint PRIMARY KEY, md5 text NOT NULL UNIQUE, file_sha256 bytea UNIQUE, is_deleted boolean NOT NULL DEFAULT false);' },
    { name: 'a history table', sql: 'CREATE TABLE page_versions (id bigint PRIMARY KEY, title text, version int, is_deleted boolean, UNIQUE (title, version));' },
    { name: 'a table without soft delete', sql: 'CREATE TABLE tags (id bigint PRIMARY KEY, name text UNIQUE);' },
    { name: 'a deleted_at that is no time', sql: 'CREATE TABLE notes (id bigint PRIMARY KEY, title text UNIQUE, deleted_at text);' },
    {
      name: 'a later migration makes the index partial',
      sql: 'CREATE UNIQUE INDEX users_email_key ON users (email);',
      history: { after: ['DROP INDEX users_email_key;\nCREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;'] },
    },
    {
      name: 'a later migration adds the soft-delete column: reported there, not here',
      sql: 'CREATE TABLE teams (id bigint PRIMARY KEY, name text NOT NULL UNIQUE);',
      history: { after: ['ALTER TABLE teams ADD COLUMN deleted_at timestamptz;'] },
    },
    {
      name: 'a later migration drops the soft-delete column',
      sql: 'CREATE UNIQUE INDEX users_email_key ON users (email);',
      history: { after: ['ALTER TABLE users DROP COLUMN deleted_at;'] },
    },
    { name: 'unknown table, half-typed statement', sql: 'CREATE UNIQUE INDEX ON missing (a);\nCREATE UNIQUE INDEX x ON users (', settings: { rules: { 'syntax-error': 'off' } } },
  ],
  invalid: [
    {
      sql: 'CREATE UNIQUE INDEX users_email_key ON users (email);',
      errors: [{ messageId: 'counted', text: 'CREATE UNIQUE INDEX users_email_key ON users (email)' }],
      output: 'CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;',
      intended: 'CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;',
    },
    {
      name: 'an expression index, concurrently, with INCLUDE',
      sql: 'CREATE UNIQUE INDEX CONCURRENTLY users_lower_email_key ON public.users (lower(email)) INCLUDE (id)',
      errors: [{ messageId: 'counted', text: 'CREATE UNIQUE INDEX CONCURRENTLY users_lower_email_key ON public.users (lower(email)) INCLUDE (id)' }],
      output: 'CREATE UNIQUE INDEX CONCURRENTLY users_lower_email_key ON public.users (lower(email)) INCLUDE (id) WHERE deleted_at IS NULL',
      intended: 'CREATE UNIQUE INDEX CONCURRENTLY users_lower_email_key ON public.users (lower(email)) INCLUDE (id) WHERE deleted_at IS NULL',
    },
    {
      name: 'a deletion flag',
      sql: 'CREATE UNIQUE INDEX posts_slug_key ON posts (slug);',
      errors: [{ messageId: 'counted', text: 'CREATE UNIQUE INDEX posts_slug_key ON posts (slug)' }],
      output: 'CREATE UNIQUE INDEX posts_slug_key ON posts (slug) WHERE NOT is_deleted;',
      intended: 'CREATE UNIQUE INDEX posts_slug_key ON posts (slug) WHERE NOT is_deleted;',
    },
    {
      name: 'UNIQUE constraints of a new table: no fix',
      sql: 'CREATE TABLE projects (\n  id bigint PRIMARY KEY,\n  name text NOT NULL UNIQUE,\n  slug text NOT NULL,\n  deleted_at timestamp,\n  CONSTRAINT projects_slug_key UNIQUE (slug)\n);',
      errors: [
        { messageId: 'counted', text: 'UNIQUE' },
        { messageId: 'counted', text: 'CONSTRAINT projects_slug_key UNIQUE (slug)' },
      ],
      output: null,
    },
    {
      name: 'deleted_at in the key: live rows are not unique',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_deleted_at_key UNIQUE (email, deleted_at);',
      errors: [{ messageId: 'nullsDistinct', text: 'CONSTRAINT users_email_deleted_at_key UNIQUE (email, deleted_at)' }],
      output: null,
    },
    {
      name: 'the soft-delete column comes to a table with a unique index',
      sql: 'ALTER TABLE accounts ADD COLUMN deleted_at timestamptz;',
      errors: [{ messageId: 'counted', text: 'deleted_at' }],
      output: null,
    },
    {
      name: 'a foreign key relies on the index: no fix',
      sql: 'CREATE UNIQUE INDEX users_email_key ON users (email);\nCREATE TABLE invites (id bigint PRIMARY KEY, email text REFERENCES users (email));',
      errors: [{ messageId: 'counted', text: 'CREATE UNIQUE INDEX users_email_key ON users (email)' }],
      output: null,
    },
    {
      name: 'across migrations: the table came earlier, the unique index comes now',
      sql: 'CREATE UNIQUE INDEX teams_name_key ON teams (name);',
      history: { before: ['CREATE TABLE teams (id bigint PRIMARY KEY, name text, discarded_at timestamptz);'] },
      errors: [{ messageId: 'counted', text: 'CREATE UNIQUE INDEX teams_name_key ON teams (name)' }],
      output: 'CREATE UNIQUE INDEX teams_name_key ON teams (name) WHERE discarded_at IS NULL;',
      intended: 'CREATE UNIQUE INDEX teams_name_key ON teams (name) WHERE discarded_at IS NULL;',
    },
    {
      name: 'a pg_dump schema',
      path: 'db/structure.sql',
      prelude: '',
      sql: '--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.customers (id bigint NOT NULL, external_id character varying NOT NULL, deleted_at timestamp without time zone);\n\nALTER TABLE ONLY public.customers\n    ADD CONSTRAINT customers_external_id_key UNIQUE (external_id);\n',
      errors: [{ messageId: 'counted', text: 'CONSTRAINT customers_external_id_key UNIQUE (external_id)' }],
      output: null,
    },
  ],
} satisfies RuleCases;
