import type { RangeVar, RenameStmt } from 'libpg-query';
import { alterTableCommands, altersRelation } from '../model/alter-table';
import { RELATION_KINDS, columnIntroducedInFile } from '../model/introduced-in-file';
import { relationName } from '../model/names';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-rename-column',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Do not rename a column that running code uses; add the new column and contract the old one later.',
  lock:
    'RENAME COLUMN takes an ACCESS EXCLUSIVE lock on the table only for an instant (a catalog change, no rewrite); the damage comes after the commit: every query and deployed application version that still names the old column fails.',
  description:
    'During a deploy, the old application version keeps running until the new one has replaced it, and both talk to the same database. A rename makes every query of the old version that names the column fail with "column does not exist" from the moment the migration commits; views follow the rename (they refer to columns by number), but application SQL and function bodies written as strings (PL/pgSQL, quoted SQL functions) do not. There is no rewrite that keeps both names, so this rule has no quick fix. Expand and contract instead: (1) add the new column, (2) install a trigger that copies writes of either column into the other, (3) backfill the new column in batches, (4) deploy code that reads and writes the new column, (5) in a later migration drop the trigger and then the old column. Columns added (or renamed) earlier in the same file, and columns of tables created in it, are renamed without warning: no running code knows them yet. The swap that ends an expand-contract type change (DROP COLUMN quantity, then RENAME quantity_new TO quantity, in one transaction) is not reported: the name running code uses never disappears.',
  messages: {
    rename:
      'Renaming column "{{column}}" of "{{table}}" to "{{newName}}" breaks every running query and deployed application version that still uses "{{column}}" (the rename is instant, the errors last until all code is switched); add "{{newName}}" beside it, keep the two in sync with a trigger and a batched backfill, switch the code, and drop "{{column}}" in a later migration.',
  },
  examples: {
    valid: [
      {
        sql: 'ALTER TABLE users ADD COLUMN full_name text;\n-- keep full_name and name in sync until the code has switched\nCREATE TRIGGER users_sync_full_name BEFORE INSERT OR UPDATE ON users\n  FOR EACH ROW EXECUTE FUNCTION users_sync_full_name();',
        description: 'The expand step: the new column exists beside the old one, and a trigger keeps both in sync.',
      },
      {
        sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric);\nALTER TABLE invoices RENAME COLUMN total TO amount;',
        description: 'The table is new: no running code knows the old name.',
      },
    ],
    invalid: [
      { sql: 'ALTER TABLE users RENAME COLUMN name TO full_name;', description: 'Old application versions still select "name".' },
    ],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('RenameStmt')) {
      const node: RenameStmt = statement.node;
      if (node.renameType !== 'OBJECT_COLUMN' || !RELATION_KINDS.has(node.relationType ?? '')) continue;
      const relation = node.relation;
      if (!relation || !node.subname || !node.newname) continue;
      if (context.model.introducedInFile(relation, statement)) continue;
      if (columnIntroducedInFile(context.statements, relation, node.subname, statement)) continue;
      if (swapsIntoDroppedColumn(context, statement, relation, node.newname)) continue;
      context.report({
        statement,
        messageId: 'rename',
        data: { table: relationName(relation), column: node.subname, newName: node.newname },
      });
    }
  },
});

/**
 * The contract step of an expand-contract type change: `DROP COLUMN quantity` then
 * `RENAME quantity_new TO quantity` in one transaction. Readers of "quantity" keep working
 * (the name never disappears); only the interim name goes, which just the sync trigger used.
 */
function swapsIntoDroppedColumn(context: RuleContext, statement: Statement, relation: RangeVar, newName: string): boolean {
  const block = context.model.transaction(statement).block;
  if (block === undefined) return false;
  return context.statements.slice(0, statement.index).some(
    (earlier) =>
      context.model.transaction(earlier).block === block &&
      altersRelation(earlier, relation) &&
      alterTableCommands(earlier.node).some(({ cmd }) => cmd.subtype === 'AT_DropColumn' && cmd.name === newName),
  );
}

