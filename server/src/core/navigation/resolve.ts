/**
 * Which object of a schema snapshot a mention names, and an identity that stays the same for the
 * object across snapshots (renames, type changes, later migrations): built from the SourceRefs of
 * its creation, which the replay keeps when it changes an object.
 */
import type { SchemaState } from '../model/schema/state';
import type { ColumnModel, ConstraintModel, IndexModel, RelationModel, SourceRef } from '../model/schema/types';
import type { Mention } from './mentions';

export type SchemaObject =
  | { kind: 'relation'; key: string; relation: RelationModel }
  | { kind: 'column'; key: string; relation: RelationModel; column: ColumnModel }
  | { kind: 'constraint'; key: string; relation: RelationModel; constraint: ConstraintModel }
  | { kind: 'index'; key: string; index: IndexModel; relation?: RelationModel };

function refKey(ref: SourceRef): string {
  return `${ref.file}\u0000${ref.statement}\u0000${ref.start}`;
}

function relationIdentity(relation: RelationModel): string {
  return `${relation.kind === 'sequence' ? 'S' : 'R'}\u0001${refKey(relation.origin)}`;
}

/** Parts made together with their table (LIKE copies, inherited columns, view columns) share its origin: their name tells them apart. */
function partIdentity(relation: RelationModel, origin: SourceRef, name: string): string {
  const shared = origin.file === relation.origin.file && origin.statement === relation.origin.statement && origin.start === relation.origin.start;
  return shared ? `${refKey(origin)}\u0000${name}` : refKey(origin);
}

/** The same string for the same object in every snapshot of a history. */
export function identityOf(object: SchemaObject): string {
  switch (object.kind) {
    case 'relation':
      return relationIdentity(object.relation);
    case 'column':
      return `${relationIdentity(object.relation)}\u0001C${partIdentity(object.relation, object.column.origin, object.column.name)}`;
    case 'constraint':
      return `${relationIdentity(object.relation)}\u0001K${partIdentity(object.relation, object.constraint.origin, object.constraint.name)}`;
    case 'index':
      return object.relation ? `${relationIdentity(object.relation)}\u0001I${partIdentity(object.relation, object.index.origin, object.index.name)}` : `I\u0001${refKey(object.index.origin)}\u0000${object.index.name}`;
  }
}

function indexObject(state: SchemaState, key: string): SchemaObject | undefined {
  const index = state.indexes.get(key);
  return index ? { kind: 'index', key, index, relation: state.relations.get(index.table) } : undefined;
}

/** The object a mention names in one snapshot, if it exists there. */
export function resolveIn(state: SchemaState, mention: Mention): SchemaObject | undefined {
  const written = { schema: mention.schema, name: mention.name };
  switch (mention.kind) {
    case 'relation': {
      const key = state.resolveRelation(written);
      if (key) return { kind: 'relation', key, relation: state.relations.get(key)! };
      const indexKey = state.resolveIndex(written);
      return indexKey ? indexObject(state, indexKey) : undefined;
    }
    case 'index': {
      const key = state.resolveIndex(written);
      return key ? indexObject(state, key) : undefined;
    }
    case 'column':
      return inTables(state, mention, (key, relation) => {
        const column = relation.columns.find((candidate) => candidate.name === mention.name);
        return column && { kind: 'column', key, relation, column };
      });
    case 'constraint':
      return inTables(state, mention, (key, relation) => {
        const constraint = relation.constraints.find((candidate) => candidate.name === mention.name);
        return constraint && { kind: 'constraint', key, relation, constraint };
      });
  }
}

/** The first of the mention's candidate tables where `pick` finds the part it names. */
function inTables(state: SchemaState, mention: Mention, pick: (key: string, relation: RelationModel) => SchemaObject | undefined): SchemaObject | undefined {
  for (const table of mention.tables ?? []) {
    const key = state.resolveRelation(table);
    const found = key && pick(key, state.relations.get(key)!);
    if (found) return found;
  }
  return undefined;
}

const identities = new WeakMap<SchemaState, Map<string, SchemaObject>>();

/**
 * The object of that identity in a snapshot that no longer changes (the state after a history).
 * The index is built once per snapshot.
 */
export function findByIdentity(state: SchemaState, identity: string): SchemaObject | undefined {
  let index = identities.get(state);
  if (!index) {
    index = new Map();
    for (const object of objectsOf(state)) index.set(identityOf(object), object);
    identities.set(state, index);
  }
  return index.get(identity);
}

function* objectsOf(state: SchemaState): Generator<SchemaObject> {
  for (const [key, relation] of state.relations) {
    yield { kind: 'relation', key, relation };
    for (const column of relation.columns) yield { kind: 'column', key, relation, column };
    for (const constraint of relation.constraints) yield { kind: 'constraint', key, relation, constraint };
  }
  for (const key of state.indexes.keys()) yield indexObject(state, key)!;
}

/** Where an object was created and last changed. */
export function sourcesOf(object: SchemaObject): { origin: SourceRef; changed: SourceRef } {
  switch (object.kind) {
    case 'relation':
      return object.relation;
    case 'column':
      return object.column;
    case 'constraint':
      return object.constraint;
    case 'index':
      return object.index;
  }
}

/** The object's own name. */
export function nameOf(object: SchemaObject): string {
  switch (object.kind) {
    case 'relation':
      return object.relation.name;
    case 'column':
      return object.column.name;
    case 'constraint':
      return object.constraint.name;
    case 'index':
      return object.index.name;
  }
}
