import type { ColumnDef } from 'libpg-query';
import { alterTableCommandRange, alterTableCommands, altersTable, definitionOf } from '../model/alter-table';
import { columnIntroducedInFile } from '../model/introduced-in-file';
import { lossOfTypeChange } from '../model/lossy-type-change';
import { droppedObjectNames } from '../model/named-objects';
import { relationName } from '../model/names';
import { isEmptyDown } from '../model/schema/rollback';
import { formatType, typeRefOf } from '../model/schema/type-names';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-irreversible-data-loss',
  category: 'correctness',
  severity: 'info',
  fixable: false,
  summary: 'Know that a rollback cannot bring back the data an up migration destroys.',
  description:
    'A down migration can re-create a dropped table or column and change a type back, but not the rows and values the up migration destroyed: after `DROP TABLE`, `DROP COLUMN` or a type change that rounds values (fewer decimal places, a number to an integer or a float, a timestamp to a date or to fewer fractional digits), rolling back gives the structure without the data. Type changes that cannot hold a value (too long, too large) make PostgreSQL refuse the ALTER instead, and are not reported. The note is for migrations that have a down migration (a down file or a dbmate down section that runs something, or an empty one in a history whose other migrations roll back), on tables and columns the earlier migrations created; objects this file created are not data yet. If the data must survive a rollback, copy it first (an archive table or column, dropped in a later migration once the change is final); otherwise treat the migration as irreversible and ignore the note.',
  messages: {
    dropTable:
      'Dropping table "{{table}}" deletes its rows: the down migration can re-create the table but not its data; copy the rows to an archive table first if a rollback must keep them, or treat this migration as irreversible.',
    dropColumn:
      'Dropping column "{{column}}" of "{{table}}" deletes its values: the down migration can add the column back but not its data; copy the values first if a rollback must keep them, or treat this migration as irreversible.',
    lossyType:
      'Changing "{{column}}" of "{{table}}" from {{from}} to {{to}} {{loss}}: the down migration can change the type back but not the values lost; keep a copy of the old values if a rollback must restore them, or treat this migration as irreversible.',
  },
  examples: {
    valid: [
      {
        sql: 'ALTER TABLE users ADD COLUMN nickname text;',
        prelude: 'CREATE TABLE users (id bigint PRIMARY KEY, name text);',
        files: { '2_example.down.sql': 'ALTER TABLE users DROP COLUMN nickname;' },
        description: 'Adding a column loses nothing; the down migration drops it again.',
      },
    ],
    invalid: [
      {
        sql: 'ALTER TABLE users DROP COLUMN name;',
        prelude: 'CREATE TABLE users (id bigint PRIMARY KEY, name text);',
        files: { '2_example.down.sql': 'ALTER TABLE users ADD COLUMN name text;' },
        description: 'The down migration brings the column back empty.',
      },
      {
        sql: 'ALTER TABLE products ALTER COLUMN price TYPE integer;',
        prelude: 'CREATE TABLE products (id bigint PRIMARY KEY, price numeric(10,2));',
        files: { '2_example.down.sql': 'ALTER TABLE products ALTER COLUMN price TYPE numeric(10,2);' },
        description: 'The cents are rounded away for good.',
      },
    ],
  },
  check(context: RuleContext) {
    const { schema } = context;
    const rollback = schema.rollback;
    // up migrations that can be rolled back: a down that runs something, or an empty one in a history that rolls back
    if (schema.index < 0 || !rollback?.down || (isEmptyDown(rollback.down) && !rollback.historyRollsBack())) return;
    const before = schema.before;
    const up = (statement: Statement): boolean => context.model.direction(statement) === 'up';
    for (const statement of context.statementsOf('DropStmt')) {
      if (!up(statement) || statement.node.removeType !== 'OBJECT_TABLE') continue;
      for (const names of droppedObjectNames(statement.node.objects)) {
        const written = names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] ?? '' };
        const key = before.resolveRelation(written);
        if (!key || before.relations.get(key)?.kind !== 'table' && before.relations.get(key)?.kind !== 'partitioned table') continue;
        if (context.model.createdInFile({ relname: written.name, schemaname: written.schema }, statement)) continue;
        context.report({ statement, messageId: 'dropTable', data: { table: written.name } });
      }
    }
    for (const statement of context.statementsOf('AlterTableStmt')) {
      const relation = statement.node.relation;
      if (!up(statement) || !relation || !altersTable(statement.node) || context.model.createdInFile(relation, statement)) continue;
      const key = before.resolveRelation({ schema: relation.schemaname, name: relation.relname ?? '' });
      const table = key ? before.relations.get(key) : undefined;
      if (!table) continue;
      const typeChanged = new Set<string>();
      for (const { cmd, index } of alterTableCommands(statement.node)) {
        const column = cmd.name ? table.columns.find((candidate) => candidate.name === cmd.name) : undefined;
        if (!column || columnIntroducedInFile(context.statements, relation, column.name, statement)) continue;
        const range = alterTableCommandRange(statement, index);
        if (cmd.subtype === 'AT_DropColumn') {
          context.report({ statement, ...range, messageId: 'dropColumn', data: { table: relationName(relation), column: column.name } });
          continue;
        }
        if (cmd.subtype !== 'AT_AlterColumnType' || typeChanged.has(column.name) || typeChangedEarlier(context, statement, column.name)) continue;
        typeChanged.add(column.name);
        const to = typeRefOf(definitionOf(cmd, 'ColumnDef')?.typeName as ColumnDef['typeName']);
        const loss = lossOfTypeChange(column.type, to);
        if (loss) context.report({ statement, ...range, messageId: 'lossyType', data: { table: relationName(relation), column: column.name, from: formatType(column.type), to: formatType(to), loss } });
      }
    }
  },
});

/** True when an earlier statement of the file changed the column's type: the schema before the file no longer tells its type. */
function typeChangedEarlier(context: RuleContext, statement: Statement<'AlterTableStmt'>, column: string): boolean {
  const table = statement.node.relation?.relname;
  return context.statementsOf('AlterTableStmt').some(
    (earlier) => earlier.index < statement.index && earlier.node.relation?.relname === table && alterTableCommands(earlier.node).some(({ cmd }) => cmd.subtype === 'AT_AlterColumnType' && cmd.name === column),
  );
}
