/** The rule registry: every rule file is listed here (a meta-test checks that none is missing). */
import { BUILTINS } from '../builtins';
import banAlembicNotNullColumnWithoutDefault from './ban-alembic-not-null-column-without-default';
import banBackfillWithDdlInTransaction from './ban-backfill-with-ddl-in-transaction';
import banBlockingTableRewriteMaintenance from './ban-blocking-table-rewrite-maintenance';
import banCascade from './ban-cascade';
import banColumnTypeChange from './ban-column-type-change';
import banConcurrentIndexIfNotExists from './ban-concurrent-index-if-not-exists';
import banConcurrentlyInTransaction from './ban-concurrently-in-transaction';
import banDisablingTriggers from './ban-disabling-triggers';
import banDropColumn from './ban-drop-column';
import banDropTable from './ban-drop-table';
import banDuplicateMigrationVersion from './ban-duplicate-migration-version';
import banEditingAppliedMigration from './ban-editing-applied-migration';
import banEnumValueInTransaction from './ban-enum-value-in-transaction';
import banExcludeConstraintOnExistingTable from './ban-exclude-constraint-on-existing-table';
import banIrreversibleDataLoss from './ban-irreversible-data-loss';
import banLockingSeveralTablesInTransaction from './ban-locking-several-tables-in-transaction';
import banNotNullColumnWithoutDefault from './ban-not-null-column-without-default';
import banOutOfOrderMigration from './ban-out-of-order-migration';
import banRenameColumn from './ban-rename-column';
import banRenameTable from './ban-rename-table';
import banReplicationBreakingChange from './ban-replication-breaking-change';
import banRewritingColumnAdd from './ban-rewriting-column-add';
import banSchemaDrift from './ban-schema-drift';
import banTruncate from './ban-truncate';
import banValidateInSameTransaction from './ban-validate-in-same-transaction';
import requireAlembicAutocommitBlock from './require-alembic-autocommit-block';
import requireAlembicDowngrade from './require-alembic-downgrade';
import requireBatchedBackfill from './require-batched-backfill';
import requireCheckBeforeAttachPartition from './require-check-before-attach-partition';
import requireCheckBeforeSetNotNull from './require-check-before-set-not-null';
import requireCompleteDownMigration from './require-complete-down-migration';
import requireConcurrentDetachPartition from './require-concurrent-detach-partition';
import requireConcurrentIndex from './require-concurrent-index';
import requireConcurrentIndexDrop from './require-concurrent-index-drop';
import requireConcurrentRefresh from './require-concurrent-refresh';
import requireConcurrentReindex from './require-concurrent-reindex';
import requireDownMigration from './require-down-migration';
import requireIndexOnForeignKey from './require-index-on-foreign-key';
import requireLockTimeout from './require-lock-timeout';
import requireNotValidConstraint from './require-not-valid-constraint';
import requireUniqueIndexBeforeConstraint from './require-unique-index-before-constraint';
import type { Rule } from './types';

export const ALL_RULES: readonly Rule[] = [
  banAlembicNotNullColumnWithoutDefault,
  banBackfillWithDdlInTransaction,
  banBlockingTableRewriteMaintenance,
  banCascade,
  banColumnTypeChange,
  banConcurrentIndexIfNotExists,
  banConcurrentlyInTransaction,
  banDisablingTriggers,
  banDropColumn,
  banDropTable,
  banDuplicateMigrationVersion,
  banEditingAppliedMigration,
  banEnumValueInTransaction,
  banExcludeConstraintOnExistingTable,
  banIrreversibleDataLoss,
  banLockingSeveralTablesInTransaction,
  banNotNullColumnWithoutDefault,
  banOutOfOrderMigration,
  banRenameColumn,
  banRenameTable,
  banReplicationBreakingChange,
  banRewritingColumnAdd,
  banSchemaDrift,
  banTruncate,
  banValidateInSameTransaction,
  requireAlembicAutocommitBlock,
  requireAlembicDowngrade,
  requireBatchedBackfill,
  requireCheckBeforeAttachPartition,
  requireCheckBeforeSetNotNull,
  requireCompleteDownMigration,
  requireConcurrentDetachPartition,
  requireConcurrentIndex,
  requireConcurrentIndexDrop,
  requireConcurrentRefresh,
  requireConcurrentReindex,
  requireDownMigration,
  requireIndexOnForeignKey,
  requireLockTimeout,
  requireNotValidConstraint,
  requireUniqueIndexBeforeConstraint,
];

const RULES_BY_ID = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

export function getRule(id: string): Rule | undefined {
  return RULES_BY_ID.get(id);
}

/** True for the id of a rule or of a diagnostic the engine reports itself. */
export function isKnownId(id: string): boolean {
  return RULES_BY_ID.has(id) || BUILTINS.some((meta) => meta.id === id);
}
