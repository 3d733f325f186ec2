import type { RuleCases } from '../harness/types';

export default {
  rule: 'require-check-before-attach-partition',
  prelude: `
    CREATE TABLE measurements (id bigint, taken_at timestamptz NOT NULL, value numeric) PARTITION BY RANGE (taken_at);
    CREATE TABLE measurements_2023 (id bigint, taken_at timestamptz NOT NULL, value numeric);
    INSERT INTO measurements_2023 VALUES (1, '2023-05-01', 1.5), (2, '2023-11-30', 2);
    CREATE TABLE events_legacy (id bigint, created_at timestamptz, kind text);
    INSERT INTO events_legacy VALUES (1, '2024-01-02', 'a'), (2, '2024-05-31', 'b');
    CREATE TABLE "Orders EU" (id bigint, region text);
    INSERT INTO "Orders EU" VALUES (1, 'de'), (2, 'fr');
    CREATE SCHEMA archive;
    CREATE TABLE archive.measurements_2022 (id bigint, taken_at timestamptz NOT NULL, value numeric);
  `,
  valid: [
    {
      name: 'validated CHECK first (NOT VALID, then VALIDATE)',
      sql: "ALTER TABLE measurements_2023 ADD CONSTRAINT measurements_2023_bound\n  CHECK (taken_at IS NOT NULL AND taken_at >= '2023-01-01' AND taken_at < '2024-01-01') NOT VALID;\nALTER TABLE measurements_2023 VALIDATE CONSTRAINT measurements_2023_bound;\nALTER TABLE measurements ATTACH PARTITION measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');\nALTER TABLE measurements_2023 DROP CONSTRAINT measurements_2023_bound;",
    },
    {
      name: 'CHECK added valid right away (its own scan is another rule)',
      sql: "ALTER TABLE archive.measurements_2022 ADD CHECK (taken_at >= '2022-01-01' AND taken_at < '2023-01-01');\nALTER TABLE measurements ATTACH PARTITION archive.measurements_2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');",
    },
    {
      name: 'table created earlier in the file is empty',
      sql: "CREATE TABLE measurements_2025 (LIKE measurements INCLUDING DEFAULTS);\nALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
    },
    { name: 'CREATE TABLE ... PARTITION OF is not an attach', sql: "CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');" },
    { name: 'ALTER INDEX ... ATTACH PARTITION attaches an index, not a table', sql: 'ALTER INDEX measurements_taken_at_idx ATTACH PARTITION measurements_2023_taken_at_idx;' },
    {
      name: 'ALTER TABLE on indexes this file created (PostgreSQL refuses it)',
      sql: 'CREATE INDEX m_idx ON ONLY measurements (taken_at);\nCREATE INDEX m23_idx ON measurements_2023 (taken_at);\nALTER TABLE m_idx ATTACH PARTITION m23_idx FOR VALUES FROM (10) TO (20);',
    },
    { name: 'detaching is another rule', sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2023 CONCURRENTLY;' },
  ],
  invalid: [
    {
      sql: "ALTER TABLE measurements ATTACH PARTITION measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');",
      errors: [{ messageId: 'scan', text: 'ALTER TABLE measurements ATTACH PARTITION measurements_2023' }],
      output: null,
    },
    {
      name: 'PostgreSQL 11: the parent is locked too',
      sql: "alter table measurements\n  attach partition archive.measurements_2022\n  for values from ('2022-01-01') to ('2023-01-01');",
      settings: { postgresVersion: 11 },
      errors: [{ messageId: 'scanParentLocked', text: 'alter table measurements\n  attach partition archive.measurements_2022' }],
      output: null,
    },
    {
      name: 'the CHECK is still NOT VALID',
      sql: "ALTER TABLE measurements_2023 ADD CONSTRAINT m23_bound CHECK (taken_at >= '2023-01-01' AND taken_at < '2024-01-01') NOT VALID;\nALTER TABLE measurements ATTACH PARTITION measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');",
      errors: [{ messageId: 'checkNotValidated', text: 'ALTER TABLE measurements ATTACH PARTITION measurements_2023' }],
      output: null,
    },
    {
      name: 'a CHECK validated on another table does not count',
      sql: "ALTER TABLE archive.measurements_2022 ADD CHECK (taken_at < '2023-01-01');\nALTER TABLE measurements ATTACH PARTITION measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');",
      errors: [{ messageId: 'scan', text: 'ALTER TABLE measurements ATTACH PARTITION measurements_2023' }],
      output: null,
    },
    {
      name: 'partitioning an existing table: key known from the file, fix adds the CHECK steps',
      sql: "CREATE TABLE events (id bigint, created_at timestamptz, kind text) PARTITION BY RANGE (created_at);\nALTER TABLE events ATTACH PARTITION events_legacy FOR VALUES FROM (MINVALUE) TO ('2024-06-01');\n",
      errors: [{ messageId: 'scan', text: 'ALTER TABLE events ATTACH PARTITION events_legacy' }],
      output:
        "CREATE TABLE events (id bigint, created_at timestamptz, kind text) PARTITION BY RANGE (created_at);\nALTER TABLE events_legacy ADD CONSTRAINT events_legacy_partition_bound CHECK (created_at IS NOT NULL AND created_at < '2024-06-01') NOT VALID;\nALTER TABLE events_legacy VALIDATE CONSTRAINT events_legacy_partition_bound;\nALTER TABLE events ATTACH PARTITION events_legacy FOR VALUES FROM (MINVALUE) TO ('2024-06-01');\nALTER TABLE events_legacy DROP CONSTRAINT events_legacy_partition_bound;\n",
    },
    {
      name: 'range with both ends and an expression bound, indented',
      sql: "  CREATE TABLE events (id bigint, created_at timestamptz, kind text) PARTITION BY RANGE (created_at);\n  ALTER TABLE events ATTACH PARTITION public.events_legacy\n    FOR VALUES FROM ('2024-01-01') TO ('2024-06-01'::timestamptz + interval '1 day');\n",
      errors: [{ messageId: 'scan', text: 'ALTER TABLE events ATTACH PARTITION public.events_legacy' }],
      output:
        "  CREATE TABLE events (id bigint, created_at timestamptz, kind text) PARTITION BY RANGE (created_at);\n  ALTER TABLE public.events_legacy ADD CONSTRAINT events_legacy_partition_bound CHECK (created_at IS NOT NULL AND created_at >= '2024-01-01' AND created_at < '2024-06-01'::timestamptz + interval '1 day') NOT VALID;\n  ALTER TABLE public.events_legacy VALIDATE CONSTRAINT events_legacy_partition_bound;\n  ALTER TABLE events ATTACH PARTITION public.events_legacy\n    FOR VALUES FROM ('2024-01-01') TO ('2024-06-01'::timestamptz + interval '1 day');\n  ALTER TABLE public.events_legacy DROP CONSTRAINT events_legacy_partition_bound;\n",
    },
    {
      name: 'list partition of a quoted table, quoted key column',
      sql: 'CREATE TABLE orders (id bigint, "Region" text) PARTITION BY LIST ("Region");\nALTER TABLE orders ATTACH PARTITION "Orders EU" FOR VALUES IN (\'de\', \'fr\');\n',
      prelude: 'CREATE TABLE "Orders EU" (id bigint, "Region" text);\nINSERT INTO "Orders EU" VALUES (1, \'de\'), (2, \'fr\');',
      errors: [{ messageId: 'scan', text: 'ALTER TABLE orders ATTACH PARTITION "Orders EU"' }],
      output:
        'CREATE TABLE orders (id bigint, "Region" text) PARTITION BY LIST ("Region");\nALTER TABLE "Orders EU" ADD CONSTRAINT "Orders EU_partition_bound" CHECK ("Region" IS NOT NULL AND "Region" IN (\'de\', \'fr\')) NOT VALID;\nALTER TABLE "Orders EU" VALIDATE CONSTRAINT "Orders EU_partition_bound";\nALTER TABLE orders ATTACH PARTITION "Orders EU" FOR VALUES IN (\'de\', \'fr\');\nALTER TABLE "Orders EU" DROP CONSTRAINT "Orders EU_partition_bound";\n',
    },
    {
      name: 'list with NULL: no automatic CHECK',
      sql: "CREATE TABLE orders (id bigint, region text) PARTITION BY LIST (region);\nALTER TABLE orders ATTACH PARTITION \"Orders EU\" FOR VALUES IN ('de', 'fr', NULL);",
      errors: [{ messageId: 'scan', text: 'ALTER TABLE orders ATTACH PARTITION "Orders EU"' }],
      output: null,
    },
    {
      name: 'key is an expression: no automatic CHECK',
      sql: "CREATE TABLE orders (id bigint, region text) PARTITION BY LIST (lower(region));\nALTER TABLE orders ATTACH PARTITION \"Orders EU\" FOR VALUES IN ('de', 'fr');",
      errors: [{ messageId: 'scan', text: 'ALTER TABLE orders ATTACH PARTITION "Orders EU"' }],
      output: null,
    },
    {
      name: 'hash partition: no automatic CHECK',
      sql: 'CREATE TABLE orders (id bigint, region text) PARTITION BY HASH (id);\nALTER TABLE orders ATTACH PARTITION "Orders EU" FOR VALUES WITH (MODULUS 1, REMAINDER 0);',
      errors: [{ messageId: 'scan', text: 'ALTER TABLE orders ATTACH PARTITION "Orders EU"' }],
      output: null,
    },
    {
      name: 'DEFAULT partition: no automatic CHECK',
      sql: 'CREATE TABLE orders (id bigint, region text) PARTITION BY LIST (region);\nALTER TABLE orders ATTACH PARTITION "Orders EU" DEFAULT;',
      errors: [{ messageId: 'scan', text: 'ALTER TABLE orders ATTACH PARTITION "Orders EU"' }],
      output: null,
    },
    {
      name: 'inside BEGIN/COMMIT: NOT VALID and VALIDATE cannot share the transaction, no automatic fix',
      sql: "BEGIN;\nCREATE TABLE events (id bigint, created_at timestamptz, kind text) PARTITION BY RANGE (created_at);\nALTER TABLE events ATTACH PARTITION events_legacy FOR VALUES FROM (MINVALUE) TO ('2024-06-01');\nCOMMIT;",
      errors: [{ messageId: 'scan', text: 'ALTER TABLE events ATTACH PARTITION events_legacy' }],
      output: null,
    },
    {
      name: 'runner-wrapped file: no automatic fix',
      sql: "CREATE TABLE events (id bigint, created_at timestamptz, kind text) PARTITION BY RANGE (created_at);\nALTER TABLE events ATTACH PARTITION events_legacy FOR VALUES FROM (MINVALUE) TO ('2024-06-01');",
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'scan', text: 'ALTER TABLE events ATTACH PARTITION events_legacy' }],
      output: null,
    },
  ],
  locks: [
    {
      sql: "ALTER TABLE measurements ATTACH PARTITION measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
      table: 'measurements_2023',
      mode: 'AccessExclusiveLock',
    },
    {
      sql: "ALTER TABLE measurements ATTACH PARTITION measurements_2023 FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
      table: 'measurements',
      mode: 'ShareUpdateExclusiveLock',
    },
  ],
} satisfies RuleCases;
