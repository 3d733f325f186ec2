import { dropIndexFirst } from '../fix/concurrently';
import { insertAt, lineBreakOf } from '../fix/edits';
import { relationName } from '../model/names';
import { droppedRelations, unseenByOthers } from '../model/relations-in-file';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-concurrent-index-if-not-exists',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Drop a leftover INVALID index before CREATE INDEX CONCURRENTLY IF NOT EXISTS.',
  lock:
    'CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the table (reads and writes go on) and commits the empty index before building it, so a build that fails (deadlock, unique violation, lock_timeout, a cancelled deploy) leaves an INVALID index behind, which every write still updates but no query uses.',
  description:
    'When a concurrent index build fails, PostgreSQL leaves the half-built index in place, marked INVALID. Re-running the migration then hits IF NOT EXISTS, sees an index of that name, and skips the build: the migration "succeeds", the index is never usable (a unique index does not protect the column), and every INSERT and UPDATE keeps paying for it. Drop it first with DROP INDEX CONCURRENTLY IF EXISTS, which is a no-op on a fresh database and removes the leftover on a retry, then build it. The fix inserts that statement unless an earlier statement of the file already drops the index.',
  messages: {
    hiddenInvalid:
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{{index}}" skips the build when a failed earlier attempt left an INVALID index of that name, which no query uses but every write maintains; drop it first with DROP INDEX CONCURRENTLY IF EXISTS.',
  },
  examples: {
    valid: [
      {
        sql: 'DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);',
        description: 'A leftover from a failed run is dropped first.',
      },
      { sql: 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);', description: 'Without IF NOT EXISTS a retry fails loudly on the leftover.' },
    ],
    invalid: [{ sql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);', description: 'A retry after a failed build keeps the INVALID index.' }],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('IndexStmt')) {
      const node = statement.node;
      if (!node.concurrent || !node.if_not_exists || !node.idxname || !node.relation) continue;
      if (unseenByOthers(context, node.relation, 'table', statement)) continue;
      if (droppedEarlier(context, node.idxname, statement)) continue;
      const end = statement.nameEnd(statement.offsetOf(node.relation.location));
      const drop = dropIndexFirst(statement);
      const fix =
        drop && !context.model.transaction(statement).inTransaction
          ? { title: 'Drop a leftover INVALID index first', edits: [insertAt(statement.start, `${drop}${lineBreakOf(context.text)}`)] }
          : undefined;
      const index = relationName({ schemaname: node.relation.schemaname, relname: node.idxname });
      context.report({ statement, end, messageId: 'hiddenInvalid', data: { index }, fixes: fix ? [fix] : [] });
    }
  },
});

/** True when an earlier DROP INDEX of this file names the index. */
function droppedEarlier(context: RuleContext, name: string, before: Statement): boolean {
  return context.statementsOf('DropStmt').some(
    (statement) =>
      statement.index < before.index &&
      statement.node.removeType === 'OBJECT_INDEX' &&
      droppedRelations(statement).some((relation) => relation.relname === name),
  );
}

