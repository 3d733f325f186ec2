/**
 * What this file itself introduced before a statement, beyond the tables FileModel tracks:
 * columns it added (or renamed something to) and objects of other kinds it created. Running
 * code cannot depend on those yet, so renaming or dropping them breaks nothing that runs
 * (this is also how a dbmate `-- migrate:down` section undoes its `up`).
 */
import type { ObjectType, RangeVar } from 'libpg-query';
import type { FileModel } from './file-model';
import type { Statement } from '../source/document';
import { alterTableCommands, definitionOf } from './alter-table';
import { lastNameOf } from './named-objects';
import { relationKey } from './names';

/** True when an earlier statement added column `column` to the table `relation` names, or renamed a column to it. */
export function columnIntroducedInFile(statements: readonly Statement[], relation: RangeVar, column: string, before: Statement): boolean {
  return earlierThan(indexOf(statements).columns.get(`${relationKey(relation)}\u0000${column}`), before);
}

/** The object kinds that ALTER TABLE / VIEW / MATERIALIZED VIEW / FOREIGN TABLE ... RENAME TO renames. */
export const RELATION_KINDS: ReadonlySet<string> = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

/** What ALTER TABLE ... RENAME TO accepts besides tables and views: indexes and sequences. */
const RENAMED_RELATION_KINDS: ReadonlySet<string> = new Set([...RELATION_KINDS, 'OBJECT_INDEX', 'OBJECT_SEQUENCE']);

/** True when an earlier statement renamed a table, view, index or sequence to the name `relation` has. */
export function relationRenamedToInFile(statements: readonly Statement[], relation: RangeVar, before: Statement): boolean {
  return earlierThan(indexOf(statements).renamedRelations.get(relationKey(relation)), before);
}

/**
 * True when an earlier statement created a relation of any kind under this name: a table (as
 * FileModel tracks them), a view, a materialized view, an index or a sequence. ALTER TABLE
 * accepts all of them.
 */
export function relationCreatedInFile(model: FileModel, relation: RangeVar, before: Statement): boolean {
  // a table the file created is new only until the file fills it or makes it live
  if (model.createdEarlierInFile(relation, before)) return model.createdInFile(relation, before);
  const names = [relationKey(relation)];
  return (['OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_INDEX', 'OBJECT_SEQUENCE'] as const).some((kind) => objectCreatedInFile(model, kind, names, before));
}

/** The unqualified name a statement creates an object of `kind` under, if it does. */
function createdName(statement: Statement, kind: ObjectType): string | undefined {
  // CREATE AGGREGATE / OPERATOR / TYPE / COLLATION / TEXT SEARCH ...: one node, its kind says which
  if (statement.is('DefineStmt')) return statement.node.kind === kind ? lastNameOf(statement.node.defnames) : undefined;
  switch (kind) {
    case 'OBJECT_VIEW':
      return statement.is('ViewStmt') ? statement.node.view?.relname : undefined;
    case 'OBJECT_MATVIEW':
      return statement.is('CreateTableAsStmt') && statement.node.objtype === 'OBJECT_MATVIEW' ? statement.node.into?.rel?.relname : undefined;
    case 'OBJECT_SCHEMA':
      return statement.is('CreateSchemaStmt') ? statement.node.schemaname : undefined;
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN':
      if (statement.is('CreateEnumStmt')) return lastNameOf(statement.node.typeName);
      if (statement.is('CreateRangeStmt')) return lastNameOf(statement.node.typeName);
      if (statement.is('CreateDomainStmt')) return lastNameOf(statement.node.domainname);
      if (statement.is('CompositeTypeStmt')) return statement.node.typevar?.relname;
      return undefined;
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
    case 'OBJECT_ROUTINE':
      return statement.is('CreateFunctionStmt') ? lastNameOf(statement.node.funcname) : undefined;
    case 'OBJECT_EXTENSION':
      return statement.is('CreateExtensionStmt') ? statement.node.extname : undefined;
    case 'OBJECT_INDEX':
      return statement.is('IndexStmt') ? statement.node.idxname : undefined;
    case 'OBJECT_SEQUENCE':
      return statement.is('CreateSeqStmt') ? statement.node.sequence?.relname : undefined;
    case 'OBJECT_TRIGGER':
      return statement.is('CreateTrigStmt') ? statement.node.trigname : undefined;
    case 'OBJECT_FDW':
      return statement.is('CreateFdwStmt') ? statement.node.fdwname : undefined;
    case 'OBJECT_FOREIGN_SERVER':
      return statement.is('CreateForeignServerStmt') ? statement.node.servername : undefined;
    case 'OBJECT_LANGUAGE':
      return statement.is('CreatePLangStmt') ? statement.node.plname : undefined;
    case 'OBJECT_PUBLICATION':
      return statement.is('CreatePublicationStmt') ? statement.node.pubname : undefined;
    case 'OBJECT_EVENT_TRIGGER':
      return statement.is('CreateEventTrigStmt') ? statement.node.trigname : undefined;
    case 'OBJECT_CONVERSION':
      return statement.is('CreateConversionStmt') ? lastNameOf(statement.node.conversion_name) : undefined;
    case 'OBJECT_ACCESS_METHOD':
      return statement.is('CreateAmStmt') ? statement.node.amname : undefined;
    case 'OBJECT_STATISTIC_EXT':
      return statement.is('CreateStatsStmt') ? lastNameOf(statement.node.defnames) : undefined;
    default:
      return undefined;
  }
}

