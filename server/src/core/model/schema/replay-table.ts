/**
 * Tables in the replay: CREATE TABLE (columns, inline and table constraints, LIKE, INHERITS,
 * PARTITION OF) and ALTER TABLE, with the names PostgreSQL generates and the consequences it
 * draws (a primary key makes its columns NOT NULL, dropping a column drops the indexes and
 * constraints on it, a partitioned table passes indexes and foreign keys to its partitions).
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, Constraint, CreateStmt, Node, PartitionCmd, RangeVar, TableLikeClause, TypeName } from 'libpg-query';
import { namesOf } from '../named-objects';
import { columnsReadBy, expressionOf } from './expression';
import { chooseConstraintName, chooseRelationName, nameAddition } from './naming';
import type { ReplayStep } from './replay-context';
import type { IndexSpec } from './replay-index';
import { attachIndex, cascadeIndex, createIndex, dropIndex, keysOf, partitionsOf } from './replay-index';
import { qualify } from './state';
import { isSerial, typeRefOf } from './type-names';
import type { ColumnModel, ConstraintModel, Expression, IndexModel, RelationModel, SourceRef, TypeRef } from './types';

const LIKE_CONSTRAINTS = 1 << 2;
const LIKE_DEFAULTS = 1 << 3;
const LIKE_GENERATED = 1 << 4;
const LIKE_IDENTITY = 1 << 5;
const LIKE_INDEXES = 1 << 6;

function constraintsOf(nodes: readonly Node[] | undefined): Constraint[] {
  return (nodes ?? []).map((node) => (node as { Constraint?: Constraint }).Constraint).filter((constraint): constraint is Constraint => constraint !== undefined);
}

/** A column from its definition; constraints other than nullability, default, identity and generation are returned to be added to the table. */
function columnOf(step: ReplayStep, definition: ColumnDef): { column: ColumnModel; constraints: Constraint[] } {
  const origin = step.ref(definition.location);
  const column: ColumnModel = {
    name: definition.colname ?? '?',
    type: typeRefOf(definition.typeName),
    notNull: definition.is_not_null === true,
    origin,
    changed: origin,
  };
  const collation = namesOf(definition.collClause?.collname).pop();
  if (collation) column.collation = collation;
  if (isSerial(definition.typeName)) {
    column.serial = true;
    column.notNull = true;
  }
  if (definition.raw_default) column.default = storedDefault(step, definition.raw_default, column.type);
  if (definition.identity) column.identity = definition.identity === 'a' ? 'always' : 'by default';
  const rest: Constraint[] = [];
  for (const constraint of constraintsOf(definition.constraints)) {
    switch (constraint.contype) {
      case 'CONSTR_NOTNULL':
        column.notNull = true;
        if (constraint.conname) column.notNullConstraint = constraint.conname;
        break;
      case 'CONSTR_NULL':
        column.notNull = false;
        break;
      case 'CONSTR_DEFAULT':
        column.default = storedDefault(step, constraint.raw_expr, column.type);
        break;
      case 'CONSTR_IDENTITY':
        column.identity = constraint.generated_when === 'd' ? 'by default' : 'always';
        column.notNull = true;
        break;
      case 'CONSTR_GENERATED':
        column.generated = constraint.generated_kind === 's' ? 'stored' : 'virtual';
        column.default = expressionOf(constraint.raw_expr);
        break;
      default:
        rest.push({ ...constraint, keys: constraint.keys ?? [{ String: { sval: column.name } }] });
    }
  }
  return { column, constraints: rest };
}

/** The sequence serial and identity columns own, named as PostgreSQL names it (`table_column_seq`). */
function createOwnedSequence(step: ReplayStep, tableKey: string, column: ColumnModel): void {
  const table = step.state.relations.get(tableKey);
  if (!table || (!column.serial && !column.identity)) return;
  const name = chooseRelationName(step.state, table.schema, table.name, column.name, 'seq');
  step.state.relations.set(qualify(table.schema, name), {
    schema: table.schema,
    name,
    kind: 'sequence',
    columns: [],
    constraints: [],
    indexes: [],
    ownedBy: { table: tableKey, column: column.name },
    origin: column.origin,
    changed: column.origin,
  });
}

/**
 * The default PostgreSQL stores for a column: none when the default is a null constant of exactly
 * the column's type and typmod (a bare NULL on a column without modifiers, or NULL cast to the
 * column's type), but one when a coercion wraps the null (another type, or a typmod to apply:
 * `varchar(15) DEFAULT NULL` keeps `NULL::character varying`, as measured on PostgreSQL 18) and for
 * any default of a domain-typed column (CoerceToDomain).
 */
