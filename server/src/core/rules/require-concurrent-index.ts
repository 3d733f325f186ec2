import type { IndexStmt } from 'libpg-query';
import { concurrentlyFix, dropIndexFirst } from '../fix/concurrently';
import { relationName } from '../model/names';
import { unseenByOthers } from '../model/relations-in-file';
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
    'A plain CREATE INDEX on a table that already holds data blocks every write to it until the index is built, which on a large table is minutes of queued or timed-out writes. CREATE INDEX CONCURRENTLY builds the index in the background (two table scans, several times slower) while writes continue. It cannot run inside a transaction block, so it must sit outside BEGIN/COMMIT, in a migration the runner does not wrap in a transaction. Tables created earlier in the same file are empty and unseen by running code, so indexing them plainly is fine. For a partitioned table, create the index on the parent with `ON ONLY`, build it CONCURRENTLY on each partition, and attach those with ALTER INDEX ... ATTACH PARTITION. The fix adds CONCURRENTLY in place, moves the statement after the COMMIT of its BEGIN block, or, for a dbmate migration that only builds indexes, adds `transaction:false` to its `-- migrate:up` line; with IF NOT EXISTS it first drops a leftover INVALID index of that name (see ban-concurrent-index-if-not-exists).',
  messages: {
    blocking:
      'CREATE INDEX on "{{table}}" blocks every write to the table until the index is built (SHARE lock), minutes on a large table; use CREATE INDEX CONCURRENTLY.',
    inTransaction:
      'CREATE INDEX on "{{table}}" blocks every write to the table until the index is built (SHARE lock), and CONCURRENTLY cannot run inside the transaction block opened by BEGIN; build it with CREATE INDEX CONCURRENTLY after COMMIT.',
    inRunnerTransaction:
      'CREATE INDEX on "{{table}}" blocks every write to the table until the index is built (SHARE lock), and CONCURRENTLY cannot run inside the one transaction the migration runner runs this file in; build it with CREATE INDEX CONCURRENTLY in a migration of its own that runs without a transaction.',
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
      if (node.concurrent || !relation) continue;
      if (!relation.inh) continue; // ON ONLY: the partitioned-table pattern (the parser omits inh when false)
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
