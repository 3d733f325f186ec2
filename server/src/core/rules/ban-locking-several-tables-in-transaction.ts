import { blockStatements, commitBefore } from '../fix/transaction-blocks';
import type { RelationLock } from '../model/locks';
import { blocksReads, blocksWrites, lockModeLabel } from '../model/locks';
import { relationName } from '../model/names';
import { droppedRelations, headEnd, locksOnExisting } from '../model/relations-in-file';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-locking-several-tables-in-transaction',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Do not take a lock on one existing table while the transaction already holds ACCESS EXCLUSIVE on another.',
  lock:
    'Locks are held until the transaction ends: after an ALTER TABLE on one table, its ACCESS EXCLUSIVE lock stays while the next statement waits for its own lock on a second table, so every query on the first table waits too; two such migrations, or a migration and the application, taking the same tables in another order deadlock.',
  description:
    'Each ALTER TABLE on a busy table has to wait for the queries already running on it. When one transaction alters several existing tables, that wait happens while it already holds ACCESS EXCLUSIVE on the tables it altered before, so those tables stop answering for as long as the slowest query on the next one runs; and if the application (or another migration) locks the same tables in the opposite order, PostgreSQL has to abort one of them as a deadlock. Alter one table per transaction, with a short lock_timeout and a retry; keep several tables in one transaction only when the change must be atomic across them. The fix commits before the statement that reaches for the next table. Tables created earlier in the same file do not count, and neither does the lock on a table the transaction drops (a downgrade that drops the tables its upgrade created): the queries waiting for a dropped table fail when it is gone anyway.',
  messages: {
    inTransaction:
      'This statement locks "{{table}}" in {{lock}} mode while the transaction still holds ACCESS EXCLUSIVE on "{{held}}", so every query on "{{held}}" waits while this one waits for "{{table}}", and locking them in another order elsewhere deadlocks; COMMIT before it and change one table per transaction.',
    inRunnerTransaction:
      'This statement locks "{{table}}" in {{lock}} mode while the one transaction the migration runner runs this file in still holds ACCESS EXCLUSIVE on "{{held}}", so every query on "{{held}}" waits while this one waits for "{{table}}", and locking them in another order elsewhere deadlocks; change one table per migration.',
  },
  examples: {
    valid: [
      {
        sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nCOMMIT;\nBEGIN;\nALTER TABLE customers ADD COLUMN region text;\nCOMMIT;',
        description: 'One table per transaction.',
      },
      {
        sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ALTER COLUMN note SET DEFAULT \'\';\nCOMMIT;',
        description: 'Several changes to the same table.',
      },
    ],
    invalid: [
      {
        sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nALTER TABLE customers ADD COLUMN region text;\nCOMMIT;',
        description: 'orders stays locked while the second ALTER waits for customers; the fix commits in between.',
      },
    ],
  },
  check(context: RuleContext) {
    const seenBlocks = new Set<number>();
    for (const statement of context.statements) {
      const transaction = context.model.transaction(statement);
      if (transaction.block === undefined || seenBlocks.has(transaction.block)) continue;
      seenBlocks.add(transaction.block);
      const held = new Map<string, RelationLock>();
      for (const member of blockStatements(context, statement)) {
        const locks = locksOnExisting(context, member).filter((lock) => lock.kind !== 'index');
        const holder = [...held.values()][0];
        const reaching = holder && locks.find((lock) => blocksWrites(lock.mode) && !held.has(keyOf(lock)));
        if (holder && reaching) {
          const data = { lock: lockModeLabel(reaching.mode), table: relationName(reaching.relation), held: relationName(holder.relation) };
          const end = headEnd(member, reaching.relation);
          if (transaction.openedBy === 'begin') {
            const fix = commitBefore(context, member, 'Commit before changing the next table');
            context.report({ statement: member, end, messageId: 'inTransaction', data, fixes: fix ? [fix] : [] });
          } else {
            context.report({ statement: member, end, messageId: 'inRunnerTransaction', data });
          }
        }
        // a table the statement drops is not held: queries waiting on it fail once it is gone anyway
        const dropped = member.is('DropStmt') ? new Set(droppedRelations(member).map((relation) => relation.relname)) : undefined;
        for (const lock of locks) if (blocksReads(lock.mode) && !dropped?.has(lock.relation.relname)) held.set(keyOf(lock), lock);
      }
    }
  },
});

function keyOf(lock: RelationLock): string {
  return lock.relation.relname ?? '';
}
