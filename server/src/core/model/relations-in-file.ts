/**
 * What a statement acts on, as far as this file tells: whether a relation was created earlier in
 * the file (so it is new, empty and unseen: its locks block nobody), which table an index named
 * by an earlier CREATE INDEX belongs to, and where a finding on a statement should end.
 */
import type { AlterTableStmt, Constraint, Node, RangeVar } from 'libpg-query';
import type { FileContext } from './file-context';
import type { Statement, Token } from '../source/document';
import type { RelationKind, RelationLock } from './locks';
import { alterTableCommands } from './alter-table';
import { locksOf, rangeVarOf } from './locks';
import { droppedObjectNames, lastNameOf } from './named-objects';
import { stringValueOf } from './names';

/** An identifier token's name as PostgreSQL reads it: quoted names verbatim, others folded to lower case. */
export function identifierOf(token: Token): string {
  return token.text.startsWith('"') ? token.text.slice(1, -1).replace(/""/g, '"') : token.text.toLowerCase();
}

function sameName(relation: RangeVar | undefined, name: RangeVar): boolean {
  return !!relation?.relname && relation.relname === name.relname && sameSchema(relation, name);
}

/** An index and its table, as a statement of this file defines them. */
interface DefinedIndex {
  index: string;
  table: RangeVar;
}

/** PostgreSQL's default name for a constraint's index (ChooseIndexName, without truncation). */
function constraintIndexName(table: string, constraint: Constraint, columns: readonly string[]): string | undefined {
  if (constraint.conname) return constraint.conname;
  if (constraint.contype === 'CONSTR_PRIMARY') return `${table}_pkey`;
  if (constraint.contype === 'CONSTR_UNIQUE') return `${table}_${columns.join('_')}_key`;
  if (constraint.contype === 'CONSTR_EXCLUSION') return `${table}_${columns.join('_')}_excl`;
  return undefined;
}

function constraintIndexes(table: RangeVar, elements: readonly Node[] | undefined): DefinedIndex[] {
  const found: DefinedIndex[] = [];
  const add = (constraint: Constraint | undefined, columns: string[]): void => {
    const index = constraint && table.relname ? constraintIndexName(table.relname, constraint, columns) : undefined;
    if (index) found.push({ index, table });
  };
  for (const element of elements ?? []) {
    const record = element as { Constraint?: Constraint; ColumnDef?: { colname?: string; constraints?: Node[] } };
    if (record.Constraint) add(record.Constraint, (record.Constraint.keys ?? []).map(stringValueOf));
    for (const constraint of record.ColumnDef?.constraints ?? []) add((constraint as { Constraint?: Constraint }).Constraint, [record.ColumnDef?.colname ?? '']);
  }
  return found;
}

/** The column part of PostgreSQL's default index name: column names, a function's name, else `expr`. */
function indexColumnNames(elements: readonly Node[] | undefined): string[] {
  return (elements ?? []).map((element) => {
    const index = (element as { IndexElem?: { name?: string; expr?: Node } }).IndexElem;
    if (index?.name) return index.name;
    const call = (index?.expr as { FuncCall?: { funcname?: Node[] } } | undefined)?.FuncCall;
    return lastNameOf(call?.funcname) ?? 'expr';
  });
}

function withSchema(relation: RangeVar | undefined, schema: string | undefined): RangeVar | undefined {
  return relation && schema && !relation.schemaname ? { ...relation, schemaname: schema } : relation;
}

/** The indexes a statement creates: CREATE INDEX, and the PRIMARY KEY / UNIQUE / EXCLUDE constraints of CREATE and ALTER TABLE. */
function indexesDefinedBy(statement: Statement | { kind: string; node: unknown }, schema?: string): DefinedIndex[] {
  const node = statement.node as Record<string, unknown>;
  switch (statement.kind) {
    case 'IndexStmt': {
      const table = withSchema(node.relation as RangeVar, schema);
      const index = (node.idxname as string | undefined) ?? (table?.relname ? `${table.relname}_${indexColumnNames(node.indexParams as Node[]).join('_')}_idx` : undefined);
      return index && table ? [{ index, table }] : [];
    }
    case 'CreateStmt': {
      const table = withSchema(node.relation as RangeVar, schema);
      return table ? constraintIndexes(table, node.tableElts as Node[]) : [];
    }
    case 'AlterTableStmt': {
      const table = node.relation as RangeVar | undefined;
      if (!table) return [];
      const added = alterTableCommands(node as AlterTableStmt)
        .filter(({ cmd }) => cmd.subtype === 'AT_AddConstraint' || cmd.subtype === 'AT_AddColumn')
        .flatMap(({ cmd }) => (cmd.def ? [cmd.def] : []));
      return constraintIndexes(table, added);
    }
    case 'CreateSchemaStmt':
      return ((node.schemaElts as Node[] | undefined) ?? []).flatMap((element) => {
        const [kind] = Object.keys(element);
        return indexesDefinedBy({ kind, node: (element as Record<string, unknown>)[kind] }, node.schemaname as string | undefined);
      });
    default:
      return [];
  }
}

