/** Reading ALTER TABLE statements: their subcommands, and which of them touch a table that existed before this file. */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, Node, RangeVar } from 'libpg-query';
import type { RuleContext } from '../rules/types';
import type { Statement } from '../source/document';
import { namesOf } from './parse-tree';

export interface ExistingTableCommand {
  statement: Statement<'AlterTableStmt'>;
  relation: RangeVar;
  command: AlterTableCmd;
  /** Position of the subcommand in the statement. */
  index: number;
}

/** The subcommands of an ALTER TABLE statement, unwrapped. */
export function alterTableCommands(node: AlterTableStmt): AlterTableCmd[] {
  return (node.cmds ?? []).map((entry: Node) => (entry as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd ?? {});
}

/**
 * Every subcommand of every ALTER TABLE on a table this file did not create: a table created earlier
 * in the file is empty and unseen by running code, so no lock or scan on it matters.
 */
export function existingTableCommands(context: RuleContext): ExistingTableCommand[] {
  const result: ExistingTableCommand[] = [];
  for (const statement of context.statementsOf('AlterTableStmt')) {
    const node = statement.node;
    const relation = node.relation;
    if (!relation || node.objtype !== 'OBJECT_TABLE') continue;
    if (context.model.createdInFile(relation, statement)) continue;
    alterTableCommands(node).forEach((command, index) => result.push({ statement, relation, command, index }));
  }
  return result;
}

/** The Constraint a subcommand adds (ADD CONSTRAINT), if any. */
export function addedConstraint(command: AlterTableCmd): Constraint | undefined {
  if (command.subtype !== 'AT_AddConstraint') return undefined;
  return (command.def as { Constraint?: Constraint } | undefined)?.Constraint;
}

/** The column a subcommand adds (ADD COLUMN), if any. */
export function addedColumn(command: AlterTableCmd): ColumnDef | undefined {
  if (command.subtype !== 'AT_AddColumn') return undefined;
  return (command.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
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
