/**
 * What an Alembic revision's upgrade() changes, statement by statement of the SQL Alembic runs for
 * it: schema changes and data changes, and the tables each one touches. For the rules about a
 * revision's shape (data and schema in one revision, several unrelated changes in one file).
 */
import type { Statement } from '../source/document';
import type { MigrationFunction, OpCall } from '../source/python/revision';
import type { Span } from '../source/python/syntax';
import type { VirtualScript } from '../source/python/virtual-sql';
import { virtualScript } from '../source/python/virtual-sql';
import { droppedObjectNames } from './named-objects';
import type { SchemaState } from './schema/state';

export interface Change {
  kind: 'schema' | 'data';
  statement: Statement;
  /** The op.* call the statement was rendered from (undefined for autocommit_block's COMMIT / BEGIN). */
  call?: OpCall;
  /** Where in Python the statement came from. */
  origin: Span;
  /** Unqualified names of the tables it touches (the table it changes first). */
  tables: string[];
  /** For CREATE TABLE: the table it creates. */
  creates?: string;
}

const DATA = new Set(['UpdateStmt', 'InsertStmt', 'DeleteStmt', 'MergeStmt', 'CopyStmt']);
const NEITHER = new Set(['TransactionStmt', 'VariableSetStmt', 'VariableShowStmt', 'SelectStmt', 'ExplainStmt', 'DoStmt', 'LockStmt', 'NotifyStmt', 'CallStmt']);

/** The changes of a function (upgrade()), in order; `state` resolves dropped index names to their tables. */
export function changesOf(fn: MigrationFunction, state?: SchemaState, virtual: VirtualScript = virtualScript(fn)): Change[] {
  const changes: Change[] = [];
  for (const statement of virtual.script.statements) {
    if (!statement.kind || NEITHER.has(statement.kind)) continue;
    const mapped = virtual.statementAt(statement.start);
    if (!mapped) continue;
    const tables = tablesOf(statement, state);
    const creates = statement.is('CreateStmt') ? statement.node.relation?.relname : undefined;
    changes.push({ kind: DATA.has(statement.kind) ? 'data' : 'schema', statement, call: mapped.call, origin: mapped.origin, tables, creates });
  }
  return changes;
}

/** Every table a statement names (its RangeVars: the table it changes, the tables a foreign key references). */
export function tablesOf(statement: Statement, state?: SchemaState): string[] {
  const names: string[] = [];
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(visit);
    const record = value as Record<string, unknown>;
    if (typeof record.relname === 'string' && !names.includes(record.relname)) names.push(record.relname);
    for (const child of Object.values(record)) visit(child);
  };
  visit(statement.node);
  if (statement.is('DropStmt') && statement.node.removeType === 'OBJECT_INDEX' && state) {
    for (const parts of droppedObjectNames(statement.node.objects)) {
      const key = state.resolveIndex(parts.length > 1 ? { schema: parts[0], name: parts[1] } : { name: parts[0] ?? '' });
      const table = key ? state.indexes.get(key)?.table : undefined;
      if (table) names.push(table.slice(table.indexOf('.') + 1));
    }
  }
  if (statement.is('DropStmt') && statement.node.removeType === 'OBJECT_TABLE') {
    for (const parts of droppedObjectNames(statement.node.objects)) if (parts.length > 0) names.push(parts[parts.length - 1]);
  }
  return names;
}
