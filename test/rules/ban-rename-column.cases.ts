import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-rename-column',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, name text, "E-mail" text);
    CREATE SCHEMA billing;
    CREATE TABLE billing.accounts (id bigint PRIMARY KEY, owner text);
    CREATE VIEW active_users AS SELECT id, name FROM users;
  `,
  valid: [
    {
      name: 'contract step of a type change: drop the old column and take its name, in one transaction',
      sql: 'BEGIN;\nDROP TRIGGER IF EXISTS orders_sync_quantity_new ON orders;\nALTER TABLE orders DROP COLUMN quantity;\nALTER TABLE orders RENAME COLUMN quantity_new TO quantity;\nCOMMIT;',
    },
    {
      name: 'expand step: new column, sync trigger, batched backfill',
      sql: `ALTER TABLE users ADD COLUMN full_name text;

CREATE FUNCTION users_sync_full_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.full_name IS NULL THEN NEW.full_name := NEW.name; END IF;
  IF NEW.name IS NULL THEN NEW.name := NEW.full_name; END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER users_sync_full_name BEFORE INSERT OR UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION users_sync_full_name();

UPDATE users SET full_name = name WHERE id BETWEEN 1 AND 10000 AND full_name IS NULL;`,
    },
    { name: 'table created earlier in the file', sql: 'CREATE TABLE invoices (id bigint, total numeric);\nALTER TABLE invoices RENAME COLUMN total TO amount;' },
    {
      name: 'schema-qualified table created earlier in the file',
      sql: 'CREATE TABLE billing.invoices (id bigint, total numeric);\nALTER TABLE billing.invoices RENAME total TO amount;',
    },
    { name: 'column added earlier in the file', sql: 'ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users RENAME COLUMN nick TO nickname;' },
    {
      name: 'dbmate down section renames back what up renamed',
      sql: '-- migrate:up\nALTER TABLE users ADD COLUMN nick text;\n\n-- migrate:down\nALTER TABLE users RENAME COLUMN nick TO nick_old;\n',
    },
    { name: 'renaming a constraint or an index is not a column rename', sql: 'ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_pk;\nALTER INDEX users_pkey RENAME TO users_pk;' },
    { name: 'renaming the table is another rule', sql: 'ALTER TABLE users RENAME TO members;' },
  ],
  invalid: [
    {
      name: 'the old column dropped in an earlier transaction: queries on the name fail in between',
      sql: 'ALTER TABLE orders DROP COLUMN quantity;\nALTER TABLE orders RENAME COLUMN quantity_new TO quantity;',
      errors: [{ messageId: 'rename', text: 'ALTER TABLE orders RENAME COLUMN quantity_new TO quantity' }],
      output: null,
    },
    {
      sql: 'ALTER TABLE users RENAME COLUMN name TO full_name;',
      errors: [{ messageId: 'rename', text: 'ALTER TABLE users RENAME COLUMN name TO full_name' }],
      output: null,
    },
    {
      name: 'lower case, multi-line, without the COLUMN keyword, schema-qualified',
      sql: 'alter table billing.accounts\n  rename owner\n  to owner_name;',
      errors: [{ messageId: 'rename', text: 'alter table billing.accounts\n  rename owner\n  to owner_name' }],
      output: null,
    },
    {
      name: 'quoted column name',
      sql: 'ALTER TABLE ONLY public.users RENAME COLUMN "E-mail" TO email;',
      errors: [{ messageId: 'rename', text: 'ALTER TABLE ONLY public.users RENAME COLUMN "E-mail" TO email' }],
      output: null,
    },
    {
      name: 'inside BEGIN/COMMIT: the transaction does not help running code',
      sql: 'BEGIN;\nALTER TABLE users RENAME COLUMN name TO full_name;\nCOMMIT;',
      errors: [{ messageId: 'rename', text: 'ALTER TABLE users RENAME COLUMN name TO full_name' }],
      output: null,
    },
    {
      name: 'runner wraps the file',
      sql: 'ALTER TABLE users RENAME COLUMN name TO full_name;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'rename', text: 'ALTER TABLE users RENAME COLUMN name TO full_name' }],
      output: null,
    },
    {
      name: 'a view column',
      sql: 'ALTER VIEW active_users RENAME COLUMN name TO full_name;',
      errors: [{ messageId: 'rename', text: 'ALTER VIEW active_users RENAME COLUMN name TO full_name' }],
      output: null,
    },
    {
      name: 'a column of another table added in the file does not count',
      sql: 'ALTER TABLE billing.accounts ADD COLUMN name text;\nALTER TABLE users RENAME COLUMN name TO full_name;',
      errors: [{ messageId: 'rename', text: 'ALTER TABLE users RENAME COLUMN name TO full_name' }],
      output: null,
    },
  ],
  locks: [{ sql: 'ALTER TABLE users RENAME COLUMN name TO full_name', table: 'users', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
