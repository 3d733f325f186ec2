/**
 * Primary keys as the key rules judge them: the kind of a table's key (integer or UUID), how its
 * values are made (a sequence, an identity, a random UUID), and the convention the tables of a
 * workspace schema follow.
 */
import type { Node } from 'libpg-query';
import type { ColumnWrite } from './column-writes';
import { isForeignKeyColumn } from './column-usage';
import { namesOf } from './named-objects';
import type { SchemaState } from './schema/state';
import type { ColumnModel, ConstraintModel, RelationModel } from './schema/types';
import { isToolTable } from './tool-tables';

export type KeyKind = 'integer' | 'uuid';

const INTEGER_TYPES: ReadonlySet<string> = new Set(['smallint', 'integer', 'bigint']);

/** The single column of a table's primary key, when the key has one column. */
export function primaryKeyColumn(table: RelationModel): ColumnModel | undefined {
  const key = table.constraints.find((constraint: ConstraintModel) => constraint.type === 'primary');
  if (key?.columns.length !== 1) return undefined;
  return table.columns.find((column) => column.name === key.columns[0]);
}

export function keyKindOf(column: ColumnModel): KeyKind | undefined {
  if (column.type.array || column.type.schema) return undefined;
  if (INTEGER_TYPES.has(column.type.name)) return 'integer';
  return column.type.name === 'uuid' ? 'uuid' : undefined;
}

/**
 * The key a table chose for itself: its single primary-key column, when that column is not also a
 * foreign key (a 1:1 extension table's key follows the table it extends) and the table is not a
 * partition (the partitioned parent chose) nor a migration tool's bookkeeping table.
 */
export function ownKeyColumn(table: RelationModel): ColumnModel | undefined {
  // kept per relation (a replay never changes a relation it has stored): the key rules ask for every column of every table
  if (ownKeys.has(table)) return ownKeys.get(table);
  let column: ColumnModel | undefined;
  if (!(table.partitionOf || table.temporary || isToolTable(table.name) || (table.kind !== 'table' && table.kind !== 'partitioned table'))) {
    const key = primaryKeyColumn(table);
    column = key && !isForeignKeyColumn(table, key.name) ? key : undefined;
  }
  ownKeys.set(table, column);
  return column;
}

const ownKeys = new WeakMap<RelationModel, ColumnModel | undefined>();

/** True for a table's own key column (a filter for columnsWrittenInFile: the key rules judge no other column). */
export function isOwnKeyColumn(table: RelationModel, column: ColumnModel): boolean {
  return ownKeyColumn(table) === column;
}

/** The key column among the columns whose type this file wrote, with its kind. */
export function ownKeyOf(write: ColumnWrite): KeyKind | undefined {
  return isOwnKeyColumn(write.table, write.column) ? keyKindOf(write.column) : undefined;
}

/** How the database makes an integer key's values: serial, an identity column, or a DEFAULT nextval(). */
export function integerKeyGenerator(column: ColumnModel): 'serial' | 'identity' | 'sequence' | undefined {
  if (column.identity) return 'identity';
  if (column.serial) return 'serial';
  return callsFunction(column.default?.node, ['nextval']) ? 'sequence' : undefined;
}

const RANDOM_UUID_FUNCTIONS = ['gen_random_uuid', 'uuid_generate_v4'];

/** The random (version 4) UUID function a column's DEFAULT calls, if it is one. */
export function randomUuidDefault(column: ColumnModel): string | undefined {
  const name = calledFunction(column.default?.node);
  return name && RANDOM_UUID_FUNCTIONS.includes(name) ? name : undefined;
}

function calledFunction(node: Node | undefined): string | undefined {
  const call = (node as { FuncCall?: { funcname?: Node[] } } | undefined)?.FuncCall;
  return call ? namesOf(call.funcname).pop() : undefined;
}

function callsFunction(node: Node | undefined, names: readonly string[]): boolean {
  const name = calledFunction(node);
  return name !== undefined && names.includes(name);
}

export interface KeyConvention {
  kind: KeyKind;
  /** Tables whose own key is of that kind, and tables with an integer or UUID key of their own. */
  following: number;
  voting: number;
}

/** A convention needs this many tables with integer or UUID keys of their own ... */
export const CONVENTION_MIN_TABLES = 4;
/** ... and this share of them on one kind (three in four). */
export const CONVENTION_SHARE = 0.75;

const conventions = new WeakMap<SchemaState, KeyConvention | null>();

/**
 * The key kind most tables of the schema follow: the kind of at least three quarters of the tables
 * that chose an integer or UUID key of their own (natural keys, composite keys, keys that are
 * foreign keys and partitions do not vote), when at least four tables voted. Without one, no table
 * breaks a convention.
 */
export function keyConvention(state: SchemaState): KeyConvention | undefined {
  let convention = conventions.get(state);
  if (convention === undefined) {
    const counts: Record<KeyKind, number> = { integer: 0, uuid: 0 };
    for (const table of state.relations.values()) {
      const column = ownKeyColumn(table);
      const kind = column && keyKindOf(column);
      if (kind) counts[kind]++;
    }
    const voting = counts.integer + counts.uuid;
    const kind: KeyKind = counts.uuid > counts.integer ? 'uuid' : 'integer';
    convention = voting >= CONVENTION_MIN_TABLES && counts[kind] >= CONVENTION_SHARE * voting ? { kind, following: counts[kind], voting } : null;
    conventions.set(state, convention);
  }
  return convention ?? undefined;
}
