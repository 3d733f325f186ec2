/**
 * Replays statements into a schema snapshot, as PostgreSQL would apply them: the dispatcher, and
 * the objects other than tables and indexes (drops, renames, schemas, types, views, sequences,
 * extensions, comments, search_path). A statement that would fail on PostgreSQL (it names
 * something that does not exist) changes nothing and is noted as a problem.
 */
import type { AlterEnumStmt, AlterObjectSchemaStmt, AlterSeqStmt, CommentStmt, CompositeTypeStmt, CreateDomainStmt, CreateEnumStmt, CreateSchemaStmt, CreateSeqStmt, CreateTableAsStmt, DefElem, DropStmt, Node, RangeVar, RenameStmt, SelectStmt, VariableSetStmt, ViewStmt } from 'libpg-query';
import type { Statement } from '../../source/document';
import { parseStatementText } from '../../source/parser';
import type { BlockStep } from '../../source/plpgsql';
import { doBlockProgram } from '../../source/plpgsql';
import { conditionHolds } from './catalog-query';
import { droppedObjectNames, namesOf } from '../named-objects';
import { stringValueOf } from '../names';
import { nameFromList, ReplayStep } from './replay-context';
import { AttachedIndexes, dropIndex, replayIndexStatement } from './replay-index';
import { forgetFunction, recordFunctionBody, recordIndexExpressions, recordViewQuery } from './replay-queries';
import { moveRelation, renameColumn, replayAlterTable, replayCreateTable } from './replay-table';
import type { SchemaState } from './state';
import { qualify, splitKey } from './state';
import { typeRefOf } from './type-names';
import type { ColumnModel, RelationModel, ReplayProblem } from './types';

/** Applies the statements (statements without a parse tree are skipped) to `state`, in order. */
export function replayStatements(state: SchemaState, file: string, statements: readonly Statement[], problems: ReplayProblem[] = []): ReplayProblem[] {
  for (const statement of statements) replayStatement(state, file, statement, problems);
  return problems;
}

