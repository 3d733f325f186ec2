import type { RuleCases } from '../harness/types';

export default {
  rule: 'require-matching-foreign-key-type',
  prelude: `
    CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, handle varchar(64) UNIQUE, email text UNIQUE);
    CREATE TABLE legacy (id serial PRIMARY KEY);
  `,
  valid: [
    'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users);',
    { name: 'a wider column than the key stores every value', sql: 'CREATE TABLE notes (id bigint PRIMARY KEY, legacy_id bigint REFERENCES legacy (id), handle text REFERENCES users (handle));' },
    { name: 'integer referencing serial (both integer)', sql: 'CREATE TABLE notes (id bigint PRIMARY KEY, legacy_id integer REFERENCES legacy);' },
    { name: 'varchar at least as long as the key', sql: 'CREATE TABLE notes (id bigint PRIMARY KEY, handle varchar(64) REFERENCES users (handle), email varchar REFERENCES users (email));' },
    { name: 'a later migration widens the column', sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer REFERENCES users);', history: { after: ['ALTER TABLE orders ALTER COLUMN user_id TYPE bigint;'] } },
    {
      name: 'a column of an earlier migration, widened key of a later one: reported there, not here',
      sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, legacy_id integer REFERENCES legacy);',
      history: { after: ['ALTER TABLE legacy ALTER COLUMN id TYPE bigint;'] },
    },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer NOT NULL REFERENCES users);',
      errors: [{ messageId: 'narrower', text: 'integer' }],
      output: 'CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users);',
      schemaChange: { removed: ['column public.orders.user_id integer NOT NULL'], added: ['column public.orders.user_id bigint NOT NULL'] },
    },
    {
      name: 'a shorter varchar and a smallint, in a table constraint',
      sql: 'CREATE TABLE mentions (id bigint PRIMARY KEY, handle varchar(20), legacy_id int2, FOREIGN KEY (handle) REFERENCES users (handle), FOREIGN KEY (legacy_id) REFERENCES legacy);',
      errors: [
        { messageId: 'narrower', text: 'varchar(20)' },
        { messageId: 'narrower', text: 'int2' },
      ],
      output: 'CREATE TABLE mentions (id bigint PRIMARY KEY, handle character varying(64), legacy_id integer, FOREIGN KEY (handle) REFERENCES users (handle), FOREIGN KEY (legacy_id) REFERENCES legacy);',
      schemaChange: {
        removed: ['column public.mentions.handle character varying(20) NULL', 'column public.mentions.legacy_id smallint NULL'],
        added: ['column public.mentions.handle character varying(64) NULL', 'column public.mentions.legacy_id integer NULL'],
      },
    },
    {
      name: 'the constraint is added here to a column of an earlier migration: reported on the constraint, no fix',
      sql: 'ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users (id) NOT VALID;',
      history: { before: ['CREATE TABLE orders (id bigint PRIMARY KEY, user_id integer);'] },
      errors: [{ messageId: 'narrower', text: 'CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users' }],
      output: null,
    },
    {
      name: 'this file widens a key that earlier foreign keys reference',
      sql: 'ALTER TABLE legacy ALTER COLUMN id TYPE bigint;',
      history: { before: ['CREATE TABLE orders (id bigint PRIMARY KEY, legacy_id integer REFERENCES legacy);'] },
      errors: [{ messageId: 'keyWidened', text: 'bigint' }],
      output: null,
    },
    {
      name: 'pg_dump style: the column in CREATE TABLE, the constraint at the end; no fix in a dump',
      prelude: 'CREATE TABLE users (id bigint PRIMARY KEY);',
      sql: '--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.orders (\n    id bigint NOT NULL,\n    user_id integer\n);\nALTER TABLE ONLY public.orders ADD CONSTRAINT fk_orders_users FOREIGN KEY (user_id) REFERENCES public.users(id);\n',
      errors: [{ messageId: 'narrower', text: 'integer' }],
      output: null,
    },
  ],
} satisfies RuleCases;
