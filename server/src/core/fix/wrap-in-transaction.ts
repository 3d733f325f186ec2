/**
 * Wraps a run of statements that each commit on their own in one BEGIN/COMMIT, so that other
 * sessions see all of their effects at once (e.g. a table renamed and a view put under its old
 * name, or a primary key dropped and its replacement added).
 */
import type { Settings } from '../config';
import { alterTableCommands, definitionOf } from '../model/alter-table';
import type { FileModel } from '../model/file-model';
import { optionEnabled } from '../model/locks';
import type { Statement } from '../source/document';
import type { FixSpec } from './types';
import { indentationAt, insertAt, lineBreakOf, startsLine } from './edits';

/** False for the statements PostgreSQL refuses inside a transaction block. */
export function canRunInTransactionBlock(statement: Statement, settings: Settings): boolean {
  if (!statement.kind) return false;
  if (statement.is('IndexStmt')) return !statement.node.concurrent;
  if (statement.is('DropStmt')) return !statement.node.concurrent;
  if (statement.is('ReindexStmt')) return !optionEnabled(statement.node.params, 'concurrently');
  if (statement.is('AlterTableStmt')) {
    return !alterTableCommands(statement.node).some(({ cmd }) => {
      return cmd.subtype === 'AT_DetachPartition' && definitionOf(cmd, 'PartitionCmd')?.concurrent === true;
    });
  }
  if (statement.is('VacuumStmt')) return statement.node.is_vacuumcmd !== true;
  if (statement.is('AlterEnumStmt')) return settings.postgresVersion >= 12 || !statement.node.newVal;
  if (statement.is('ClusterStmt')) return !!statement.node.relation;
  const never = ['TransactionStmt', 'CreatedbStmt', 'DropdbStmt', 'AlterSystemStmt', 'CreateTableSpaceStmt', 'DropTableSpaceStmt'];
  return !never.includes(statement.kind);
}

/**
 * BEGIN before `first` and COMMIT after `last`; undefined unless every statement from `first` to
 * `last` runs outside a transaction today and may run inside one.
 */
export function wrapInTransaction(
  text: string,
  model: FileModel,
  settings: Settings,
  first: Statement,
  last: Statement,
): FixSpec | undefined {
  const run = model.statements.slice(first.index, last.index + 1);
  if (run.length === 0) return undefined;
  if (run.some((statement) => model.transaction(statement).inTransaction || !canRunInTransactionBlock(statement, settings))) return undefined;
  const newline = lineBreakOf(text);
  const opening = startsLine(text, first.start) ? `BEGIN;${newline}${indentationAt(text, first.start)}` : 'BEGIN; ';
  const commit = `${newline}${indentationAt(text, last.start)}COMMIT;`;
  const closing = last.semicolon !== undefined ? insertAt(last.semicolon + 1, commit) : insertAt(last.end, `;${commit}`);
  return { title: 'Run these statements in one transaction', edits: [insertAt(first.start, opening), closing] };
}
