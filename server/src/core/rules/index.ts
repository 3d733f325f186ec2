/** The rule registry: every rule file is listed here (a meta-test checks that none is missing). */
import { BUILTINS } from '../builtins';
import banAlembicCommandInApplicationCode from './ban-alembic-command-in-application-code';
import banAlembicDataMigrationWithSchemaChanges from './ban-alembic-data-migration-with-schema-changes';
import banAlembicNotNullColumnWithoutDefault from './ban-alembic-not-null-column-without-default';
import banBackfillWithDdlInTransaction from './ban-backfill-with-ddl-in-transaction';
import banBlockingTableRewriteMaintenance from './ban-blocking-table-rewrite-maintenance';
import banBrokenAlembicRevisionGraph from './ban-broken-alembic-revision-graph';
import banCascade from './ban-cascade';
import banColumnTypeChange from './ban-column-type-change';
import banConcurrentIndexIfNotExists from './ban-concurrent-index-if-not-exists';
import banConcurrentlyInTransaction from './ban-concurrently-in-transaction';
import banDisablingTriggers from './ban-disabling-triggers';
import banDropColumn from './ban-drop-column';
import banDropTable from './ban-drop-table';
import banEntityAttributeValue from './ban-entity-attribute-value';
import banEnumValueInTransaction from './ban-enum-value-in-transaction';
import banExcludeConstraintOnExistingTable from './ban-exclude-constraint-on-existing-table';
import banFloatForMoney from './ban-float-for-money';
import banListValuedColumn from './ban-list-valued-column';
import banDuplicateMigrationVersion from './ban-duplicate-migration-version';
import banEditingAppliedMigration from './ban-editing-applied-migration';
import banIrreversibleDataLoss from './ban-irreversible-data-loss';
import banLockingSeveralTablesInTransaction from './ban-locking-several-tables-in-transaction';
import banMoneyType from './ban-money-type';
import banNotNullColumnWithoutDefault from './ban-not-null-column-without-default';
import banRedundantIndex from './ban-redundant-index';
import banOutOfOrderMigration from './ban-out-of-order-migration';
import banRenameColumn from './ban-rename-column';
import banRepeatingColumnGroup from './ban-repeating-column-group';
import banRenameTable from './ban-rename-table';
import banReplicationBreakingChange from './ban-replication-breaking-change';
import banRewritingColumnAdd from './ban-rewriting-column-add';
import banTransitiveDependency from './ban-transitive-dependency';
import banRiskyAlembicAutogenerateOp from './ban-risky-alembic-autogenerate-op';
import banSchemaDrift from './ban-schema-drift';
import banTruncate from './ban-truncate';
import banUnneededAlembicMerge from './ban-unneeded-alembic-merge';
import banValidateInSameTransaction from './ban-validate-in-same-transaction';
import preferOneChangePerAlembicRevision from './prefer-one-change-per-alembic-revision';
import requireAlembicAutocommitBlock from './require-alembic-autocommit-block';
import preferBigintIdentityKey from './prefer-bigint-identity-key';
import preferJsonb from './prefer-jsonb';
import preferTextOverChar from './prefer-text-over-char';
import preferTextOverVarchar from './prefer-text-over-varchar';
import preferTimestamptz from './prefer-timestamptz';
import preferUuidv7Key from './prefer-uuidv7-key';
import preferGinIndex from './prefer-gin-index';
import preferSoftDeleteTimestamp from './prefer-soft-delete-timestamp';
import preferTextPatternOps from './prefer-text-pattern-ops';
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
import requireConsistentKeyType from './require-consistent-key-type';
import requireLockTimeout from './require-lock-timeout';
import requireMatchingForeignKeyType from './require-matching-foreign-key-type';
import requireNotValidConstraint from './require-not-valid-constraint';
import requirePrimaryKey from './require-primary-key';
import requirePartialUniqueWithSoftDelete from './require-partial-unique-with-soft-delete';
import requireSingleAlembicHead from './require-single-alembic-head';
import requireUniqueIndexBeforeConstraint from './require-unique-index-before-constraint';
import requireVectorIndex from './require-vector-index';
import type { Rule } from './types';

export const ALL_RULES: readonly Rule[] = [
  banAlembicCommandInApplicationCode,
  banAlembicDataMigrationWithSchemaChanges,
  banAlembicNotNullColumnWithoutDefault,
  banBackfillWithDdlInTransaction,
  banBlockingTableRewriteMaintenance,
  banBrokenAlembicRevisionGraph,
  banCascade,
  banColumnTypeChange,
  banConcurrentIndexIfNotExists,
  banConcurrentlyInTransaction,
  banDisablingTriggers,
  banDropColumn,
  banDropTable,
  banEntityAttributeValue,
  banEnumValueInTransaction,
  banExcludeConstraintOnExistingTable,
  banFloatForMoney,
  banListValuedColumn,
  banDuplicateMigrationVersion,
  banEditingAppliedMigration,
  banIrreversibleDataLoss,
  banLockingSeveralTablesInTransaction,
  banMoneyType,
  banNotNullColumnWithoutDefault,
  banRedundantIndex,
  banOutOfOrderMigration,
  banRenameColumn,
  banRepeatingColumnGroup,
  banRenameTable,
  banReplicationBreakingChange,
  banRewritingColumnAdd,
  banTransitiveDependency,
  banRiskyAlembicAutogenerateOp,
  banSchemaDrift,
  banTruncate,
  banUnneededAlembicMerge,
  banValidateInSameTransaction,
  preferOneChangePerAlembicRevision,
  requireAlembicAutocommitBlock,
  requireAlembicDowngrade,
  preferBigintIdentityKey,
  preferJsonb,
  preferTextOverChar,
  preferTextOverVarchar,
  preferTimestamptz,
  preferUuidv7Key,
  preferGinIndex,
  preferSoftDeleteTimestamp,
  preferTextPatternOps,
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
  requireConsistentKeyType,
  requireLockTimeout,
  requireMatchingForeignKeyType,
  requireNotValidConstraint,
  requirePrimaryKey,
  requirePartialUniqueWithSoftDelete,
  requireSingleAlembicHead,
  requireUniqueIndexBeforeConstraint,
  requireVectorIndex,
];

const RULES_BY_ID = new Map(ALL_RULES.map((rule) => [rule.id, rule]));

export function getRule(id: string): Rule | undefined {
  return RULES_BY_ID.get(id);
}

/** True for the id of a rule or of a diagnostic the engine reports itself. */
export function isKnownId(id: string): boolean {
  return RULES_BY_ID.has(id) || BUILTINS.some((meta) => meta.id === id);
}
