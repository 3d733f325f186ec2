import { addConcurrently } from '../fix/concurrently';
import { relationName } from '../model/names';
import { unseenByOthers, headEnd } from '../model/relations-in-file';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'require-concurrent-refresh',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Refresh materialized views that are in use with REFRESH MATERIALIZED VIEW CONCURRENTLY.',
  lock:
    'REFRESH MATERIALIZED VIEW takes an ACCESS EXCLUSIVE lock on the view for the whole refresh: every SELECT on it waits. REFRESH ... CONCURRENTLY takes an EXCLUSIVE lock, which lets SELECTs go on.',
  description:
    'A plain refresh re-runs the view query and swaps in the result while holding ACCESS EXCLUSIVE, so every read of the view waits for the whole query, which on a large view is minutes of stalled requests. REFRESH MATERIALIZED VIEW CONCURRENTLY computes the new contents next to the old ones and applies the difference while reads go on. It needs a unique index on the view that covers every row (plain columns, no WHERE clause), and a view that is already populated: create that index first (CREATE UNIQUE INDEX CONCURRENTLY) if it is missing. It is slower than a plain refresh and may run inside a transaction. Views created earlier in the same file, and WITH NO DATA (which empties the view), are not reported.',
  messages: {
    blocking:
      'REFRESH MATERIALIZED VIEW "{{view}}" holds an ACCESS EXCLUSIVE lock on the view while its query runs, so every read of it waits; use REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view covering every row).',
  },
  examples: {
    valid: [
      { sql: 'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;', description: 'Reads of the view go on during the refresh.' },
      {
        sql: 'CREATE MATERIALIZED VIEW daily_totals AS SELECT 1 AS day WITH NO DATA;\nREFRESH MATERIALIZED VIEW daily_totals;',
        description: 'A view created in this file: nobody reads it yet.',
      },
    ],
    invalid: [{ sql: 'REFRESH MATERIALIZED VIEW order_totals;', description: 'Every read of order_totals waits for the whole refresh.' }],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('RefreshMatViewStmt')) {
      const node = statement.node;
      if (node.concurrent || node.skipData || !node.relation) continue;
      if (unseenByOthers(context, node.relation, 'materialized view', statement)) continue;
      const fix = addConcurrently(statement, 'view', 'Use REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view)');
      context.report({ statement, end: headEnd(statement, node.relation), messageId: 'blocking', data: { view: relationName(node.relation) }, fixes: fix ? [fix] : [] });
    }
  },
});
