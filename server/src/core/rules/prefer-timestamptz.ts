import type { ColumnModel, RelationModel } from '../model/schema/types';
import { renameTypeFix } from '../fix/type-edits';
import { columnsWrittenInFile } from '../model/column-writes';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'prefer-timestamptz',
  category: 'schema-design',
  severity: 'warning',
  fixable: true,
  summary: 'Store points in time as timestamptz, not timestamp without time zone.',
  description:
    '`timestamp` (without time zone) stores a wall-clock reading with no zone: PostgreSQL cannot tell which instant it means, so `now()` is silently converted using the session\'s TimeZone setting, two servers or clients in different zones write different values for the same instant, and daylight-saving changes make times ambiguous or skip them. `timestamptz` stores an instant (UTC internally, 8 bytes like timestamp) and converts to the session\'s zone only for display, so comparisons, intervals and indexes mean the same thing everywhere. Use `timestamptz` for anything that happened or will happen at a moment: created_at, updated_at, expires_at, scheduled_at. `timestamp` is right only for a wall-clock time that is the same in every zone (a shop opening at 09:00 local time, stored beside its zone); say so with `-- schemaguard-ignore prefer-timestamptz -- wall-clock time, zone in column tz`. The rule reports the columns whose type this file writes last: a later migration that changes the type silences it. The fix renames the type of a column this file creates (keeping its precision and array bounds) when nothing else reads the column in a way the new type could break (an index expression or predicate, a CHECK, a generated column, a view, a foreign key, the partition key, a child table declaring it).',
  messages: {
    timestamp:
      'Column "{{table}}"."{{column}}" is {{type}}: it stores a wall-clock reading without a time zone, so the same instant is written differently by sessions in different zones and daylight-saving changes make it ambiguous. Use timestamptz, which stores the instant and shows it in each session\'s zone; if this really is a zone-less wall-clock time, ignore it with a reason.',
  },
  examples: {
    valid: [
      { sql: 'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL DEFAULT now());', description: 'An instant, the same for every reader.' },
      { sql: 'CREATE TABLE holidays (day date PRIMARY KEY, name text NOT NULL);', description: 'A date is not a point in time.' },
    ],
    invalid: [
      { sql: 'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp NOT NULL DEFAULT now());', description: 'now() is converted to the session\'s local time and the zone is lost.' },
      { sql: 'CREATE TABLE users (id bigint PRIMARY KEY, last_seen_at timestamp(3) without time zone);', description: 'The fix keeps the precision.' },
    ],
  },
  check(context: RuleContext) {
    for (const write of columnsWrittenInFile(context, 'type', isTimestamp)) {
      const { column, statement, range } = write;
      context.report({
        statement,
        start: range.start,
        end: range.end,
        messageId: 'timestamp',
        data: { table: write.table.name, column: column.name, type: context.text.slice(range.start, range.end) },
        fixes: renameTypeFix(context, write, 'timestamp', 'timestamptz', ['without', 'time', 'zone']),
      });
    }
  },
});

function isTimestamp(_table: RelationModel, column: ColumnModel): boolean {
  return column.type.name === 'timestamp without time zone';
}
