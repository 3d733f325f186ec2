import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-rewriting-column-add',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, email text);
    CREATE TABLE "Events" (id bigint);
    INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 100) g;
    INSERT INTO "Events" SELECT g FROM generate_series(1, 10) g;
  `,
  valid: [
    "ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en';",
    'ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();',
    'ALTER TABLE users ADD COLUMN token uuid, ALTER COLUMN token SET DEFAULT gen_random_uuid();',
    { name: 'DEFAULT NULL', sql: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT NULL;' },
    { name: 'a function of unknown volatility is not judged', sql: 'ALTER TABLE users ADD COLUMN code text DEFAULT app.next_code();' },
    {
      name: 'a function the file creates IMMUTABLE',
      sql: "CREATE FUNCTION default_plan() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'free' $$;\nALTER TABLE users ADD COLUMN plan text DEFAULT default_plan();",
    },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE sessions (id bigint);\nALTER TABLE sessions ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid(), ADD COLUMN seq bigserial;' },
    { name: 'virtual generated column (PostgreSQL 18)', sql: 'ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) VIRTUAL;', settings: { postgresVersion: 18 } },
    { name: 'volatile DEFAULT set on an existing column', sql: 'ALTER TABLE users ALTER COLUMN email SET DEFAULT md5(random()::text);' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      errors: [{ messageId: 'volatileDefault', text: 'token uuid DEFAULT gen_random_uuid()' }],
      output:
        'ALTER TABLE users ADD COLUMN token uuid, ALTER COLUMN token SET DEFAULT gen_random_uuid();\n-- Backfill token of existing rows in batches here (new rows get the DEFAULT).',
    },
    {
      name: 'NOT NULL with a volatile DEFAULT: the NOT NULL follows the backfill',
      sql: 'alter table public.users\n  add column seen_at timestamptz not null default clock_timestamp();\n',
      prelude: 'CREATE TABLE users (id bigint PRIMARY KEY);',
      errors: [{ messageId: 'volatileDefault', text: 'seen_at timestamptz not null default clock_timestamp()' }],
      output:
        'alter table public.users\n  add column seen_at timestamptz, ALTER COLUMN seen_at SET DEFAULT clock_timestamp();\n-- Backfill seen_at of existing rows in batches here: VALIDATE fails while a row holds NULL.\nALTER TABLE public.users ADD CONSTRAINT users_seen_at_not_null_check CHECK (seen_at IS NOT NULL) NOT VALID;\nALTER TABLE public.users VALIDATE CONSTRAINT users_seen_at_not_null_check;\nALTER TABLE public.users ALTER COLUMN seen_at SET NOT NULL;\nALTER TABLE public.users DROP CONSTRAINT users_seen_at_not_null_check;\n',
    },
    {
      name: 'volatile call inside an expression, quoted names, inside BEGIN/COMMIT',
      sql: 'BEGIN;\nALTER TABLE "Events" ADD COLUMN "Salt" text DEFAULT md5(random()::text) COLLATE "C";\nCOMMIT;\n',
      errors: [{ messageId: 'volatileDefault', text: '"Salt" text DEFAULT md5(random()::text) COLLATE "C"' }],
      output:
        'BEGIN;\nALTER TABLE "Events" ADD COLUMN "Salt" text COLLATE "C", ALTER COLUMN "Salt" SET DEFAULT md5(random()::text);\nCOMMIT;\n-- Backfill "Salt" of existing rows in batches here (new rows get the DEFAULT).\n',
    },
    {
      name: 'the runner wraps the file: nullable column still fixed, backfill in a later migration',
      sql: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'volatileDefault', text: 'token uuid DEFAULT gen_random_uuid()' }],
      output:
        'ALTER TABLE users ADD COLUMN token uuid, ALTER COLUMN token SET DEFAULT gen_random_uuid();\n-- Backfill token of existing rows in batches in a later migration (new rows get the DEFAULT).',
    },
    {
      name: 'the runner wraps the file: NOT NULL needs a later migration, no fix',
      sql: 'ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'volatileDefault', text: 'token uuid NOT NULL DEFAULT gen_random_uuid()' }],
      output: null,
    },
    {
      name: 'a function the file creates without a volatility is VOLATILE',
      sql: "CREATE FUNCTION new_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;\nALTER TABLE users ADD COLUMN code text DEFAULT new_code();",
      errors: [{ messageId: 'volatileDefault', text: 'code text DEFAULT new_code()' }],
      output:
        "CREATE FUNCTION new_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;\nALTER TABLE users ADD COLUMN code text, ALTER COLUMN code SET DEFAULT new_code();\n-- Backfill code of existing rows in batches here (new rows get the DEFAULT).",
    },
    {
      name: 'two volatile columns in one statement: one fix',
      sql: 'ALTER TABLE users ADD COLUMN a float8 DEFAULT random(), ADD COLUMN b uuid DEFAULT gen_random_uuid();',
      errors: [
        { messageId: 'volatileDefault', text: 'a float8 DEFAULT random()' },
        { messageId: 'volatileDefault', text: 'b uuid DEFAULT gen_random_uuid()' },
      ],
      output:
        'ALTER TABLE users ADD COLUMN a float8, ALTER COLUMN a SET DEFAULT random(), ADD COLUMN b uuid, ALTER COLUMN b SET DEFAULT gen_random_uuid();\n-- Backfill a of existing rows in batches here (new rows get the DEFAULT).\n-- Backfill b of existing rows in batches here (new rows get the DEFAULT).',
    },
    {
      name: 'serial',
      sql: 'ALTER TABLE users ADD COLUMN seq bigserial;',
      errors: [{ messageId: 'serial', text: 'seq bigserial' }],
      output: null,
    },
    {
      name: 'identity',
      sql: 'ALTER TABLE users ADD COLUMN number int GENERATED BY DEFAULT AS IDENTITY;',
      errors: [{ messageId: 'identity', text: 'number int GENERATED BY DEFAULT AS IDENTITY' }],
      output: null,
    },
    {
      name: 'stored generated column',
      sql: 'ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED;',
      errors: [{ messageId: 'storedGenerated', text: 'email_lower text GENERATED ALWAYS AS (lower(email)) STORED' }],
      output: null,
    },
    {
      name: 'stored generated column on PostgreSQL 18 (VIRTUAL is the alternative)',
      sql: 'ALTER TABLE users ADD COLUMN email_lower text GENERATED ALWAYS AS (lower(email)) STORED;',
      settings: { postgresVersion: 18 },
      errors: [{ messageId: 'storedGenerated', text: 'email_lower text GENERATED ALWAYS AS (lower(email)) STORED' }],
      output: null,
    },
    {
      name: 'ADD COLUMN IF NOT EXISTS: no fix, SET DEFAULT would change an existing column',
      sql: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid();',
      errors: [{ messageId: 'volatileDefault', text: 'token uuid DEFAULT gen_random_uuid()' }],
      output: null,
    },
  ],
  locks: [{ sql: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()', table: 'users', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
