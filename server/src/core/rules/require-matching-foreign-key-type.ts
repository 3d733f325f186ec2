import { replaceType } from '../fix/type-edits';
import type { ColumnWrite } from '../model/column-writes';
import { isForeignKeyColumn } from '../model/column-usage';
import { columnIn, columnsWrittenInFile } from '../model/column-writes';
import { primaryKeyColumn } from '../model/primary-keys';
import { formatType } from '../model/schema/type-names';
import type { ColumnModel, ConstraintModel, RelationModel, TypeRef } from '../model/schema/types';
import type { TextRange } from '../model/statement-ranges';
import type { Statement } from '../source/document';
import type { FixSpec, RuleContext } from './types';
import { defineRule } from './types';

const INTEGER_RANK: Record<string, number> = { smallint: 1, integer: 2, bigint: 3 };
const INTEGER_LIMIT: Record<string, string> = { smallint: 'values above 32,767', integer: 'values above 2,147,483,647' };

export default defineRule({
  id: 'require-matching-foreign-key-type',
  category: 'schema-design',
  severity: 'warning',
  fixable: true,
  summary: 'Give a foreign key column the type of the key it references.',
  description:
    'PostgreSQL accepts a foreign key whose column is narrower than the referenced key (`integer` referencing `bigint`, `varchar(50)` referencing `text`) as long as the types can be compared. It works until the key holds a value the column cannot store: once `users.id` passes 2,147,483,647, every insert of an order for a new user fails with "integer out of range", usually years after the migration, on the busiest table. Joins also compare across types, which can keep the planner from using the index it would use for equal types. Give the column exactly the key\'s type. This happens most often when a key is widened (`ALTER TABLE users ALTER COLUMN id TYPE bigint`) and the columns that reference it are forgotten: the rule then reports on the widening migration. A wider column than the key (`bigint` referencing `integer`) stores every value and is not reported. The fix changes the type of a foreign key column this file creates.',
  messages: {
    narrower:
      'Foreign key column "{{table}}"."{{column}}" is {{type}} but references "{{target}}"."{{key}}", which is {{keyType}}: once the key holds {{limit}}, rows that reference them cannot be stored and the insert fails. Make "{{column}}" {{keyType}}.',
    keyWidened:
      '"{{target}}"."{{key}}" is {{keyType}} after this change, but foreign key column "{{table}}"."{{column}}" that references it is still {{type}}: once the key holds {{limit}}, rows that reference them cannot be stored and the insert fails. Change "{{column}}" to {{keyType}} too.',
  },
  examples: {
    valid: [
      { sql: 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL REFERENCES users);' },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id integer NOT NULL REFERENCES users);',
        description: 'Orders of users past id 2,147,483,647 cannot be stored.',
      },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    // the writes this rule can use: of foreign key columns, and of the key columns they reference
    // by table, then column: the filter is asked about every column of the schema on each keystroke
    const referenced = new Map<string, Set<string | undefined>>();
    for (const table of final.relations.values()) {
      for (const constraint of table.constraints) {
        const target = constraint.references && final.relations.get(constraint.references.table);
        if (constraint.type !== 'foreign' || !constraint.references || !target) continue;
        const keyColumns = constraint.references.columns.length > 0 ? constraint.references.columns : [primaryKeyColumn(target)?.name];
        let names = referenced.get(constraint.references.table);
        if (!names) referenced.set(constraint.references.table, (names = new Set()));
        for (const name of keyColumns) names.add(name);
      }
    }
    const usable = (table: RelationModel, column: ColumnModel, tableKey: string) => isForeignKeyColumn(table, column.name) || (referenced.get(tableKey)?.has(column.name) ?? false);
    const writes = new Map(columnsWrittenInFile(context, 'type', usable).map((write) => [`${write.tableKey}\u0000${write.column.name}`, write]));
    for (const [tableKey, table] of final.relations) {
      for (const constraint of table.constraints) {
        const references = constraint.references;
        const target = references && final.relations.get(references.table);
        if (constraint.type !== 'foreign' || constraint.inherited || !references || !target) continue;
        const keyColumns = references.columns.length > 0 ? references.columns : [primaryKeyColumn(target)?.name];
        constraint.columns.forEach((name, position) => {
          const column = table.columns.find((candidate) => candidate.name === name);
          const key = target.columns.find((candidate) => candidate.name === keyColumns[position]);
          const limit = column && key ? valuesThatDoNotFit(column.type, key.type) : undefined;
          if (!column || !key || !limit) return;
          const data = { table: table.name, column: name, type: formatType(column.type), target: target.name, key: key.name, keyType: formatType(key.type), limit };
          const own = writes.get(`${tableKey}\u0000${name}`);
          const widened = writes.get(`${references.table}\u0000${key.name}`);
          // reported where the mismatch arises: when it does not exist yet after this file, a later migration makes it
          const [columnAfter, keyAfter] = [columnIn(context.schema.after, table, column), columnIn(context.schema.after, target, key)];
          const arisesHere = widened !== undefined || (columnAfter && keyAfter && valuesThatDoNotFit(columnAfter.type, keyAfter.type) !== undefined);
          if (!arisesHere) return;
          if (own) context.report({ statement: own.statement, ...own.range, messageId: 'narrower', data, fixes: retypeFix(context, own, key) });
          else if (context.schema.fromThisFile(constraint.origin)) {
            const statement = context.statements[constraint.origin.statement];
            if (statement) context.report({ statement, ...constraintRange(statement, constraint), messageId: 'narrower', data });
          } else if (widened) context.report({ statement: widened.statement, ...widened.range, messageId: 'keyWidened', data });
        });
      }
    }
  },
});

/** What the key can hold and the column cannot, when the column is narrower: a smaller integer, a shorter varchar. */
function valuesThatDoNotFit(column: TypeRef, key: TypeRef): string | undefined {
  if (column.array || key.array) return undefined;
  const rank = INTEGER_RANK[column.name];
  if (rank !== undefined && INTEGER_RANK[key.name] !== undefined) return rank < INTEGER_RANK[key.name] ? INTEGER_LIMIT[column.name] : undefined;
  if (column.name !== 'character varying' || typeof column.modifiers[0] !== 'number') return undefined;
  const length = column.modifiers[0];
  const keyLength = key.name === 'text' || key.modifiers.length === 0 ? Infinity : key.modifiers[0];
  const textual = key.name === 'text' || key.name === 'character varying' || key.name === 'character';
  return textual && typeof keyLength === 'number' && keyLength > length ? `values longer than ${length} characters` : undefined;
}

/** From the constraint's first word to the referenced table's name: `FOREIGN KEY (user_id) REFERENCES users`. */
function constraintRange(statement: Statement, constraint: ConstraintModel): TextRange {
  const references = statement.findWord('references', constraint.origin.start);
  const name = references ? statement.tokens().find((token) => token.start >= references.end && token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT') : undefined;
  return { start: constraint.origin.start, end: name ? statement.nameEnd(name.start) : constraint.origin.end };
}

function retypeFix(context: RuleContext, write: ColumnWrite, key: ColumnModel): FixSpec[] {
  const { column, definition } = write;
  if (!definition || context.model.schemaDump || column.serial || column.identity || column.generated) return [];
  const type = formatType({ ...key.type, schema: key.type.schema });
  return [{ title: `Change the type to ${type}`, edits: [replaceType(write.statement, write.range, type)] }];
}
