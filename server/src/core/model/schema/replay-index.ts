/**
 * Indexes in the replay: CREATE INDEX (and the indexes PRIMARY KEY / UNIQUE / EXCLUDE create),
 * cascaded to the partitions of a partitioned table as PostgreSQL does (an equal index already on
 * the partition is attached, otherwise one is created under a generated name), ALTER INDEX ...
 * ATTACH PARTITION, and the removal of indexes with their table or column.
 */
import type { IndexElem, IndexStmt, Node } from 'libpg-query';
import { namesOf } from '../named-objects';
import { expressionOf, figureIndexColumnName } from './expression';
import { chooseRelationName, nameAddition, uniqueIndexColumnNames } from './naming';
import type { ReplayStep } from './replay-context';
import { qualify } from './state';
import type { IndexKey, IndexModel, RelationModel, SourceRef } from './types';

export interface IndexSpec {
  /** The name written, if any. */
  name?: string;
  method: string;
  unique: boolean;
  primary: boolean;
  /** The constraint the index enforces (its name is the index's). */
  constraint?: boolean;
  exclusion?: boolean;
  keys: IndexKey[];
  /** Names PostgreSQL derives the generated index name from (key columns, expression names, INCLUDE columns). */
  nameColumns: string[];
  include: string[];
  predicate?: IndexModel['predicate'];
  nullsNotDistinct?: boolean;
  only?: boolean;
}

export function keysOf(elements: readonly Node[] | undefined): { keys: IndexKey[]; names: string[] } {
  const keys: IndexKey[] = [];
  const names: string[] = [];
  for (const element of elements ?? []) {
    const index = (element as { IndexElem?: IndexElem }).IndexElem;
    if (!index) continue;
    const opclass = namesOf(index.opclass).pop();
    const collation = namesOf(index.collation).pop();
    const key: IndexKey = index.name ? { column: index.name } : { expression: expressionOf(index.expr) };
    if (opclass) key.opclass = opclass;
    if (collation) key.collation = collation;
    if (index.ordering === 'SORTBY_DESC') key.descending = true;
    keys.push(key);
    names.push(index.indexcolname ?? index.name ?? figureIndexColumnName(index.expr));
  }
  return { keys, names };
}

export function indexSpecOf(node: IndexStmt): IndexSpec {
  const { keys, names } = keysOf(node.indexParams);
  const include = (node.indexIncludingParams ?? []).map((element) => (element as { IndexElem?: IndexElem }).IndexElem?.name ?? 'expr');
  return {
    name: node.idxname,
    method: node.accessMethod ?? 'btree',
    unique: node.unique === true,
    primary: node.primary === true,
    keys,
    nameColumns: [...names, ...include],
    include,
    predicate: expressionOf(node.whereClause),
    nullsNotDistinct: node.nulls_not_distinct === true || undefined,
    only: node.relation !== undefined && node.relation.inh !== true,
  };
}

/** The name PostgreSQL generates for an unnamed index of `table` (ChooseIndexName). */
function generatedIndexName(step: ReplayStep, schema: string, table: string, spec: IndexSpec, taken?: ReadonlySet<string>): string {
  if (spec.primary) return chooseRelationName(step.state, schema, table, undefined, 'pkey', taken);
  const addition = nameAddition(uniqueIndexColumnNames(spec.nameColumns));
  const label = spec.exclusion ? 'excl' : spec.constraint ? 'key' : 'idx';
  return chooseRelationName(step.state, schema, table, addition, label, taken);
}

/** A key equal for the same index key written anywhere: column or expression, operator class, direction, collation. */
export function indexKeySignature(key: IndexKey): string {
  // kept per key (a stored index never changes): the redundant-index rule compares every pair of a table's indexes
  let signature = signatures.get(key);
  if (signature === undefined) signatures.set(key, (signature = `${key.column ?? key.expression?.key}|${key.opclass ?? ''}|${key.descending ? 'd' : ''}|${key.collation ?? ''}`));
  return signature;
}

const signatures = new WeakMap<IndexKey, string>();

/** Two indexes PostgreSQL would consider the same when attaching a partition's index to its parent's. */
export function sameDefinition(a: Pick<IndexModel, 'method' | 'unique' | 'keys' | 'include' | 'predicate'>, b: Pick<IndexModel, 'method' | 'unique' | 'keys' | 'include' | 'predicate'>): boolean {
  return (
    a.method === b.method &&
    a.unique === b.unique &&
    a.keys.map(indexKeySignature).join(',') === b.keys.map(indexKeySignature).join(',') &&
    a.include.join(',') === b.include.join(',') &&
    (a.predicate?.key ?? '') === (b.predicate?.key ?? '')
  );
}

/**
 * Creates an index on the relation `tableKey` and, for a partitioned table without ONLY, on each
 * partition. Returns the new index, or undefined when the table is unknown.
 */
export function createIndex(step: ReplayStep, tableKey: string, spec: IndexSpec, origin: SourceRef, parent?: string): IndexModel | undefined {
  const table = step.state.relations.get(tableKey);
  if (!table) return undefined;
  const name = spec.name ?? generatedIndexName(step, table.schema, table.name, spec);
  const key = qualify(table.schema, name);
  const partitions = table.kind === 'partitioned table' ? partitionsOf(step, tableKey) : [];
  const index: IndexModel = {
    name,
    schema: table.schema,
    table: tableKey,
    method: spec.method,
    unique: spec.unique,
    primary: spec.primary,
    constraint: spec.constraint ? name : undefined,
    keys: spec.keys,
    include: spec.include,
    predicate: spec.predicate,
    nullsNotDistinct: spec.nullsNotDistinct,
    valid: !(spec.only && partitions.length > 0),
    only: spec.only && table.kind === 'partitioned table' ? true : undefined,
    parent,
    origin,
    changed: origin,
  };
  step.state.indexes.set(key, index);
  step.state.updateRelation(tableKey, (relation) => ({ ...relation, indexes: [...relation.indexes, key], changed: origin }));
  if (table.kind === 'partitioned table' && !spec.only) {
    for (const partition of partitions) cascadeIndex(step, key, partition, origin);
  }
  return index;
}

