import type { AlterTableStmt, RangeVar } from 'libpg-query';
import { altersTable, alterTableCommandRange, alterTableCommands } from '../model/alter-table';
import { columnIntroducedInFile } from '../model/introduced-in-file';
import { droppedObjectNames } from '../model/named-objects';
import { relationKey, relationName } from '../model/names';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-drop-column',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Drop a column only in a contract migration, after the deployed code has stopped using it.',
  lock:
    'DROP COLUMN takes an ACCESS EXCLUSIVE lock on the table only for an instant (the column is marked dropped, nothing is rewritten); the damage is the lost data and every query of running code that still names the column.',
  description:
    'During a deploy the old application version keeps running, and an ORM that lists every column in its INSERT and SELECT statements fails as soon as one of them is gone. The data in the column is lost for good: there is no undo short of a backup. Drop a column in two deploys: first ship code that no longer reads or writes it (in Rails, add it to `ignored_columns`; in other ORMs remove it from the model), then drop it in a later migration. That is also the contract step of an expand-contract rename: a migration that first drops the sync trigger on the table and then the old column is that step and is not reported. There is no safe rewrite of the statement itself, so this rule has no quick fix: once the code no longer uses the column, silence it with an ignore comment. Columns added earlier in the same file, and columns of tables created in it, are dropped without warning. Down migrations (files named `*.down.sql` or Flyway `U…__*.sql`, dbmate `-- migrate:down` sections, `alembic downgrade --sql` output) are not reported: they exist to remove what their up migration added.',
  messages: {
    drop:
      'Dropping column "{{column}}" of "{{table}}" deletes its data for good and breaks every running query and deployed application version that still reads or writes it; first deploy code that no longer uses "{{column}}", then drop it in a later contract migration.',
  },
  examples: {
    valid: [
      {
        sql: '-- contract step of renaming users.name to users.full_name\nDROP TRIGGER users_sync_full_name ON users;\nDROP FUNCTION users_sync_full_name();\nALTER TABLE users DROP COLUMN name;',
        description: 'The sync trigger goes first: the code already uses the new column.',
      },
      {
        sql: 'ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users DROP COLUMN nickname;',
        description: 'The column was added by this file: nothing uses it yet.',
      },
    ],
    invalid: [{ sql: 'ALTER TABLE users DROP COLUMN name;', description: 'Old application versions still select "name", and its data is gone.' }],
  },
  check(context: RuleContext) {
    for (const statement of context.statementsOf('AlterTableStmt')) {
      const node: AlterTableStmt = statement.node;
      const relation = node.relation;
      if (!relation || !altersTable(node)) continue;
      if (context.model.introducedInFile(relation, statement)) continue;
      if (context.model.direction(statement) === 'down') continue; // a rollback undoes what its up migration added
      for (const { cmd, index } of alterTableCommands(node)) {
        if (cmd.subtype !== 'AT_DropColumn' || !cmd.name) continue;
        if (columnIntroducedInFile(context.statements, relation, cmd.name, statement)) continue;
        if (triggerDroppedEarlier(context.statements, relation, statement)) continue;
        const range = alterTableCommandRange(statement, index);
        context.report({ statement, ...range, messageId: 'drop', data: { table: relationName(relation), column: cmd.name } });
      }
    }
  },
});

/** True when an earlier statement dropped a trigger on the table: the contract step of an expand-contract change. */
function triggerDroppedEarlier(statements: readonly Statement[], relation: RangeVar, before: Statement): boolean {
  const table = relationKey(relation);
  return statements.slice(0, before.index).some((statement) => {
    if (!statement.is('DropStmt') || statement.node.removeType !== 'OBJECT_TRIGGER') return false;
    return droppedObjectNames(statement.node.objects).some((names) => names[names.length - 2] === table);
  });
}
