import type { RuleCases } from '../harness/types';

export default {
  rule: 'require-primary-key',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY);
    CREATE TABLE old_log (line text);
  `,
  valid: [
    'CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);',
    { name: 'a composite key', sql: 'CREATE TABLE user_roles (user_id bigint NOT NULL, role_id bigint NOT NULL, PRIMARY KEY (user_id, role_id));' },
    { name: 'a key added later in the file (pg_dump style)', sql: 'CREATE TABLE events (id bigint NOT NULL);\nALTER TABLE ONLY events ADD CONSTRAINT events_pkey PRIMARY KEY (id);' },
    { name: 'a key added by a later migration', sql: 'CREATE TABLE events (id bigint NOT NULL);', history: { after: ['ALTER TABLE events ADD PRIMARY KEY (id);'] } },
    { name: 'a table dropped by a later migration', sql: 'CREATE TABLE scratch (a int);', history: { after: ['DROP TABLE scratch;'] } },
    { name: 'a keyless table of an earlier migration', sql: 'ALTER TABLE old_log ADD COLUMN at timestamptz;' },
    { name: 'partitions get the partitioned table\'s key', sql: 'CREATE TABLE m (id bigint, PRIMARY KEY (id)) PARTITION BY HASH (id);\nCREATE TABLE m_0 PARTITION OF m FOR VALUES WITH (MODULUS 1, REMAINDER 0);' },
    { name: 'temporary tables, views, CREATE TABLE AS, a table without columns', sql: 'CREATE TEMPORARY TABLE tmp (a int);\nCREATE VIEW v AS SELECT 1 AS one;\nCREATE TABLE copy_of_users AS SELECT * FROM users;\nCREATE TABLE marker ();' },
    { name: 'a migration tool\'s own table', sql: 'CREATE TABLE schema_migrations (version bigint NOT NULL, dirty boolean NOT NULL);' },
    { name: 'ignored with a reason', sql: '-- schemaguard-ignore require-primary-key -- append-only import staging\nCREATE TABLE import_rows (line text);' },
  ],
  invalid: [
    { sql: 'CREATE TABLE page_views (user_id bigint REFERENCES users, url text, viewed_at timestamptz);', errors: [{ messageId: 'missing', text: 'page_views' }], output: null },
    {
      name: 'a UNIQUE constraint on NOT NULL columns could be the key',
      sql: 'CREATE TABLE public.countries (code text NOT NULL UNIQUE, name text NOT NULL);',
      errors: [{ messageId: 'uniqueCandidate', text: 'public.countries' }],
      output: null,
    },
    {
      name: 'a unique index made in a later migration could be the key',
      sql: 'CREATE TABLE "Tags" (slug text NOT NULL, label text);',
      history: { after: ['CREATE UNIQUE INDEX tags_slug_idx ON "Tags" (slug);'] },
      errors: [{ messageId: 'uniqueCandidate', text: '"Tags"' }],
      output: null,
    },
    {
      name: 'unique on a nullable column, partial or on an expression is no candidate',
      sql: 'CREATE TABLE handles (name text UNIQUE, email text NOT NULL, kind text NOT NULL);\nCREATE UNIQUE INDEX handles_email_idx ON handles (lower(email));\nCREATE UNIQUE INDEX handles_kind_idx ON handles (kind) WHERE kind <> \'x\';',
      errors: [{ messageId: 'missing', text: 'handles' }],
      output: null,
    },
    {
      name: 'a later migration drops the key',
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY);',
      history: { after: ['ALTER TABLE events DROP CONSTRAINT events_pkey;'] },
      errors: [{ messageId: 'missing', text: 'events' }],
      output: null,
    },
    {
      name: 'keys are not inherited: an inheritance child of a keyed table needs its own',
      sql: 'CREATE TABLE archived_users (archived_at timestamptz) INHERITS (users);\nCREATE TABLE old_log_2024 () INHERITS (old_log);',
      errors: [{ messageId: 'missing', text: 'archived_users' }],
      output: null,
    },
    {
      name: 'a partitioned table without a key is reported once',
      sql: 'CREATE TABLE m (at date NOT NULL, v int) PARTITION BY RANGE (at);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM (\'2024-01-01\') TO (\'2025-01-01\');',
      errors: [{ messageId: 'missing', text: 'm' }],
      output: null,
    },
  ],
} satisfies RuleCases;