interface Occurrence {
  index: number;
  relation: RangeVar;
}

interface IndexDefinition {
  /** The statement that created (or renamed) the index. */
  index: number;
  table: RangeVar;
  /** Created by the CREATE TABLE of its own table. */
  withTable: boolean;
}

/** What the whole file creates, drops and indexes, by name: built once per file, read by every rule. */
interface FileRelations {
  created: Map<string, Occurrence[]>;
  dropped: Map<string, Occurrence[]>;
  indexes: Map<string, IndexDefinition[]>;
  newTables: Occurrence[];
}

const FILES = new WeakMap<readonly Statement[], FileRelations>();

function push<T>(map: Map<string, T[]>, key: string | undefined, value: T): void {
  if (!key) return;
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

function relationsOf(context: FileContext): FileRelations {
  const cached = FILES.get(context.statements);
  if (cached) return cached;
  const file: FileRelations = { created: new Map(), dropped: new Map(), indexes: new Map(), newTables: [] };
  const current = new Map<string, RangeVar>();
  for (const statement of context.statements) {
    const { index } = statement;
    for (const relation of createdRelations(statement)) push(file.created, relation.relname, { index, relation });
    if (statement.is('CreateStmt') && statement.node.relation) file.newTables.push({ index, relation: statement.node.relation });
    if (statement.is('DropStmt')) for (const relation of droppedRelations(statement)) push(file.dropped, relation.relname, { index, relation });
    for (const defined of indexesDefinedBy(statement)) {
      current.set(defined.index, defined.table);
      push(file.indexes, defined.index, { index, table: defined.table, withTable: statement.is('CreateStmt') });
    }
    if (statement.is('RenameStmt') && statement.node.relation?.relname && statement.node.newname) {
      const table = current.get(statement.node.relation.relname); // ALTER INDEX (or ALTER TABLE) ... RENAME TO
      if (table) {
        current.set(statement.node.newname, table);
        push(file.indexes, statement.node.newname, { index, table, withTable: false });
      }
    }
  }
  FILES.set(context.statements, file);
  return file;
}

/** The table of the index `index`, when an earlier statement of this file created the index. */
export function tableOfIndex(context: FileContext, index: RangeVar, before: Statement): RangeVar | undefined {
  const definitions = (index.relname && relationsOf(context).indexes.get(index.relname)) || [];
  return definitions.filter((definition) => definition.index < before.index).pop()?.table;
}

/** True when an earlier statement of this file created the table (or view, sequence, materialized view). */
function tableCreatedEarlier(context: FileContext, relation: RangeVar, before: Statement): boolean {
  // a table the file created is new only until the file fills it or makes it live
  if (context.model.createdEarlierInFile(relation, before)) return context.model.createdInFile(relation, before);
  const creations = (relation.relname && relationsOf(context).created.get(relation.relname)) || [];
  return creations.some((creation) => creation.index < before.index && sameName(creation.relation, relation));
}

const DEFAULT_INDEX_SUFFIX = /_(idx|key|pkey|excl)$/;

/**
 * For an index no statement of the file names: true when its name is a default index name of a
 * table created earlier in the file (`<table>_..._idx`), as PostgreSQL gives the indexes it
 * creates by itself (on partitions, for LIKE ... INCLUDING INDEXES).
 */
function namedAfterNewTable(context: FileContext, index: RangeVar, before: Statement): boolean {
  const name = index.relname ?? '';
  if (!DEFAULT_INDEX_SUFFIX.test(name)) return false;
  return relationsOf(context).newTables.some(
    (table) => table.index < before.index && !!table.relation.relname && name.startsWith(`${table.relation.relname}_`) && sameSchema(table.relation, index),
  );
}

function sameSchema(a: RangeVar | undefined, b: RangeVar): boolean {
  return !a?.schemaname || !b.schemaname || a.schemaname === b.schemaname;
}

/** True when an earlier statement of this file created the relation (so nothing else sees it yet). */
export function createdEarlier(context: FileContext, relation: RangeVar | undefined, kind: RelationKind, before: Statement): boolean {
  if (!relation) return false;
  const table = tableOfIndex(context, relation, before); // ALTER TABLE also renames and moves indexes
  if (kind === 'index') return table ? tableCreatedEarlier(context, table, before) : namedAfterNewTable(context, relation, before);
  return tableCreatedEarlier(context, relation, before) || (!!table && tableCreatedEarlier(context, table, before));
}

/** The relations a statement creates: tables, views, sequences, materialized views (also inside CREATE SCHEMA and EXPLAIN). */
function createdRelations(statement: Statement): RangeVar[] {
  if (statement.is('CreateStmt')) return statement.node.relation ? [statement.node.relation] : [];
  if (statement.is('CreateTableAsStmt')) return statement.node.into?.rel ? [statement.node.into.rel] : [];
  if (statement.is('ViewStmt')) return statement.node.view ? [statement.node.view] : [];
  if (statement.is('CreateSeqStmt')) return statement.node.sequence ? [statement.node.sequence] : [];
  if (statement.is('ExplainStmt')) {
    const query = statement.node.query as { CreateTableAsStmt?: { into?: { rel?: RangeVar } } } | undefined;
    return query?.CreateTableAsStmt?.into?.rel ? [query.CreateTableAsStmt.into.rel] : [];
  }
  if (statement.is('CreateSchemaStmt')) {
    const schema = statement.node.schemaname;
    return (statement.node.schemaElts ?? []).flatMap((element) => {
      const record = element as { CreateStmt?: { relation?: RangeVar }; ViewStmt?: { view?: RangeVar }; CreateSeqStmt?: { sequence?: RangeVar } };
      const created = withSchema(record.CreateStmt?.relation ?? record.ViewStmt?.view ?? record.CreateSeqStmt?.sequence, schema);
      return created ? [created] : [];
    });
  }
  return [];
}

/**
 * True when, from `statement` on, the file drops the relation and then creates it again (a
 * schema reload such as pg_dump --clean output): whatever the old relation held is gone, so its
 * locks matter to nobody. For an index: a later CREATE INDEX of that name on a table the file creates.
 */
export function replacedLater(context: FileContext, relation: RangeVar | undefined, kind: RelationKind, statement: Statement): boolean {
  if (!relation?.relname) return false;
  const file = relationsOf(context);
  if (kind === 'index') {
    return (file.indexes.get(relation.relname) ?? []).some(
      (definition) => definition.index >= statement.index && (definition.withTable || tableCreatedEarlier(context, definition.table, context.statements[definition.index])),
    );
  }
  const drop = (file.dropped.get(relation.relname) ?? []).find((dropped) => dropped.index >= statement.index && sameName(dropped.relation, relation));
  return !!drop && (file.created.get(relation.relname) ?? []).some((creation) => creation.index > drop.index && sameName(creation.relation, relation));
}

/** True when other sessions cannot be waiting on the relation: created earlier in the file, or dropped and re-created by it. */
export function unseenByOthers(context: FileContext, relation: RangeVar | undefined, kind: RelationKind, statement: Statement): boolean {
  return createdEarlier(context, relation, kind, statement) || replacedLater(context, relation, kind, statement);
}

/** Per statement, for the file it was judged in (a statement an edit did not reach is the same object in the next version of the file, whose other statements may differ). */
const EXISTING_LOCKS = new WeakMap<Statement, { statements: readonly Statement[]; version: number; locks: RelationLock[] }>();

/** The locks `statement` takes on relations that existed before this file ran (and that it does not replace). */
export function locksOnExisting(context: FileContext, statement: Statement): RelationLock[] {
  const version = context.settings.postgresVersion;
  const cached = EXISTING_LOCKS.get(statement);
  if (cached?.version === version && cached.statements === context.statements) return cached.locks;
  const locks = locksOf(statement, { postgresVersion: version }).filter((lock) => !unseenByOthers(context, lock.relation, lock.kind, statement));
  EXISTING_LOCKS.set(statement, { statements: context.statements, version, locks });
  return locks;
}

/** End offset of the first occurrence of a possibly qualified name (e.g. ['app', 'orders_idx']) in the statement. */
export function nameEndOf(statement: Statement, names: readonly string[]): number | undefined {
  const first = names[0];
  const token = statement.tokens().find((candidate) => candidate.tokenName === 'IDENT' || candidate.keywordName !== 'NO_KEYWORD' ? identifierOf(candidate) === first : false);
  return token ? statement.nameEnd(token.start) : undefined;
}

/** Where a finding about `statement` ends: after the name of the relation it acts on, else after its first line. */
export function headEnd(statement: Statement, relation?: RangeVar): number {
  if (relation?.location !== undefined) return statement.nameEnd(statement.offsetOf(relation.location));
  if (relation?.relname) {
    const end = nameEndOf(statement, relation.schemaname ? [relation.schemaname, relation.relname] : [relation.relname]);
    if (end !== undefined) return end;
  }
  const newline = statement.text.search(/[\r\n]/);
  return newline < 0 ? statement.end : statement.start + newline;
}

/** The relations a DROP statement names, as RangeVars (without locations). */
export function droppedRelations(statement: Statement<'DropStmt'>): RangeVar[] {
  return droppedObjectNames(statement.node.objects).map(rangeVarOf).filter((relation) => relation !== undefined);
}
