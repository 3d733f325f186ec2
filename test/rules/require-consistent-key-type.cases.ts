import type { RuleCases } from '../harness/types';

const tables = (kind: 'uuid' | 'bigint', count: number, prefix: string = kind): string =>
  Array.from({ length: count }, (_, index) => `CREATE TABLE ${prefix}_${index} (id ${kind === 'uuid' ? 'uuid' : 'bigint GENERATED ALWAYS AS IDENTITY'} PRIMARY KEY);`).join('\n');

export default {
  rule: 'require-consistent-key-type',
  prelude: '',
  valid: [
    { name: 'one kind everywhere', sql: tables('uuid', 6) },
    { name: 'three tables are too few for a convention', sql: `${tables('uuid', 2)}\nCREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);` },
    { name: 'five of seven (71%) is no convention', sql: `${tables('uuid', 5)}\n${tables('bigint', 2)}` },
    {
      name: 'natural, composite and foreign keys do not vote and are not judged',
      sql: `${tables('uuid', 4)}\nCREATE TABLE countries (code text PRIMARY KEY);\nCREATE TABLE pairs (a bigint, b bigint, PRIMARY KEY (a, b));\nCREATE TABLE uuid_0_extra (id uuid PRIMARY KEY REFERENCES uuid_0);`,
    },
    {
      name: 'tables of the other kind that only reference each other (a library\'s job tables) are a choice of their own',
      sql: `${tables('uuid', 6)}\nCREATE TABLE jobs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCREATE TABLE job_runs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, job_id bigint REFERENCES jobs);`,
    },
    { name: 'the deviating table is from an earlier migration', sql: tables('uuid', 3), history: { before: ['CREATE TABLE legacy (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);'] } },
    { name: 'primaryKeys "uuid" and UUID keys', sql: tables('uuid', 1), settings: { primaryKeys: 'uuid' } },
    { name: 'primaryKeys "bigint" and integer keys', sql: tables('bigint', 1), settings: { primaryKeys: 'bigint' } },
  ],
  invalid: [
    {
      name: 'three of four tables (the edge of three quarters) use UUID keys',
      sql: `${tables('uuid', 3)}\nCREATE TABLE tasks (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, owner uuid REFERENCES uuid_0);`,
      errors: [{ messageId: 'breaksConvention', text: 'bigint' }],
      output: null,
    },
    {
      name: 'across migrations: the convention is the whole history\'s, the finding is where the key is written',
      sql: 'CREATE TABLE tasks (id uuid PRIMARY KEY);',
      history: { before: [tables('bigint', 3, 'a')], after: [`${tables('bigint', 3, 'b')}\nALTER TABLE b_0 ADD COLUMN task_id uuid REFERENCES tasks;`] },
      errors: [{ messageId: 'breaksConvention', text: 'uuid' }],
      output: null,
    },
    {
      name: 'serial counts as an integer key',
      sql: `${tables('uuid', 6)}\nCREATE TABLE jobs (id serial PRIMARY KEY, owner uuid REFERENCES uuid_0);\nCREATE TABLE runs (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nALTER TABLE uuid_1 ADD COLUMN run_id integer REFERENCES runs;`,
      errors: [
        { messageId: 'breaksConvention', text: 'serial' },
        { messageId: 'breaksConvention', text: 'integer' },
      ],
      output: null,
    },
    {
      name: 'partitions do not vote (nor are they reported): the partitioned table is the one that breaks the convention',
      sql: `${tables('uuid', 3)}\nCREATE TABLE ev (id bigint, owner uuid REFERENCES uuid_0, PRIMARY KEY (id)) PARTITION BY HASH (id);\nCREATE TABLE ev_0 PARTITION OF ev FOR VALUES WITH (MODULUS 3, REMAINDER 0);\nCREATE TABLE ev_1 PARTITION OF ev FOR VALUES WITH (MODULUS 3, REMAINDER 1);\nCREATE TABLE ev_2 (id bigint PRIMARY KEY, owner uuid);\nALTER TABLE ev ATTACH PARTITION ev_2 FOR VALUES WITH (MODULUS 3, REMAINDER 2);`,
      errors: [{ messageId: 'breaksConvention', text: 'bigint' }],
      output: null,
    },
    {
      name: 'primaryKeys "uuid": integer keys, whatever the others do',
      sql: 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCREATE TABLE roles (id smallint PRIMARY KEY);',
      settings: { primaryKeys: 'uuid' },
      errors: [
        { messageId: 'integerUnderUuid', text: 'bigint' },
        { messageId: 'integerUnderUuid', text: 'smallint' },
      ],
      output: null,
    },
    {
      name: 'primaryKeys "bigint": UUID keys',
      sql: 'CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid());',
      settings: { primaryKeys: 'bigint' },
      errors: [{ messageId: 'uuidUnderBigint', text: 'uuid' }],
      output: null,
    },
  ],
} satisfies RuleCases;
