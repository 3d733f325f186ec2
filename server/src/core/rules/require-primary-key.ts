import type { SchemaState } from '../model/schema/state';
import type { RelationModel } from '../model/schema/types';
import { isToolTable } from '../model/tool-tables';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'require-primary-key',
  category: 'schema-design',
  severity: 'warning',
  fixable: false,
  summary: 'Give every table a primary key.',
  description:
    'A table without a primary key has no reliable way to name one row: duplicate rows creep in and cannot be told apart, logical replication refuses to publish its UPDATEs and DELETEs (no replica identity), tools that need a key (pg_repack, most ORMs, CDC pipelines) cannot work with it, and other tables cannot reference it. Add a primary key: a `bigint GENERATED ALWAYS AS IDENTITY` column, a UUID, or the columns that identify a row (a junction table\'s two foreign keys). When a UNIQUE constraint or index on NOT NULL columns already identifies the rows, the message names it: promote it with `ALTER TABLE ... ADD PRIMARY KEY USING INDEX ...`. The table is judged after the whole history, so a primary key added by a later migration (or by a later `ALTER TABLE` of a schema dump) counts. Partitions get their key from the partitioned table and are not reported, nor are temporary tables, copies made by CREATE TABLE AS or SELECT INTO, and the bookkeeping tables of migration tools (schema_migrations, alembic_version, flyway_schema_history, ...); an inheritance child is reported only when its parent has a key (keys are not inherited). A table only appended to and read in bulk (a staging or log table) can do without: ignore it with a reason, `-- schemaguard-ignore require-primary-key -- append-only import staging`.',
  messages: {
    missing:
      'Table "{{table}}" has no primary key: its rows cannot be told apart, logical replication cannot publish its UPDATEs and DELETEs, and tools and foreign keys that need a key cannot use it. Add one (a bigint identity column, a UUID, or the columns that identify a row); for an append-only staging or log table, ignore this with a reason.',
    uniqueCandidate:
      'Table "{{table}}" has no primary key, but {{candidate}} on NOT NULL ({{columns}}) already identifies its rows: without a primary key logical replication cannot publish its UPDATEs and DELETEs and tools that need a key cannot use it. Make it the primary key (ALTER TABLE ... ADD PRIMARY KEY USING INDEX {{index}}).',
  },
  examples: {
    valid: [
      { sql: 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);' },
      { sql: 'CREATE TABLE user_roles (user_id bigint NOT NULL, role_id bigint NOT NULL, PRIMARY KEY (user_id, role_id));', description: 'A composite key identifies the rows.' },
    ],
    invalid: [
      { sql: 'CREATE TABLE page_views (user_id bigint, url text, viewed_at timestamptz);' },
      { sql: 'CREATE TABLE countries (code text NOT NULL UNIQUE, name text NOT NULL);', description: 'The unique code could be the key.' },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    for (const [key, table] of final.relations) {
      if (!context.schema.fromThisFile(table.origin) || !needsOwnKey(final, table) || hasPrimaryKey(table)) continue;
      const statement = context.statements[table.origin.statement];
      // CREATE TABLE AS / SELECT INTO copies rows (a backup, a derived table): not where keys are designed
      if (!statement || statement.is('CreateTableAsStmt') || statement.is('SelectStmt')) continue;
      const candidate = uniqueCandidate(final, key, table);
      const where = { statement, start: table.origin.start, end: table.origin.end };
      if (candidate) context.report({ ...where, messageId: 'uniqueCandidate', data: { table: table.name, ...candidate } });
      else context.report({ ...where, messageId: 'missing', data: { table: table.name } });
    }
  },
});

function hasPrimaryKey(table: RelationModel): boolean {
  return table.constraints.some((constraint) => constraint.type === 'primary');
}

/** Tables that need a key of their own: not partitions, views, temporary tables, migration tools' tables, nor children of a keyless parent. */
function needsOwnKey(state: SchemaState, table: RelationModel): boolean {
  if ((table.kind !== 'table' && table.kind !== 'partitioned table') || table.partitionOf || table.temporary || table.columnsUnknown || isToolTable(table.name)) return false;
  if (table.columns.length === 0) return false;
  return (table.inherits ?? []).every((parent) => {
    const model = state.relations.get(parent);
    return model === undefined || hasPrimaryKey(model);
  });
}

/** A UNIQUE constraint or plain unique index on NOT NULL columns that ADD PRIMARY KEY USING INDEX accepts (not on a partitioned table). */
function uniqueCandidate(state: SchemaState, key: string, table: RelationModel): { candidate: string; columns: string; index: string } | undefined {
  if (table.kind !== 'table') return undefined;
  const notNull = (column: string): boolean => table.columns.some((candidate) => candidate.name === column && candidate.notNull);
  for (const index of state.indexesOf(key)) {
    if (!index.unique || !index.valid || index.predicate || index.method !== 'btree' || index.keys.length === 0) continue;
    if (index.keys.some((entry) => entry.descending || entry.opclass || entry.collation)) continue;
    const columns = index.keys.map((entry) => entry.column);
    if (columns.some((column) => column === undefined || !notNull(column))) continue;
    const constraint = table.constraints.find((entry) => entry.name === index.constraint);
    if (constraint?.deferrable) continue;
    return { candidate: constraint ? `UNIQUE constraint "${constraint.name}"` : `unique index "${index.name}"`, columns: columns.join(', '), index: index.name };
  }
  return undefined;
}
