import type { RuleCases } from '../harness/types';

export default {
  rule: 'ban-list-valued-column',
  prelude: `
    CREATE TABLE tags (id bigint PRIMARY KEY, name text NOT NULL UNIQUE);
    CREATE TABLE categories (id bigint PRIMARY KEY, slug text NOT NULL);
    CREATE UNIQUE INDEX categories_slug_key ON categories (slug);
    CREATE TABLE comments (id bigint PRIMARY KEY, body text);
    CREATE TABLE people (id uuid PRIMARY KEY, name text);
    CREATE TABLE posts (id bigint PRIMARY KEY, title text);
  `,
  valid: [
    { name: 'a junction table', sql: 'CREATE TABLE post_tags (post_id bigint REFERENCES posts, tag_id bigint REFERENCES tags, PRIMARY KEY (post_id, tag_id));' },
    { name: 'no such table in the schema: external ids', sql: 'ALTER TABLE posts ADD COLUMN stripe_price_ids text[], ADD COLUMN object_ids uuid[];' },
    { name: 'tree encodings', sql: 'CREATE TABLE folders (id bigint PRIMARY KEY, ancestor_ids bigint[], traversal_ids bigint[], self_and_descendant_tag_ids bigint[], parent_ids bigint[]);' },
    { name: 'a history table keeps the whole state of a row', sql: 'CREATE TABLE post_versions (id bigint PRIMARY KEY, post_id bigint, tag_ids bigint[], added_tags text[]);' },
    { name: 'a plural word for free text, a table without a unique name', sql: 'ALTER TABLE posts ADD COLUMN comments text, ADD COLUMN people text;' },
    { name: 'a scalar id, a numeric count, a boolean', sql: 'ALTER TABLE posts ADD COLUMN tag_id bigint, ADD COLUMN tag_ids_count integer, ADD COLUMN has_tag_ids boolean;' },
    { name: 'ids of an unlisted type', sql: 'ALTER TABLE posts ADD COLUMN tag_ids numeric;' },
    { name: 'a later migration moves the list to a junction table', sql: 'ALTER TABLE posts ADD COLUMN tag_ids bigint[];', history: { after: ['CREATE TABLE post_tags (post_id bigint, tag_id bigint);\nALTER TABLE posts DROP COLUMN tag_ids;'] } },
    { name: 'a column made earlier in the history is not this file\'s', sql: 'ALTER TABLE posts ADD COLUMN body text;', history: { before: ['ALTER TABLE posts ADD COLUMN tag_ids bigint[];'] } },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE posts ADD COLUMN tag_ids bigint[];',
      errors: [{ messageId: 'ids', text: 'tag_ids' }],
      output: null,
    },
    {
      name: 'comma-separated ids in text, jsonb ids, irregular plurals, camelCase',
      sql: 'CREATE TABLE articles (id bigint PRIMARY KEY, category_ids text, "personIds" jsonb, tag_id_list varchar(200), related_post_ids uuid[]);',
      errors: [
        { messageId: 'ids', text: 'category_ids' },
        { messageId: 'ids', text: '"personIds"' },
        { messageId: 'ids', text: 'tag_id_list' },
        { messageId: 'ids', text: 'related_post_ids' },
      ],
      output: null,
    },
    {
      name: 'names of a table with a unique name',
      sql: "ALTER TABLE posts ADD COLUMN tags text DEFAULT '', ADD COLUMN allowed_categories text[], ADD COLUMN tag_list text;",
      errors: [
        { messageId: 'names', text: 'tags' },
        { messageId: 'names', text: 'allowed_categories' },
        { messageId: 'names', text: 'tag_list' },
      ],
      output: null,
    },
    {
      name: 'the referenced table comes in a later migration',
      sql: 'CREATE TABLE teams (id bigint PRIMARY KEY, member_ids bigint[] NOT NULL DEFAULT \'{}\');',
      history: { after: ['CREATE TABLE members (id bigint PRIMARY KEY);'] },
      errors: [{ messageId: 'ids', text: 'member_ids' }],
      output: null,
    },
    {
      name: 'a pg_dump schema',
      path: 'db/structure.sql',
      prelude: '',
      sql: '--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.posts (id integer NOT NULL);\n\nCREATE TABLE public.pools (\n    id integer NOT NULL,\n    post_ids integer[] DEFAULT \'{}\'::integer[] NOT NULL\n);\n',
      errors: [{ messageId: 'ids', text: 'post_ids' }],
      output: null,
    },
  ],
} satisfies RuleCases;