function storedDefault(step: ReplayStep, node: Node | undefined, type: TypeRef): Expression | undefined {
  if (!node) return undefined;
  const typeKey = step.state.resolveType({ schema: type.schema, name: type.name });
  if (typeKey && step.state.types.get(typeKey)?.kind === 'domain') return expressionOf(node);
  const record = node as { A_Const?: { isnull?: boolean }; TypeCast?: { arg?: Node; typeName?: TypeName } };
  if (record.A_Const?.isnull === true) return type.modifiers.length === 0 ? undefined : expressionOf(node);
  const castArg = record.TypeCast?.arg as { A_Const?: { isnull?: boolean } } | undefined;
  if (castArg?.A_Const?.isnull === true) {
    const cast = typeRefOf(record.TypeCast!.typeName);
    if (cast.name === type.name && cast.array === type.array && cast.modifiers.join(',') === type.modifiers.join(',')) return undefined;
  }
  return expressionOf(node);
}

function stringsOf(nodes: readonly Node[] | undefined): string[] {
  return namesOf(nodes);
}

function setColumns(relation: RelationModel, columns: ColumnModel[], changed: SourceRef): RelationModel {
  return { ...relation, columns, changed };
}

function updateColumn(step: ReplayStep, tableKey: string, name: string, change: (column: ColumnModel) => ColumnModel, recurse = true): boolean {
  let found = false;
  const origin = step.ref();
  step.state.updateRelation(tableKey, (relation) =>
    setColumns(
      relation,
      relation.columns.map((column) => {
        if (column.name !== name) return column;
        found = true;
        return { ...change(column), changed: origin };
      }),
      origin,
    ),
  );
  if (recurse) for (const child of childrenOf(step, tableKey)) updateColumn(step, child, name, change, true);
  return found;
}

function primaryKeyColumns(step: ReplayStep, tableKey: string): string[] {
  return step.state.relations.get(tableKey)?.constraints.find((constraint) => constraint.type === 'primary')?.columns ?? [];
}

interface AddOptions {
  /** In CREATE TABLE: the table is empty, so NOT VALID means nothing and every constraint is validated. */
  creating: boolean;
  /** Not ONLY: a partitioned table passes the constraint on to its partitions. */
  recurse: boolean;
  /** Names chosen earlier in the same statement. */
  taken: Set<string>;
}

/** Adds one table constraint (PRIMARY KEY, UNIQUE, EXCLUDE, CHECK, FOREIGN KEY, NOT NULL). */
export function addConstraint(step: ReplayStep, tableKey: string, constraint: Constraint, options: AddOptions): void {
  const table = step.state.relations.get(tableKey);
  if (!table) return;
  const origin = step.ref(constraint.location);
  // NOT VALID sets skip_validation; in CREATE TABLE PostgreSQL ignores it (the table is empty)
  const notEnforced = (constraint.contype === 'CONSTR_CHECK' || constraint.contype === 'CONSTR_FOREIGN') && constraint.is_enforced !== true ? true : undefined;
  const validated = !notEnforced && (options.creating || constraint.skip_validation !== true);
  const keys = stringsOf(constraint.keys);
  switch (constraint.contype) {
    case 'CONSTR_NOTNULL':
      for (const column of keys) updateColumn(step, tableKey, column, (model) => ({ ...model, notNull: true, notNullConstraint: constraint.conname ?? model.notNullConstraint }), options.recurse);
      return;
    case 'CONSTR_CHECK': {
      const read = columnsReadBy(constraint.raw_expr);
      const name = constraint.conname ?? chooseConstraintName(step.state, table.schema, table.name, read.length === 1 ? read[0] : undefined, 'check', options.taken);
      options.taken.add(name);
      const model: ConstraintModel = { name, type: 'check', columns: read, expression: expressionOf(constraint.raw_expr), validated, notEnforced, noInherit: constraint.is_no_inherit || undefined, origin, changed: origin };
      pushConstraint(step, tableKey, model);
      if (options.recurse && !constraint.is_no_inherit) {
        for (const child of childrenOf(step, tableKey)) pushConstraint(step, child, { ...model, inherited: true });
      }
      return;
    }
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
    case 'CONSTR_EXCLUSION':
      addIndexConstraint(step, tableKey, constraint, keys, options, origin);
      return;
    case 'CONSTR_FOREIGN': {
      const columns = stringsOf(constraint.fk_attrs).length > 0 ? stringsOf(constraint.fk_attrs) : keys;
      const target = step.relation(constraint.pktable) ?? (constraint.pktable?.relname ? qualify(step.state.creationSchema(constraint.pktable.schemaname), constraint.pktable.relname) : '?');
      const referenced = stringsOf(constraint.pk_attrs);
      const name = constraint.conname ?? chooseConstraintName(step.state, table.schema, table.name, nameAddition(columns), 'fkey', options.taken);
      options.taken.add(name);
      const model: ConstraintModel = {
        name,
        type: 'foreign',
        columns,
        references: {
          table: target,
          columns: referenced.length > 0 ? referenced : primaryKeyColumns(step, target),
          onDelete: constraint.fk_del_action ?? 'a',
          onUpdate: constraint.fk_upd_action ?? 'a',
        },
        validated,
        notEnforced,
        deferrable: constraint.deferrable || undefined,
        origin,
        changed: origin,
      };
      pushConstraint(step, tableKey, model);
      if (options.recurse) for (const partition of partitionsOf(step, tableKey)) pushConstraint(step, partition, { ...model, inherited: true });
      return;
    }
    default:
      return;
  }
}

