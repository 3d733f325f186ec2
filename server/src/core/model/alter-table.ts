/** Readers for ALTER TABLE: its subcommands, typed, and where each is written. */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, Node, RangeVar } from 'libpg-query';
import type { Statement } from '../source/document';
import type { NodeKind, NodeOf } from '../source/parser';
import { namesOf } from './named-objects';
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

/**
 * The range that removes subcommand `index` together with one separating comma: from the end of the
 * previous subcommand, or for the first one up to the start of the next.
 */
export function commandRemovalRange(ranges: readonly TextRange[], index: number): TextRange {
  if (index > 0) return { start: ranges[index - 1].end, end: ranges[index].end };
  const next = ranges[index + 1];
  return next ? { start: ranges[index].start, end: next.start } : ranges[index];
}

/** The Constraint a subcommand adds (ADD CONSTRAINT), if any. */
export function addedConstraint(cmd: AlterTableCmd): Constraint | undefined {
  return cmd.subtype === 'AT_AddConstraint' ? definitionOf(cmd, 'Constraint') : undefined;
}

/** The column a subcommand adds (ADD COLUMN), if any. */
export function addedColumn(cmd: AlterTableCmd): ColumnDef | undefined {
  return cmd.subtype === 'AT_AddColumn' ? definitionOf(cmd, 'ColumnDef') : undefined;
}

/** The constraints written on a column definition, unwrapped, in source order. */
export function columnConstraints(column: ColumnDef): Constraint[] {
  return (column.constraints ?? []).map((entry) => (entry as { Constraint?: Constraint }).Constraint ?? {});
}

/** A DEFAULT that gives existing rows a value (DEFAULT NULL does not). */
export function nonNullDefault(column: ColumnDef): Constraint | undefined {
  return columnConstraints(column).find((constraint) => constraint.contype === 'CONSTR_DEFAULT' && !isNullConstant(constraint.raw_expr));
}

function isNullConstant(expression: Node | undefined): boolean {
  const constant = (expression as { A_Const?: { isnull?: boolean } } | undefined)?.A_Const;
  return constant?.isnull === true;
}

const SERIAL_TYPES = new Set(['smallserial', 'serial', 'bigserial', 'serial2', 'serial4', 'serial8']);

/** The serial pseudo-type a column is declared with (serial, bigserial, ...), if any: its DEFAULT is nextval(). */
export function serialTypeOf(column: ColumnDef): string | undefined {
  const name = namesOf(column.typeName?.names).pop()?.toLowerCase();
  return name && SERIAL_TYPES.has(name) ? name : undefined;
}
