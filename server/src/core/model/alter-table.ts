/** Readers for ALTER TABLE: its subcommands, typed, and where each is written. */
import type { AlterTableCmd, AlterTableStmt } from 'libpg-query';
import type { Statement } from '../source/document';
import type { TextRange } from './statement-ranges';
import { codeTokens, rangeOf, splitAtTopLevelCommas } from './statement-ranges';

/** True for ALTER TABLE proper, not ALTER INDEX / VIEW / SEQUENCE / FOREIGN TABLE, which share the node. */
export function altersTable(node: AlterTableStmt): boolean {
  return node.objtype === undefined || node.objtype === 'OBJECT_TABLE';
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