export function childrenOf(step: ReplayStep, tableKey: string): string[] {
  const result: string[] = [];
  for (const [key, relation] of step.state.relations) if (relation.partitionOf === tableKey || relation.inherits?.includes(tableKey)) result.push(key);
  return result;
}

function pushConstraint(step: ReplayStep, tableKey: string, constraint: ConstraintModel): void {
  step.state.updateRelation(tableKey, (relation) => ({ ...relation, constraints: [...relation.constraints, constraint], changed: constraint.changed }));
}

function addIndexConstraint(step: ReplayStep, tableKey: string, constraint: Constraint, keys: string[], options: AddOptions, origin: SourceRef): void {
  const table = step.state.relations.get(tableKey)!;
  const type = constraint.contype === 'CONSTR_PRIMARY' ? 'primary' : constraint.contype === 'CONSTR_UNIQUE' ? 'unique' : 'exclusion';
  let index: IndexModel | undefined;
  if (constraint.indexname) {
    // ADD CONSTRAINT ... USING INDEX: the index becomes the constraint's, renamed to the constraint's name
    const existing = step.state.resolveIndex({ schema: table.schema, name: constraint.indexname });
    const found = existing ? step.state.indexes.get(existing) : undefined;
    if (!found || !existing) {
      step.problem(`index "${constraint.indexname}" does not exist at this point of the history`);
      return;
    }
    const name = constraint.conname ?? found.name;
    step.state.indexes.delete(existing);
    index = { ...found, name, primary: type === 'primary', unique: true, constraint: name, changed: origin };
    const key = qualify(found.schema, name);
    step.state.indexes.set(key, index);
    step.state.updateRelation(tableKey, (relation) => ({ ...relation, indexes: relation.indexes.map((entry) => (entry === existing ? key : entry)) }));
    keys = index.keys.map((entry) => entry.column ?? '?');
  } else {
    let spec: IndexSpec;
    if (type === 'exclusion') {
      const elements = (constraint.exclusions ?? []).map((pair) => ((pair as { List?: { items?: Node[] } }).List?.items ?? [])[0]).filter((item): item is Node => item !== undefined);
      const { keys: indexKeys, names } = keysOf(elements);
      keys = indexKeys.map((key) => key.column).filter((column): column is string => column !== undefined);
      spec = { method: constraint.access_method ?? 'gist', unique: false, primary: false, constraint: true, exclusion: true, keys: indexKeys, nameColumns: names, include: stringsOf(constraint.including), predicate: expressionOf(constraint.where_clause) };
    } else {
      const include = stringsOf(constraint.including);
      spec = {
        method: 'btree',
        unique: true,
        primary: type === 'primary',
        constraint: true,
        keys: keys.map((column) => ({ column })),
        nameColumns: [...keys, ...include],
        include,
        nullsNotDistinct: constraint.nulls_not_distinct || undefined,
      };
    }
    spec.name = constraint.conname;
    spec.only = !options.recurse && table.kind === 'partitioned table';
    // the constraint is recorded before the index cascades, so that partitions inherit it
    const name = spec.name ?? undefined;
    index = createIndexForConstraint(step, tableKey, spec, origin, type, keys, constraint, name);
    if (!index) return;
  }
  if (constraint.indexname) {
    pushConstraint(step, tableKey, { name: index.name, type, columns: keys, validated: true, deferrable: constraint.deferrable || undefined, index: index.name, origin, changed: origin });
  }
  if (type === 'primary') for (const column of keys) updateColumn(step, tableKey, column, (model) => ({ ...model, notNull: true }), options.recurse);
}

function createIndexForConstraint(
  step: ReplayStep,
  tableKey: string,
  spec: IndexSpec,
  origin: SourceRef,
  type: 'primary' | 'unique' | 'exclusion',
  keys: string[],
  constraint: Constraint,
  _name: string | undefined,
): IndexModel | undefined {
  // create the index without cascading, add the constraint, then cascade (partitions clone both)
  const table = step.state.relations.get(tableKey)!;
  const cascade = table.kind === 'partitioned table' && !spec.only;
  const index = createIndex(step, tableKey, { ...spec, only: true }, origin);
  if (!index) return undefined;
  pushConstraint(step, tableKey, {
    name: index.name,
    type,
    columns: keys,
    expression: type === 'exclusion' ? spec.predicate : undefined,
    validated: true,
    deferrable: constraint.deferrable || undefined,
    index: index.name,
    origin,
    changed: origin,
  });
  const key = qualify(index.schema, index.name);
  if (cascade) {
    step.state.updateIndex(key, (model) => ({ ...model, only: undefined, valid: true }));
    for (const partition of partitionsOf(step, tableKey)) cascadeIndex(step, key, partition, origin);
  } else if (table.kind === 'partitioned table' && partitionsOf(step, tableKey).length === 0) {
    step.state.updateIndex(key, (model) => ({ ...model, valid: true }));
  }
  return step.state.indexes.get(key);
}

