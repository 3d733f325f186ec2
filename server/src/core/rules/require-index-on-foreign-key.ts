import type { RangeVar } from 'libpg-query';
import { afterItsTransaction, afterStatement, statementsText } from '../fix/after-transaction';
import { insertAt, lineBreakOf } from '../fix/edits';
import { nonTransactionalMigration } from '../fix/new-migration';
import { quoteIdentifier } from '../fix/sql-text';
import type { FixSpec } from '../fix/types';
import { coveringIndex, indexCovers, unindexedForeignKeys } from '../model/schema/foreign-keys';
import { chooseRelationName, nameAddition } from '../model/schema/naming';
import { splitKey } from '../model/schema/state';
import type { ConstraintModel, RelationModel } from '../model/schema/types';
import type { Statement } from '../source/document';
import type { RuleContext } from './types';
import { defineRule } from './types';

function qualified(schema: string, name: string): string {
  return schema === 'public' ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** Where the finding goes: the foreign key's own text (`REFERENCES customers`, `FOREIGN KEY (a) REFERENCES t`). */
function foreignKeyRange(statement: Statement, start: number): { start: number; end: number } {
  const tokens = statement.tokens().filter((token) => token.start >= start);
  const references = tokens.findIndex((token) => token.text.toLowerCase() === 'references');
  if (references < 0 || !tokens[references + 1]) return { start, end: statement.nameEnd(start) };
  return { start, end: statement.nameEnd(tokens[references + 1].start) };
}

/** The table the statement that made the foreign key acts on, as written. */
function tableOf(statement: Statement): RangeVar | undefined {
  if (statement.is('CreateStmt')) return statement.node.relation;
  if (statement.is('AlterTableStmt')) return statement.node.relation;
  return undefined;
}

export default defineRule({
  id: 'require-index-on-foreign-key',
  category: 'schema-design',
  severity: 'warning',
  fixable: true,
  summary: 'Give every foreign key an index that leads with its columns.',
  description:
    'PostgreSQL indexes the referenced side of a foreign key (its primary key or unique constraint) but not the referencing columns. Every DELETE of a referenced row, and every UPDATE of its key, looks up the referencing table by those columns to check (or cascade to) the rows that point at it; without an index that is a sequential scan of the referencing table for each row deleted, holding locks all the while, and joins along the key are slow too. An index counts when its leading key columns are exactly the foreign key columns (in any order); a partial index `WHERE col IS NOT NULL` counts, INCLUDE columns and expression keys do not. The check reads the schema after the whole migration history: an index created later in the same file or in a later migration covers the key, and an index dropped later uncovers it again. The fix adds the index right after the statement: a plain CREATE INDEX on a table this file creates (it is empty), CREATE INDEX CONCURRENTLY otherwise (after the COMMIT of its transaction block, or in a new migration of its own for golang-migrate and dbmate when the runner runs this file in one transaction). A referencing table that stays tiny, or whose referenced rows are never deleted nor their keys changed, can do without: ignore the finding with a reason.',
  messages: {
    unindexed:
      'Foreign key "{{constraint}}" on "{{table}}" ({{columns}}) has no index that leads with its columns: every DELETE or key UPDATE on "{{referenced}}" scans "{{table}}" to check it, a sequential scan per row on a large table; add an index on "{{table}}" ({{columns}}).',
    droppedIndex:
      'Dropping "{{index}}" leaves foreign key "{{constraint}}" on "{{table}}" ({{columns}}) without an index: every DELETE or key UPDATE on "{{referenced}}" will scan "{{table}}"; keep an index that leads with ({{columns}}).',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);',
        description: 'The index serves the lookups of every DELETE on customers.',
      },
      {
        sql: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (customer_id bigint REFERENCES customers, id bigint, PRIMARY KEY (customer_id, id));',
        description: 'The primary key leads with the foreign key column.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);',
        description: 'Deleting a customer scans orders. The fix adds CREATE INDEX orders_customer_id_idx ON orders (customer_id) after the CREATE TABLE.',
      },
      {
        sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers NOT VALID;',
        prelude: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);',
        description: 'On an existing table the fix adds CREATE INDEX CONCURRENTLY, which does not block writes.',
      },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    const reported = new Set<ConstraintModel>();
    for (const { tableKey, table, constraint } of unindexedForeignKeys(final)) {
      if (!context.schema.fromThisFile(constraint.origin)) continue;
      const statement = context.statements[constraint.origin.statement];
      if (!statement) continue;
      reported.add(constraint);
      const range = foreignKeyRange(statement, constraint.origin.start);
      // covered when this file ends and uncovered by a later migration: that migration is what to change
      const coveredHere = coveringIndex(context.schema.after, tableKey, constraint.columns) !== undefined;
      const fixes = coveredHere ? [] : fixFor(context, statement, tableKey, table, constraint);
      context.report({ statement, ...range, messageId: 'unindexed', data: dataOf(tableKey, constraint), fixes });
    }
    // an index this file drops that served a foreign key left without one
    for (const statement of context.statementsOf('DropStmt')) {
      if (statement.node.removeType !== 'OBJECT_INDEX') continue;
      for (const object of statement.node.objects ?? []) {
        const names = ((object as { List?: { items?: Array<{ String?: { sval?: string } }> } }).List?.items ?? []).map((item) => item.String?.sval ?? '');
        const indexKey = context.schema.before.resolveIndex(names.length > 1 ? { schema: names[0], name: names[1] } : { name: names[0] ?? '' });
        const index = indexKey ? context.schema.before.indexes.get(indexKey) : undefined;
        if (!index) continue;
        for (const constraint of final.relations.get(index.table)?.constraints ?? []) {
          if (constraint.type !== 'foreign' || constraint.inherited || reported.has(constraint) || !indexCovers(index, constraint.columns)) continue;
          if (coveringIndex(final, index.table, constraint.columns)) continue;
          reported.add(constraint);
          context.report({ statement, messageId: 'droppedIndex', data: { ...dataOf(index.table, constraint), index: index.name } });
        }
      }
    }
  },
});

