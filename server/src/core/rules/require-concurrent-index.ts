import type { IndexStmt } from 'libpg-query';
import { concurrentlyFix, dropIndexFirst } from '../fix/concurrently';
import { leafPartitions, partitionedIndexFix } from '../fix/partitioned-index';
import { relationName } from '../model/names';
import { unseenByOthers } from '../model/relations-in-file';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';
import { concurrentIndexAlembicFix } from '../fix/alembic/autocommit';

export default defineRule({
  id: 'require-concurrent-index',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Build indexes on existing tables with CREATE INDEX CONCURRENTLY.',
  lock:
    'CREATE INDEX takes a SHARE lock on the table for the whole build: INSERT, UPDATE and DELETE wait (reads go on). CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE, which lets reads and writes through.',
  description:
    'A plain CREATE INDEX on a table that already holds data blocks every write to it until the index is built, which on a large table is minutes of queued or timed-out writes. CREATE INDEX CONCURRENTLY builds the index in the background (two table scans, several times slower) while writes continue. It cannot run inside a transaction block, so it must sit outside BEGIN/COMMIT, in a migration the runner does not wrap in a transaction. Tables created earlier in the same file are empty and unseen by running code, so indexing them plainly is fine. For a partitioned table CONCURRENTLY is refused: create the index on the parent with `ON ONLY`, build it CONCURRENTLY on each partition, and attach those with ALTER INDEX ... ATTACH PARTITION; when the migration history shows the table is partitioned, the finding says so (also on a CREATE INDEX CONCURRENTLY, which would fail) and the fix writes that sequence for each partition the history created, with the names PostgreSQL would give. The fix adds CONCURRENTLY in place, moves the statement after the COMMIT of its BEGIN block, or, for a dbmate migration that only builds indexes, adds `transaction:false` to its `-- migrate:up` line; with IF NOT EXISTS it first drops a leftover INVALID index of that name (see ban-concurrent-index-if-not-exists).',
  messages: {
    blocking:
      'CREATE INDEX on "{{table}}" blocks every write to the table until the index is built (SHARE lock), minutes on a large table; use CREATE INDEX CONCURRENTLY.',
    inTransaction:
      'CREATE INDEX on "{{table}}" blocks every write to the table until the index is built (SHARE lock), and CONCURRENTLY cannot run inside the transaction block opened by BEGIN; build it with CREATE INDEX CONCURRENTLY after COMMIT.',
    inRunnerTransaction:
      'CREATE INDEX on "{{table}}" blocks every write to the table until the index is built (SHARE lock), and CONCURRENTLY cannot run inside the one transaction the migration runner runs this file in; build it with CREATE INDEX CONCURRENTLY in a migration of its own that runs without a transaction.',
    partitioned:
      'CREATE INDEX on partitioned table "{{table}}" builds the index on its {{partitions}} partitions while blocking every write to them (SHARE lock), and CONCURRENTLY cannot build an index on a partitioned table; create it ON ONLY "{{table}}", build it CONCURRENTLY on each partition, then attach each with ALTER INDEX ... ATTACH PARTITION.',
    concurrentlyOnPartitioned:
      'CREATE INDEX CONCURRENTLY fails on partitioned table "{{table}}": PostgreSQL cannot build an index concurrently on a partitioned table; create it ON ONLY "{{table}}", build it CONCURRENTLY on each of its {{partitions}} partitions, then attach each with ALTER INDEX ... ATTACH PARTITION.',
  },
  examples: {
    valid: [
      { sql: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);', description: 'Writes continue during the build.' },
      {
        sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX invoices_customer_id_idx ON invoices (customer_id);',
        description: 'The table is new and empty: nothing waits.',
      },
      {
        sql: 'CREATE INDEX measurements_taken_at_idx ON ONLY measurements (taken_at);',
        description: 'ON ONLY on a partitioned parent: each partition gets its index CONCURRENTLY, then is attached.',
      },
    ],
    invalid: [
      { sql: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);', description: 'Blocks writes to orders for the whole build.' },
      {
        sql: 'BEGIN;\nCREATE UNIQUE INDEX users_email_key ON users (email);\nCOMMIT;',
        description: 'Inside a transaction the fix moves the statement after COMMIT, as CONCURRENTLY.',
      },
      {
        sql: 'CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);',
        description: 'With IF NOT EXISTS the fix also drops a leftover INVALID index from a failed earlier build.',
      },
    ],
  },
  alembicFix: concurrentIndexAlembicFix,
  check(context: RuleContext) {
    for (const statement of context.statementsOf('IndexStmt')) {
      const node: IndexStmt = statement.node;
      const relation = node.relation;
      if (!relation || !relation.inh) continue; // ON ONLY: the partitioned-table pattern (the parser omits inh when false)
      if (checkPartitioned(context, statement)) continue;
      if (node.concurrent) continue;
      if (unseenByOthers(context, relation, 'table', statement)) continue;

      const end = statement.nameEnd(statement.offsetOf(relation.location));
      const dropFirst = node.if_not_exists ? dropIndexFirst(statement) : undefined;
      if (node.if_not_exists && !dropFirst) continue;
      const { messageId, fixes } = concurrentlyFix(context, statement, {
        after: 'index',
        label: 'CREATE INDEX CONCURRENTLY',
        before: dropFirst,
        names: node.idxname ? [node.idxname] : [],
      });
      context.report({ statement, end, messageId, data: { table: relationName(relation) }, fixes });
    }
  },
});

/**
 * An index on a partitioned table the history built (known from the workspace schema): the plain
 * form blocks writes to every partition and the CONCURRENTLY form fails. Returns true when the
 * statement is about a partitioned table (reported or not).
 */
function checkPartitioned(context: RuleContext, statement: Statement<'IndexStmt'>): boolean {
  const relation = statement.node.relation!;
  const state = context.schema.at(statement.index);
  const key = relation.relname ? state.resolveRelation({ schema: relation.schemaname, name: relation.relname }) : undefined;
  const table = key ? state.relations.get(key) : undefined;
  if (!key || table?.kind !== 'partitioned table') return false;
  const partitions = leafPartitions(state, key);
  // no partitions yet: the index is built on nothing; a table new in this file blocks nobody
  if (partitions?.length === 0 || (!statement.node.concurrent && unseenByOthers(context, relation, 'table', statement))) return true;
  const fix = partitions ? partitionedIndexFix(context, statement, table, partitions, state) : undefined;
  context.report({
    statement,
    end: statement.nameEnd(statement.offsetOf(relation.location)),
    messageId: statement.node.concurrent ? 'concurrentlyOnPartitioned' : 'partitioned',
    data: { table: relationName(relation), partitions: partitions?.length ?? 'several' },
    fixes: fix ? [fix] : [],
  });
  return true;
}
