import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-truncate',
  prelude: `
    CREATE TABLE sessions (id bigint PRIMARY KEY);
    CREATE TABLE carts (id bigint PRIMARY KEY);
    CREATE SCHEMA cache;
    CREATE TABLE cache."Page Views" (id bigint);
  `,
  valid: [
    { name: 'table created earlier in the file', sql: 'CREATE TABLE import_staging (line text);\nTRUNCATE import_staging;' },
    { name: 'unlogged staging table created in the file, qualified', sql: 'CREATE UNLOGGED TABLE cache.staging (line text);\nTRUNCATE TABLE ONLY cache.staging RESTART IDENTITY;' },
    { name: 'a batched DELETE is not a TRUNCATE', sql: 'DELETE FROM sessions WHERE id IN (SELECT id FROM sessions LIMIT 1000);' },
  ],
  invalid: [
    {
      sql: 'TRUNCATE sessions;',
      errors: [{ messageId: 'truncate', text: 'TRUNCATE sessions' }],
      output: null,
    },
    {
      name: 'several tables, quoted and qualified, options after the names',
      sql: 'truncate table\n  sessions, cache."Page Views"\n  restart identity;',
      errors: [{ messageId: 'truncate', text: 'truncate table\n  sessions, cache."Page Views"' }],
      output: null,
    },
    {
      name: 'a new table and an existing one',
      sql: 'CREATE TABLE scratch (id int);\nTRUNCATE scratch, carts;',
      errors: [{ messageId: 'truncate', text: 'TRUNCATE scratch, carts' }],
      output: null,
    },
    {
      name: 'inside BEGIN/COMMIT, runner-wrapped',
      sql: 'BEGIN;\nTRUNCATE ONLY carts;\nCOMMIT;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'truncate', text: 'TRUNCATE ONLY carts' }],
      output: null,
    },
  ],
  locks: [{ sql: 'TRUNCATE sessions', table: 'sessions', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
