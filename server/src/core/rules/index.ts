/** The rule registry: every rule file is listed here (a meta-test checks that none is missing). */
import { BUILTINS } from '../builtins';
import requireConcurrentIndex from './require-concurrent-index';
// rules-b: migration-safety rules about columns and constraints
import banColumnTypeChange from './ban-column-type-change';
import banExcludeConstraintOnExistingTable from './ban-exclude-constraint-on-existing-table';
import banNotNullColumnWithoutDefault from './ban-not-null-column-without-default';
import banRewritingColumnAdd from './ban-rewriting-column-add';
import banValidateInSameTransaction from './ban-validate-in-same-transaction';
import requireCheckBeforeSetNotNull from './require-check-before-set-not-null';
import requireNotValidConstraint from './require-not-valid-constraint';
import requireUniqueIndexBeforeConstraint from './require-unique-index-before-constraint';
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
  requireConcurrentIndex,
  // rules-b
  banColumnTypeChange,
  banExcludeConstraintOnExistingTable,
  banNotNullColumnWithoutDefault,
  banRewritingColumnAdd,
  banValidateInSameTransaction,
  requireCheckBeforeSetNotNull,
  requireNotValidConstraint,
  requireUniqueIndexBeforeConstraint,
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