export function replayStatement(state: SchemaState, file: string, statement: Statement, problems: ReplayProblem[]): void {
  if (!statement.kind) return;
  const step = new ReplayStep(state, file, statement, problems);
  try {
    if (statement.is('DoStmt')) replayDoBlock(state, file, statement, problems);
    else apply(step, statement.kind, statement.node);
  } catch (error) {
    step.problem(`the schema model could not follow this statement (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * The DDL inside a PL/pgSQL DO block, run as the block would: IF conditions the model can answer
 * (catalog lookups, see catalog-query.ts) pick their branch; an unanswerable condition takes the
 * THEN branch, which is what guarded DDL ("add the column if it is missing") means on a history
 * that did not have it yet.
 */
function replayDoBlock(state: SchemaState, file: string, statement: Statement<'DoStmt'>, problems: ReplayProblem[]): void {
  const language = (statement.node.args ?? []).map((arg) => (arg as { DefElem?: DefElem }).DefElem).find((arg) => arg?.defname === 'language');
  if (language && stringValueOf(language.arg).toLowerCase() !== 'plpgsql') return;
  const step = new ReplayStep(state, file, statement, problems, true);
  const run = (program: readonly BlockStep[]): void => {
    for (const part of program) {
      if (part.kind === 'if') {
        const branch = part.branches.find((candidate) => candidate.condition === undefined || conditionHolds(state, candidate.condition) !== false);
        if (branch) run(branch.body);
        continue;
      }
      const outcome = parseStatementText(part.text);
      if (!outcome.ok) continue;
      for (const inner of outcome.statements) {
        try {
          apply(step, inner.kind, inner.node);
        } catch {
          // a statement inside a block that the model cannot follow changes nothing
        }
      }
    }
  };
  run(doBlockProgram(statement.text));
}

function apply(step: ReplayStep, kind: string, node: unknown): void {
  switch (kind) {
    case 'CreateStmt':
      return replayCreateTable(step, node as never);
    case 'CreateForeignTableStmt':
      return replayCreateTable(step, (node as { base?: never }).base ?? (node as never), 'foreign table');
    case 'AlterTableStmt':
      return replayAlterTable(step, node as never);
    case 'IndexStmt':
      replayIndexStatement(step, node as never);
      return recordIndexExpressions(step, node as never);
    case 'DropStmt':
      return replayDrop(step, node as DropStmt);
    case 'RenameStmt':
      return replayRename(step, node as RenameStmt);
    case 'AlterObjectSchemaStmt':
      return replaySetSchema(step, node as AlterObjectSchemaStmt);
    case 'CreateSchemaStmt':
      return replayCreateSchema(step, node as CreateSchemaStmt);
    case 'CreateExtensionStmt': {
      const extension = node as { extname?: string; options?: Node[] };
      if (!extension.extname || step.state.extensions.has(extension.extname)) return;
      const schema = (extension.options ?? []).map((option) => (option as { DefElem?: DefElem }).DefElem).find((option) => option?.defname === 'schema');
      step.state.extensions.set(extension.extname, { name: extension.extname, schema: schema ? stringValueOf(schema.arg) : undefined, origin: step.ref() });
      return;
    }
    case 'CreateEnumStmt': {
      const enumNode = node as CreateEnumStmt;
      const name = nameFromList(namesOf(enumNode.typeName));
      if (!name) return;
      const schema = step.state.creationSchema(name.schema);
      const origin = step.ref();
      step.state.types.set(qualify(schema, name.name), { kind: 'enum', schema, name: name.name, labels: (enumNode.vals ?? []).map(stringValueOf), origin, changed: origin });
      return;
    }
    case 'AlterEnumStmt':
      return replayAlterEnum(step, node as AlterEnumStmt);
    case 'CreateDomainStmt': {
      const domain = node as CreateDomainStmt;
      const name = nameFromList(namesOf(domain.domainname));
      if (!name) return;
      const schema = step.state.creationSchema(name.schema);
      const origin = step.ref();
      const notNull = (domain.constraints ?? []).some((constraint) => (constraint as { Constraint?: { contype?: string } }).Constraint?.contype === 'CONSTR_NOTNULL');
      step.state.types.set(qualify(schema, name.name), { kind: 'domain', schema, name: name.name, baseType: typeRefOf(domain.typeName), notNull, origin, changed: origin });
      return;
    }
    case 'CompositeTypeStmt':
    case 'CreateRangeStmt': {
      const relation = kind === 'CompositeTypeStmt' ? (node as CompositeTypeStmt).typevar : undefined;
      const name = relation?.relname ? { schema: relation.schemaname, name: relation.relname } : nameFromList(namesOf((node as { typeName?: Node[] }).typeName));
      if (!name) return;
      const schema = step.state.creationSchema(name.schema);
      const origin = step.ref();
      step.state.types.set(qualify(schema, name.name), { kind: kind === 'CompositeTypeStmt' ? 'composite' : 'range', schema, name: name.name, origin, changed: origin });
      return;
    }
    case 'ViewStmt':
      replayView(step, node as ViewStmt);
      return recordViewQuery(step, 'view', (node as ViewStmt).view, (node as ViewStmt).query);
    case 'CreateTableAsStmt': {
      const created = node as CreateTableAsStmt;
      replayCreateTableAs(step, created);
      if (created.objtype === 'OBJECT_MATVIEW') recordViewQuery(step, 'materialized view', created.into?.rel, created.query);
      return;
    }
    case 'CreateFunctionStmt':
      return recordFunctionBody(step, node as never);
    case 'SelectStmt': {
      const select = node as SelectStmt;
      if (select.intoClause?.rel) return createRelation(step, select.intoClause.rel, 'table', { columnsUnknown: true });
      return replaySetConfig(step, select);
    }
    case 'CreateSeqStmt': {
      const sequence = (node as CreateSeqStmt).sequence;
      if (!sequence?.relname) return;
      const { schema, name } = step.newKey(sequence);
      if (step.state.relationNameTaken(schema, name)) return;
      createRelation(step, sequence, 'sequence', {});
      applySequenceOptions(step, qualify(schema, name), (node as CreateSeqStmt).options);
      return;
    }
    case 'AlterSeqStmt': {
      const sequenceKey = step.relation((node as AlterSeqStmt).sequence, (node as AlterSeqStmt).missing_ok === true);
      if (sequenceKey) applySequenceOptions(step, sequenceKey, (node as AlterSeqStmt).options);
      return;
    }
    case 'VariableSetStmt': {
      const set = node as VariableSetStmt;
      if (set.name?.toLowerCase() !== 'search_path') return;
      if (set.kind === 'VAR_SET_VALUE') step.state.searchPath = searchPathOf((set.args ?? []).map(stringValueOf));
      else if (set.kind === 'VAR_SET_DEFAULT' || set.kind === 'VAR_RESET') step.state.searchPath = ['public'];
      return;
    }
    case 'CommentStmt':
      return replayComment(step, node as CommentStmt);
    default:
      return;
  }
}

function searchPathOf(values: string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().replace(/^"(.*)"$/, '$1'))
    .filter((value) => value !== '' && value !== '$user' && value !== 'pg_catalog');
}

/** pg_dump's `SELECT pg_catalog.set_config('search_path', '', false);`. */
function replaySetConfig(step: ReplayStep, select: SelectStmt): void {
  for (const target of select.targetList ?? []) {
    const call = ((target as { ResTarget?: { val?: Node } }).ResTarget?.val as { FuncCall?: { funcname?: Node[]; args?: Node[] } } | undefined)?.FuncCall;
    if (!call || namesOf(call.funcname).pop() !== 'set_config') continue;
    const [name, value] = (call.args ?? []).map(stringValueOf);
    if (name === 'search_path') step.state.searchPath = searchPathOf([value ?? '']);
  }
}

function createRelation(step: ReplayStep, relation: RangeVar, kind: RelationModel['kind'], extra: Partial<RelationModel>): void {
  const { key, schema, name } = step.newKey(relation);
  if (step.state.relationNameTaken(schema, name)) return;
  const origin = step.ref(relation.location);
  step.state.relations.set(key, { schema, name, kind, columns: [], constraints: [], indexes: [], origin, changed: origin, ...extra });
}

function applySequenceOptions(step: ReplayStep, sequenceKey: string, options: Node[] | undefined): void {
  for (const option of options ?? []) {
    const element = (option as { DefElem?: DefElem }).DefElem;
    if (element?.defname !== 'owned_by') continue;
    const names = namesOf((element.arg as { List?: { items?: Node[] } } | undefined)?.List?.items ?? []);
    if (names.length < 2) {
      step.state.updateRelation(sequenceKey, (sequence) => ({ ...sequence, ownedBy: undefined }));
      continue;
    }
    const column = names[names.length - 1];
    const table = step.relation(nameFromList(names.slice(0, -1)));
    if (table) step.state.updateRelation(sequenceKey, (sequence) => ({ ...sequence, ownedBy: { table, column } }));
  }
}

/** The relations a query reads (FROM and JOIN items, in subqueries too), for view dependencies. */
function relationsReadBy(step: ReplayStep, query: Node | undefined): string[] {
  const found = new Set<string>();
  for (const relation of rangeVarsOf(query)) {
    const key = step.state.resolveRelation({ schema: relation.schemaname, name: relation.relname! });
    if (key) found.add(key);
  }
  return [...found];
}

const rangeVars = new WeakMap<object, RangeVar[]>();

/** The named relations of a query tree, in order; kept per tree (trees are cached by statement text, and a replay after an edit meets them again). */
function rangeVarsOf(query: Node | undefined): RangeVar[] {
  if (!query) return [];
  let list = rangeVars.get(query);
  if (list) return list;
  list = [];
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    const record = value as Record<string, unknown>;
    const relation = record.RangeVar as RangeVar | undefined;
    if (relation?.relname) list!.push(relation);
    for (const child of Object.values(record)) visit(child);
  };
  visit(query);
  rangeVars.set(query, list);
  return list;
}

function replayView(step: ReplayStep, node: ViewStmt): void {
  if (!node.view?.relname) return;
  const { key, schema, name } = step.newKey(node.view);
  const existing = step.state.relations.get(key);
  if (existing && !node.replace) {
    step.problem(`relation "${name}" already exists at this point of the history`);
    return;
  }
  const origin = step.ref(node.view.location);
  const columns = (node.aliases ?? []).map(stringValueOf);
  step.state.relations.set(key, {
    schema,
    name,
    kind: 'view',
    columns: columns.map((column) => ({ name: column, type: { name: 'unknown', modifiers: [], array: false, written: 'unknown' }, notNull: false, origin, changed: origin })),
    columnsUnknown: columns.length === 0 || undefined,
    constraints: [],
    indexes: existing?.indexes ?? [],
    dependsOn: relationsReadBy(step, node.query),
    origin: existing?.origin ?? origin,
    changed: origin,
  });
}

function replayCreateTableAs(step: ReplayStep, node: CreateTableAsStmt): void {
  const relation = node.into?.rel;
  if (!relation?.relname) return;
  const { schema, name } = step.newKey(relation);
  if (step.state.relationNameTaken(schema, name)) {
    if (!node.if_not_exists) step.problem(`relation "${name}" already exists at this point of the history`);
    return;
  }
  const kind = node.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
  const columns = kind === 'table' ? columnsOfQuery(step, node.query, (node.into?.colNames ?? []).map(stringValueOf)) : undefined;
  createRelation(step, relation, kind, { columns: columns ?? [], columnsUnknown: columns ? undefined : true, dependsOn: relationsReadBy(step, node.query) });
}

/**
 * The columns of CREATE TABLE ... AS SELECT when they can be known without running the query:
 * `SELECT *` or plain column references from one table. They are nullable and have no default.
 */
function columnsOfQuery(step: ReplayStep, query: Node | undefined, names: string[]): ColumnModel[] | undefined {
  const select = (query as { SelectStmt?: SelectStmt } | undefined)?.SelectStmt;
  const from = select?.fromClause ?? [];
  const source = from.length === 1 ? (from[0] as { RangeVar?: RangeVar }).RangeVar : undefined;
  const sourceKey = source && step.relation(source, true);
  const table = sourceKey ? step.state.relations.get(sourceKey) : undefined;
  if (!select || !table || table.columnsUnknown || select.valuesLists || select.op !== 'SETOP_NONE') return undefined;
  const origin = step.ref();
  const result: ColumnModel[] = [];
  for (const target of select.targetList ?? []) {
    const resTarget = (target as { ResTarget?: { name?: string; val?: Node } }).ResTarget;
    const fields = (resTarget?.val as { ColumnRef?: { fields?: Node[] } } | undefined)?.ColumnRef?.fields ?? [];
    if (fields.some((field) => 'A_Star' in (field as object))) {
      result.push(...table.columns.map((column) => ({ name: column.name, type: column.type, notNull: false, origin, changed: origin })));
      continue;
    }
    const columnName = namesOf(fields).pop();
    const column = columnName ? table.columns.find((candidate) => candidate.name === columnName) : undefined;
    if (!column) return undefined;
    result.push({ name: resTarget?.name ?? column.name, type: column.type, notNull: false, origin, changed: origin });
  }
  names.forEach((name, index) => {
    if (result[index]) result[index] = { ...result[index], name };
  });
  return result;
}

function replayCreateSchema(step: ReplayStep, node: CreateSchemaStmt): void {
  const name = node.schemaname ?? (node.authrole as { rolename?: string } | undefined)?.rolename;
  if (!name) return;
  if (!step.state.schemas.has(name)) step.state.schemas.set(name, step.ref());
  else if (!node.if_not_exists) step.problem(`schema "${name}" already exists at this point of the history`);
  // CREATE SCHEMA s CREATE TABLE t ...: the elements are created in s
  const saved = step.state.searchPath;
  step.state.searchPath = [name];
  try {
    for (const element of node.schemaElts ?? []) {
      const [kind] = Object.keys(element);
      apply(step, kind, (element as Record<string, unknown>)[kind]);
    }
  } finally {
    step.state.searchPath = saved;
  }
}

const RELATION_DROPS: Record<string, RelationModel['kind'][]> = {
  OBJECT_TABLE: ['table', 'partitioned table'],
  OBJECT_VIEW: ['view'],
  OBJECT_MATVIEW: ['materialized view'],
  OBJECT_SEQUENCE: ['sequence'],
  OBJECT_FOREIGN_TABLE: ['foreign table'],
};

function replayDrop(step: ReplayStep, node: DropStmt): void {
  const type = node.removeType ?? '';
  const cascade = node.behavior === 'DROP_CASCADE';
  const quiet = node.missing_ok === true;
  const names = droppedObjectNames(node.objects).map(nameFromList).filter((name) => name !== undefined);
  if (type in RELATION_DROPS) {
    const keys = names.map((name) => step.relation(name, quiet)).filter((key): key is string => key !== undefined);
    dropRelations(step, keys, cascade);
    return;
  }
  switch (type) {
    case 'OBJECT_INDEX':
      for (const name of names) {
        const key = step.state.resolveIndex(name);
        if (key) dropIndex(step, key);
        else if (!quiet) step.problem(`index "${name.name}" does not exist at this point of the history`);
      }
      return;
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN':
      for (const name of names) {
        const key = step.state.resolveType(name);
        if (!key) {
          if (!quiet) step.problem(`type "${name.name}" does not exist at this point of the history`);
          continue;
        }
        step.state.types.delete(key);
        if (cascade) dropColumnsOfType(step, key);
      }
      return;
    case 'OBJECT_SCHEMA':
      for (const name of names) {
        if (!step.state.schemas.has(name.name)) {
          if (!quiet) step.problem(`schema "${name.name}" does not exist at this point of the history`);
          continue;
        }
        dropRelations(step, [...step.state.relations].filter(([, relation]) => relation.schema === name.name).map(([key]) => key), true);
        for (const [key, typeModel] of [...step.state.types]) if (typeModel.schema === name.name) step.state.types.delete(key);
        step.state.schemas.delete(name.name);
      }
      return;
    case 'OBJECT_EXTENSION':
      for (const name of names) step.state.extensions.delete(name.name);
      return;
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
    case 'OBJECT_ROUTINE':
      for (const objectNames of droppedObjectNames(node.objects)) forgetFunction(step, objectNames);
      return;
    default:
      return;
  }
}

/** DROP TYPE / DOMAIN ... CASCADE drops the columns of that type; a table whose partition key needs one goes with it. */
function dropColumnsOfType(step: ReplayStep, typeKey: string): void {
  const { schema, name } = splitKey(typeKey);
  const ofType = (column: ColumnModel): boolean => column.type.name === name && (column.type.schema ?? schema) === schema;
  for (const [key, relation] of [...step.state.relations]) {
    const columns = relation.columns.filter(ofType).map((column) => column.name);
    if (columns.length === 0) continue;
    if (relation.partitionKey?.some((column) => columns.includes(column))) {
      dropRelation(step, key, true);
      continue;
    }
    step.state.updateRelation(key, (model) => ({ ...model, columns: model.columns.filter((column) => !ofType(column)) }));
  }
}

/** Drops a relation with its indexes, owned sequences and partitions; CASCADE also drops foreign keys and views that depend on it. */
export function dropRelation(step: ReplayStep, key: string, cascade: boolean): void {
  dropRelations(step, [key], cascade);
}

/**
 * Drops relations together (DROP TABLE a, b; DROP SCHEMA ... CASCADE), with their indexes, the
 * sequences they own, their partitions, and with CASCADE their inheritors and the views on them;
 * the foreign keys that reference them go. One pass over the other relations per wave of drops.
 */
export function dropRelations(step: ReplayStep, keys: Iterable<string>, cascade: boolean, attached = new AttachedIndexes(step)): void {
  const dropped = new Set<string>();
  for (const key of keys) {
    const relation = step.state.relations.get(key);
    if (!relation) continue;
    step.state.relations.delete(key);
    dropped.add(key);
    for (const index of relation.indexes) dropIndex(step, index, relation, attached);
  }
  if (dropped.size === 0) return;
  const among = (list: readonly string[] | undefined) => list?.some((key) => dropped.has(key)) === true;
  const withCascade: string[] = [];
  const withBehaviour: string[] = [];
  for (const [other, model] of step.state.relations) {
    const inheritsDropped = among(model.inherits);
    if ((model.partitionOf !== undefined && dropped.has(model.partitionOf)) || (cascade && inheritsDropped)) withBehaviour.push(other);
    else if (model.ownedBy !== undefined && dropped.has(model.ownedBy.table) && !inheritsDropped) step.state.relations.delete(other);
    else if (cascade && among(model.dependsOn)) withCascade.push(other);
    else {
      let next = model;
      if (inheritsDropped) next = { ...next, inherits: model.inherits!.filter((parent) => !dropped.has(parent)) };
      // foreign keys that reference a dropped table: PostgreSQL refuses without CASCADE, and drops them with it
      if (next.constraints.some((constraint) => constraint.references !== undefined && dropped.has(constraint.references.table))) {
        next = { ...next, constraints: next.constraints.filter((constraint) => constraint.references === undefined || !dropped.has(constraint.references.table)) };
      }
      if (next !== model) step.state.relations.set(other, next);
    }
  }
  dropRelations(step, withBehaviour, cascade, attached);
  dropRelations(step, withCascade, true, attached);
}

const RENAMED_RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE', 'OBJECT_INDEX']);

function replayRename(step: ReplayStep, node: RenameStmt): void {
  const type = node.renameType ?? '';
  const quiet = node.missing_ok === true;
  if (!node.newname) return;
  if (type === 'OBJECT_COLUMN') {
    const table = step.relation(node.relation, quiet);
    if (table && node.subname) renameColumn(step, table, node.subname, node.newname, node.relation?.inh === true);
    return;
  }
  if (type === 'OBJECT_TABCONSTRAINT') {
    const tableKey = step.relation(node.relation, quiet);
    const table = tableKey ? step.state.relations.get(tableKey) : undefined;
    const constraint = table?.constraints.find((candidate) => candidate.name === node.subname);
    if (!tableKey || !table || !constraint) return;
    const origin = step.ref();
    step.state.updateRelation(tableKey, (model) => ({
      ...model,
      constraints: model.constraints.map((candidate) => (candidate === constraint ? { ...candidate, name: node.newname!, index: candidate.index ? node.newname : undefined, changed: origin } : candidate)),
    }));
    if (constraint.index) renameIndex(step, qualify(table.schema, constraint.index), node.newname, node.newname);
    return;
  }
  // ALTER INDEX / TABLE / VIEW / SEQUENCE ... RENAME TO accept any relation, indexes included
  const written = { schema: node.relation?.schemaname, name: node.relation?.relname ?? '' };
  const indexKey = RENAMED_RELATIONS.has(type) ? step.state.resolveIndex(written) : undefined;
  if (indexKey && (type === 'OBJECT_INDEX' || !step.state.resolveRelation(written))) {
    renameIndex(step, indexKey, node.newname);
    return;
  }
  if (RENAMED_RELATIONS.has(type)) {
    const key = step.relation(node.relation, quiet);
    if (key) moveRelation(step, key, step.state.relations.get(key)!.schema, node.newname);
    return;
  }
  if (type === 'OBJECT_SCHEMA' && node.subname && step.state.schemas.has(node.subname)) {
    step.state.schemas.set(node.newname, step.state.schemas.get(node.subname));
    for (const [key, relation] of [...step.state.relations]) if (relation.schema === node.subname && step.state.relations.has(key)) moveRelation(step, key, node.newname, relation.name);
    step.state.schemas.delete(node.subname);
    return;
  }
  if (type === 'OBJECT_TYPE' || type === 'OBJECT_DOMAIN') {
    const name = nameFromList(namesOf(((node.object as { List?: { items?: Node[] } })?.List?.items) ?? [node.object as Node]));
    const key = name && step.state.resolveType(name);
    const model = key ? step.state.types.get(key) : undefined;
    if (!key || !model) return;
    step.state.types.delete(key);
    step.state.types.set(qualify(model.schema, node.newname), { ...model, name: node.newname, changed: step.ref() });
  }
}

function renameIndex(step: ReplayStep, key: string, name: string, constraint?: string): void {
  const index = step.state.indexes.get(key);
  if (!index) return;
  const toKey = qualify(index.schema, name);
  step.state.indexes.delete(key);
  step.state.indexes.set(toKey, { ...index, name, constraint: constraint ?? index.constraint, changed: step.ref() });
  step.state.updateRelation(index.table, (relation) => ({
    ...relation,
    indexes: relation.indexes.map((entry) => (entry === key ? toKey : entry)),
    // ALTER INDEX ... RENAME of a constraint's index renames the constraint too
    constraints: index.constraint && !constraint ? relation.constraints.map((candidate) => (candidate.name === index.constraint ? { ...candidate, name, index: name } : candidate)) : relation.constraints,
  }));
  if (index.constraint && !constraint) step.state.updateIndex(toKey, (model) => ({ ...model, constraint: name }));
  for (const [other, child] of step.state.indexes) if (child.parent === key) step.state.indexes.set(other, { ...child, parent: toKey });
}

function replaySetSchema(step: ReplayStep, node: AlterObjectSchemaStmt): void {
  if (!node.newschema) return;
  const type = node.objectType ?? '';
  if (['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE'].includes(type)) {
    const key = step.relation(node.relation, node.missing_ok === true);
    if (key) moveRelation(step, key, node.newschema, step.state.relations.get(key)!.name);
    return;
  }
  if (type === 'OBJECT_TYPE' || type === 'OBJECT_DOMAIN') {
    const name = nameFromList(namesOf(((node.object as { List?: { items?: Node[] } })?.List?.items) ?? []));
    const key = name && step.state.resolveType(name);
    const model = key ? step.state.types.get(key) : undefined;
    if (!key || !model) return;
    step.state.types.delete(key);
    step.state.types.set(qualify(node.newschema, model.name), { ...model, schema: node.newschema, changed: step.ref() });
  }
}

function replayAlterEnum(step: ReplayStep, node: AlterEnumStmt): void {
  const name = nameFromList(namesOf(node.typeName));
  const key = name && step.state.resolveType(name);
  const model = key ? step.state.types.get(key) : undefined;
  if (!key || model?.kind !== 'enum' || !node.newVal) return;
  const labels = [...model.labels];
  if (node.oldVal) {
    const at = labels.indexOf(node.oldVal);
    if (at >= 0) labels[at] = node.newVal;
  } else {
    if (labels.includes(node.newVal)) return;
    const neighbour = node.newValNeighbor ? labels.indexOf(node.newValNeighbor) : -1;
    if (neighbour < 0) labels.push(node.newVal);
    else labels.splice(node.newValIsAfter ? neighbour + 1 : neighbour, 0, node.newVal);
  }
  step.state.types.set(key, { ...model, labels, changed: step.ref() });
}

function replayComment(step: ReplayStep, node: CommentStmt): void {
  const names = namesOf(((node.object as { List?: { items?: Node[] } } | undefined)?.List?.items) ?? []);
  if (node.objtype === 'OBJECT_TABLE') {
    const key = step.state.resolveRelation(nameFromList(names) ?? { name: '' });
    if (key) step.state.updateRelation(key, (relation) => ({ ...relation, comment: node.comment }));
  } else if (node.objtype === 'OBJECT_COLUMN' && names.length >= 2) {
    const key = step.state.resolveRelation(nameFromList(names.slice(0, -1)) ?? { name: '' });
    const column = names[names.length - 1];
    if (key) step.state.updateRelation(key, (relation) => ({ ...relation, columns: relation.columns.map((model) => (model.name === column ? { ...model, comment: node.comment } : model)) }));
  }
}

export { splitKey };
