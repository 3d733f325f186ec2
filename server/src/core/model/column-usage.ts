/** What else in the schema uses a column: so that a fix changes a column's type only where nothing depends on it. */
import { columnsReadBy } from './schema/expression';
import type { SchemaState } from './schema/state';
import type { RelationModel } from './schema/types';

/** True when the column is one of the table's foreign key columns: its type follows the referenced key's. */
export function isForeignKeyColumn(table: RelationModel, column: string): boolean {
  return table.constraints.some((constraint) => constraint.type === 'foreign' && constraint.columns.includes(column));
}

/**
 * True when something besides the column itself would have to change with its type: an index
 * expression or predicate that reads it (functions there must be immutable for the new type too),
 * a CHECK or generated column that reads it (functions of the old type), a foreign key on either
 * side, the partition key, a view over the table, or a child table that declares the column itself.
 * A plain index on the column follows the new type.
 */
export function typeChangeReachesOthers(state: SchemaState, tableKey: string, column: string): boolean {
  const table = state.relations.get(tableKey);
  if (!table) return true;
  for (const index of state.indexesOf(tableKey)) {
    if (index.keys.some((key) => key.expression && columnsReadBy(key.expression.node).includes(column))) return true;
    if (columnsReadBy(index.predicate?.node).includes(column)) return true;
  }
  if (table.constraints.some((constraint) => (constraint.type === 'check' || constraint.type === 'exclusion') && constraint.columns.includes(column))) return true;
  if (table.columns.some((other) => other.generated && columnsReadBy(other.default?.node).includes(column))) return true;
  if (isForeignKeyColumn(table, column) || table.partitionKey?.includes(column)) return true;
  for (const [key, other] of state.relations) {
    if (other.dependsOn?.includes(tableKey)) return true;
    if (other.constraints.some((constraint) => constraint.references?.table === tableKey && constraint.references.columns.includes(column))) return true;
    const child = other.partitionOf === tableKey || other.inherits?.includes(tableKey);
    if (child && key !== tableKey && other.columns.some((candidate) => candidate.name === column && !candidate.inherited)) return true;
  }
  return false;
}
