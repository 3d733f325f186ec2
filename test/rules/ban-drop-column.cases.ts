import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-drop-column',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, name text, full_name text, "Legacy Flag" boolean, nickname text);
    CREATE SCHEMA crm;
    CREATE TABLE crm.contacts (id bigint PRIMARY KEY, fax text);
    CREATE FUNCTION users_sync_full_name() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.full_name := COALESCE(NEW.full_name, NEW.name); RETURN NEW; END $$;
    CREATE TRIGGER users_sync_full_name BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_sync_full_name();
  `,
  valid: [
    {
      name: 'alembic downgrade --sql output: a rollback removes what its upgrade added',
      sql: "BEGIN;\n\n-- Running downgrade a1b2c3d4e5f6 -> 000000000000\n\nALTER TABLE orders DROP COLUMN note;\n\nUPDATE alembic_version SET version_num='000000000000' WHERE alembic_version.version_num = 'a1b2c3d4e5f6';\n\nCOMMIT;\n",
    },
    { name: 'dbmate down section', sql: '-- migrate:up\nSELECT 1;\n\n-- migrate:down\nALTER TABLE orders DROP COLUMN note;\n' },
    {
      name: 'contract step: the sync trigger is dropped first',
      sql: 'DROP TRIGGER IF EXISTS users_sync_full_name ON public.users;\nDROP FUNCTION IF EXISTS users_sync_full_name();\nALTER TABLE users DROP COLUMN name;',
    },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE drafts (id bigint, body text);\nALTER TABLE drafts DROP COLUMN body;' },
    {
      name: 'table created by CREATE SCHEMA ... CREATE TABLE earlier in the file',
      sql: 'CREATE SCHEMA staging\n  CREATE TABLE imports (id bigint, raw text, parsed jsonb);\nALTER TABLE staging.imports DROP COLUMN raw;',
    },
    { name: 'column added earlier in the file', sql: 'ALTER TABLE users ADD COLUMN tmp_score int;\nALTER TABLE users DROP COLUMN tmp_score;' },
    {
      name: 'dbmate down section drops the column its up section added',
      sql: '-- migrate:up\nALTER TABLE users ADD COLUMN last_seen_at timestamptz;\n\n-- migrate:down\nALTER TABLE users DROP COLUMN last_seen_at;\n',
    },
    { name: 'dropping a constraint, a default or NOT NULL is not dropping a column', sql: 'ALTER TABLE users DROP CONSTRAINT IF EXISTS users_name_check, ALTER COLUMN name DROP DEFAULT, ALTER COLUMN name DROP NOT NULL;' },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users DROP COLUMN name;',
      errors: [{ messageId: 'drop', text: 'DROP COLUMN name' }],
      output: null,
    },
    {
      name: 'several subcommands, quoted name, IF EXISTS, lower case, multi-line',
      sql: 'alter table only public.users\n  add column bio text,\n  drop column if exists "Legacy Flag",\n  drop nickname;',
      errors: [
        { messageId: 'drop', text: 'drop column if exists "Legacy Flag"' },
        { messageId: 'drop', text: 'drop nickname' },
      ],
      output: null,
    },
    {
      name: 'schema-qualified, inside BEGIN/COMMIT',
      sql: 'BEGIN;\nALTER TABLE crm.contacts DROP COLUMN fax;\nCOMMIT;',
      errors: [{ messageId: 'drop', text: 'DROP COLUMN fax' }],
      output: null,
    },
    {
      name: 'a trigger dropped on another table is no contract step for this one',
      sql: 'DROP TRIGGER IF EXISTS contacts_sync ON crm.contacts;\nALTER TABLE users DROP COLUMN name;',
      errors: [{ messageId: 'drop', text: 'DROP COLUMN name' }],
      output: null,
    },
    {
      name: 'runner-wrapped file, with a comment inside the statement',
      sql: 'ALTER TABLE users /* old data */ DROP COLUMN nickname;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'drop', text: 'DROP COLUMN nickname' }],
      output: null,
    },
  ],
  locks: [{ sql: 'ALTER TABLE users DROP COLUMN nickname', table: 'users', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
