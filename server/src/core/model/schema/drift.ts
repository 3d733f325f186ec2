/**
 * Drift: how the schema a migration history builds differs from a pg_dump schema kept beside it
 * (Rails' structure.sql, a schema.sql): tables, columns (type, nullability), indexes, constraints
 * and types (enums, domains) that one side has and the other does not. Names compare as keys
 * (`schema.name`); column types as format_type() prints them, without the schema of a user type
 * (pg_dump qualifies them, migrations rarely do). The runners' bookkeeping tables, which pg_dump
 * sees and no migration creates, are left out.
 */
import type { SchemaState } from './state';
import { formatType } from './type-names';
import type { RelationModel, SourceRef, TypeRef } from './types';

export type DriftObjectKind = 'table' | 'column' | 'index' | 'constraint' | 'type';

export interface DriftDifference {
  /** 'missingInDump': the migrations make it and the dump lacks it; 'missingInMigrations': the other way round. */
  change: 'missingInDump' | 'missingInMigrations' | 'typeDiffers' | 'nullabilityDiffers';
  kind: DriftObjectKind;
  name: string;
  /** The table of a column, index or constraint. */
  table?: string;
  /** For typeDiffers and nullabilityDiffers: each side's type or nullability. */
  migrations?: string;
  dump?: string;
  /** The dump's statement for the object (or for its table, when the dump lacks the object itself); undefined when the dump has neither. */
  at?: SourceRef;
}

/** Tables runners keep for themselves: in a dump of a migrated database, never in a migration. */
const BOOKKEEPING = new Set([
  'schema_migrations',
  'ar_internal_metadata',
  'flyway_schema_history',
  '_prisma_migrations',
  '__diesel_schema_migrations',
  'goose_db_version',
  'gorp_migrations',
  'knex_migrations',
  'knex_migrations_lock',
  'alembic_version',
]);

const TABLE_KINDS = new Set<RelationModel['kind']>(['table', 'partitioned table']);

function typeText(type: TypeRef): string {
  return formatType({ ...type, schema: undefined });
}

function tablesOf(state: SchemaState): Map<string, RelationModel> {
  const tables = new Map<string, RelationModel>();
  for (const [key, relation] of state.relations) if (TABLE_KINDS.has(relation.kind) && relation.schema !== 'pg_temp') tables.set(key, relation);
  return tables;
}

/** The differences between the schema the migrations build and the dump's, in the dump's order where it has the object. */
export function schemaDrift(migrations: SchemaState, dump: SchemaState): DriftDifference[] {
  const differences: DriftDifference[] = [];
  const ours = tablesOf(migrations);
  const theirs = tablesOf(dump);
  for (const [key, table] of ours) {
    if (!theirs.has(key)) differences.push({ change: 'missingInDump', kind: 'table', name: table.name });
  }
  for (const [key, table] of theirs) {
    const other = ours.get(key);
    if (!other) {
      if (!BOOKKEEPING.has(table.name)) differences.push({ change: 'missingInMigrations', kind: 'table', name: table.name, at: table.origin });
      continue;
    }
    differences.push(...columnDifferences(other, table), ...constraintDifferences(other, table));
  }
  differences.push(...indexDifferences(migrations, dump, ours, theirs), ...typeDifferences(migrations, dump));
  return differences;
}

function columnDifferences(ours: RelationModel, theirs: RelationModel): DriftDifference[] {
  if (ours.columnsUnknown || theirs.columnsUnknown) return [];
  const differences: DriftDifference[] = [];
  // inherited or declared: a partition created with PARTITION OF and one attached later have the same columns
  const own = (table: RelationModel) => new Map(table.columns.map((column) => [column.name, column]));
  const mine = own(ours);
  const dumped = own(theirs);
  for (const [name] of mine) if (!dumped.has(name)) differences.push({ change: 'missingInDump', kind: 'column', name, table: ours.name, at: theirs.origin });
  for (const [name, column] of dumped) {
    const other = mine.get(name);
    if (!other) {
      differences.push({ change: 'missingInMigrations', kind: 'column', name, table: theirs.name, at: column.origin });
      continue;
    }
    if (typeText(other.type) !== typeText(column.type)) {
      differences.push({ change: 'typeDiffers', kind: 'column', name, table: theirs.name, migrations: typeText(other.type), dump: typeText(column.type), at: column.origin });
    }
    if (other.notNull !== column.notNull) {
      const text = (notNull: boolean): string => (notNull ? 'NOT NULL' : 'nullable');
      differences.push({ change: 'nullabilityDiffers', kind: 'column', name, table: theirs.name, migrations: text(other.notNull), dump: text(column.notNull), at: column.origin });
    }
  }
  return differences;
}

function constraintDifferences(ours: RelationModel, theirs: RelationModel): DriftDifference[] {
  const differences: DriftDifference[] = [];
  const own = (table: RelationModel) => new Map(table.constraints.map((constraint) => [constraint.name, constraint]));
  const mine = own(ours);
  const dumped = own(theirs);
  for (const [name] of mine) if (!dumped.has(name)) differences.push({ change: 'missingInDump', kind: 'constraint', name, table: ours.name, at: theirs.origin });
  for (const [name, constraint] of dumped) if (!mine.has(name)) differences.push({ change: 'missingInMigrations', kind: 'constraint', name, table: theirs.name, at: constraint.origin });
  return differences;
}

/** Indexes of tables both sides have; those that enforce a constraint are the constraint's. */
function indexDifferences(migrations: SchemaState, dump: SchemaState, ours: Map<string, RelationModel>, theirs: Map<string, RelationModel>): DriftDifference[] {
  const differences: DriftDifference[] = [];
  const own = (state: SchemaState) => new Map([...state.indexes].filter(([, index]) => !index.constraint && ours.has(index.table) && theirs.has(index.table)));
  const mine = own(migrations);
  const dumped = own(dump);
  for (const [key, index] of mine) {
    if (!dumped.has(key)) differences.push({ change: 'missingInDump', kind: 'index', name: index.name, table: ours.get(index.table)!.name, at: theirs.get(index.table)!.origin });
  }
  for (const [key, index] of dumped) {
    if (!mine.has(key)) differences.push({ change: 'missingInMigrations', kind: 'index', name: index.name, table: theirs.get(index.table)!.name, at: index.origin });
  }
  return differences;
}

function typeDifferences(migrations: SchemaState, dump: SchemaState): DriftDifference[] {
  const differences: DriftDifference[] = [];
  const judged = (kind: string): boolean => kind === 'enum' || kind === 'domain';
  for (const [key, type] of migrations.types) if (judged(type.kind) && !dump.types.has(key)) differences.push({ change: 'missingInDump', kind: 'type', name: type.name });
  for (const [key, type] of dump.types) if (judged(type.kind) && !migrations.types.has(key)) differences.push({ change: 'missingInMigrations', kind: 'type', name: type.name, at: type.origin });
  return differences;
}

/** An object as messages name it: `column "email" of "users"`. */
export function objectLabel(object: { kind: DriftObjectKind; name: string; table?: string }): string {
  switch (object.kind) {
    case 'column':
    case 'constraint':
      return `${object.kind} "${object.name}" of "${object.table}"`;
    case 'index':
      return `index "${object.name}" on "${object.table}"`;
    default:
      return `${object.kind} "${object.name}"`;
  }
}
