import type { RuleCases } from '../harness/types';

export default {
  rule: 'prefer-soft-delete-timestamp',
  prelude: `
    CREATE TABLE posts (id bigint PRIMARY KEY, title text, is_deleted boolean NOT NULL DEFAULT false);
    CREATE TABLE comments (id bigint PRIMARY KEY, body text);
  `,
  valid: [
    'CREATE TABLE notes (id bigint PRIMARY KEY, deleted_at timestamptz);',
    { name: 'a flag beside a deletion time', sql: 'CREATE TABLE notes (id bigint PRIMARY KEY, deleted boolean, deleted_at timestamptz);' },
    { name: 'other booleans', sql: 'CREATE TABLE notes (id bigint PRIMARY KEY, is_archived boolean, deletable boolean, is_deleted_by_admin boolean);' },
    { name: 'a history table records the state of the row each version describes', sql: 'CREATE TABLE post_versions (id bigint PRIMARY KEY, post_id bigint, is_deleted boolean NOT NULL);\nCREATE TABLE audit_log (id bigint PRIMARY KEY, deleted boolean);' },
    { name: 'a count named deleted', sql: 'CREATE TABLE import_runs (id bigint PRIMARY KEY, deleted integer, inserted integer);' },
    { name: 'a flag made earlier in the history is not this file\'s', sql: 'ALTER TABLE posts ADD COLUMN body text;' },
    { name: 'a later migration replaces the flag', sql: 'ALTER TABLE comments ADD COLUMN is_deleted boolean;', history: { after: ['ALTER TABLE comments DROP COLUMN is_deleted, ADD COLUMN deleted_at timestamptz;'] } },
    { name: 'a later migration adds a deletion time beside it', sql: 'ALTER TABLE comments ADD COLUMN deleted boolean;', history: { after: ['ALTER TABLE comments ADD COLUMN deleted_at timestamptz;'] } },
    { name: 'partitions inherit the flag from their parent', sql: 'CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM (1) TO (100);', history: { before: ['CREATE TABLE events (id bigint, is_deleted boolean) PARTITION BY RANGE (id);'] } },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE threads (id bigint PRIMARY KEY, is_deleted boolean NOT NULL DEFAULT false);',
      errors: [{ messageId: 'flag', text: 'is_deleted' }],
      output: null,
    },
    {
      name: 'added to an existing table, an integer flag, a quoted camelCase name',
      sql: 'ALTER TABLE comments ADD COLUMN deleted boolean, ADD COLUMN "isDeleted" smallint;',
      errors: [
        { messageId: 'flag', text: 'deleted' },
        { messageId: 'flag', text: '"isDeleted"' },
      ],
      output: null,
    },
    {
      name: 'a pg_dump schema',
      path: 'db/structure.sql',
      prelude: '',
      sql: '--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.pools (\n    id integer NOT NULL,\n    is_deleted boolean DEFAULT false NOT NULL\n);\n',
      errors: [{ messageId: 'flag', text: 'is_deleted' }],
      output: null,
    },
  ],
} satisfies RuleCases;
