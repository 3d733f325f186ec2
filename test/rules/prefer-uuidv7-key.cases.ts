import type { RuleCases } from '../harness/types';

/** Six integer keys: with the prelude's and the case's UUID keys, 6 of 8 (three quarters). */
const BIGINT_TABLES = [Array.from({ length: 6 }, (_, index) => `CREATE TABLE t${index} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);`).join('\n')];

export default {
  rule: 'prefer-uuidv7-key',
  prelude: `
    CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
    CREATE TABLE accounts (id uuid PRIMARY KEY DEFAULT gen_random_uuid());
  `,
  valid: [
    { sql: 'CREATE TABLE events (id uuid PRIMARY KEY DEFAULT uuidv7(), payload jsonb);', settings: { postgresVersion: 18 } },
    { name: 'the application supplies the key', sql: 'CREATE TABLE events (id uuid PRIMARY KEY, payload jsonb);' },
    { name: 'a random uuid that is not the key', sql: 'CREATE TABLE sessions (id bigint PRIMARY KEY, token uuid NOT NULL DEFAULT gen_random_uuid());' },
    { name: 'an earlier table with a random key', sql: 'ALTER TABLE accounts ADD COLUMN name text;' },
    { name: 'a later migration switches the default', sql: 'CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid());', history: { after: ['ALTER TABLE events ALTER COLUMN id SET DEFAULT uuidv7();'] }, settings: { postgresVersion: 18 } },
    { name: 'primaryKeys "bigint": require-consistent-key-type reports UUID keys', sql: 'CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid());', settings: { primaryKeys: 'bigint' } },
    { name: 'primaryKeys "auto" and the workspace uses integer keys', sql: 'CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid());', history: { before: BIGINT_TABLES } },
    { name: 'a 1:1 table whose key is a foreign key', sql: 'CREATE TABLE account_settings (account_id uuid PRIMARY KEY DEFAULT gen_random_uuid() REFERENCES accounts);' },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), payload jsonb);',
      settings: { postgresVersion: 18 },
      errors: [{ messageId: 'random', text: 'gen_random_uuid()' }],
      output: null,
    },
    {
      name: 'uuid-ossp, schema-qualified, before PostgreSQL 18',
      sql: 'CREATE TABLE events (id uuid DEFAULT public.uuid_generate_v4() NOT NULL, CONSTRAINT events_pkey PRIMARY KEY (id));',
      errors: [{ messageId: 'random', text: 'public.uuid_generate_v4()' }],
      output: null,
    },
    {
      name: 'a default set by this file on a key of an earlier migration',
      sql: 'ALTER TABLE events ALTER COLUMN id SET DEFAULT gen_random_uuid();',
      history: { before: ['CREATE TABLE events (id uuid PRIMARY KEY);'] },
      errors: [{ messageId: 'random', text: 'gen_random_uuid()' }],
      output: null,
    },
    {
      name: 'primaryKeys "uuid"',
      sql: 'CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid());',
      settings: { primaryKeys: 'uuid' },
      errors: [{ messageId: 'random', text: 'gen_random_uuid()' }],
      output: null,
    },
  ],
} satisfies RuleCases;
