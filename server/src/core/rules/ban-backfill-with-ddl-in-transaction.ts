import { blockStatements, commitBefore } from '../fix/transaction-blocks';
import type { RowChange } from '../model/backfill';
import { rowChangeOf } from '../model/backfill';
import type { RelationLock } from '../model/locks';
import { blocksWrites, isStronger, lockModeLabel } from '../model/locks';
import { relationName } from '../model/names';
import { unseenByOthers, headEnd, locksOnExisting } from '../model/relations-in-file';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-backfill-with-ddl-in-transaction',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Commit a schema change before backfilling data, instead of backfilling in the same transaction.',
  lock:
    'A lock is held until the transaction ends: the ACCESS EXCLUSIVE lock of an ALTER TABLE (or the SHARE lock of a CREATE INDEX) taken before a backfill in the same transaction stays on the table for the whole backfill, so every query on the table (every write, for SHARE) waits for it.',
  description:
    'Adding a column and filling it in one transaction is the natural way to write it, and the worst way to run it: the ALTER TABLE is instant, but its ACCESS EXCLUSIVE lock lasts until COMMIT, which comes after the UPDATE has rewritten every row. For that whole time every read and write of the table waits. Commit the schema change first, then backfill in batches in transactions of their own; constraints that need the backfilled data (SET NOT NULL, VALIDATE CONSTRAINT) come after that, each in its own step. The fix ends the transaction before the backfill (COMMIT; BEGIN;). Backfills bounded to a batch or to constant keys, and locks on tables created earlier in the same file, are not reported.',
  messages: {
    inTransaction:
      'This {{verb}} runs in the same transaction as the {{lock}} lock that an earlier statement took on "{{table}}", so that lock stays until the backfill commits and every query on "{{table}}" waits for it; COMMIT the schema change first and backfill in transactions of their own.',
    inRunnerTransaction:
      'This {{verb}} runs in the one transaction the migration runner runs this file in, after an earlier statement locked "{{table}}" in {{lock}} mode, so that lock stays until the backfill commits and every query on "{{table}}" waits for it; move the backfill to a migration of its own.',
  },
  examples: {
    valid: [
      {
        sql: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;\n\nUPDATE orders SET region = 'eu' WHERE id >= 1 AND id < 5001;",
        description: 'The schema change commits first; the backfill runs in batches afterwards.',
      },
    ],
    invalid: [
      {
        sql: "BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu';\nCOMMIT;",
        description: 'orders stays locked for the whole UPDATE; the fix commits the ALTER TABLE first.',
      },
    ],
  },
  check(context: RuleContext) {
    for (const statement of context.statements) {
      const change = rowChangeOf(statement.kind, statement.node);
      if (!change || change.bounded || !isBackfill(context, change, statement)) continue;
      const transaction = context.model.transaction(statement);
      if (!transaction.inTransaction) continue;
      const held = strongestEarlierLock(context, statement);
      if (!held) continue;
      const data = { verb: change.verb, lock: lockModeLabel(held.mode), table: relationName(held.relation) };
      const end = headEnd(statement, change.target);
      if (transaction.openedBy === 'begin') {
        const fix = commitBefore(context, statement, 'Commit the schema change before this backfill');
        context.report({ statement, end, messageId: 'inTransaction', data, fixes: fix ? [fix] : [] });
      } else {
        context.report({ statement, end, messageId: 'inRunnerTransaction', data });
      }
    }
  },
});

/** UPDATE / DELETE of an existing table, or INSERT ... SELECT reading an existing table. */
function isBackfill(context: RuleContext, change: RowChange, statement: Statement): boolean {
  if (change.verb !== 'INSERT') return !unseenByOthers(context, change.target, 'table', statement);
  return change.sources.some((source) => !unseenByOthers(context, source, 'table', statement));
}

/** The strongest write-blocking lock that earlier statements of the same transaction took on existing relations. */
function strongestEarlierLock(context: RuleContext, statement: Statement): RelationLock | undefined {
  let strongest: RelationLock | undefined;
  for (const earlier of blockStatements(context, statement)) {
    if (earlier.index >= statement.index) break;
    for (const lock of locksOnExisting(context, earlier)) {
      if (blocksWrites(lock.mode) && (!strongest || isStronger(lock.mode, strongest.mode))) strongest = lock;
    }
  }
  return strongest;
}
