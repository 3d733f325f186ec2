import type { RuleCases } from '../harness/types';

export default {
  rule: 'prefer-jsonb',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, email text);
    CREATE TABLE hooks (id bigint PRIMARY KEY, body json, meta jsonb);
  `,
  valid: [
    "CREATE TABLE settings (user_id bigint PRIMARY KEY, data jsonb NOT NULL DEFAULT '{}');",
    { name: 'an existing json column this file leaves alone', sql: 'ALTER TABLE hooks ADD COLUMN received_at timestamptz;' },
    { name: 'this file converts an earlier json column', sql: 'ALTER TABLE hooks ALTER COLUMN body TYPE jsonb;' },
    { name: 'a later migration converts it', sql: 'CREATE TABLE events (id bigint PRIMARY KEY, payload json);', history: { after: ['ALTER TABLE events ALTER COLUMN payload TYPE jsonb;'] } },
    { name: 'jsonpath and a user type named json in another schema', sql: 'CREATE SCHEMA app;\nCREATE DOMAIN app.json AS jsonb;\nCREATE TABLE events (id bigint PRIMARY KEY, path jsonpath, doc app.json);' },
    { name: 'ignored with a reason', sql: '-- schemaguard-ignore prefer-jsonb -- raw webhook body, signature verified\nCREATE TABLE webhooks (id bigint PRIMARY KEY, body json NOT NULL);' },
  ],
  invalid: [
    {
      sql: "CREATE TABLE settings (user_id bigint PRIMARY KEY, data json NOT NULL DEFAULT '{}');",
      errors: [{ messageId: 'json', text: 'json' }],
      output: "CREATE TABLE settings (user_id bigint PRIMARY KEY, data jsonb NOT NULL DEFAULT '{}');",
      schemaChange: {
        removed: ["column public.settings.data json NOT NULL DEFAULT '{}'::json"],
        added: ["column public.settings.data jsonb NOT NULL DEFAULT '{}'::jsonb"],
      },
    },
    {
      name: 'an array, upper case, ADD COLUMN',
      sql: 'ALTER TABLE users ADD COLUMN tags JSON[];',
      errors: [{ messageId: 'json', text: 'JSON[]' }],
      output: 'ALTER TABLE users ADD COLUMN tags JSONB[];',
      schemaChange: { removed: ['column public.users.tags json[] NULL'], added: ['column public.users.tags jsonb[] NULL'] },
    },
    {
      name: 'a json default cast stays valid: jsonb accepts json by assignment',
      sql: "ALTER TABLE users ADD COLUMN prefs json DEFAULT '{}'::json;",
      errors: [{ messageId: 'json', text: 'json' }],
      output: "ALTER TABLE users ADD COLUMN prefs jsonb DEFAULT '{}'::json;",
      schemaChange: { removed: ["column public.users.prefs json NULL DEFAULT '{}'::json"], added: ["column public.users.prefs jsonb NULL DEFAULT '{}'::json"] },
    },
    {
      name: 'a CHECK calls a json function: no fix (json_typeof has no jsonb form)',
      sql: "CREATE TABLE events (id bigint PRIMARY KEY, payload json CHECK (json_typeof(payload) = 'object'));",
      errors: [{ messageId: 'json', text: 'json' }],
      output: null,
    },
    {
      name: 'a view over the table: no fix',
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY, payload json);\nCREATE VIEW event_kinds AS SELECT id, payload->>\'kind\' AS kind FROM events;',
      errors: [{ messageId: 'json', text: 'json' }],
      output: null,
    },
    {
      name: 'an earlier migration created it as jsonb, this file changes it to json',
      sql: 'ALTER TABLE events ALTER COLUMN payload TYPE json USING payload::json;',
      history: { before: ['CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);'] },
      errors: [{ messageId: 'json', text: 'json' }],
      output: null,
    },
    {
      name: 'reported once for a table and its inheritance child, which follows the fix',
      sql: 'CREATE TABLE docs (id bigint PRIMARY KEY, body json);\nCREATE TABLE archived_docs (archived_at timestamptz) INHERITS (docs);',
      errors: [{ messageId: 'json', text: 'json' }],
      output: 'CREATE TABLE docs (id bigint PRIMARY KEY, body jsonb);\nCREATE TABLE archived_docs (archived_at timestamptz) INHERITS (docs);',
      schemaChange: {
        removed: ['column public.archived_docs.body json NULL', 'column public.docs.body json NULL'],
        added: ['column public.archived_docs.body jsonb NULL', 'column public.docs.body jsonb NULL'],
      },
    },
    {
      name: 'a child that declares the column itself: no fix (its type would conflict)',
      sql: 'CREATE TABLE docs (id bigint PRIMARY KEY, body json);\nCREATE TABLE archived_docs (body json) INHERITS (docs);',
      errors: [{ messageId: 'json', text: 'json' }],
      output: null,
    },
  ],
} satisfies RuleCases;
