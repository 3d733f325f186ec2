import type { RenameStmt } from 'libpg-query';
import { wrapInTransaction } from '../fix/wrap-in-transaction';
import { relationCreatedInFile, relationRenamedToInFile } from '../model/introduced-in-file';
import { relationName } from '../model/names';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

/** A dbmate rollback section: what follows it undoes the migration instead of continuing it. */
const DBMATE_DOWN = /^[ \t]*--\s*migrate:down\b/m;

const KIND_WORDS: Record<string, string> = {
  OBJECT_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_FOREIGN_TABLE: 'foreign table',
};

export default defineRule({
  id: 'ban-rename-table',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Do not rename a table that running code uses without leaving a view under the old name.',
  lock:
    'RENAME TO takes an ACCESS EXCLUSIVE lock on the table only for an instant (a catalog change, no rewrite); the damage comes after the commit: every query and deployed application version that still names the old table fails.',
  description:
    'During a deploy, the old application version keeps running until the new one has replaced it, and both talk to the same database. Once a rename commits, every query of the old version fails with "relation does not exist". Rename the table and, in the same transaction, create a view under the old name (`CREATE VIEW old AS SELECT * FROM new`): a view over one table without joins or aggregates is automatically updatable, so old code keeps reading and writing through it; drop the view in a later migration once no code uses the old name. The same holds for the swap pattern, where another table is renamed into the old name in the same transaction. When the old name is taken again only in a later transaction, queries in between fail: the quick fix wraps the statements in one BEGIN/COMMIT. Tables created earlier in the same file are renamed without warning.',
  messages: {
    rename:
      'Renaming {{kind}} "{{table}}" to "{{newName}}" breaks every running query and deployed application version that still uses "{{table}}" ("relation does not exist" from the commit on); in the same transaction create a view {{table}} AS SELECT * FROM {{newName}} so old code keeps working (a simple view accepts INSERT, UPDATE and DELETE), and drop it once all code uses the new name.',
    gap:
      '{{kind}} "{{table}}" is renamed to "{{newName}}" and its old name is taken again only by a later statement in another transaction, so queries that arrive in between fail with "relation does not exist"; run the rename and that statement in one transaction.',
  },
  examples: {
    valid: [
      {
        sql: 'BEGIN;\nALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;\nCOMMIT;',
        description: 'Old code keeps reading and writing through the view; drop it in a later migration.',
      },
      {
        sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY);\nALTER TABLE invoices RENAME TO bills;',
        description: 'The table is new: no running code knows the old name.',
      },
    ],
    invalid: [
      { sql: 'ALTER TABLE customers RENAME TO clients;', description: 'Old application versions still query "customers".' },
      {
        sql: 'ALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;',
        description: 'Each statement commits on its own: between them "customers" does not exist.',
      },
    ],
  },
  check(context: RuleContext) {
    const { model } = context;
    for (const statement of context.statementsOf('RenameStmt')) {
      const node: RenameStmt = statement.node;
      const kind = KIND_WORDS[node.renameType ?? ''];
      const relation = node.relation;
      if (!kind || !relation?.relname || !node.newname) continue;
      if (model.introducedInFile(relation, statement) || relationCreatedInFile(model, relation, statement) || relationRenamedToInFile(context.statements, relation, statement)) continue;
      const data = { kind, table: relationName(relation), newName: node.newname };

      const successor = context.statements.slice(statement.index + 1).find((later) => createsRelationNamed(later, relation.relname!));
      if (!successor || DBMATE_DOWN.test(context.text.slice(statement.end, successor.start))) {
        context.report({ statement, messageId: 'rename', data });
        continue;
      }
      const here = model.transaction(statement);
      if (here.inTransaction && model.transaction(successor).block === here.block) continue;
      const fix = wrapInTransaction(context.text, model, context.settings, statement, successor);
      context.report({ statement, messageId: 'gap', data: { ...data, kind: capitalize(kind) }, fixes: fix ? [fix] : [] });
    }
  },
});

/** True when the statement creates a table or view named `name` (or renames one to it). */
function createsRelationNamed(statement: Statement, name: string): boolean {
  if (statement.is('CreateStmt')) return statement.node.relation?.relname === name;
  if (statement.is('ViewStmt')) return statement.node.view?.relname === name;
  if (statement.is('CreateTableAsStmt')) return statement.node.into?.rel?.relname === name;
  if (statement.is('RenameStmt')) return !!KIND_WORDS[statement.node.renameType ?? ''] && statement.node.newname === name;
  return false;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