/** Columns (with their constraints) a new table gets from LIKE clauses, INHERITS parents or its partitioned parent. */
function copiedColumns(step: ReplayStep, sourceKey: string, options: number, origin: SourceRef): ColumnModel[] {
  const source = step.state.relations.get(sourceKey);
  if (!source) return [];
  return source.columns.map((column) => {
    const copy: ColumnModel = { ...column, origin, changed: origin };
    if (!(options & LIKE_DEFAULTS) && !column.generated) delete copy.default;
    if (column.generated && !(options & LIKE_GENERATED)) delete copy.default;
    if (column.generated && !(options & LIKE_GENERATED)) delete copy.generated;
    if (!(options & LIKE_IDENTITY)) delete copy.identity;
    if (column.serial) delete copy.serial;
    return copy;
  });
}

function mergeColumns(into: ColumnModel[], columns: ColumnModel[]): void {
  for (const column of columns) {
    const existing = into.findIndex((candidate) => candidate.name === column.name);
    if (existing < 0) into.push(column);
    else into[existing] = { ...into[existing], notNull: into[existing].notNull || column.notNull };
  }
}

export function replayCreateTable(step: ReplayStep, node: CreateStmt, kind: RelationModel['kind'] = 'table'): void {
  const relation = node.relation;
  if (!relation?.relname) return;
  const { key, schema, name } = step.newKey(relation);
  if (step.state.relationNameTaken(schema, name)) {
    if (!node.if_not_exists) step.problem(`relation "${name}" already exists at this point of the history`);
    return;
  }
  const origin = step.ref(relation.location);
  const parents = (node.inhRelations ?? []).map((entry) => step.relation((entry as { RangeVar?: RangeVar }).RangeVar)).filter((parent): parent is string => parent !== undefined);
  const partitionOf = node.partbound ? parents[0] : undefined;
  const columns: ColumnModel[] = [];
  const pending: Constraint[] = [];
  const likes: Array<{ source: string; options: number }> = [];
  /** Columns that get a sequence of their own: serial and identity columns written here or copied by LIKE ... INCLUDING IDENTITY. */
  const owningSequences: ColumnModel[] = [];

  for (const parent of parents) mergeColumns(columns, copiedColumns(step, parent, LIKE_DEFAULTS | LIKE_GENERATED | LIKE_IDENTITY, origin).map((column) => ({ ...column, inherited: true })));
  for (const element of node.tableElts ?? []) {
    const record = element as { ColumnDef?: ColumnDef; Constraint?: Constraint; TableLikeClause?: TableLikeClause };
    if (record.TableLikeClause) {
      const source = step.relation(record.TableLikeClause.relation);
      if (source) {
        const options = record.TableLikeClause.options ?? 0;
        const copied = copiedColumns(step, source, options, origin);
        mergeColumns(columns, copied);
        owningSequences.push(...copied.filter((column) => column.identity));
        likes.push({ source, options });
      }
    } else if (record.ColumnDef) {
      const { column, constraints } = columnOf(step, record.ColumnDef);
      const existing = columns.findIndex((candidate) => candidate.name === column.name);
      if (existing >= 0 && !record.ColumnDef.typeName) {
        // PARTITION OF ... (col WITH OPTIONS ...): options on an inherited column
        const inherited = columns[existing];
        columns[existing] = { ...inherited, notNull: inherited.notNull || column.notNull, default: column.default ?? inherited.default, changed: origin };
      } else if (existing >= 0) columns[existing] = { ...column, notNull: column.notNull || columns[existing].notNull, default: column.default ?? columns[existing].default };
      else columns.push(column);
      if (column.serial || column.identity) owningSequences.push(column);
      pending.push(...constraints);
    } else if (record.Constraint) pending.push(record.Constraint);
  }
  pending.push(...constraintsOf(node.constraints));

  const model: RelationModel = {
    schema,
    name,
    kind: node.partspec ? 'partitioned table' : kind,
    columns,
    constraints: [],
    indexes: [],
    partitionOf,
    partitionKey: node.partspec ? partitionKeyColumns(node) : undefined,
    inherits: !partitionOf && parents.length > 0 ? parents : undefined,
    unlogged: relation.relpersistence === 'u' || undefined,
    temporary: relation.relpersistence === 't' || undefined,
    origin,
    changed: origin,
  };
  if (!step.state.schemas.has(schema) && schema !== 'pg_temp') step.problem(`schema "${schema}" does not exist at this point of the history`);
  step.state.relations.set(key, model);
  for (const column of owningSequences) createOwnedSequence(step, key, column);

  const taken = new Set<string>();
  const options: AddOptions = { creating: true, recurse: true, taken };
  // inherited CHECK constraints keep their names; a partition also gets the parent's indexes and foreign keys
  for (const parent of parents) {
    for (const constraint of step.state.relations.get(parent)?.constraints ?? []) {
      if (constraint.type === 'check' && !constraint.noInherit) pushConstraint(step, key, { ...constraint, inherited: true, origin, changed: origin });
    }
  }
  for (const like of likes) {
    if (like.options & LIKE_CONSTRAINTS) {
      for (const constraint of step.state.relations.get(like.source)?.constraints ?? []) {
        if (constraint.type === 'check') pushConstraint(step, key, { ...constraint, name: constraint.name, origin, changed: origin });
      }
    }
  }
  for (const constraint of pending.filter((entry) => entry.contype === 'CONSTR_CHECK' || entry.contype === 'CONSTR_NOTNULL')) addConstraint(step, key, constraint, options);
  for (const constraint of indexConstraintsOfCreate(pending)) addConstraint(step, key, constraint, options);
  for (const like of likes) if (like.options & LIKE_INDEXES) copyIndexes(step, like.source, key, origin);
  if (partitionOf) inheritFromPartitionedParent(step, partitionOf, key, origin);
  for (const constraint of pending.filter((entry) => entry.contype === 'CONSTR_FOREIGN')) addConstraint(step, key, constraint, options);
}

