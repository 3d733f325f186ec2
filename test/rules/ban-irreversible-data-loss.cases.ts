import type { RuleCases } from '../harness/types';

const DOWN = '0100_case.down.sql';
const WITH_DOWN = { [DOWN]: 'SELECT 1;' };
const DBMATE = 'db/migrations/20240102000000_case.sql';

export default {
  rule: 'ban-irreversible-data-loss',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, name text, score double precision, seen_at timestamptz, logged_at timestamp(6));
    CREATE TABLE products (id bigint PRIMARY KEY, price numeric(10,2), weight numeric, stock integer, code varchar(40));
    CREATE TABLE audit (id bigint, note text);
  `,
  valid: [
    { name: 'adding a column loses nothing', sql: 'ALTER TABLE users ADD COLUMN nickname text;', files: WITH_DOWN },
    { name: 'no down migration: nothing to roll back', sql: 'ALTER TABLE users DROP COLUMN name;' },
    { name: 'an empty down in a history that never rolls back', sql: 'ALTER TABLE users DROP COLUMN name;', files: { [DOWN]: '-- irreversible\n' } },
    { name: 'a table this file created is not data yet', sql: 'CREATE TABLE tmp (id int);\nDROP TABLE tmp;', files: WITH_DOWN },
    { name: 'a column this file added is not data yet', sql: 'ALTER TABLE users ADD COLUMN tmp text;\nALTER TABLE users DROP COLUMN tmp;', files: WITH_DOWN },
    { name: 'a table the history does not know', sql: 'DROP TABLE IF EXISTS legacy;', files: WITH_DOWN },
    { name: 'the down file itself', sql: 'ALTER TABLE users DROP COLUMN name;', path: `migrations/${DOWN}`, files: { '0100_case.up.sql': 'SELECT 1;' } },
    { name: 'a dbmate down section drops what its up added', sql: '-- migrate:up\nALTER TABLE users ADD COLUMN plan text;\n\n-- migrate:down\nALTER TABLE users DROP COLUMN plan;\n', path: DBMATE },
    { name: 'widening numeric keeps every value', sql: 'ALTER TABLE products ALTER COLUMN price TYPE numeric(12,2);', files: WITH_DOWN },
    { name: 'narrowing varchar fails rather than truncates', sql: 'ALTER TABLE products ALTER COLUMN code TYPE varchar(20);', files: WITH_DOWN },
    { name: 'integer to bigint keeps every value', sql: 'ALTER TABLE products ALTER COLUMN stock TYPE bigint;', files: WITH_DOWN },
    { name: 'bigint to integer fails on overflow rather than losing values', sql: 'ALTER TABLE users ALTER COLUMN id TYPE integer;', files: WITH_DOWN },
    { name: 'integer to double precision is exact', sql: 'ALTER TABLE products ALTER COLUMN stock TYPE double precision;', files: WITH_DOWN },
    { name: 'timestamp to timestamptz keeps the instant', sql: 'ALTER TABLE users ALTER COLUMN logged_at TYPE timestamptz;', files: WITH_DOWN },
  ],
  invalid: [
    {
      name: 'DROP TABLE',
      sql: 'DROP TABLE audit;',
      files: WITH_DOWN,
      errors: [{ messageId: 'dropTable', text: 'DROP TABLE audit' }],
      output: null,
    },
    {
      name: 'DROP COLUMN, on its subcommand',
      sql: 'ALTER TABLE users ADD COLUMN plan text, DROP COLUMN name;',
      files: WITH_DOWN,
      errors: [{ messageId: 'dropColumn', text: 'DROP COLUMN name' }],
      output: null,
    },
    {
      name: 'dbmate: the up section drops a column',
      sql: '-- migrate:up\nALTER TABLE users DROP COLUMN name;\n\n-- migrate:down\nALTER TABLE users ADD COLUMN name text;\n',
      path: DBMATE,
      errors: [{ messageId: 'dropColumn', text: 'DROP COLUMN name' }],
      output: null,
    },
    {
      name: 'an empty down still cannot restore the data',
      sql: 'DROP TABLE public.audit;',
      files: { [DOWN]: '-- irreversible\n', '0000_prelude.down.sql': 'DROP TABLE audit;' },
      errors: [{ messageId: 'dropTable', text: 'DROP TABLE public.audit' }],
      output: null,
    },
    {
      name: 'numeric to fewer decimal places',
      sql: 'ALTER TABLE products ALTER COLUMN price TYPE numeric(10,0);',
      files: WITH_DOWN,
      errors: [{ messageId: 'lossyType', text: 'ALTER COLUMN price TYPE numeric(10,0)' }],
      output: null,
    },
    {
      name: 'unconstrained numeric to a scale',
      sql: 'ALTER TABLE products ALTER COLUMN weight TYPE numeric(8,3);',
      files: WITH_DOWN,
      errors: [{ messageId: 'lossyType', text: 'ALTER COLUMN weight TYPE numeric(8,3)' }],
      output: null,
    },
    {
      name: 'numeric to integer',
      sql: 'ALTER TABLE products ALTER COLUMN price TYPE integer USING round(price);',
      files: WITH_DOWN,
      errors: [{ messageId: 'lossyType', text: 'ALTER COLUMN price TYPE integer USING round(price)' }],
      output: null,
    },
    {
      name: 'double precision to real',
      sql: 'ALTER TABLE users ALTER COLUMN score TYPE real;',
      files: WITH_DOWN,
      errors: [{ messageId: 'lossyType', text: 'ALTER COLUMN score TYPE real' }],
      output: null,
    },
    {
      name: 'timestamptz to date',
      sql: 'ALTER TABLE users ALTER COLUMN seen_at TYPE date;',
      files: WITH_DOWN,
      errors: [{ messageId: 'lossyType', text: 'ALTER COLUMN seen_at TYPE date' }],
      output: null,
    },
    {
      name: 'fewer fractional digits of a second',
      sql: 'ALTER TABLE users ALTER COLUMN logged_at TYPE timestamp(0);',
      files: WITH_DOWN,
      errors: [{ messageId: 'lossyType', text: 'ALTER COLUMN logged_at TYPE timestamp(0)' }],
      output: null,
    },
    {
      name: 'bigint to double precision',
      sql: 'ALTER TABLE users ALTER COLUMN id TYPE double precision;',
      files: WITH_DOWN,
      errors: [{ messageId: 'lossyType', text: 'ALTER COLUMN id TYPE double precision' }],
      output: null,
    },
  ],
} satisfies RuleCases;
