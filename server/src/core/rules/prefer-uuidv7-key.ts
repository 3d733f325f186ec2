import { columnsWrittenInFile } from '../model/column-writes';
import { isOwnKeyColumn, keyConvention, ownKeyOf, randomUuidDefault } from '../model/primary-keys';
import type { RuleContext } from './types';
import { defineRule } from './types';

const UUIDV7_FROM = 18;

export default defineRule({
  id: 'prefer-uuidv7-key',
  category: 'schema-design',
  severity: 'hint',
  fixable: false,
  summary: 'Random UUIDv4 primary keys scatter inserts across the index: prefer time-ordered UUIDv7.',
  description:
    'A primary key filled by `gen_random_uuid()` or `uuid_generate_v4()` is random, so every new row goes to a random leaf page of the key\'s B-tree index. On a table that grows by inserts this means the whole index must stay in memory to keep inserts fast, pages split half-empty, each checkpoint writes many more full pages to the WAL, and range scans by key order read rows in creation-unrelated order. UUIDv7 keeps the benefits of UUIDs (made anywhere without coordination, not guessable from a counter) but starts with a millisecond timestamp, so new keys land at the right edge of the index like a sequence\'s. PostgreSQL 18 has `uuidv7()` built in (`DEFAULT uuidv7()`); before that, generate UUIDv7 in the application or with an extension such as pg_uuidv7 (`uuid_generate_v7()`). This is a hint: random keys are fine on small or rarely inserted tables, and when a key must not reveal when the row was created (UUIDv7 carries its creation time); then ignore it with a reason. With `primaryKeys: "bigint"` UUID keys are reported by require-consistent-key-type instead, and with `"auto"` too when the workspace\'s tables use integer keys.',
  messages: {
    random:
      'Primary key "{{table}}"."{{column}}" defaults to {{function}}(), a random UUID: every insert goes to a random page of the key\'s index, so on a growing table pages split, fall out of cache and fill the WAL. Use time-ordered UUIDv7 keys: {{how}}. Random keys are fine on a small table or where the key must not reveal its creation time: then ignore this with a reason.',
  },
  examples: {
    valid: [
      { sql: 'CREATE TABLE events (id uuid PRIMARY KEY DEFAULT uuidv7(), payload jsonb);', settings: { postgresVersion: 18 }, description: 'Time-ordered: inserts append to the index.' },
      { sql: 'CREATE TABLE events (id uuid PRIMARY KEY, payload jsonb);', description: 'The application supplies the key.' },
    ],
    invalid: [
      { sql: 'CREATE TABLE events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), payload jsonb);', settings: { postgresVersion: 18 } },
      { sql: 'CREATE TABLE events (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), payload jsonb);', settings: { postgresVersion: 16 } },
    ],
  },
  check(context: RuleContext) {
    const mode = context.settings.primaryKeys;
    // integer keys are the chosen (or prevailing) kind: require-consistent-key-type reports UUID keys
    if (mode === 'bigint' || (mode === 'auto' && keyConvention(context.schema.final)?.kind === 'integer')) return;
    const how =
      context.settings.postgresVersion >= UUIDV7_FROM
        ? 'DEFAULT uuidv7(), built in since PostgreSQL 18'
        : 'generate them in the application or with an extension such as pg_uuidv7 (uuid_generate_v7()); PostgreSQL 18 has uuidv7() built in';
    for (const write of columnsWrittenInFile(context, 'default', isOwnKeyColumn)) {
      const random = randomUuidDefault(write.column);
      if (!random || ownKeyOf(write) !== 'uuid') continue;
      const { statement, range } = write;
      context.report({ statement, start: range.start, end: range.end, messageId: 'random', data: { table: write.table.name, column: write.column.name, function: random, how } });
    }
  },
});
