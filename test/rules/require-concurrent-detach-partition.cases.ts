import type { RuleCases } from '../harness/types';

export const ADDS_BOUND_CHECK = 'DETACH ... CONCURRENTLY adds a CHECK constraint duplicating the bound (PostgreSQL 14-18): checked in test/db/rules-c-behaviour.test.ts';

export default {
  rule: 'require-concurrent-detach-partition',
  // On PostgreSQL 14-18, DETACH ... CONCURRENTLY leaves a CHECK constraint that duplicates the
  // partition bound on the detached table, so the fixed schema differs by exactly that constraint:
  // test/db/rules-c-behaviour.test.ts checks that on both databases instead of the same-schema check.
  prelude: `
    CREATE TABLE measurements (id bigint, taken_at timestamptz NOT NULL) PARTITION BY RANGE (taken_at);
    CREATE TABLE measurements_2019 PARTITION OF measurements FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');
    CREATE TABLE measurements_2020 PARTITION OF measurements FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
    INSERT INTO measurements VALUES (1, '2019-06-01'), (2, '2020-06-01');
    CREATE SCHEMA metrics;
    CREATE TABLE metrics."Samples" (id bigint, region text) PARTITION BY LIST (region);
    CREATE TABLE metrics."Samples EU" PARTITION OF metrics."Samples" FOR VALUES IN ('eu');
  `,
  valid: [
    'ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;',
    { name: 'finishing an interrupted concurrent detach', sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019 FINALIZE;' },
    { name: 'before PostgreSQL 14 there is no concurrent form', sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019;', settings: { postgresVersion: 13 } },
    {
      name: 'partitioned table created earlier in the file',
      sql: "CREATE TABLE logs (at date) PARTITION BY RANGE (at);\nCREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE logs DETACH PARTITION logs_2024;",
    },
    {
      name: 'partitioned table created by CREATE SCHEMA ... CREATE TABLE earlier in the file',
      sql: "CREATE SCHEMA logs\n  CREATE TABLE entries (at date) PARTITION BY RANGE (at)\n  CREATE TABLE entries_2024 PARTITION OF logs.entries FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE logs.entries DETACH PARTITION logs.entries_2024;",
    },
    { name: 'attaching is another rule', sql: "ALTER TABLE measurements ATTACH PARTITION measurements_2019 FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');" },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019;',
      errors: [{ messageId: 'blocking', text: 'ALTER TABLE measurements DETACH PARTITION measurements_2019' }],
      output: 'ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;',
      skipDatabase: ADDS_BOUND_CHECK,
    },
    {
      name: 'PostgreSQL 14, quoted and qualified names, lower case, several lines',
      sql: 'alter table metrics."Samples"\n  detach partition metrics."Samples EU";',
      settings: { postgresVersion: 14 },
      errors: [{ messageId: 'blocking', text: 'alter table metrics."Samples"\n  detach partition metrics."Samples EU"' }],
      output: 'alter table metrics."Samples"\n  detach partition metrics."Samples EU" CONCURRENTLY;',
      skipDatabase: ADDS_BOUND_CHECK,
    },
    {
      name: 'several detaches, one already concurrent',
      sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;\nALTER TABLE measurements DETACH PARTITION measurements_2020;\n',
      errors: [{ messageId: 'blocking', text: 'ALTER TABLE measurements DETACH PARTITION measurements_2020' }],
      output: 'ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;\nALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;\n',
      skipDatabase: ADDS_BOUND_CHECK,
    },
    {
      name: 'inside BEGIN/COMMIT',
      sql: 'BEGIN;\nALTER TABLE measurements DETACH PARTITION measurements_2019;\nCOMMIT;',
      errors: [{ messageId: 'inTransaction', text: 'ALTER TABLE measurements DETACH PARTITION measurements_2019' }],
      output: null,
    },
    {
      name: 'the runner wraps the file',
      sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019;',
      settings: { transaction: 'per-file' },
      errors: [{ messageId: 'inRunnerTransaction', text: 'ALTER TABLE measurements DETACH PARTITION measurements_2019' }],
      output: null,
    },
    {
      name: 'dbmate transaction:false section is not wrapped',
      sql: '-- migrate:up transaction:false\nALTER TABLE measurements DETACH PARTITION measurements_2019;\n\n-- migrate:down\nALTER TABLE measurements ATTACH PARTITION measurements_2019 FOR VALUES FROM (\'2019-01-01\') TO (\'2020-01-01\');\n',
      errors: [{ messageId: 'blocking', text: 'ALTER TABLE measurements DETACH PARTITION measurements_2019' }],
      output:
        '-- migrate:up transaction:false\nALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;\n\n-- migrate:down\nALTER TABLE measurements ATTACH PARTITION measurements_2019 FOR VALUES FROM (\'2019-01-01\') TO (\'2020-01-01\');\n',
      skipDatabase: 'dbmate sections are run one at a time by dbmate, not as one script',
    },
  ],
  locks: [
    { sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019', table: 'measurements', mode: 'AccessExclusiveLock' },
    { sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019', table: 'measurements_2019', mode: 'AccessExclusiveLock' },
  ],
} satisfies RuleCases;