/**
 * True when an earlier statement of this file created the object a DROP names (`names`: its
 * qualified name as the DROP writes it), or renamed one of the same kind to that name. Compared by
 * unqualified name, as FileModel does for tables.
 */
export function objectCreatedInFile(model: FileModel, kind: ObjectType, names: readonly string[], before: Statement): boolean {
  const name = names[names.length - 1];
  if (name === undefined) return false;
  if (kind === 'OBJECT_TABLE' || kind === 'OBJECT_FOREIGN_TABLE' || kind === 'OBJECT_MATVIEW') {
    if (model.introducedInFile({ relname: name }, before)) return true;
  }
  return earlierThan(indexOf(model.statements).objects.get(`${kind}\u0000${name}`), before);
}

/** Every kind createdName knows, so that one pass over the file indexes all of them. */
const OBJECT_KINDS: readonly ObjectType[] = [
  'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SCHEMA', 'OBJECT_TYPE', 'OBJECT_DOMAIN', 'OBJECT_FUNCTION', 'OBJECT_PROCEDURE',
  'OBJECT_ROUTINE', 'OBJECT_EXTENSION', 'OBJECT_INDEX', 'OBJECT_SEQUENCE', 'OBJECT_TRIGGER', 'OBJECT_FDW',
  'OBJECT_FOREIGN_SERVER', 'OBJECT_LANGUAGE', 'OBJECT_PUBLICATION', 'OBJECT_EVENT_TRIGGER', 'OBJECT_CONVERSION',
  'OBJECT_ACCESS_METHOD', 'OBJECT_STATISTIC_EXT', 'OBJECT_AGGREGATE', 'OBJECT_OPERATOR', 'OBJECT_COLLATION',
  'OBJECT_TSCONFIGURATION', 'OBJECT_TSDICTIONARY', 'OBJECT_TSPARSER', 'OBJECT_TSTEMPLATE',
];

/** Where in the file (the first statement index) each column, renamed relation and object was introduced. */
interface IntroducedIndex {
  columns: Map<string, number>;
  renamedRelations: Map<string, number>;
  objects: Map<string, number>;
}

/** Built once per parsed file (statement lists are not reused across lints), so each query is a lookup, not a scan. */
const indexes = new WeakMap<readonly Statement[], IntroducedIndex>();

function indexOf(statements: readonly Statement[]): IntroducedIndex {
  let index = indexes.get(statements);
  if (index) return index;
  index = { columns: new Map(), renamedRelations: new Map(), objects: new Map() };
  const first = (map: Map<string, number>, key: string, at: number): void => {
    if (!map.has(key)) map.set(key, at);
  };
  for (const statement of statements) {
    const at = statement.index;
    if (statement.is('AlterTableStmt') && statement.node.relation) {
      const table = relationKey(statement.node.relation);
      for (const { cmd } of alterTableCommands(statement.node)) {
        const column = cmd.subtype === 'AT_AddColumn' ? definitionOf(cmd, 'ColumnDef')?.colname : undefined;
        if (column) first(index.columns, `${table}\u0000${column}`, at);
      }
    }
    if (statement.is('RenameStmt')) {
      const node = statement.node;
      if (node.renameType === 'OBJECT_COLUMN' && node.relation && node.newname) first(index.columns, `${relationKey(node.relation)}\u0000${node.newname}`, at);
      if (RENAMED_RELATION_KINDS.has(node.renameType ?? '') && node.newname) first(index.renamedRelations, node.newname, at);
      if (node.renameType && node.newname) first(index.objects, `${node.renameType}\u0000${node.newname}`, at);
    }
    for (const kind of OBJECT_KINDS) {
      const name = createdName(statement, kind);
      if (name !== undefined) first(index.objects, `${kind}\u0000${name}`, at);
    }
  }
  indexes.set(statements, index);
  return index;
}

function earlierThan(at: number | undefined, before: Statement): boolean {
  return at !== undefined && at < before.index;
}