function partitionKeyColumns(node: CreateStmt): string[] {
  const columns: string[] = [];
  for (const element of node.partspec?.partParams ?? []) {
    const partition = (element as { PartitionElem?: { name?: string; expr?: Node } }).PartitionElem;
    if (partition?.name) columns.push(partition.name);
    else columns.push(...columnsReadBy(partition?.expr));
  }
  return columns;
}

/**
 * The PRIMARY KEY / UNIQUE / EXCLUDE constraints of a CREATE TABLE in the order PostgreSQL builds
 * their indexes (transformIndexConstraints): the primary key first, then the others as written,
 * leaving out one that repeats an earlier index (`id uuid UNIQUE` beside `PRIMARY KEY (id)`).
 */
function indexConstraintsOfCreate(pending: readonly Constraint[]): Constraint[] {
  const wanted = pending.filter((entry) => entry.contype === 'CONSTR_PRIMARY' || entry.contype === 'CONSTR_UNIQUE' || entry.contype === 'CONSTR_EXCLUSION');
  const ordered = [...wanted.filter((entry) => entry.contype === 'CONSTR_PRIMARY'), ...wanted.filter((entry) => entry.contype !== 'CONSTR_PRIMARY')];
  const kept: Constraint[] = [];
  const signature = (entry: Constraint): string =>
    JSON.stringify([entry.contype === 'CONSTR_EXCLUSION' ? entry.exclusions : stringsOf(entry.keys), stringsOf(entry.including), entry.where_clause, entry.access_method, entry.nulls_not_distinct === true, entry.deferrable === true, entry.initdeferred === true], (name, value) => (name === 'location' ? undefined : value));
  for (const entry of ordered) {
    const prior = kept.find((candidate) => signature(candidate) === signature(entry));
    if (!prior) kept.push(entry);
    else if (!prior.conname && entry.conname) kept[kept.indexOf(prior)] = { ...prior, conname: entry.conname };
  }
  return kept;
}

/** LIKE ... INCLUDING INDEXES: the source's indexes (and the constraints they enforce) under names generated for the new table. */
function copyIndexes(step: ReplayStep, sourceKey: string, tableKey: string, origin: SourceRef): void {
  for (const index of step.state.indexesOf(sourceKey)) {
    const spec: IndexSpec = {
      method: index.method,
      unique: index.unique,
      primary: index.primary,
      constraint: index.constraint !== undefined,
      exclusion: step.state.relations.get(sourceKey)?.constraints.find((c) => c.name === index.constraint)?.type === 'exclusion',
      keys: index.keys,
      nameColumns: [...index.keys.map((key) => key.column ?? 'expr'), ...index.include],
      include: index.include,
      predicate: index.predicate,
      nullsNotDistinct: index.nullsNotDistinct,
    };
    const created = createIndex(step, tableKey, spec, origin);
    const source = step.state.relations.get(sourceKey)?.constraints.find((constraint) => constraint.name === index.constraint);
    if (created && source) pushConstraint(step, tableKey, { ...source, name: created.name, index: created.name, origin, changed: origin });
    if (created?.primary) for (const key of created.keys) if (key.column) updateColumn(step, tableKey, key.column, (column) => ({ ...column, notNull: true }), false);
  }
}

/** CREATE TABLE ... PARTITION OF / ATTACH PARTITION: the partition gets the parent's indexes, foreign keys and CHECK constraints. */
function inheritFromPartitionedParent(step: ReplayStep, parentKey: string, partitionKey: string, origin: SourceRef): void {
  for (const index of step.state.indexesOf(parentKey)) cascadeIndex(step, qualify(index.schema, index.name), partitionKey, origin);
  const partition = step.state.relations.get(partitionKey);
  for (const constraint of step.state.relations.get(parentKey)?.constraints ?? []) {
    if (constraint.type !== 'foreign') continue;
    if (partition?.constraints.some((existing) => existing.name === constraint.name)) continue;
    pushConstraint(step, partitionKey, { ...constraint, inherited: true, origin, changed: origin });
  }
}

