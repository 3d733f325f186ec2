import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-replication-breaking-change',
  prelude: `
    CREATE TABLE accounts (id integer PRIMARY KEY, email text NOT NULL);
    CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
    CREATE UNIQUE INDEX accounts_id_new_key ON accounts (id);
    INSERT INTO accounts VALUES (1, 'a@example.com');
    CREATE SCHEMA billing;
    CREATE TABLE billing."Invoices" (id bigint CONSTRAINT pk_invoices PRIMARY KEY, note text);
  `,
  valid: [
    {
      name: 'primary key replaced in the same statement',
      sql: 'ALTER TABLE accounts\n  DROP CONSTRAINT accounts_pkey,\n  ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_new_key;',
    },
    {
      name: 'primary key replaced by a new column in the same statement',
      sql: 'alter table if exists accounts\n  drop constraint if exists accounts_pkey,\n  add column if not exists uid uuid default gen_random_uuid() primary key;',
    },
    {
      name: 'primary key replaced in the same transaction',
      sql: 'BEGIN;\nALTER TABLE accounts DROP CONSTRAINT accounts_pkey;\nALTER TABLE accounts ADD PRIMARY KEY USING INDEX accounts_id_new_key;\nCOMMIT;',
    },
    {
      name: 'runner-wrapped file: the replacement commits together',
      sql: 'ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;\nALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_new_key;',
      settings: { transaction: 'per-file' },
    },
    { name: 'replica identity moved to a unique index first', sql: 'ALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_email_key;\nALTER TABLE accounts DROP CONSTRAINT accounts_pkey;' },
    { name: 'replica identity FULL first', sql: 'ALTER TABLE accounts REPLICA IDENTITY FULL;\nALTER TABLE accounts DROP CONSTRAINT accounts_pkey;' },
    { name: 'FULL, DEFAULT and USING INDEX are not reported', sql: 'ALTER TABLE accounts REPLICA IDENTITY FULL;\nALTER TABLE accounts REPLICA IDENTITY DEFAULT;\nALTER TABLE accounts REPLICA IDENTITY USING INDEX accounts_email_key;' },
    { name: 'dropping other constraints', sql: 'ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_email_check, DROP CONSTRAINT accounts_owner_fkey;' },
    {
      name: 'the table itself is dropped later (pg_dump --clean): ban-drop-table reports that',
      sql: 'ALTER TABLE IF EXISTS ONLY public.accounts DROP CONSTRAINT IF EXISTS accounts_pkey;\nDROP TABLE IF EXISTS public.accounts;',
    },
    { name: 'ALTER INDEX shares the node but has no constraints', sql: 'ALTER INDEX IF EXISTS accounts_pkey RENAME TO accounts_pk;' },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE drafts (id bigint PRIMARY KEY);\nALTER TABLE drafts DROP CONSTRAINT drafts_pkey;\nALTER TABLE drafts REPLICA IDENTITY NOTHING;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;',
      errors: [{ messageId: 'dropPrimaryKey', text: 'DROP CONSTRAINT accounts_pkey' }],
      output: null,
    },
    {
      name: 'pk_ naming convention, quoted and qualified, lower case, IF EXISTS',
      sql: 'alter table billing."Invoices"\n  drop constraint if exists pk_invoices;',
      errors: [{ messageId: 'dropPrimaryKey', text: 'drop constraint if exists pk_invoices' }],
      output: null,
    },
    {
      name: 'a primary key this file added under another name',
      sql: 'BEGIN;\nALTER TABLE billing."Invoices" DROP CONSTRAINT pk_invoices, ADD CONSTRAINT invoices_primary PRIMARY KEY (id);\nCOMMIT;\nALTER TABLE billing."Invoices" DROP CONSTRAINT invoices_primary;',
      errors: [{ messageId: 'dropPrimaryKey', text: 'DROP CONSTRAINT invoices_primary' }],
      output: null,
    },
    {
      name: 'replacement in a separate transaction: fix runs both in one',
      sql: 'ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;\nALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_new_key;\n',
      errors: [{ messageId: 'dropPrimaryKey', text: 'DROP CONSTRAINT accounts_pkey' }],
      output: 'BEGIN;\nALTER TABLE accounts DROP CONSTRAINT accounts_pkey;\nALTER TABLE accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY USING INDEX accounts_id_new_key;\nCOMMIT;\n',
    },
    {
      name: 'replacement only after COMMIT: no automatic fix',
      sql: 'BEGIN;\nALTER TABLE accounts DROP CONSTRAINT accounts_pkey;\nCOMMIT;\nALTER TABLE accounts ADD PRIMARY KEY USING INDEX accounts_id_new_key;',
      errors: [{ messageId: 'dropPrimaryKey', text: 'DROP CONSTRAINT accounts_pkey' }],
      output: null,
    },
    {
      name: 'REPLICA IDENTITY NOTHING, runner-wrapped',
      sql: 'ALTER TABLE accounts REPLICA IDENTITY NOTHING;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'identityNothing', text: 'REPLICA IDENTITY NOTHING' }],
      output: null,
    },
  ],
  locks: [
    { sql: 'ALTER TABLE accounts DROP CONSTRAINT accounts_pkey', table: 'accounts', mode: 'AccessExclusiveLock' },
    { sql: 'ALTER TABLE accounts REPLICA IDENTITY NOTHING', table: 'accounts', mode: 'AccessExclusiveLock' },
  ],
} satisfies RuleCases;
