import type { RuleCases } from '../harness/types';
import { REVISION_PATH, revisionAfterPrelude as revision } from '../harness/alembic-cases';

export default {
  rule: 'require-check-before-set-not-null',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, "Nick Name" text);
    INSERT INTO users SELECT g, 'u' || g, 'n', 'x' FROM generate_series(1, 100) g;
  `,
  valid: [
    'ALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null_check;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;',
    { name: 'CHECK validated when added (another rule reports its scan)', sql: 'ALTER TABLE users ADD CONSTRAINT email_present CHECK (email IS NOT NULL AND email <> \'\');\nALTER TABLE users ALTER email SET NOT NULL;' },
    {
      name: 'NOT NULL ... NOT VALID and VALIDATE (PostgreSQL 18)',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null NOT NULL email NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\nALTER TABLE users ALTER email SET NOT NULL;',
      settings: { postgresVersion: 18 },
    },
    { name: 'the CHECK came from an earlier migration, dropped after', sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;' },
    { name: 'the CHECK came from an earlier migration, dropped in the same statement', sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL, DROP CONSTRAINT chk_email_nn;' },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE sessions (id bigint, token text);\nALTER TABLE sessions ALTER COLUMN token SET NOT NULL;' },
    { name: 'DROP NOT NULL', sql: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;' },
    { name: 'a column already NOT NULL (the primary key): nothing to check', sql: 'ALTER TABLE users ALTER COLUMN id SET NOT NULL;' },
    {
      name: 'Alembic: alter_column(nullable=False) restated on the primary key while widening it',
      path: REVISION_PATH,
      sql: revision('    with op.batch_alter_table("users") as batch_op:\n        batch_op.alter_column(column_name="id", nullable=False, type_=sa.BigInteger())\n'),
    },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'scan', text: 'ALTER COLUMN email SET NOT NULL' }],
      output:
        'ALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null_check;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;',
    },
    {
      name: 'NOT VALID CHECK never validated',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      errors: [{ messageId: 'scan', text: 'ALTER COLUMN email SET NOT NULL' }],
      output: null,
    },
    {
      name: 'two columns in one statement, lower case, qualified, several lines',
      sql: 'alter table public.users\n  alter name set not null,\n  alter "Nick Name" set not null;\n',
      errors: [
        { messageId: 'scan', text: 'alter name set not null' },
        { messageId: 'scan', text: 'alter "Nick Name" set not null' },
      ],
      output:
        'ALTER TABLE public.users ADD CONSTRAINT users_name_not_null_check CHECK (name IS NOT NULL) NOT VALID;\nALTER TABLE public.users VALIDATE CONSTRAINT users_name_not_null_check;\nALTER TABLE public.users ADD CONSTRAINT "users_Nick Name_not_null_check" CHECK ("Nick Name" IS NOT NULL) NOT VALID;\nALTER TABLE public.users VALIDATE CONSTRAINT "users_Nick Name_not_null_check";\nalter table public.users\n  alter name set not null,\n  alter "Nick Name" set not null;\nALTER TABLE public.users DROP CONSTRAINT users_name_not_null_check;\nALTER TABLE public.users DROP CONSTRAINT "users_Nick Name_not_null_check";\n',
    },
    {
      name: 'inside BEGIN/COMMIT: the steps move after COMMIT',
      sql: 'BEGIN;\nALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN name SET DEFAULT \'anonymous\';\nCOMMIT;',
      errors: [{ messageId: 'scan', text: 'ALTER COLUMN email SET NOT NULL' }],
      output:
        "BEGIN;\nALTER TABLE users ALTER COLUMN name SET DEFAULT 'anonymous';\nCOMMIT;\nALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null_check;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;",
    },
    {
      name: 'column added earlier in the file, inside BEGIN/COMMIT',
      sql: "BEGIN;\nALTER TABLE users ADD COLUMN locale text;\nUPDATE users SET locale = 'en' WHERE locale IS NULL;\nALTER TABLE users ALTER COLUMN locale SET NOT NULL;\nCOMMIT;\n",
      errors: [{ messageId: 'scan', text: 'ALTER COLUMN locale SET NOT NULL' }],
      output:
        "BEGIN;\nALTER TABLE users ADD COLUMN locale text;\nUPDATE users SET locale = 'en' WHERE locale IS NULL;\nCOMMIT;\nALTER TABLE users ADD CONSTRAINT users_locale_not_null_check CHECK (locale IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_locale_not_null_check;\nALTER TABLE users ALTER COLUMN locale SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_locale_not_null_check;\n",
    },
    {
      name: 'the runner wraps the file in one transaction',
      sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'scan', text: 'ALTER COLUMN email SET NOT NULL' }],
      output: null,
    },
    {
      name: 'an unrelated DROP CONSTRAINT is no evidence',
      sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT IF EXISTS users_legacy_fk;',
      errors: [{ messageId: 'scan', text: 'ALTER COLUMN email SET NOT NULL' }],
      output:
        'ALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null_check;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;\nALTER TABLE users DROP CONSTRAINT IF EXISTS users_legacy_fk;',
    },
    {
      name: 'PostgreSQL 11: no way around the scan, even with a CHECK',
      sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null_check;',
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'beforePostgres12', text: 'ALTER COLUMN email SET NOT NULL' }],
      output: null,
    },
  ],
  locks: [
    { sql: 'ALTER TABLE users ALTER COLUMN email SET NOT NULL', table: 'users', mode: 'AccessExclusiveLock' },
    { sql: 'ALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID', table: 'users', mode: 'AccessExclusiveLock' },
    {
      prelude: 'CREATE TABLE users (id bigint, email text);\nALTER TABLE users ADD CONSTRAINT users_email_not_null_check CHECK (email IS NOT NULL) NOT VALID;',
      sql: 'ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null_check',
      table: 'users',
      mode: 'ShareUpdateExclusiveLock',
    },
  ],
} satisfies RuleCases;