/** The partitions of a partitioned table, by key. */
export function partitionsOf(step: ReplayStep, tableKey: string): string[] {
  // only a partitioned table has partitions (PostgreSQL refuses PARTITION OF and ATTACH PARTITION on another): no pass over every relation for each constraint a dump adds
  if (step.state.relations.get(tableKey)?.kind === 'table') return [];
  const result: string[] = [];
  for (const [key, relation] of step.state.relations) if (relation.partitionOf === tableKey) result.push(key);
  return result;
}

/** Gives a partition the parent's index: attaches an equal unattached index, or creates one as PostgreSQL names it. */
export function cascadeIndex(step: ReplayStep, parentKey: string, partitionKey: string, origin: SourceRef): void {
  const parent = step.state.indexes.get(parentKey);
  const partition = step.state.relations.get(partitionKey);
  if (!parent || !partition) return;
  const existing = step.state.indexesOf(partitionKey).find((index) => !index.parent && sameDefinition(index, parent));
  if (existing) {
    attachIndex(step, parentKey, qualify(existing.schema, existing.name), origin);
    return;
  }
  const spec: IndexSpec = {
    method: parent.method,
    unique: parent.unique,
    primary: parent.primary,
    constraint: parent.constraint !== undefined,
    keys: parent.keys,
    nameColumns: [...parent.keys.map((key) => key.column ?? figureIndexColumnName(key.expression?.node)), ...parent.include],
    include: parent.include,
    predicate: parent.predicate,
    nullsNotDistinct: parent.nullsNotDistinct,
  };
  // the partition's index is made first, then the constraint it enforces, then both pass on to sub-partitions
  const child = createIndex(step, partitionKey, { ...spec, only: true }, origin, parentKey);
  if (!child) return;
  const childKey = qualify(child.schema, child.name);
  if (child.constraint) {
    const parentConstraint = step.state.relations.get(parent.table)?.constraints.find((constraint) => constraint.name === parent.constraint);
    if (parentConstraint) {
      step.state.updateRelation(partitionKey, (relation) => ({
        ...relation,
        constraints: [...relation.constraints, { ...parentConstraint, name: child.name, index: child.name, inherited: true, origin, changed: origin }],
      }));
    }
  }
  if (partition.kind === 'partitioned table') {
    step.state.updateIndex(childKey, (index) => ({ ...index, only: undefined, valid: true }));
    for (const subpartition of partitionsOf(step, partitionKey)) cascadeIndex(step, childKey, subpartition, origin);
  }
}

/** ALTER INDEX parent ATTACH PARTITION child: the parent becomes valid once every partition has an attached index. */
export function attachIndex(step: ReplayStep, parentKey: string, childKey: string, origin: SourceRef): void {
  step.state.updateIndex(childKey, (index) => ({ ...index, parent: parentKey, changed: origin }));
  const parent = step.state.indexes.get(parentKey);
  if (!parent || parent.valid) return;
  const partitions = partitionsOf(step, parent.table);
  const attached = new Set([...step.state.indexes.values()].filter((index) => index.parent === parentKey).map((index) => index.table));
  if (partitions.every((partition) => attached.has(partition))) step.state.updateIndex(parentKey, (index) => ({ ...index, valid: true, changed: origin }));
}

/** Removes an index (and the indexes attached to it, and the constraint it enforces). */
export function dropIndex(step: ReplayStep, indexKey: string, droppedTable?: RelationModel, attached = new AttachedIndexes(step)): void {
  const index = step.state.indexes.get(indexKey);
  if (!index) return;
  // only an index of a partitioned table has indexes attached to it (when its table is gone and unknown, look anyway)
  const table = step.state.relations.get(index.table) ?? droppedTable;
  if (!table || table.kind === 'partitioned table') for (const key of attached.to(indexKey)) dropIndex(step, key, undefined, attached);
  step.state.indexes.delete(indexKey);
  step.state.updateRelation(index.table, (relation) => ({
    ...relation,
    indexes: relation.indexes.filter((key) => key !== indexKey),
    constraints: index.constraint ? relation.constraints.filter((constraint) => constraint.name !== index.constraint) : relation.constraints,
  }));
}

/**
 * The indexes attached to each partitioned index, found with one pass over the indexes when first
 * asked: a drop that removes many indexes (a partitioned table and its partitions) asks once per
 * index. Valid while indexes are only removed.
 */
export class AttachedIndexes {
  private byParent: Map<string, string[]> | undefined;

  constructor(private readonly step: ReplayStep) {}

  to(parentKey: string): string[] {
    if (!this.byParent) {
      this.byParent = new Map();
      for (const [key, child] of this.step.state.indexes) {
        if (child.parent === undefined) continue;
        const siblings = this.byParent.get(child.parent);
        if (siblings) siblings.push(key);
        else this.byParent.set(child.parent, [key]);
      }
    }
    return this.byParent.get(parentKey) ?? [];
  }
}

/** CREATE INDEX. */
export function replayIndexStatement(step: ReplayStep, node: IndexStmt): void {
  const tableKey = step.relation(node.relation);
  if (!tableKey) return;
  const table = step.state.relations.get(tableKey)!;
  if (node.idxname && node.if_not_exists && step.state.relationNameTaken(table.schema, node.idxname)) return;
  createIndex(step, tableKey, indexSpecOf(node), step.ref());
}
