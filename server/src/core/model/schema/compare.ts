/**
 * What differs between two schema states, object by object: relations, their columns (type,
 * nullability, default) and constraints, indexes, types. For a check that a down migration
 * restores the schema its up migration started from. Column order and where objects came from
 * (SourceRefs) do not count.
 */
import type { SchemaState } from './state';
import { splitKey } from './state';
import type { ColumnModel, ConstraintModel, IndexModel, RelationModel, TypeModel } from './types';

export interface SchemaDifference {
  /** 'column "users"."phone"', 'index "ix_users_email"', ... */
  object: string;
  /** In `actual` but not `expected`, the other way round, or in both but different. */
  change: 'left' | 'missing' | 'changed';
}

/** The differences of `actual` from `expected`. */
export function schemaDifferences(expected: SchemaState, actual: SchemaState): SchemaDifference[] {
  const differences: SchemaDifference[] = [];
  compareMaps(expected.relations, actual.relations, (key, relation) => `${relation.kind} ${display(key)}`, relationsEqual, differences, (key, left, right) => {
    compareMaps(byName(left.columns), byName(right.columns), (name) => `column ${display(key)}."${name}"`, columnsEqual, differences);
    compareMaps(byName(left.constraints), byName(right.constraints), (name) => `constraint "${name}" on ${display(key)}`, constraintsEqual, differences);
  });
  compareMaps(expected.indexes, actual.indexes, (key) => `index ${display(key)}`, indexesEqual, differences);
  compareMaps(expected.types, actual.types, (key, type) => `${type.kind === 'other' ? 'type' : type.kind} ${display(key)}`, typesEqual, differences);
  return differences;
}

function display(key: string): string {
  const { schema, name } = splitKey(key);
  return schema === 'public' ? `"${name}"` : `"${schema}"."${name}"`;
}

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.name, item]));
}

function compareMaps<T>(
  expected: ReadonlyMap<string, T>,
  actual: ReadonlyMap<string, T>,
  describe: (key: string, value: T) => string,
  equal: (a: T, b: T) => boolean,
  out: SchemaDifference[],
  inner?: (key: string, a: T, b: T) => void,
): void {
  for (const [key, value] of actual) {
    const before = expected.get(key);
    if (before === undefined) out.push({ object: describe(key, value), change: 'left' });
    else if (!equal(before, value)) out.push({ object: describe(key, value), change: 'changed' });
    else inner?.(key, before, value);
  }
  for (const [key, value] of expected) if (!actual.has(key)) out.push({ object: describe(key, value), change: 'missing' });
}

function relationsEqual(a: RelationModel, b: RelationModel): boolean {
  return a.kind === b.kind;
}

function typeKey(column: ColumnModel): string {
  return `${column.type.schema ?? ''}.${column.type.name}(${column.type.modifiers.join(',')})${column.type.array ? '[]' : ''}`;
}

function columnsEqual(a: ColumnModel, b: ColumnModel): boolean {
  return typeKey(a) === typeKey(b) && a.notNull === b.notNull && (a.default?.key ?? '') === (b.default?.key ?? '') && a.identity === b.identity && a.generated === b.generated;
}

function constraintsEqual(a: ConstraintModel, b: ConstraintModel): boolean {
  return a.type === b.type && a.columns.join(',') === b.columns.join(',') && (a.expression?.key ?? '') === (b.expression?.key ?? '') && (a.references?.table ?? '') === (b.references?.table ?? '');
}

function indexesEqual(a: IndexModel, b: IndexModel): boolean {
  const keys = (index: IndexModel): string => index.keys.map((key) => key.column ?? key.expression?.key ?? '').join(',');
  return a.table === b.table && a.unique === b.unique && a.method === b.method && keys(a) === keys(b) && (a.predicate?.key ?? '') === (b.predicate?.key ?? '');
}

function typesEqual(a: TypeModel, b: TypeModel): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind === 'enum' && b.kind === 'enum' ? a.labels.join(',') === b.labels.join(',') : true;
}
