/** The rule registry: every rule file is listed here (a meta-test checks that none is missing). */
import { BUILTINS } from '../builtins';
// rules-a: migration safety (locks, CONCURRENTLY, transactions, backfills)
import banBackfillWithDdlInTransaction from './ban-backfill-with-ddl-in-transaction';
import banBlockingTableRewriteMaintenance from './ban-blocking-table-rewrite-maintenance';
import banConcurrentIndexIfNotExists from './ban-concurrent-index-if-not-exists';
import banConcurrentlyInTransaction from './ban-concurrently-in-transaction';
import banEnumValueInTransaction from './ban-enum-value-in-transaction';
import banLockingSeveralTablesInTransaction from './ban-locking-several-tables-in-transaction';
import requireBatchedBackfill from './require-batched-backfill';
import requireConcurrentIndex from './require-concurrent-index';
import requireConcurrentIndexDrop from './require-concurrent-index-drop';
import requireConcurrentRefresh from './require-concurrent-refresh';
import requireConcurrentReindex from './require-concurrent-reindex';
import requireLockTimeout from './require-lock-timeout';
// rules-c: renames, destructive changes, partitions, triggers, replication
import banCascade from './ban-cascade';
import banDisablingTriggers from './ban-disabling-triggers';
import banDropColumn from './ban-drop-column';
import banDropTable from './ban-drop-table';
import banRenameColumn from './ban-rename-column';
import banRenameTable from './ban-rename-table';
import banReplicationBreakingChange from './ban-replication-breaking-change';
import banTruncate from './ban-truncate';
import requireCheckBeforeAttachPartition from './require-check-before-attach-partition';
import requireConcurrentDetachPartition from './require-concurrent-detach-partition';
import type { Rule } from './types';

export const ALL_RULES: readonly Rule[] = [
  // rules-a
  banBackfillWithDdlInTransaction,
  banBlockingTableRewriteMaintenance,
  banConcurrentIndexIfNotExists,
  banConcurrentlyInTransaction,
  banEnumValueInTransaction,
  banLockingSeveralTablesInTransaction,
  requireBatchedBackfill,
  requireConcurrentIndex,
  requireConcurrentIndexDrop,
  requireConcurrentRefresh,
  requireConcurrentReindex,
  requireLockTimeout,
  // rules-c
  banCascade,
  banDisablingTriggers,
  banDropColumn,
  banDropTable,
  banRenameColumn,
  banRenameTable,
  banReplicationBreakingChange,
  banTruncate,
  requireCheckBeforeAttachPartition,
  requireConcurrentDetachPartition,
];

const RULES_BY_ID = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

export function getRule(id: string): Rule | undefined {
  return RULES_BY_ID.get(id);
}

/** True for the id of a rule or of a diagnostic the engine reports itself. */
export function isKnownId(id: string): boolean {
  return RULES_BY_ID.has(id) || BUILTINS.some((meta) => meta.id === id);
}
