/**
 * What this file itself introduced before a statement, beyond the tables FileModel tracks:
 * columns it added (or renamed something to) and objects of other kinds it created. Running
 * code cannot depend on those yet, so renaming or dropping them breaks nothing that runs
 * (this is also how a dbmate `-- migrate:down` section undoes its `up`).
 */
import type { ObjectType, RangeVar } from 'libpg-query';
import type { FileModel } from './file-model';
import type { Statement } from '../source/document';
import { altersRelation, alterTableCommands, definitionOf } from './alter-table';
import { lastNameOf } from './named-objects';
import { relationKey } from './names';

/** True when an earlier statement added column `column` to the table `relation` names, or renamed a column to it. */
export function columnIntroducedInFile(statements: readonly Statement[], relation: RangeVar, column: string, before: Statement): boolean {
  const table = relationKey(relation);
  return statements.slice(0, before.index).some((statement) => {
    if (altersRelation(statement, relation)) {
      return alterTableCommands(statement.node).some(({ cmd }) => {
        return cmd.subtype === 'AT_AddColumn' && definitionOf(cmd, 'ColumnDef')?.colname === column;
      });
    }
    if (statement.is('RenameStmt')) {
      const node = statement.node;
      return node.renameType === 'OBJECT_COLUMN' && !!node.relation && relationKey(node.relation) === table && node.newname === column;
    }
    return false;
  });
}

/** The object kinds that ALTER TABLE / VIEW / MATERIALIZED VIEW / FOREIGN TABLE ... RENAME TO renames. */
export const RELATION_KINDS: ReadonlySet<string> = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

/** What ALTER TABLE ... RENAME TO accepts besides tables and views: indexes and sequences. */
const RENAMED_RELATION_KINDS: ReadonlySet<string> = new Set([...RELATION_KINDS, 'OBJECT_INDEX', 'OBJECT_SEQUENCE']);

/** True when an earlier statement renamed a table, view, index or sequence to the name `relation` has. */
export function relationRenamedToInFile(statements: readonly Statement[], relation: RangeVar, before: Statement): boolean {
  const name = relationKey(relation);
  return statements
    .slice(0, before.index)
    .some((statement) => statement.is('RenameStmt') && RENAMED_RELATION_KINDS.has(statement.node.renameType ?? '') && statement.node.newname === name);
}

/**
 * True when an earlier statement created a relation of any kind under this name: a table (as
 * FileModel tracks them), a view, a materialized view, an index or a sequence. ALTER TABLE
 * accepts all of them.
 */
export function relationCreatedInFile(model: FileModel, relation: RangeVar, before: Statement): boolean {
  if (model.createdInFile(relation, before)) return true;
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
    if (model.createdInFile({ relname: name }, before)) return true;
  }
  return model.statements.slice(0, before.index).some((statement) => {
    if (statement.is('RenameStmt') && statement.node.renameType === kind) return statement.node.newname === name;
    return createdName(statement, kind) === name;
  });
}
