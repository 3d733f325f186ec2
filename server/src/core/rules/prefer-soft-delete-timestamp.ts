import { designTables, softDeleteMarkers, statementOf, touchedRelations } from '../model/design';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'prefer-soft-delete-timestamp',
  category: 'schema-design',
  severity: 'hint',
  fixable: false,
  summary: 'Soft-delete rows with a deleted_at timestamptz rather than an is_deleted flag.',
  description:
    'A boolean `is_deleted` (or `deleted`, or an integer 0/1 flag) says that a row is deleted but not when: restoring what a bug deleted yesterday, purging rows after a retention period, answering an audit or syncing deletions to another system all need the time, and a flag cannot be turned into one afterwards. `deleted_at timestamptz`, NULL while the row is live, carries both facts in one column, and partial indexes (`WHERE deleted_at IS NULL`) keep the live rows fast and unique. The rule reports the flag column where it is created, in the schema after the whole history (a later migration that replaces it silences it), and not on a table that already has a deletion time, nor on a history table (`artist_versions`, `audit_logs`), whose flag records the state of the row a version describes. Changing the column needs a backfill and a code change, so there is no quick fix. A flag is a fair choice when the time is recorded elsewhere (an audit or event log): say so with `-- schemaguard-ignore prefer-soft-delete-timestamp -- reason`.',
  messages: {
    flag:
      'Column "{{column}}" of "{{table}}" marks soft-deleted rows with a {{type}} flag, which cannot tell when a row was deleted (restores, retention purges and audits need the time); use deleted_at timestamptz, NULL while the row is live. When an audit log already records the time, keep the flag and say so (-- schemaguard-ignore prefer-soft-delete-timestamp -- reason).',
  },
  examples: {
    valid: [
      { sql: 'CREATE TABLE comments (id bigint PRIMARY KEY, body text NOT NULL, deleted_at timestamptz);', description: 'The row says whether and when it was deleted.' },
    ],
    invalid: [
      { sql: 'CREATE TABLE comments (id bigint PRIMARY KEY, body text NOT NULL, is_deleted boolean NOT NULL DEFAULT false);', description: 'Nobody can tell when a comment was deleted.' },
    ],
  },
  check(context: RuleContext) {
    const touched = touchedRelations(context.schema);
    for (const { key, table } of designTables(context.schema.final)) {
      if (!touched.has(key)) continue;
      const markers = softDeleteMarkers(table);
      if (markers.some((marker) => marker.kind === 'time')) continue;
      for (const { column } of markers) {
        const statement = !column.inherited && statementOf(context, column.origin);
        if (!statement) continue;
        context.report({ statement, start: column.origin.start, end: column.origin.end, messageId: 'flag', data: { column: column.name, table: table.name, type: column.type.name } });
      }
    }
  },
});
