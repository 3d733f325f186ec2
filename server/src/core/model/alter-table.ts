/** Readers for ALTER TABLE: its subcommands, typed, and where each is written. */
import type { AlterTableCmd, AlterTableStmt, RangeVar } from 'libpg-query';
import type { Statement } from '../source/document';
import type { NodeKind, NodeOf } from '../source/parser';
import { relationKey } from './names';
import type { TextRange } from './statement-ranges';
import { codeTokens, rangeOf, splitAtTopLevelCommas } from './statement-ranges';

/** True for ALTER TABLE proper, not ALTER INDEX / VIEW / SEQUENCE / FOREIGN TABLE, which share the node. */
export function altersTable(node: AlterTableStmt): boolean {
  return node.objtype === undefined || node.objtype === 'OBJECT_TABLE';
}

/** True for an ALTER TABLE (or ALTER INDEX / VIEW ...) of the table `relation` names, as the file model compares tables. */
export function altersRelation(statement: Statement, relation: RangeVar): statement is Statement<'AlterTableStmt'> {
  return statement.is('AlterTableStmt') && !!statement.node.relation && relationKey(statement.node.relation) === relationKey(relation);
}

/** The definition of a subcommand when it is a node of `kind` (e.g. 'Constraint', 'ColumnDef', 'PartitionCmd'). */
export function definitionOf<K extends NodeKind>(cmd: AlterTableCmd, kind: K): NodeOf<K> | undefined {
  return (cmd.def as Record<string, unknown> | undefined)?.[kind] as NodeOf<K> | undefined;
}

/** The subcommands of an ALTER TABLE, in order, with their index in `cmds`. */
export function alterTableCommands(node: AlterTableStmt): Array<{ cmd: AlterTableCmd; index: number }> {
  return (node.cmds ?? []).flatMap((entry, index) => {
    const cmd = (entry as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
    return cmd ? [{ cmd, index }] : [];
  });
}

/**
 * The source range of each subcommand of an ALTER TABLE (the parse tree gives them no location),
 * in the order of `node.cmds`; undefined when the text does not split into that many.
 */
export function alterTableCommandRanges(statement: Statement<'AlterTableStmt'>): TextRange[] | undefined {
  const node: AlterTableStmt = statement.node;
  const count = node.cmds?.length ?? 0;
  if (!node.relation || count === 0) return undefined;
  const afterName = statement.nameEnd(statement.offsetOf(node.relation.location));
  const items = splitAtTopLevelCommas(codeTokens(statement, afterName));
  if (items.length !== count) return undefined;
  return items.map((item) => rangeOf(item)!);
}

/** The range of subcommand `index` of an ALTER TABLE, or the whole statement when it cannot be told apart. */
export function alterTableCommandRange(statement: Statement<'AlterTableStmt'>, index: number): TextRange {
  return alterTableCommandRanges(statement)?.[index] ?? { start: statement.start, end: statement.end };
}
