/**
 * Which index serves a foreign key's lookups: PostgreSQL checks the referencing table on every
 * DELETE or key UPDATE of the referenced row (and joins use the same columns), which is a
 * sequential scan unless an index leads with the foreign key's columns.
 */
import type { SchemaState } from './state';
import type { ConstraintModel, IndexModel, RelationModel } from './types';

/** Methods whose index answers `col = value` lookups on its leading columns. */
const LOOKUP_METHODS = new Set(['btree', 'hash']);

/**
 * True when `index` leads with exactly `columns` (in any order): plain key columns, not
 * expressions or INCLUDE columns; partial only when the predicate says the columns are NOT NULL
 * (rows with a NULL key are never looked up).
 */
export function indexCovers(index: IndexModel, columns: readonly string[]): boolean {
  if (!LOOKUP_METHODS.has(index.method) || !index.valid) return false;
  if (index.method === 'hash' && columns.length !== 1) return false;
  // checked for every foreign key against every index of its table on each keystroke: no copies
  if (index.keys.length < columns.length) return false;
  for (let position = 0; position < columns.length; position++) {
    const column = index.keys[position].column;
    if (column === undefined || !columns.includes(column)) return false;
  }
  return index.predicate === undefined || isNotNullOf(index.predicate.node, columns);
}

/** `col IS NOT NULL [AND col2 IS NOT NULL ...]` over the given columns only. */
function isNotNullOf(node: unknown, columns: readonly string[]): boolean {
  const record = (node ?? {}) as Record<string, unknown>;
  const bool = record.BoolExpr as { boolop?: string; args?: unknown[] } | undefined;
  if (bool) return bool.boolop === 'AND_EXPR' && (bool.args ?? []).every((arg) => isNotNullOf(arg, columns));
  const test = record.NullTest as { nulltesttype?: string; arg?: { ColumnRef?: { fields?: Array<{ String?: { sval?: string } }> } } } | undefined;
  const column = test?.arg?.ColumnRef?.fields?.map((field) => field.String?.sval).pop();
  return test?.nulltesttype === 'IS_NOT_NULL' && column !== undefined && columns.includes(column);
}

export function coveringIndex(state: SchemaState, tableKey: string, columns: readonly string[]): IndexModel | undefined {
  return state.indexesOf(tableKey).find((index) => indexCovers(index, columns));
}

export interface UnindexedForeignKey {
  tableKey: string;
  table: RelationModel;
  constraint: ConstraintModel;
}

/**
 * The foreign keys of the schema that no index serves. A partition's copy of its parent's key is
 * left out (the parent's index, cascaded to the partitions, is what serves it).
 */
export function unindexedForeignKeys(state: SchemaState): UnindexedForeignKey[] {
  const result: UnindexedForeignKey[] = [];
  for (const [tableKey, table] of state.relations) {
    if (table.kind !== 'table' && table.kind !== 'partitioned table') continue;
    for (const constraint of table.constraints) {
      if (constraint.type !== 'foreign' || constraint.inherited || constraint.columns.length === 0) continue;
      if (!coveringIndex(state, tableKey, constraint.columns)) result.push({ tableKey, table, constraint });
    }
  }
  return result;
}
