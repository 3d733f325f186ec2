import type { RuleCases } from '../harness/types';

export default {
  rule: 'prefer-gin-index',
  prelude: `
    CREATE TABLE events (id bigint PRIMARY KEY, kind text, payload jsonb, tags text[], search tsvector, body text, ids bigint[]);
  `,
  valid: [
    { name: 'GIN on jsonb, arrays and tsvector', sql: 'CREATE INDEX events_payload_idx ON events USING gin (payload jsonb_path_ops);\nCREATE INDEX events_tags_idx ON events USING gin (tags);\nCREATE INDEX events_search_idx ON events USING gist (search);' },
    { name: 'btree on one extracted field', sql: "CREATE INDEX events_status_idx ON events ((payload->>'status'));\nCREATE INDEX events_first_tag_idx ON events ((tags[1]));" },
    { name: 'unique: GIN cannot enforce it', sql: 'CREATE UNIQUE INDEX events_payload_key ON events (payload);' },
    { name: 'a materialized path read by btree range scans', sql: 'ALTER TABLE events ADD COLUMN traversal_ids bigint[];\nCREATE INDEX events_traversal_ids_idx ON events (traversal_ids);' },
    { name: 'scalar columns', sql: 'CREATE INDEX events_kind_idx ON events (kind, id);' },
    { name: 'a later migration replaces the index', sql: 'CREATE INDEX events_tags_idx ON events (tags);', history: { after: ['DROP INDEX events_tags_idx;\nCREATE INDEX events_tags_idx ON events USING gin (tags);'] } },
    { name: 'a later migration changes the column to a scalar type', sql: 'CREATE INDEX events_ids_idx ON events (ids);', history: { after: ['ALTER TABLE events ALTER COLUMN ids TYPE bigint USING ids[1];'] } },
    { name: 'an index made earlier in the history is not this file\'s', sql: 'ALTER TABLE events ADD COLUMN note text;', history: { before: ['CREATE INDEX events_payload_idx ON events (payload);'] } },
    { name: 'an unknown column or table', sql: 'CREATE INDEX ON missing (payload);\nCREATE INDEX ON events ((payload #> \'{a}\'));' },
  ],
  invalid: [
    {
      sql: 'CREATE INDEX events_payload_idx ON events (payload);',
      errors: [{ messageId: 'jsonb', text: 'CREATE INDEX events_payload_idx ON events (payload)' }],
      output: 'CREATE INDEX events_payload_idx ON events USING gin (payload);',
      intended: 'CREATE INDEX events_payload_idx ON events USING gin (payload);',
    },
    {
      name: 'USING btree written, an array, schema-qualified, concurrently, partial',
      sql: "CREATE INDEX CONCURRENTLY events_tags_idx ON public.events USING BTREE (tags) WHERE kind = 'post';",
      errors: [{ messageId: 'array', text: "CREATE INDEX CONCURRENTLY events_tags_idx ON public.events USING BTREE (tags) WHERE kind = 'post'" }],
      output: "CREATE INDEX CONCURRENTLY events_tags_idx ON public.events USING gin (tags) WHERE kind = 'post';",
      intended: "CREATE INDEX CONCURRENTLY events_tags_idx ON public.events USING gin (tags) WHERE kind = 'post';",
    },
    {
      name: 'a tsvector column and a to_tsvector expression',
      sql: "CREATE INDEX events_search_idx ON events (search);\nCREATE INDEX events_body_fts_idx ON events (to_tsvector('english', body));",
      errors: [
        { messageId: 'tsvector', text: 'CREATE INDEX events_search_idx ON events (search)' },
        { messageId: 'tsvector', text: "CREATE INDEX events_body_fts_idx ON events (to_tsvector('english', body))" },
      ],
      output: "CREATE INDEX events_search_idx ON events USING gin (search);\nCREATE INDEX events_body_fts_idx ON events USING gin (to_tsvector('english', body));",
      intended: "CREATE INDEX events_search_idx ON events USING gin (search);\nCREATE INDEX events_body_fts_idx ON events USING gin (to_tsvector('english', body));",
    },
    {
      name: 'several columns, or storage parameters: no fix',
      sql: 'CREATE INDEX events_kind_payload_idx ON events (kind, payload);\nCREATE INDEX events_ids_idx ON events (ids) WITH (fillfactor = 70);',
      errors: [
        { messageId: 'jsonb', text: 'CREATE INDEX events_kind_payload_idx ON events (kind, payload)' },
        { messageId: 'array', text: 'CREATE INDEX events_ids_idx ON events (ids) WITH (fillfactor = 70)' },
      ],
      output: null,
    },
    {
      name: 'across migrations: the column came earlier, typed jsonb later',
      sql: 'CREATE INDEX notes_meta_idx ON notes (meta);',
      history: { before: ['CREATE TABLE notes (id bigint PRIMARY KEY, meta text);'], after: ['ALTER TABLE notes ALTER COLUMN meta TYPE jsonb USING meta::jsonb;'] },
      errors: [{ messageId: 'jsonb', text: 'CREATE INDEX notes_meta_idx ON notes (meta)' }],
      output: null,
    },
  ],
} satisfies RuleCases;
