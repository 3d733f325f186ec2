import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-not-null-column-without-default',
  // the original only runs on empty tables: on a table with rows it fails, which is the point of the rule
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, email text);
    CREATE TABLE "Accounts" (id bigint PRIMARY KEY);
  `,
  valid: [
    "ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en';",
    'ALTER TABLE users ADD COLUMN locale text;',
    { name: 'table created earlier in the file', sql: 'CREATE TABLE sessions (id bigint);\nALTER TABLE sessions ADD COLUMN token text NOT NULL;' },
    { name: 'identity column (another rule)', sql: 'ALTER TABLE users ADD COLUMN seq bigint NOT NULL GENERATED ALWAYS AS IDENTITY;' },
    { name: 'serial column (another rule)', sql: 'ALTER TABLE users ADD COLUMN seq bigserial NOT NULL;' },
    { name: 'stored generated column (another rule)', sql: 'ALTER TABLE users ADD COLUMN email_lower text NOT NULL GENERATED ALWAYS AS (lower(email)) STORED;' },
    { name: 'NOT NULL in CREATE TABLE', sql: 'CREATE TABLE tokens (id bigint, value text NOT NULL);' },
    { name: 'a new table given a few rows by VALUES is still as good as empty', sql: "CREATE TABLE plans (id bigint);\nINSERT INTO plans VALUES (1), (2);\nALTER TABLE plans ADD COLUMN name text NOT NULL;", },
  ],
  invalid: [
    {
      name: 'a table created in the file and filled by INSERT ... SELECT is an existing table from then on',
      sql: 'CREATE TABLE users_copy (id bigint, email text);\nINSERT INTO users_copy SELECT id, email FROM users;\nALTER TABLE users_copy ADD COLUMN locale text NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', text: 'locale text NOT NULL' }],
      output:
        'CREATE TABLE users_copy (id bigint, email text);\nINSERT INTO users_copy SELECT id, email FROM users;\nALTER TABLE users_copy ADD COLUMN locale text;\n-- Backfill locale of existing rows in batches here: VALIDATE fails while a row holds NULL.\nALTER TABLE users_copy ADD CONSTRAINT users_copy_locale_not_null_check CHECK (locale IS NOT NULL) NOT VALID;\nALTER TABLE users_copy VALIDATE CONSTRAINT users_copy_locale_not_null_check;\nALTER TABLE users_copy ALTER COLUMN locale SET NOT NULL;\nALTER TABLE users_copy DROP CONSTRAINT users_copy_locale_not_null_check;',
    },
    {
      name: 'filled by COPY FROM',
      sql: "CREATE TABLE imports (id bigint);\nCOPY imports FROM '/tmp/imports.csv' WITH (FORMAT csv);\nALTER TABLE imports ADD COLUMN source text NOT NULL;",
      errors: [{ messageId: 'notNullWithoutDefault', text: 'source text NOT NULL' }],
      output:
        "CREATE TABLE imports (id bigint);\nCOPY imports FROM '/tmp/imports.csv' WITH (FORMAT csv);\nALTER TABLE imports ADD COLUMN source text;\n-- Backfill source of existing rows in batches here: VALIDATE fails while a row holds NULL.\nALTER TABLE imports ADD CONSTRAINT imports_source_not_null_check CHECK (source IS NOT NULL) NOT VALID;\nALTER TABLE imports VALIDATE CONSTRAINT imports_source_not_null_check;\nALTER TABLE imports ALTER COLUMN source SET NOT NULL;\nALTER TABLE imports DROP CONSTRAINT imports_source_not_null_check;",
      skipDatabase: 'COPY FROM reads a file of the database server',
    },
    {
      sql: 'ALTER TABLE users ADD COLUMN locale text NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', text: 'locale text NOT NULL' }],
      output:
        'ALTER TABLE users ADD COLUMN locale text;\n-- Backfill locale of existing rows in batches here: VALIDATE fails while a row holds NULL.\nALTER TABLE users ADD CONSTRAINT users_locale_not_null_check CHECK (locale IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_locale_not_null_check;\nALTER TABLE users ALTER COLUMN locale SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_locale_not_null_check;',
    },
    {
      name: 'DEFAULT NULL is no default; lower case, qualified, quoted, several lines',
      sql: 'alter table public."Accounts"\n  add column "Plan" varchar(20) default null not null\n    check ("Plan" <> \'\');\n',
      errors: [{ messageId: 'notNullWithoutDefault', text: '"Plan" varchar(20) default null not null\n    check ("Plan" <> \'\')' }],
      output:
        'alter table public."Accounts"\n  add column "Plan" varchar(20) default null\n    check ("Plan" <> \'\');\n-- Backfill "Plan" of existing rows in batches here: VALIDATE fails while a row holds NULL.\nALTER TABLE public."Accounts" ADD CONSTRAINT "Accounts_Plan_not_null_check" CHECK ("Plan" IS NOT NULL) NOT VALID;\nALTER TABLE public."Accounts" VALIDATE CONSTRAINT "Accounts_Plan_not_null_check";\nALTER TABLE public."Accounts" ALTER COLUMN "Plan" SET NOT NULL;\nALTER TABLE public."Accounts" DROP CONSTRAINT "Accounts_Plan_not_null_check";\n',
    },
    {
      name: 'inside BEGIN/COMMIT: the NOT NULL steps go after COMMIT',
      sql: 'BEGIN;\nALTER TABLE users ADD COLUMN locale text NOT NULL, ADD COLUMN tz text NOT NULL;\nCOMMIT;\n',
      errors: [
        { messageId: 'notNullWithoutDefault', text: 'locale text NOT NULL' },
        { messageId: 'notNullWithoutDefault', text: 'tz text NOT NULL' },
      ],
      output:
        'BEGIN;\nALTER TABLE users ADD COLUMN locale text, ADD COLUMN tz text;\nCOMMIT;\n-- Backfill locale of existing rows in batches here: VALIDATE fails while a row holds NULL.\nALTER TABLE users ADD CONSTRAINT users_locale_not_null_check CHECK (locale IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_locale_not_null_check;\nALTER TABLE users ALTER COLUMN locale SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_locale_not_null_check;\n-- Backfill tz of existing rows in batches here: VALIDATE fails while a row holds NULL.\nALTER TABLE users ADD CONSTRAINT users_tz_not_null_check CHECK (tz IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_tz_not_null_check;\nALTER TABLE users ALTER COLUMN tz SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_tz_not_null_check;\n',
    },
    {
      name: 'inline PRIMARY KEY implies NOT NULL: reported, not rewritten',
      sql: 'ALTER TABLE "Accounts" ADD COLUMN code text PRIMARY KEY;',
      prelude: 'CREATE TABLE "Accounts" (id bigint);',
      errors: [{ messageId: 'notNullWithoutDefault', text: 'code text PRIMARY KEY' }],
      output: null,
    },
    {
      name: 'the runner wraps the file in one transaction',
      sql: 'ALTER TABLE users ADD COLUMN locale text NOT NULL;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'notNullWithoutDefault', text: 'locale text NOT NULL' }],
      output: null,
    },
    {
      name: 'PostgreSQL 11: SET NOT NULL cannot use the CHECK, no fix',
      sql: 'ALTER TABLE users ADD COLUMN locale text NOT NULL;',
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'notNullWithoutDefault', text: 'locale text NOT NULL' }],
      output: null,
    },
    {
      name: 'ADD COLUMN IF NOT EXISTS: no fix, the steps would run even when the column exists',
      sql: 'ALTER TABLE users ADD COLUMN IF NOT EXISTS locale text NOT NULL;',
      errors: [{ messageId: 'notNullWithoutDefault', text: 'locale text NOT NULL' }],
      output: null,
    },
  ],
  locks: [{ sql: 'ALTER TABLE users ADD COLUMN locale text NOT NULL', table: 'users', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