function dropColumn(step: ReplayStep, tableKey: string, column: string, cascade: boolean, missingOk: boolean): void {
  const table = step.state.relations.get(tableKey);
  if (!table) return;
  if (!table.columns.some((candidate) => candidate.name === column)) {
    if (!missingOk) step.problem(`column "${column}" of "${table.name}" does not exist at this point of the history`);
    return;
  }
  const origin = step.ref();
  for (const index of step.state.indexesOf(tableKey)) {
    const uses =
      index.keys.some((key) => key.column === column || columnsReadBy(key.expression?.node).includes(column)) ||
      index.include.includes(column) ||
      columnsReadBy(index.predicate?.node).includes(column);
    if (uses) dropIndex(step, qualify(index.schema, index.name));
  }
  step.state.updateRelation(tableKey, (relation) => ({
    ...relation,
    columns: relation.columns.filter((candidate) => candidate.name !== column),
    constraints: relation.constraints.filter((constraint) => !constraint.columns.includes(column)),
    changed: origin,
  }));
  const referencing = step.state.referencing(tableKey).filter((entry) => entry.constraints.some((constraint) => constraint.references!.columns.includes(column)));
  if (cascade) {
    for (const entry of referencing) {
      step.state.updateRelation(entry.key, (relation) => ({
        ...relation,
        constraints: relation.constraints.filter((constraint) => !(constraint.references?.table === tableKey && constraint.references.columns.includes(column))),
      }));
    }
  }
  for (const [key, sequence] of [...step.state.relations]) {
    if (sequence.kind === 'sequence' && sequence.ownedBy?.table === tableKey && sequence.ownedBy.column === column) step.state.relations.delete(key);
  }
  for (const child of childrenOf(step, tableKey)) {
    // a child drops the column with its parent only if it did not declare the column itself
    if (step.state.relations.get(child)?.columns.find((candidate) => candidate.name === column)?.inherited) dropColumn(step, child, column, cascade, true);
  }
}

function renameColumn(step: ReplayStep, tableKey: string, from: string, to: string, recurse = true): void {
  const origin = step.ref();
  const rename = (name: string): string => (name === from ? to : name);
  if (!updateColumn(step, tableKey, from, (column) => ({ ...column, name: to }), false)) {
    step.problem(`column "${from}" does not exist at this point of the history`);
    return;
  }
  step.state.updateRelation(tableKey, (relation) => ({
    ...relation,
    constraints: relation.constraints.map((constraint) => ({
      ...constraint,
      columns: constraint.columns.map(rename),
      references: constraint.references?.table === tableKey ? { ...constraint.references, columns: constraint.references.columns.map(rename) } : constraint.references,
    })),
    changed: origin,
  }));
  for (const index of step.state.indexesOf(tableKey)) {
    step.state.updateIndex(qualify(index.schema, index.name), (model) => ({
      ...model,
      keys: model.keys.map((key) => (key.column ? { ...key, column: rename(key.column) } : key)),
      include: model.include.map(rename),
    }));
  }
  for (const entry of step.state.referencing(tableKey)) {
    if (entry.key === tableKey) continue;
    step.state.updateRelation(entry.key, (relation) => ({
      ...relation,
      constraints: relation.constraints.map((constraint) =>
        constraint.references?.table === tableKey ? { ...constraint, references: { ...constraint.references, columns: constraint.references.columns.map(rename) } } : constraint,
      ),
    }));
  }
  for (const [key, sequence] of step.state.relations) {
    if (sequence.ownedBy?.table === tableKey && sequence.ownedBy.column === from) step.state.relations.set(key, { ...sequence, ownedBy: { table: tableKey, column: to } });
  }
  if (recurse) for (const child of childrenOf(step, tableKey)) renameColumn(step, child, from, to, true);
}

/** Moves a relation to a new key (RENAME TO, SET SCHEMA), with everything that points at it. */
export function moveRelation(step: ReplayStep, fromKey: string, schema: string, name: string): string {
  const relation = step.state.relations.get(fromKey);
  if (!relation) return fromKey;
  const toKey = qualify(schema, name);
  const origin = step.ref();
  step.state.relations.delete(fromKey);
  const indexKeys: string[] = [];
  const movedIndexes = new Map<string, string>();
  for (const indexKey of relation.indexes) {
    const index = step.state.indexes.get(indexKey);
    if (!index) continue;
    const movedKey = qualify(schema, index.name);
    step.state.indexes.delete(indexKey);
    step.state.indexes.set(movedKey, { ...index, schema, table: toKey });
    indexKeys.push(movedKey);
    movedIndexes.set(indexKey, movedKey);
  }
  step.state.relations.set(toKey, { ...relation, schema, name, indexes: indexKeys, changed: origin });
  for (const [key, other] of [...step.state.relations]) {
    let next = other;
    if (other.constraints.some((constraint) => constraint.references?.table === fromKey)) {
      next = { ...next, constraints: next.constraints.map((constraint) => (constraint.references?.table === fromKey ? { ...constraint, references: { ...constraint.references, table: toKey } } : constraint)) };
    }
    if (other.partitionOf === fromKey) next = { ...next, partitionOf: toKey };
    if (other.inherits?.includes(fromKey)) next = { ...next, inherits: other.inherits.map((parent) => (parent === fromKey ? toKey : parent)) };
    if (other.ownedBy?.table === fromKey) {
      next = { ...next, ownedBy: { ...other.ownedBy, table: toKey } };
      if (schema !== relation.schema && key !== toKey) {
        step.state.relations.delete(key);
        step.state.relations.set(qualify(schema, other.name), { ...next, schema });
        continue;
      }
    }
    if (next !== other) step.state.relations.set(key, next);
  }
  for (const [key, index] of step.state.indexes) {
    const parent = index.parent && movedIndexes.get(index.parent);
    if (parent) step.state.indexes.set(key, { ...index, parent });
  }
  return toKey;
}