function dataOf(tableKey: string, constraint: ConstraintModel): Record<string, string> {
  return {
    constraint: constraint.name,
    table: splitKey(tableKey).name,
    columns: constraint.columns.join(', '),
    referenced: splitKey(constraint.references?.table ?? '?.?').name,
  };
}

/**
 * The index, placed where it can run: plain right after the statement when this file created the
 * (still empty) table; CONCURRENTLY after the statement or its COMMIT otherwise; in a migration of
 * its own when the runner runs this whole file in one transaction.
 */
function fixFor(context: RuleContext, statement: Statement, tableKey: string, table: RelationModel, constraint: ConstraintModel): FixSpec[] {
  if (table.kind === 'partitioned table' && !context.schema.fromThisFile(table.origin)) return []; // CONCURRENTLY cannot build on a partitioned table
  const name = chooseRelationName(context.schema.final, table.schema, table.name, nameAddition(constraint.columns), 'idx');
  const columns = constraint.columns.map(quoteIdentifier).join(', ');
  const target = qualified(table.schema, table.name);
  const relation = tableOf(statement);
  const newTable = statement.is('CreateStmt') || context.model.createdInFile(relation, statement);
  if (newTable) {
    // the table is new and empty: a plain CREATE INDEX right after the statement, in its transaction if any
    const point = afterStatement(statement, context.text);
    return [{ title: `Add index ${name} on ${table.name} (${constraint.columns.join(', ')})`, edits: [insertAt(point.offset, statementsText(context, point, [`CREATE INDEX ${quoteIdentifier(name)} ON ${target} (${columns});`]))] }];
  }
  const create = `CREATE INDEX CONCURRENTLY ${quoteIdentifier(name)} ON ${target} (${columns});`;
  const transaction = context.model.transaction(statement);
  if (transaction.openedBy !== 'runner') {
    const point = afterItsTransaction(context, statement);
    if (!point) return [];
    return [{ title: `Add index ${name} on ${table.name} (${constraint.columns.join(', ')}) with CREATE INDEX CONCURRENTLY`, edits: [insertAt(point.offset, statementsText(context, point, [create]))] }];
  }
  const drop = `DROP INDEX CONCURRENTLY IF EXISTS ${qualified(table.schema, name)};`;
  const files = nonTransactionalMigration(context.schema.history, `index_${name}`, create, drop, lineBreakOf(context.text));
  return files ? [{ title: `Add index ${name} in a new migration (CREATE INDEX CONCURRENTLY outside a transaction)`, edits: [], files }] : [];
}
