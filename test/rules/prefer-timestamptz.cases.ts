import type { RuleCases } from '../harness/types';

export default {
  rule: 'prefer-timestamptz',
  prelude: `
    CREATE TABLE users (id bigint PRIMARY KEY, email text);
    CREATE TABLE legacy (id bigint PRIMARY KEY, seen_at timestamp, logged_at timestamptz);
  `,
  valid: [
    'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL DEFAULT now());',
    { name: 'other time types', sql: 'CREATE TABLE shifts (id bigint PRIMARY KEY, day date, starts time, length interval, zoned timestamp with time zone);' },
    { name: 'an existing timestamp column this file does not retype', sql: 'ALTER TABLE legacy ALTER COLUMN seen_at SET NOT NULL;' },
    { name: 'this file fixes an earlier column', sql: 'ALTER TABLE legacy ALTER COLUMN seen_at TYPE timestamptz;' },
    {
      name: 'a later migration changes the type',
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp);',
      history: { after: ['ALTER TABLE events ALTER COLUMN happened_at TYPE timestamptz;'] },
    },
    {
      name: 'a later migration drops the table',
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp);',
      history: { after: ['DROP TABLE events;'] },
    },
    { name: 'a quoted user type called timestamp in another schema', sql: 'CREATE SCHEMA app;\nCREATE DOMAIN app.timestamp AS timestamptz;\nCREATE TABLE events (id bigint PRIMARY KEY, at app.timestamp);' },
    { name: 'Rails\' own metadata table in a structure.sql', sql: 'CREATE TABLE public.ar_internal_metadata (key character varying NOT NULL PRIMARY KEY, value character varying, created_at timestamp(6) without time zone NOT NULL, updated_at timestamp(6) without time zone NOT NULL);' },
    { name: 'ignored with a reason', sql: '-- schemaguard-ignore prefer-timestamptz -- wall-clock opening time, zone in shops.tz\nCREATE TABLE shops (id bigint PRIMARY KEY, opens_at timestamp, tz text);' },
    {
      name: 'a dbmate down section undoing the up',
      sql: '-- migrate:up\nCREATE TABLE events (id bigint PRIMARY KEY, at timestamptz);\n\n-- migrate:down\nALTER TABLE events ALTER COLUMN at TYPE timestamp;\n',
      path: 'db/migrations/20240101000000_zone.sql',
    },
    { name: 'a down migration', sql: 'ALTER TABLE legacy ALTER COLUMN logged_at TYPE timestamp;', path: 'migrations/0100_case.down.sql' },
    { name: 'a table this file creates that an earlier migration created already (IF NOT EXISTS)', sql: 'CREATE TABLE IF NOT EXISTS legacy (id bigint PRIMARY KEY, seen_at timestamp);' },
  ],
  invalid: [
    {
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp NOT NULL DEFAULT now());',
      errors: [{ messageId: 'timestamp', text: 'timestamp' }],
      output: 'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL DEFAULT now());',
      schemaChange: {
        removed: ['column public.events.happened_at timestamp without time zone NOT NULL DEFAULT now()'],
        added: ['column public.events.happened_at timestamp with time zone NOT NULL DEFAULT now()'],
      },
    },
    {
      name: 'precision and the long form, upper case: the fix keeps the precision',
      sql: 'ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMP(3) WITHOUT TIME ZONE;',
      errors: [{ messageId: 'timestamp', text: 'TIMESTAMP(3) WITHOUT TIME ZONE' }],
      output: 'ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMPTZ(3);',
      schemaChange: {
        removed: ['column public.users.last_seen_at timestamp(3) without time zone NULL'],
        added: ['column public.users.last_seen_at timestamp(3) with time zone NULL'],
      },
    },
    {
      name: 'an array, schema-qualified',
      sql: 'CREATE TABLE reminders (id bigint PRIMARY KEY, due pg_catalog.timestamp[] NOT NULL);',
      errors: [{ messageId: 'timestamp', text: 'pg_catalog.timestamp[]' }],
      output: 'CREATE TABLE reminders (id bigint PRIMARY KEY, due pg_catalog.timestamptz[] NOT NULL);',
      schemaChange: {
        removed: ['column public.reminders.due timestamp without time zone[] NOT NULL'],
        added: ['column public.reminders.due timestamp with time zone[] NOT NULL'],
      },
    },
    {
      name: 'renamed by a later migration: still reported here, and the fix applies before the rename',
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp);',
      history: { after: ['ALTER TABLE events RENAME COLUMN at TO occurred_at;', 'ALTER TABLE events RENAME TO happenings;'] },
      errors: [{ messageId: 'timestamp', text: 'timestamp' }],
      output: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz);',
      schemaChange: {
        removed: ['column public.happenings.occurred_at timestamp without time zone NULL'],
        added: ['column public.happenings.occurred_at timestamp with time zone NULL'],
      },
    },
    {
      name: 'this file changes an earlier column to timestamp: reported on the ALTER, no fix',
      sql: 'ALTER TABLE legacy ALTER COLUMN logged_at TYPE timestamp(0) USING logged_at AT TIME ZONE \'UTC\';',
      errors: [{ messageId: 'timestamp', text: 'timestamp(0)' }],
      output: null,
    },
    {
      name: 'a column an earlier migration created, retyped here',
      sql: 'ALTER TABLE audit ALTER COLUMN at TYPE timestamp;',
      history: { before: ['CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz);'] },
      errors: [{ messageId: 'timestamp', text: 'timestamp' }],
      output: null,
    },
    {
      name: 'created and then retyped in this file: reported on the last change',
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY, at text);\nALTER TABLE events ALTER COLUMN at TYPE timestamp USING at::timestamp;',
      errors: [{ messageId: 'timestamp', text: 'timestamp' }],
      output: null,
    },
    {
      name: 'an index expression reads it (date() of timestamptz is not immutable): no fix',
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp NOT NULL);\nCREATE INDEX events_day_idx ON events ((at::date));',
      errors: [{ messageId: 'timestamp', text: 'timestamp' }],
      output: null,
    },
    {
      name: 'a later migration indexes an expression of it: no fix',
      sql: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp NOT NULL);',
      history: { after: ['CREATE INDEX events_day_idx ON events ((at::date));'] },
      errors: [{ messageId: 'timestamp', text: 'timestamp' }],
      output: null,
    },
    {
      name: 'a partitioned table: reported once on the parent, no fix (partition key)',
      sql: "CREATE TABLE metrics (at timestamp NOT NULL, value double precision) PARTITION BY RANGE (at);\nCREATE TABLE metrics_2024 PARTITION OF metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE TABLE metrics_2025 (at timestamp NOT NULL, value double precision);\nALTER TABLE metrics ATTACH PARTITION metrics_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
      errors: [{ messageId: 'timestamp', text: 'timestamp' }],
      output: null,
    },
    {
      name: 'a schema dump: reported, no fix (the dump is regenerated, not edited)',
      sql: '--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.events (\n    id bigint NOT NULL,\n    created_at timestamp without time zone NOT NULL\n);\n',
      prelude: '',
      errors: [{ messageId: 'timestamp', text: 'timestamp without time zone' }],
      output: null,
    },
  ],
} satisfies RuleCases;