export function replayAlterTable(step: ReplayStep, node: AlterTableStmt): void {
  if (node.objtype === 'OBJECT_INDEX') {
    for (const entry of node.cmds ?? []) {
      const cmd = (entry as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
      const child = (cmd?.def as { PartitionCmd?: PartitionCmd } | undefined)?.PartitionCmd?.name;
      if (cmd?.subtype !== 'AT_AttachPartition' || !child || !node.relation?.relname) continue;
      const parentKey = step.state.resolveIndex({ schema: node.relation.schemaname, name: node.relation.relname });
      const childKey = step.state.resolveIndex({ schema: child.schemaname, name: child.relname ?? '' });
      if (parentKey && childKey) attachIndex(step, parentKey, childKey, step.ref());
    }
    return;
  }
  const tableKey = step.relation(node.relation, node.missing_ok === true);
  if (!tableKey) return;
  const recurse = node.relation?.inh === true;
  const taken = new Set<string>();
  for (const entry of node.cmds ?? []) {
    const cmd = (entry as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
    if (cmd) alterTableCommand(step, tableKey, cmd, { creating: false, recurse, taken });
  }
}

function alterTableCommand(step: ReplayStep, tableKey: string, cmd: AlterTableCmd, options: AddOptions): void {
  const table = step.state.relations.get(tableKey);
  if (!table) return;
  const column = cmd.name ?? '';
  const definition = (cmd.def as { ColumnDef?: ColumnDef } | undefined)?.ColumnDef;
  switch (cmd.subtype) {
    case 'AT_AddColumn': {
      if (!definition) return;
      const { column: added, constraints } = columnOf(step, definition);
      if (table.columns.some((existing) => existing.name === added.name)) {
        if (!cmd.missing_ok) step.problem(`column "${added.name}" of "${table.name}" already exists at this point of the history`);
        return;
      }
      const addTo = (key: string, inherited: boolean): void => {
        const relation = step.state.relations.get(key);
        const existing = relation?.columns.find((candidate) => candidate.name === added.name);
        if (existing) return; // a child that has the column already merges it
        step.state.updateRelation(key, (model) => setColumns(model, [...model.columns, inherited ? { ...added, inherited: true } : added], added.origin));
        if (options.recurse) for (const child of childrenOf(step, key)) addTo(child, true);
      };
      addTo(tableKey, false);
      createOwnedSequence(step, tableKey, added);
      for (const constraint of constraints) addConstraint(step, tableKey, constraint, options);
      return;
    }
    case 'AT_DropColumn':
      dropColumn(step, tableKey, column, cmd.behavior === 'DROP_CASCADE', cmd.missing_ok === true);
      return;
    case 'AT_AlterColumnType':
      if (definition?.typeName) {
        // without COLLATE the column takes the new type's default collation
        const type = typeRefOf(definition.typeName);
        const collation = namesOf(definition.collClause?.collname).pop();
        updateColumn(step, tableKey, column, (model) => ({ ...model, type, collation }), true);
      }
      return;
    case 'AT_SetNotNull':
      updateColumn(step, tableKey, column, (model) => ({ ...model, notNull: true }), options.recurse);
      return;
    case 'AT_DropNotNull':
      updateColumn(step, tableKey, column, (model) => ({ ...model, notNull: false, notNullConstraint: undefined }), options.recurse);
      return;
    case 'AT_ColumnDefault':
      updateColumn(step, tableKey, column, (model) => ({ ...model, default: storedDefault(step, cmd.def, model.type) }), options.recurse);
      return;
    case 'AT_AddIdentity':
      updateColumn(step, tableKey, column, (model) => ({ ...model, identity: (cmd.def as { Constraint?: Constraint })?.Constraint?.generated_when === 'd' ? 'by default' : 'always', notNull: true }), true);
      createOwnedSequence(step, tableKey, step.state.relations.get(tableKey)!.columns.find((model) => model.name === column)!);
      return;
    case 'AT_DropIdentity':
      updateColumn(step, tableKey, column, (model) => ({ ...model, identity: undefined }), true);
      for (const [key, sequence] of [...step.state.relations]) if (sequence.ownedBy?.table === tableKey && sequence.ownedBy.column === column) step.state.relations.delete(key);
      return;
    case 'AT_DropExpression':
      updateColumn(step, tableKey, column, (model) => ({ ...model, generated: undefined, default: undefined }), true);
      return;
    case 'AT_SetExpression':
      updateColumn(step, tableKey, column, (model) => ({ ...model, default: expressionOf(cmd.def) }), true);
      return;
    case 'AT_AddConstraint': {
      const constraint = (cmd.def as { Constraint?: Constraint } | undefined)?.Constraint;
      if (constraint) addConstraint(step, tableKey, constraint, { ...options, recurse: options.recurse || constraint.contype === 'CONSTR_FOREIGN' });
      return;
    }
    case 'AT_DropConstraint':
      dropConstraint(step, tableKey, column, cmd.behavior === 'DROP_CASCADE', cmd.missing_ok === true, options.recurse);
      return;
    case 'AT_ValidateConstraint': {
      const origin = step.ref();
      const validate = (key: string): void => {
        step.state.updateRelation(key, (relation) => ({ ...relation, constraints: relation.constraints.map((constraint) => (constraint.name === column ? { ...constraint, validated: true, changed: origin } : constraint)) }));
      };
      validate(tableKey);
      for (const partition of partitionsOf(step, tableKey)) validate(partition);
      return;
    }
    case 'AT_AttachPartition': {
      const child = (cmd.def as { PartitionCmd?: PartitionCmd } | undefined)?.PartitionCmd?.name;
      const childKey = step.relation(child);
      if (!childKey) return;
      const origin = step.ref();
      step.state.updateRelation(childKey, (relation) => ({ ...relation, partitionOf: tableKey, changed: origin }));
      inheritFromPartitionedParent(step, tableKey, childKey, origin);
      return;
    }
    case 'AT_DetachPartition': {
      const child = (cmd.def as { PartitionCmd?: PartitionCmd } | undefined)?.PartitionCmd?.name;
      const childKey = step.relation(child);
      if (!childKey) return;
      const origin = step.ref();
      step.state.updateRelation(childKey, (relation) => ({ ...relation, partitionOf: undefined, constraints: relation.constraints.map((constraint) => ({ ...constraint, inherited: undefined })), changed: origin }));
      for (const index of step.state.indexesOf(childKey)) step.state.updateIndex(qualify(index.schema, index.name), (model) => ({ ...model, parent: undefined }));
      return;
    }
    case 'AT_AddInherit': {
      const parent = step.relation((cmd.def as { RangeVar?: RangeVar } | undefined)?.RangeVar);
      if (parent) step.state.updateRelation(tableKey, (relation) => ({ ...relation, inherits: [...(relation.inherits ?? []), parent] }));
      return;
    }
    case 'AT_DropInherit': {
      const parent = step.relation((cmd.def as { RangeVar?: RangeVar } | undefined)?.RangeVar, true);
      step.state.updateRelation(tableKey, (relation) => ({ ...relation, inherits: relation.inherits?.filter((key) => key !== parent) }));
      return;
    }
    case 'AT_SetLogged':
    case 'AT_SetUnLogged':
      step.state.updateRelation(tableKey, (relation) => ({ ...relation, unlogged: cmd.subtype === 'AT_SetUnLogged' || undefined }));
      return;
    default:
      return;
  }
}

function dropConstraint(step: ReplayStep, tableKey: string, name: string, cascade: boolean, missingOk: boolean, recurse: boolean): void {
  const table = step.state.relations.get(tableKey)!;
  const constraint = table.constraints.find((candidate) => candidate.name === name);
  if (!constraint) {
    // PostgreSQL 18 names NOT NULL constraints (`<table>_<column>_not_null`); dropping one drops the column's NOT NULL
    const column = table.columns.find((candidate) => candidate.notNull && (candidate.notNullConstraint ?? `${table.name}_${candidate.name}_not_null`) === name);
    if (column) updateColumn(step, tableKey, column.name, (model) => ({ ...model, notNull: false, notNullConstraint: undefined }), recurse);
    else if (!missingOk) step.problem(`constraint "${name}" of "${table.name}" does not exist at this point of the history`);
    return;
  }
  const origin = step.ref();
  const remove = (key: string): void => {
    step.state.updateRelation(key, (relation) => ({ ...relation, constraints: relation.constraints.filter((candidate) => candidate.name !== name), changed: origin }));
  };
  remove(tableKey);
  if (constraint.index) {
    const indexKey = qualify(table.schema, constraint.index);
    dropIndex(step, indexKey);
  }
  for (const child of recurse ? childrenOf(step, tableKey) : []) {
    const inherited = step.state.relations.get(child)?.constraints.find((candidate) => candidate.name === name && candidate.inherited);
    if (inherited) remove(child);
  }
  if (cascade && (constraint.type === 'primary' || constraint.type === 'unique')) {
    for (const entry of step.state.referencing(tableKey)) {
      step.state.updateRelation(entry.key, (relation) => ({
        ...relation,
        constraints: relation.constraints.filter((candidate) => !(candidate.references?.table === tableKey && sameColumns(candidate.references.columns, constraint.columns))),
      }));
    }
  }
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column) => b.includes(column));
}

export { renameColumn };
