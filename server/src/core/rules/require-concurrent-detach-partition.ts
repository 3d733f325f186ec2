import type { AlterTableStmt } from 'libpg-query';
import { insertAt } from '../fix/edits';
import { altersTable, alterTableCommands, definitionOf } from '../model/alter-table';
import { relationCreatedInFile } from '../model/introduced-in-file';
import { relationName } from '../model/names';
import type { RuleContext } from './types';
import { defineRule } from './types';

/** DETACH PARTITION ... CONCURRENTLY exists from PostgreSQL 14. */
const CONCURRENT_DETACH_SINCE = 14;

export default defineRule({
  id: 'require-concurrent-detach-partition',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Detach partitions with DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+).',
  lock:
    'DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table and on the partition: it waits for every running query on any partition and blocks all reads and writes of the whole table meanwhile. DETACH PARTITION ... CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the partitioned table, which lets reads and writes through.',
  description:
    'Detaching a partition only changes the catalog, but its ACCESS EXCLUSIVE lock on the partitioned table has to wait until every query touching the table finishes, and every new query queues behind it: one long report stalls all traffic to the table. From PostgreSQL 14, DETACH PARTITION ... CONCURRENTLY runs in two transactions and needs only SHARE UPDATE EXCLUSIVE on the parent. It cannot run inside a transaction block, and it is refused when the table has a DEFAULT partition; if it is interrupted, finish it with ALTER TABLE ... DETACH PARTITION ... FINALIZE. On PostgreSQL 14 to 18 it leaves a CHECK constraint that repeats the partition bound on the detached table (handy for attaching it again without a scan; drop it if unwanted). Before PostgreSQL 14 there is no concurrent form and this rule is silent. Partitioned tables created earlier in the same file are detached from without warning.',
  messages: {
    blocking:
      'DETACH PARTITION takes an ACCESS EXCLUSIVE lock on "{{parent}}", so it waits for every running query on the partitioned table and blocks all its reads and writes meanwhile; use DETACH PARTITION ... CONCURRENTLY, which takes only SHARE UPDATE EXCLUSIVE.',
    inTransaction:
      'DETACH PARTITION takes an ACCESS EXCLUSIVE lock on "{{parent}}", blocking all its reads and writes, and CONCURRENTLY cannot run inside the transaction block opened by BEGIN; detach it with DETACH PARTITION ... CONCURRENTLY after COMMIT.',
    inRunnerTransaction:
      'DETACH PARTITION takes an ACCESS EXCLUSIVE lock on "{{parent}}", blocking all its reads and writes, and CONCURRENTLY cannot run inside the one transaction the migration runner runs this file in; detach it with DETACH PARTITION ... CONCURRENTLY in a migration of its own that runs without a transaction.',
  },
  examples: {
    valid: [
      { sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;', description: 'Reads and writes continue.' },
      {
        sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019;',
        settings: { postgresVersion: 13 },
        description: 'Before PostgreSQL 14 there is no concurrent form.',
      },
    ],
    invalid: [
      { sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019;', description: 'Every query on measurements waits for the lock.' },
      {
        sql: 'BEGIN;\nALTER TABLE measurements DETACH PARTITION measurements_2019;\nCOMMIT;',
        description: 'CONCURRENTLY cannot run inside BEGIN/COMMIT.',
      },
    ],
  },
  check(context: RuleContext) {
    if (context.settings.postgresVersion < CONCURRENT_DETACH_SINCE) return;
    for (const statement of context.statementsOf('AlterTableStmt')) {
      const node: AlterTableStmt = statement.node;
      const parent = node.relation;
      if (!parent || !altersTable(node) || relationCreatedInFile(context.model, parent, statement)) continue;
      for (const { cmd } of alterTableCommands(node)) {
        const partition = definitionOf(cmd, 'PartitionCmd');
        if (cmd.subtype !== 'AT_DetachPartition' || !partition?.name || partition.concurrent) continue;
        const located = partition.name.location !== undefined;
        const end = located ? statement.nameEnd(statement.offsetOf(partition.name.location)) : statement.end;
        const data = { parent: relationName(parent) };
        const transaction = context.model.transaction(statement);
        if (!transaction.inTransaction) {
          const fixes = located ? [{ title: 'Use DETACH PARTITION ... CONCURRENTLY', edits: [insertAt(end, ' CONCURRENTLY')] }] : [];
          context.report({ statement, end, messageId: 'blocking', data, fixes });
        } else {
          context.report({ statement, end, messageId: transaction.openedBy === 'begin' ? 'inTransaction' : 'inRunnerTransaction', data });
        }
      }
    }
  },
});
