import { concurrentlyFix } from '../fix/concurrently';
import { lineBreakOf } from '../fix/edits';
import { relationName } from '../model/names';
import { unseenByOthers, droppedRelations, headEnd } from '../model/relations-in-file';
import type { Statement } from '../source/document';
import type { RangeVar } from 'libpg-query';
import type { RuleContext } from './types';
import { defineRule } from './types';
import { concurrentIndexAlembicFix } from '../fix/alembic/autocommit';

export default defineRule({
  id: 'require-concurrent-index-drop',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Drop indexes of existing tables with DROP INDEX CONCURRENTLY.',
  lock:
    "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: it waits for every running query on the table, and every later read and write queues behind it. DROP INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE, which lets reads and writes through.",
  description:
    'Dropping an index is quick once it has its lock, but a plain DROP INDEX needs ACCESS EXCLUSIVE on the table: behind one long-running query or open transaction it waits, and everything else on the table queues behind it, so a busy table stops answering. DROP INDEX CONCURRENTLY waits for those queries without blocking anyone. It cannot run inside a transaction block, drops one index per statement, and has no CASCADE (so no fix is offered for those forms); it cannot drop the index of a partitioned table either (drop the index of each partition concurrently, or accept the lock). Indexes of tables created earlier in the same file, or dropped later in it (a downgrade that drops the table), are not reported.',
  messages: {
    blocking:
      'DROP INDEX {{index}} takes an ACCESS EXCLUSIVE lock on its table, so every query on the table queues behind it while it waits for running ones; use DROP INDEX CONCURRENTLY.',
    inTransaction:
      'DROP INDEX {{index}} takes an ACCESS EXCLUSIVE lock on its table until COMMIT, so every query on the table queues behind it, and CONCURRENTLY cannot run inside the transaction block opened by BEGIN; drop it with DROP INDEX CONCURRENTLY after COMMIT.',
    inRunnerTransaction:
      'DROP INDEX {{index}} takes an ACCESS EXCLUSIVE lock on its table until the migration commits, and CONCURRENTLY cannot run inside the one transaction the migration runner runs this file in; drop it with DROP INDEX CONCURRENTLY in a migration of its own that runs without a transaction.',
  },
  examples: {
    valid: [
      { sql: 'DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;', description: 'Reads and writes go on while the index is dropped.' },
      {
        sql: 'CREATE TABLE invoices (id bigint, status text);\nCREATE INDEX invoices_status_idx ON invoices (status);\nDROP INDEX invoices_status_idx;',
        description: 'The table is new: nobody waits.',
      },
    ],
    invalid: [
      { sql: 'DROP INDEX IF EXISTS orders_status_idx;', description: 'Queues every query on orders while it waits for its lock.' },
      { sql: 'DROP INDEX orders_status_idx, orders_created_at_idx;', description: 'CONCURRENTLY drops one index per statement: the fix writes two.' },
    ],
  },
  alembicFix: concurrentIndexAlembicFix,
  check(context: RuleContext) {
    for (const statement of context.statementsOf('DropStmt')) {
      const node = statement.node;
      if (node.removeType !== 'OBJECT_INDEX' || node.concurrent) continue;
      const indexes = droppedRelations(statement);
      const existing = indexes.filter((index) => !unseenByOthers(context, index, 'index', statement) && !tableDroppedLater(context, index, statement));
      if (existing.length === 0) continue;
      const end = headEnd(statement, indexes[indexes.length - 1]);
      const data = { index: existing.map((index) => `"${relationName(index)}"`).join(', ') };
      const cascade = node.behavior === 'DROP_CASCADE';
      if (indexes.length === 1 && !cascade) {
        const { messageId, fixes } = concurrentlyFix(context, statement, { after: 'index', label: 'DROP INDEX CONCURRENTLY', names: indexes.map((index) => index.relname!) });
        context.report({ statement, end, messageId, data, fixes });
        continue;
      }
      const transaction = context.model.transaction(statement);
      const messageId = !transaction.inTransaction ? 'blocking' : transaction.openedBy === 'begin' ? 'inTransaction' : 'inRunnerTransaction';
      const separate = !cascade && !transaction.inTransaction;
      const ifExists = node.missing_ok ? 'IF EXISTS ' : '';
      const newText = indexes.map((index) => `DROP INDEX CONCURRENTLY ${ifExists}${qualifiedIdentifier(index.schemaname, index.relname!)};`).join(lineBreakOf(context.text));
      const replaced = { start: statement.start, end: statement.semicolon !== undefined ? statement.semicolon + 1 : statement.end, newText };
      const fixes = separate ? [{ title: 'Drop each index with DROP INDEX CONCURRENTLY', edits: [replaced] }] : [];
      context.report({ statement, end, messageId, data, fixes });
    }
  },
});

/** True when a later statement of the file (same direction) drops the index's table: DROP TABLE takes ACCESS EXCLUSIVE anyway. */
function tableDroppedLater(context: RuleContext, index: RangeVar, statement: Statement<'DropStmt'>): boolean {
  const state = context.schema.at(statement.index);
  const key = index.relname ? state.resolveIndex({ schema: index.schemaname, name: index.relname }) : undefined;
  const table = key ? state.indexes.get(key)?.table : undefined;
  if (!table) return false;
  const direction = context.model.direction(statement);
  return context.statementsOf('DropStmt').some(
    (later) =>
      later.index > statement.index &&
      later.node.removeType === 'OBJECT_TABLE' &&
      context.model.direction(later) === direction &&
      droppedRelations(later).some((dropped) => !!dropped.relname && state.resolveRelation({ schema: dropped.schemaname, name: dropped.relname }) === table),
  );
}

function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function qualifiedIdentifier(schema: string | undefined, name: string): string {
  return schema ? `${quoteIdentifier(schema)}.${quoteIdentifier(name)}` : quoteIdentifier(name);
}
