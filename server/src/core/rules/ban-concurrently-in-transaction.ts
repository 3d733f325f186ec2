import type { RangeVar } from 'libpg-query';
import { alterTableCommands, definitionOf } from '../model/alter-table';
import { dbmateWithoutTransaction, moveAfterCommit } from '../fix/transaction-blocks';
import { optionEnabled } from '../model/locks';
import { relationName } from '../model/names';
import { droppedRelations, headEnd } from '../model/relations-in-file';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-concurrently-in-transaction',
  category: 'migration-safety',
  severity: 'error',
  fixable: true,
  summary: 'Run CREATE INDEX, DROP INDEX, REINDEX and DETACH PARTITION CONCURRENTLY outside any transaction block.',
  lock:
    'The CONCURRENTLY forms take SHARE UPDATE EXCLUSIVE on the table (reads and writes go on) and stay light only because they commit between their phases and wait for older transactions in between, which a transaction block cannot do; PostgreSQL therefore refuses them inside one.',
  description:
    'CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY and ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY fail with "cannot run inside a transaction block" (SQLSTATE 25001) when a BEGIN in the file, or a migration runner that wraps each file in a transaction (Flyway, Prisma, Alembic and dbmate by default) or sends it as one command of several statements (golang-migrate), has opened one. The migration then stops half-way in production, after having passed on a developer machine that ran the file with psql statement by statement. Put these statements after the COMMIT, or in a migration of their own that the runner does not wrap: `-- migrate:up transaction:false` for dbmate, `executeInTransaction=false` for Flyway, `autocommit_block()` for Alembic. REFRESH MATERIALIZED VIEW CONCURRENTLY may run in a transaction and is not reported.',
  messages: {
    inTransaction:
      '{{statement}} cannot run inside the transaction block opened by BEGIN: PostgreSQL stops the migration with "cannot run inside a transaction block"; move it after COMMIT.',
    inRunnerTransaction:
      '{{statement}} cannot run inside the one transaction the migration runner runs this file in: PostgreSQL stops the migration with "cannot run inside a transaction block"; put it in a migration of its own that runs without a transaction.',
  },
  examples: {
    valid: [
      {
        sql: "BEGIN;\nALTER TABLE orders ADD COLUMN shipped_at timestamptz;\nCOMMIT;\n\nCREATE INDEX CONCURRENTLY orders_shipped_at_idx ON orders (shipped_at);",
        description: 'The index is built after the transaction commits.',
      },
      {
        sql: "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY orders_shipped_at_idx ON orders (shipped_at);",
        description: 'dbmate runs this migration without a transaction.',
        settings: { transaction: 'per-file' },
      },
    ],
    invalid: [
      {
        sql: 'BEGIN;\nALTER TABLE orders ADD COLUMN shipped_at timestamptz;\nCREATE INDEX CONCURRENTLY orders_shipped_at_idx ON orders (shipped_at);\nCOMMIT;',
        description: 'Fails at run time; the fix moves the index build after COMMIT.',
      },
      {
        sql: '-- migrate:up\nDROP INDEX CONCURRENTLY orders_status_idx;',
        description: 'dbmate wraps each migration in a transaction unless told otherwise; the fix tells it.',
      },
    ],
  },
  check(context: RuleContext) {
    for (const statement of context.statements) {
      const found = concurrentStatement(statement);
      if (!found) continue;
      const transaction = context.model.transaction(statement);
      if (!transaction.inTransaction) continue;
      const data = { statement: found.label };
      const end = headEnd(statement, found.relation);
      if (transaction.openedBy === 'begin') {
        const fix = moveAfterCommit(context, statement, { title: `Move ${found.label} after COMMIT`, names: found.names });
        context.report({ statement, end, messageId: 'inTransaction', data, fixes: fix ? [fix] : [] });
      } else {
        const fix = dbmateWithoutTransaction(context, statement, 'Run this dbmate migration without a transaction');
        context.report({ statement, end, messageId: 'inRunnerTransaction', data, fixes: fix ? [fix] : [] });
      }
    }
  },
});

interface ConcurrentStatement {
  label: string;
  relation?: RangeVar;
  /** Names a later statement of the block may depend on. */
  names: string[];
}

/** The statements that PostgreSQL refuses inside a transaction block because of CONCURRENTLY. */
function concurrentStatement(statement: Statement): ConcurrentStatement | undefined {
  if (statement.is('IndexStmt') && statement.node.concurrent) {
    const node = statement.node;
    return { label: 'CREATE INDEX CONCURRENTLY', relation: node.relation, names: node.idxname ? [node.idxname] : [] };
  }
  if (statement.is('DropStmt') && statement.node.concurrent && statement.node.removeType === 'OBJECT_INDEX') {
    const indexes = droppedRelations(statement);
    return { label: 'DROP INDEX CONCURRENTLY', relation: indexes[0], names: indexes.map((index) => index.relname!) };
  }
  if (statement.is('ReindexStmt')) {
    const node = statement.node;
    const concurrently = optionEnabled(node.params, 'concurrently');
    if (concurrently) return { label: 'REINDEX CONCURRENTLY', relation: node.relation, names: [] };
  }
  if (statement.is('AlterTableStmt')) {
    const node = statement.node;
    for (const { cmd } of alterTableCommands(node)) {
      if (cmd.subtype === 'AT_DetachPartition' && definitionOf(cmd, 'PartitionCmd')?.concurrent) {
        return { label: `DETACH PARTITION CONCURRENTLY on "${relationName(node.relation)}"`, relation: node.relation, names: [] };
      }
    }
  }
  return undefined;
}

