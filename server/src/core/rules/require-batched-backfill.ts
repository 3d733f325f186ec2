import { rowChangeOf } from '../model/backfill';
import { relationName } from '../model/names';
import { unseenByOthers, headEnd } from '../model/relations-in-file';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'require-batched-backfill',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Change the rows of existing tables in batches, not with one unbounded UPDATE or DELETE.',
  lock:
    'UPDATE and DELETE take ROW EXCLUSIVE on the table, which blocks no reads or writes by itself, and a row lock on every row they change, held until the transaction commits: every other write to one of those rows waits for the whole statement.',
  description:
    'A migration that updates or deletes every matching row of a large table in one statement runs as one long transaction: the changed rows stay locked against concurrent writers until it commits, dead row versions pile up until it ends (autovacuum cannot clean behind it), replicas fall behind while the change replays, and a failure near the end rolls everything back. Change the rows in batches of a few thousand, each committed on its own: by key range (`WHERE id >= 1 AND id < 5001`), or by a LIMITed subquery (`WHERE id IN (SELECT id FROM t WHERE ... LIMIT 5000)`) repeated until it changes nothing, from a script or a procedure that commits between batches. Statements bounded by constant keys (`WHERE id = 42`, `IN (...)`, `BETWEEN`), a LIMITed subquery or a cursor, and statements on tables created earlier in the same file, are not reported.',
  messages: {
    unbounded:
      '{{verb}} of "{{table}}" has no key range or LIMIT, so it changes every matching row in one transaction: those rows stay locked against other writers until it commits, and the long transaction bloats the table and delays replicas; change the rows in batches (WHERE id >= ... AND id < ..., or id IN (SELECT ... LIMIT 5000)), each committed on its own.',
  },
  examples: {
    valid: [
      {
        sql: "UPDATE orders SET status = 'archived'\nWHERE id IN (SELECT id FROM orders WHERE status = 'closed' LIMIT 5000);",
        description: 'One batch; the script repeats it until it changes nothing.',
      },
      { sql: 'UPDATE orders SET region = \'eu\' WHERE id >= 1 AND id < 5001;', description: 'A key range.' },
      { sql: "DELETE FROM settings WHERE key = 'legacy_checkout';", description: 'Rows pinned by a constant.' },
    ],
    invalid: [
      { sql: "UPDATE orders SET region = 'eu' WHERE region IS NULL;", description: 'Every matching row in one transaction.' },
      { sql: "DELETE FROM events WHERE created_at < now() - interval '90 days';", description: 'A one-sided range is not a batch.' },
    ],
  },
  check(context: RuleContext) {
    for (const statement of [...context.statementsOf('UpdateStmt'), ...context.statementsOf('DeleteStmt')]) {
      const change = rowChangeOf(statement.kind, statement.node);
      if (!change || change.bounded) continue;
      if (unseenByOthers(context, change.target, 'table', statement)) continue;
      context.report({ statement, end: headEnd(statement, change.target), messageId: 'unbounded', data: { verb: change.verb, table: relationName(change.target) } });
    }
  },
});
