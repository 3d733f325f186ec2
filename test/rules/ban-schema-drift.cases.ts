import type { RuleCases } from '../harness/types';

const DUMP = 'db/schema.sql';
const TABLE = 'CREATE TABLE public.users (\n    id bigint NOT NULL,\n    email text NOT NULL,\n    name character varying(100)\n);';
const PKEY = 'ALTER TABLE ONLY public.users\n    ADD CONSTRAINT users_pkey PRIMARY KEY (id);';
const INDEX = 'CREATE INDEX users_name_idx ON public.users USING btree (name);';
const HEADER = "--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\nSET lock_timeout = 0;\nSELECT pg_catalog.set_config('search_path', '', false);\n\n";
const EQUAL = `${HEADER}${TABLE}\n\n${PKEY}\n\n${INDEX}\n`;

export default {
  rule: 'ban-schema-drift',
  prelude: "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name varchar(100));\nCREATE INDEX users_name_idx ON users (name);",
  valid: [
    { name: 'the dump equals what the migrations build', sql: `${HEADER}CREATE TYPE public.mood AS ENUM (\n    'ok'\n);\n${TABLE}\n\n${PKEY}\n\n${INDEX}\n`, path: DUMP },
    { name: "the runners' bookkeeping tables are left out", sql: `CREATE TYPE public.mood AS ENUM ('ok');\n${TABLE}\n${PKEY}\n${INDEX}\nCREATE TABLE public.schema_migrations (version character varying(128) NOT NULL);`, path: DUMP },
    { name: 'the migrations could not be followed: nothing is compared', sql: EQUAL, path: DUMP, history: { before: ['ALTER TABLE ghosts ADD COLUMN x int;'] } },
    { name: 'a migration, not the dump', sql: 'CREATE TABLE audit (id int);' },
  ],
  invalid: [
    {
      name: 'a table the migrations create and the dump lacks: on the first line',
      sql: `CREATE TYPE public.mood AS ENUM ('ok');\n${TABLE}\n${PKEY}\n${INDEX}`,
      path: DUMP,
      history: { after: ['CREATE TABLE audit (id int);'] },
      errors: [{ messageId: 'missingInDump', text: "CREATE TYPE public.mood AS ENUM ('ok');" }],
      output: null,
    },
    {
      name: 'a table no migration creates',
      sql: `${EQUAL}CREATE TYPE public.mood AS ENUM ('ok');\nCREATE TABLE public.legacy (id integer);\n`,
      path: DUMP,
      errors: [{ messageId: 'missingInMigrations', text: 'public.legacy' }],
      output: null,
    },
    {
      name: 'a column the dump lacks: on its table',
      sql: `${EQUAL}CREATE TYPE public.mood AS ENUM ('ok');`,
      path: DUMP,
      history: { after: ['ALTER TABLE users ADD COLUMN plan text;'] },
      errors: [{ messageId: 'missingInDump', text: 'public.users' }],
      output: null,
    },
    {
      name: 'a column, a type and a nullability the migrations do not make',
      sql: `CREATE TYPE public.mood AS ENUM ('ok');\nCREATE TABLE public.users (\n    id bigint NOT NULL,\n    email text,\n    name character varying(200),\n    plan text\n);\n${PKEY}\n${INDEX}`,
      path: DUMP,
      errors: [
        { messageId: 'nullabilityDiffers', text: 'email' },
        { messageId: 'typeDiffers', text: 'name' },
        { messageId: 'missingInMigrations', text: 'plan' },
      ],
      output: null,
    },
    {
      name: 'indexes and constraints on one side only',
      sql: `CREATE TYPE public.mood AS ENUM ('ok');\n${TABLE}\nALTER TABLE public.users ADD CONSTRAINT users_email_check CHECK ((email <> ''::text));\nCREATE INDEX users_email_idx ON public.users USING btree (email);`,
      path: DUMP,
      errors: [
        { messageId: 'missingInDump', text: 'public.users' },
        { messageId: 'missingInDump', text: 'public.users' },
        { messageId: 'missingInMigrations', text: 'CONSTRAINT users_email_check' },
        { messageId: 'missingInMigrations', text: 'CREATE INDEX users_email_idx ON public.users USING btree (email)' },
      ],
      output: null,
    },
    {
      name: 'an enum on one side only',
      sql: `${TABLE}\n${PKEY}\n${INDEX}\nCREATE TYPE public.colour AS ENUM ('red');`,
      path: DUMP,
      errors: [
        { messageId: 'missingInDump', text: 'CREATE TABLE public.users (' },
        { messageId: 'missingInMigrations', text: "CREATE TYPE public.colour AS ENUM ('red')" },
      ],
      output: null,
    },
  ],
} satisfies RuleCases;
