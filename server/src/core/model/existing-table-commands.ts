/** The ALTER TABLE subcommands whose lock or scan matters: those on a table that existed before this file. */
import type { AlterTableCmd, RangeVar } from 'libpg-query';
import type { FileContext } from './file-context';
import type { Statement } from '../source/document';
import { altersTable, alterTableCommands } from './alter-table';
import { relationCreatedInFile } from './introduced-in-file';

export interface ExistingTableCommand {
  statement: Statement<'AlterTableStmt'>;
  relation: RangeVar;
  command: AlterTableCmd;
  /** Position of the subcommand in the statement. */
  index: number;
}

/**
 * Every subcommand of every ALTER TABLE on a table this file did not create: a table (or view, index,
 * sequence) created earlier in the file is empty and unseen by running code, so no lock or scan on it matters.
 */
export function existingTableCommands(context: FileContext): ExistingTableCommand[] {
  const result: ExistingTableCommand[] = [];
  for (const statement of context.statementsOf('AlterTableStmt')) {
    const relation = statement.node.relation;
    if (!relation || !altersTable(statement.node)) continue;
    if (relationCreatedInFile(context.model, relation, statement)) continue;
    for (const { cmd, index } of alterTableCommands(statement.node)) result.push({ statement, relation, command: cmd, index });
  }
  return result;
}
