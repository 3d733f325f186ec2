import type { RuleCases } from '../harness/types';

export default {
  rule: 'require-unique-index-before-constraint',
  prelude: `
    CREATE SCHEMA app;
    CREATE TABLE users (id bigint NOT NULL, email text, tenant_id bigint, name text);
    CREATE TABLE app."Plans" (code text NOT NULL);
    INSERT INTO users SELECT g, 'u' || g, g % 3, 'n' FROM generate_series(1, 100) g;
  `,
  valid: [
    'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
    { name: 'table created earlier in the file', sql: 'CREATE TABLE accounts (id bigint);\nALTER TABLE accounts ADD PRIMARY KEY (id);' },
    { name: 'PRIMARY KEY in CREATE TABLE', sql: 'CREATE TABLE accounts (id bigint PRIMARY KEY, email text UNIQUE);' },
    { name: 'CHECK and FOREIGN KEY are other rules', sql: 'ALTER TABLE users ADD CONSTRAINT users_id_check CHECK (id > 0);' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      errors: [{ messageId: 'unique', text: 'CONSTRAINT users_email_key UNIQUE (email)' }],
      output:
        'DROP INDEX CONCURRENTLY IF EXISTS users_email_key;\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;',
    },
    {
      name: 'unnamed primary key, lower case, several lines',
      sql: 'alter table users\n  add primary key (id);\n',
      errors: [{ messageId: 'primaryKey', text: 'primary key (id)' }],
      output:
        'DROP INDEX CONCURRENTLY IF EXISTS users_pkey;\nCREATE UNIQUE INDEX CONCURRENTLY users_pkey ON users (id);\nALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey;\n',
    },
    {
      name: 'unnamed, two columns, INCLUDE, NULLS NOT DISTINCT, DEFERRABLE',
      sql: 'ALTER TABLE users ADD UNIQUE NULLS NOT DISTINCT (tenant_id, email) INCLUDE (name) DEFERRABLE INITIALLY DEFERRED;',
      errors: [{ messageId: 'unique', text: 'UNIQUE NULLS NOT DISTINCT (tenant_id, email) INCLUDE (name) DEFERRABLE INITIALLY DEFERRED' }],
      output:
        'DROP INDEX CONCURRENTLY IF EXISTS users_tenant_id_email_name_key;\nCREATE UNIQUE INDEX CONCURRENTLY users_tenant_id_email_name_key ON users (tenant_id, email) INCLUDE (name) NULLS NOT DISTINCT;\nALTER TABLE users ADD CONSTRAINT users_tenant_id_email_name_key UNIQUE USING INDEX users_tenant_id_email_name_key DEFERRABLE INITIALLY DEFERRED;',
    },
    {
      name: 'schema-qualified, quoted',
      sql: 'ALTER TABLE app."Plans" ADD CONSTRAINT "Plans_pkey" PRIMARY KEY (code);',
      errors: [{ messageId: 'primaryKey', text: 'CONSTRAINT "Plans_pkey" PRIMARY KEY (code)' }],
      output:
        'DROP INDEX CONCURRENTLY IF EXISTS app."Plans_pkey";\nCREATE UNIQUE INDEX CONCURRENTLY "Plans_pkey" ON app."Plans" (code);\nALTER TABLE app."Plans" ADD CONSTRAINT "Plans_pkey" PRIMARY KEY USING INDEX "Plans_pkey";',
    },
    {
      name: 'inside BEGIN/COMMIT: moved after COMMIT',
      sql: 'BEGIN;\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\nCREATE TABLE audit_log (id bigint);\nCOMMIT;\n',
      errors: [{ messageId: 'unique', text: 'CONSTRAINT users_email_key UNIQUE (email)' }],
      output:
        'BEGIN;\nCREATE TABLE audit_log (id bigint);\nCOMMIT;\nDROP INDEX CONCURRENTLY IF EXISTS users_email_key;\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;\n',
    },
    {
      name: 'inside BEGIN/COMMIT, the table is used later in the block: no automatic move',
      sql: 'BEGIN;\nALTER TABLE users ADD PRIMARY KEY (id);\nCREATE TABLE sessions (user_id bigint REFERENCES users (id));\nCOMMIT;',
      errors: [{ messageId: 'primaryKey', text: 'PRIMARY KEY (id)' }],
      output: null,
    },
    {
      name: 'the runner wraps the file in one transaction',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'unique', text: 'CONSTRAINT users_email_key UNIQUE (email)' }],
      output: null,
    },
    {
      name: 'other subcommands in the statement: no automatic split',
      sql: 'ALTER TABLE users ADD COLUMN handle text, ADD CONSTRAINT users_handle_key UNIQUE (handle);',
      errors: [{ messageId: 'unique', text: 'CONSTRAINT users_handle_key UNIQUE (handle)' }],
      output: null,
    },
    {
      name: 'UNIQUE on a new column',
      sql: 'ALTER TABLE users ADD COLUMN handle text UNIQUE;',
      errors: [{ messageId: 'inline', text: 'UNIQUE' }],
      output: null,
    },
  ],
  locks: [
    { sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)', table: 'users', mode: 'AccessExclusiveLock' },
    { sql: 'ALTER TABLE users ADD PRIMARY KEY (id)', table: 'users', mode: 'AccessExclusiveLock' },
    {
      prelude: 'CREATE TABLE users (id bigint, email text);\nCREATE UNIQUE INDEX users_email_key ON users (email);',
      sql: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key',
      table: 'users',
      mode: 'AccessExclusiveLock',
    },
  ],
} satisfies RuleCases;
