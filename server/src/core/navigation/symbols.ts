/**
 * Document symbols: per statement, the table, view, sequence or index it creates, alters or
 * renames, with the columns and constraints it adds, changes or drops nested under the table
 * (constraint and index names PostgreSQL generates come from the replay). Workspace symbols: the
 * tables, views and indexes each history leaves behind.
 */
import type { SchemaState } from '../model/schema/state';
import { formatType } from '../model/schema/type-names';
import type { RelationKind, SourceRef } from '../model/schema/types';
import type { Statement } from '../source/document';
import type { FileAnalysis, ResolvedMention } from './analysis';
import { indexSummary } from './describe';

export type SymbolKind = 'table' | 'view' | 'sequence' | 'column' | 'index' | 'constraint';

export interface SymbolNode {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** Document offsets: the whole construct, and the name inside it. */
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: SymbolNode[];
}

function kindOfRelation(kind: RelationKind | undefined): SymbolKind {
  if (kind === 'view' || kind === 'materialized view') return 'view';
  if (kind === 'sequence') return 'sequence';
  return 'table';
}

const ACTION_DETAIL: Record<string, string> = { alter: 'altered', drop: 'dropped', rename: 'renamed' };

function childOf(mention: ResolvedMention): SymbolNode {
  const object = mention.object;
  const type = object?.kind === 'column' ? formatType(object.column.type) : object?.kind === 'constraint' ? object.constraint.type : undefined;
  const action = mention.action && ACTION_DETAIL[mention.action];
  return {
    name: mention.name,
    detail: [type, action].filter(Boolean).join(', ') || undefined,
    kind: mention.kind === 'column' ? 'column' : 'constraint',
    start: mention.extent?.start ?? mention.start,
    end: mention.extent?.end ?? mention.end,
    selectionStart: mention.start,
    selectionEnd: mention.end,
    children: [],
  };
}

function inThisStatement(ref: SourceRef, file: string, statement: Statement): boolean {
  return ref.file === file && ref.statement === statement.index;
}

function statementSymbol(analysis: FileAnalysis, statement: Statement, mentions: ResolvedMention[]): SymbolNode | undefined {
  const subject = mentions.find((mention) => (mention.kind === 'relation' || mention.kind === 'index') && mention.action !== undefined && mention.action !== 'drop');
  const target = analysis.target(statement.index);
  if (statement.is('IndexStmt')) {
    const index = target?.indexes.find((candidate) => inThisStatement(candidate.origin, analysis.file, statement));
    const name = subject?.name ?? index?.name;
    if (!name) return undefined;
    const selection = subject ?? { start: statement.start, end: statement.end };
    return { name, detail: index ? `on ${target!.relation.name} ${indexSummary(index)}` : undefined, kind: 'index', start: statement.start, end: statement.end, selectionStart: selection.start, selectionEnd: selection.end, children: [] };
  }
  if (!subject) return undefined;
  const relation = subject.object?.kind === 'relation' ? subject.object.relation : undefined;
  const kind = subject.kind === 'index' || subject.object?.kind === 'index' ? 'index' : kindOfRelation(relation?.kind);
  const detail = subject.action === 'create' ? relation?.kind : ACTION_DETAIL[subject.action!];
  const children: SymbolNode[] = [];
  const named = new Set<string>();
  for (const mention of mentions) {
    if ((mention.kind !== 'column' && mention.kind !== 'constraint') || mention.action === undefined) continue;
    children.push(childOf(mention));
    if (mention.kind === 'constraint') named.add(mention.name);
  }
  // constraints and indexes without a name in the text: PostgreSQL's generated names, from the replay
  for (const constraint of target?.relation.constraints ?? []) {
    if (named.has(constraint.name) || !inThisStatement(constraint.origin, analysis.file, statement) || constraint.inherited) continue;
    const { start, end } = constraint.origin;
    children.push({ name: constraint.name, detail: constraint.type, kind: 'constraint', start, end, selectionStart: start, selectionEnd: end, children: [] });
  }
  children.sort((a, b) => a.start - b.start);
  return { name: subject.name, detail, kind, start: statement.start, end: statement.end, selectionStart: subject.start, selectionEnd: subject.end, children };
}

/** Statements that create, alter or rename a table, view, sequence or index. */
const SYMBOL_STATEMENTS = new Set(['CreateStmt', 'CreateForeignTableStmt', 'AlterTableStmt', 'IndexStmt', 'ViewStmt', 'CreateTableAsStmt', 'CreateSeqStmt', 'RenameStmt', 'SelectStmt']);

export function documentSymbols(analysis: FileAnalysis): SymbolNode[] {
  const statements = analysis.statements;
  const byStatement = new Map<number, ResolvedMention[]>();
  // SELECT ... INTO creates a table: the only SELECT that does
  const wanted = (statement: Statement): boolean => SYMBOL_STATEMENTS.has(statement.kind!) && (!statement.is('SelectStmt') || statement.node.intoClause !== undefined);
  for (const mention of analysis.mentionsWhere(wanted)) {
    const list = byStatement.get(mention.statement) ?? [];
    list.push(mention);
    byStatement.set(mention.statement, list);
  }
  const symbols: SymbolNode[] = [];
  for (const statement of statements) {
    const symbol = statement.kind ? statementSymbol(analysis, statement, byStatement.get(statement.index) ?? []) : undefined;
    if (symbol) symbols.push(symbol);
  }
  return symbols;
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  /** The schema (a relation's) or the table (an index's). */
  container: string;
  origin: SourceRef;
}

/** True when the query's characters appear in the name in order, ignoring case (what editors' symbol pickers do). */
export function fuzzyMatch(query: string, name: string): boolean {
  const lower = name.toLowerCase();
  let at = 0;
  for (const character of query.toLowerCase()) {
    at = lower.indexOf(character, at);
    if (at < 0) return false;
    at += character.length;
  }
  return true;
}

const LISTED: ReadonlySet<RelationKind> = new Set(['table', 'partitioned table', 'view', 'materialized view', 'foreign table']);

export function schemaSymbols(state: SchemaState, query: string, limit: number): WorkspaceSymbol[] {
  const found: WorkspaceSymbol[] = [];
  for (const relation of state.relations.values()) {
    if (found.length >= limit) return found;
    if (LISTED.has(relation.kind) && fuzzyMatch(query, relation.name)) found.push({ name: relation.name, kind: kindOfRelation(relation.kind), container: relation.schema, origin: relation.origin });
  }
  for (const index of state.indexes.values()) {
    if (found.length >= limit) return found;
    if (fuzzyMatch(query, index.name)) found.push({ name: index.name, kind: 'index', container: state.relations.get(index.table)?.name ?? index.table, origin: index.origin });
  }
  return found;
}
