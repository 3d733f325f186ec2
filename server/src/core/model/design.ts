/**
 * What the schema-design rules share: the tables of the schema after the whole history, the place
 * in the history where a finding belongs (the file that made the last of the objects it is about),
 * the range of a constraint clause, the words of a name and the table a noun names, type families.
 */
import pluralize from 'pluralize';
import type { Statement } from '../source/document';
import type { FileContext } from './file-context';
import type { SchemaState } from './schema/state';
import type { SchemaView } from './schema/view';
import type { ColumnModel, IndexKey, IndexModel, OperatorUse, RelationModel, SourceRef, TypeRef } from './schema/types';
import type { TextRange } from './statement-ranges';
import { codeTokens } from './statement-ranges';
import { namesOf } from './named-objects';
import { headEnd, identifierOf, nameEndOf } from './relations-in-file';
import { countWhile } from '../source/sorted';

export interface DesignTable {
  key: string;
  table: RelationModel;
}

const tablesOfState = new WeakMap<SchemaState, readonly DesignTable[]>();

/** The tables (plain and partitioned, not temporary) of a schema state (a state a replay has handed out, which never changes: kept per state, shared). */
export function designTables(state: SchemaState): readonly DesignTable[] {
  let tables = tablesOfState.get(state);
  if (!tables) {
    const found: DesignTable[] = [];
    for (const [key, table] of state.relations) {
      if ((table.kind === 'table' || table.kind === 'partitioned table') && !table.temporary) found.push({ key, table });
    }
    tablesOfState.set(state, (tables = found));
  }
  return tables;
}

const tablesByName = new WeakMap<SchemaState, Map<string, DesignTable[]>>();

/** The tables of a state by their name in lower case (kept per state, like designTables). */
function designTablesNamed(state: SchemaState, name: string): readonly DesignTable[] {
  let byName = tablesByName.get(state);
  if (!byName) {
    byName = new Map();
    for (const entry of designTables(state)) {
      const lower = entry.table.name.toLowerCase();
      const list = byName.get(lower);
      if (list) list.push(entry);
      else byName.set(lower, [entry]);
    }
    tablesByName.set(state, byName);
  }
  return byName.get(name) ?? [];
}

const touchedByView = new WeakMap<SchemaView, Set<string>>();

/**
 * The keys of the relations of the final schema that this file made or changed something of: the
 * relation, a column, a constraint or an index. Design rules look at these first, so that linting
 * one file of a long history does not judge the whole schema again (kept once per view).
 */
export function touchedRelations(view: SchemaView): ReadonlySet<string> {
  let touched = touchedByView.get(view);
  if (touched) return touched;
  touched = new Set<string>();
  const file = view.file;
  const final = view.final;
  for (const [key, relation] of final.relations) {
    if (relation.kind === 'sequence') continue;
    let here = relation.origin.file === file || relation.changed.file === file;
    for (let i = 0; !here && i < relation.columns.length; i++) here = relation.columns[i].origin.file === file || relation.columns[i].changed.file === file;
    for (let i = 0; !here && i < relation.constraints.length; i++) here = relation.constraints[i].origin.file === file;
    if (here) touched.add(key);
  }
  for (const index of final.indexes.values()) if (index.origin.file === file || index.changed.file === file) touched.add(index.table);
  touchedByView.set(view, touched);
  return touched;
}

/** The columns a table declares itself (not those a partition or child gets from its parent). */
export function ownColumns(table: RelationModel): ColumnModel[] {
  return table.columns.filter((column) => !column.inherited);
}

const fileOrder = new WeakMap<object, Map<string, number>>();

/** Where a reference stands in the history: the file's position, the statement's. */
function positionOf(view: SchemaView, ref: SourceRef): [number, number] {
  if (ref.file === view.file || !view.history) return [ref.file === view.file ? view.index : -1, ref.statement];
  let order = fileOrder.get(view.history);
  if (!order) {
    order = new Map(view.history.files.map((entry, index) => [entry.path, index]));
    fileOrder.set(view.history, order);
  }
  return [order.get(ref.file) ?? -1, ref.statement];
}

/** The reference whose statement came last in the history's order; of several in one statement, the first given. */
export function latestRef(view: SchemaView, refs: readonly SourceRef[]): SourceRef | undefined {
  let latest: SourceRef | undefined;
  let at: [number, number] | undefined;
  for (const ref of refs) {
    const position = positionOf(view, ref);
    if (!at || position[0] > at[0] || (position[0] === at[0] && position[1] > at[1])) {
      latest = ref;
      at = position;
    }
  }
  return latest;
}

/** The latest of `refs` when this file made it: a finding about several objects is reported once, where the last of them was made. */
export function reportedHere(view: SchemaView, refs: readonly SourceRef[]): SourceRef | undefined {
  const latest = latestRef(view, refs);
  return latest && view.fromThisFile(latest) ? latest : undefined;
}

/** The statement of this file a reference points into, when it still is that statement's range. */
export function statementOf(context: FileContext, ref: SourceRef): Statement | undefined {
  if (!context.schema.fromThisFile(ref)) return undefined;
  const statement = context.statements[ref.statement];
  return statement && statement.start <= ref.start && ref.end <= statement.end ? statement : undefined;
}

/**
 * The clause that starts at `start` (a constraint in a CREATE TABLE or ALTER TABLE): up to the comma
 * or closing parenthesis that ends it at its own depth, or the end of the statement.
 */
export function clauseRange(statement: Statement, start: number): TextRange {
  const tokens = codeTokens(statement, start);
  let depth = 0;
  let end = start;
  for (const token of tokens) {
    if (token.text === '(' || token.text === '[') depth++;
    else if (token.text === ')' || token.text === ']') {
      if (depth === 0) break;
      depth--;
    } else if (token.text === ',' && depth === 0) break;
    end = token.end;
  }
  return { start, end: Math.max(end, Math.min(statement.end, start + 1)) };
}

/** `compute` remembered per string, up to `limit` strings (then forgotten at once): names repeat across files and keystrokes. Results are shared: never change them. */
export function remembered<T>(compute: (key: string) => T, limit: number): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    let result = results.get(key);
    if (result === undefined && !results.has(key)) {
      if (results.size > limit) results.clear();
      result = compute(key);
      results.set(key, result);
    }
    return result as T;
  };
}

/**
 * The lower-case words of an identifier: snake_case and camelCase parts, digits apart from letters
 * kept with them. Remembered (shared: never change the array): the design rules ask for the words
 * of every column of a large schema on every keystroke.
 */
export const nameWords: (name: string) => readonly string[] = remembered(
  (name) =>
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word !== ''),
  50_000,
);

/** The singular of an English noun (categories -> category, people -> person), remembered. */
export const singular: (word: string) => string = remembered((word) => pluralize.singular(word), 10_000);

/** True for an English plural noun (tags, people), remembered like singular(). */
export const isPlural: (word: string) => boolean = remembered((word) => pluralize.isPlural(word) && singular(word) !== word, 10_000);

/**
 * The table a noun names ('tag' -> tags, 'category' -> categories, 'person' -> people): in the
 * schema of `near` first, then the only one of that name in any schema.
 */
export function tableNamedBy(state: SchemaState, noun: string, near: string): DesignTable | undefined {
  const names = new Set([pluralize.plural(noun), noun]);
  const candidates = [...names].flatMap((name) => designTablesNamed(state, name));
  // in the order of the state's relations, as one pass over them finds them
  if (names.size > 1 && candidates.length > 1) {
    const tables = designTables(state);
    candidates.sort((a, b) => tables.indexOf(a) - tables.indexOf(b));
  }
  return candidates.find((entry) => entry.table.schema === near) ?? (candidates.length === 1 ? candidates[0] : undefined);
}

const TEXT_TYPES = new Set(['text', 'character varying', 'character', 'citext', 'bpchar', 'varchar', 'name']);

/** A scalar string type (text, varchar, char, citext). */
export function isTextType(type: TypeRef): boolean {
  return !type.array && TEXT_TYPES.has(type.name);
}

/** The type's name as PostgreSQL prints it, with `[]` for an array. */
export function typeText(type: TypeRef): string {
  return `${type.name}${type.array ? '[]' : ''}`;
}

/** The column of a table by name. */
export function columnNamed(table: RelationModel, name: string | undefined): ColumnModel | undefined {
  return name === undefined ? undefined : table.columns.find((column) => column.name === name);
}

/** A key column as written in messages: its name, or the expression's text for an expression key. */
export function keyLabel(key: IndexKey): string {
  return key.column ?? 'expression';
}

/** The key columns of an index, as a list for messages: `(a, b)`. */
export function indexColumnsText(index: IndexModel): string {
  return `(${index.keys.map(keyLabel).join(', ')})`;
}

/** The statements of this file after `after` whose code names `name` (an index, a constraint): something else refers to it. */
export function namedLaterInFile(context: FileContext, after: Statement, name: string): boolean {
  const lowered = loweredText(context);
  const needle = name.toLowerCase();
  if (needle === '') return false;
  // lower case that changes lengths (rare letters such as U+0130) would move offsets: read every token then
  if (lowered.length !== context.text.length) return context.statements.slice(after.index + 1).some((statement) => codeTokens(statement).some((token) => identifierOf(token) === name));
  const statements = context.statements;
  for (let at = lowered.indexOf(needle, after.end); at >= 0; at = lowered.indexOf(needle, at + 1)) {
    // the statement around this occurrence, if any (the text between statements is comments and blanks)
    const statement = statements[countWhile(statements, (candidate) => candidate.end <= at)];
    if (!statement || statement.start > at || statement.index <= after.index) continue;
    // a quoted name's token starts at its quote
    if (codeTokens(statement, at - 1).some((token) => token.start <= at && at < token.end && identifierOf(token) === name)) return true;
  }
  return false;
}

const loweredTexts = new WeakMap<readonly Statement[], string>();

/** The file's text in lower case, to find where a name may be written (once per lint). */
function loweredText(context: FileContext): string {
  let lowered = loweredTexts.get(context.statements);
  if (lowered === undefined) loweredTexts.set(context.statements, (lowered = context.text.toLowerCase()));
  return lowered;
}

/** How a table marks soft-deleted rows: a deletion time (NULL while the row is live) or a boolean flag. */
export interface SoftDeleteMarker {
  column: ColumnModel;
  kind: 'time' | 'flag';
}

const DELETION_TIMES = new Set(['deleted_at', 'discarded_at', 'deleted_on', 'deletedat', 'deleted_date']);
const DELETION_FLAGS = new Set(['is_deleted', 'deleted', 'isdeleted', 'deleted_flag', 'is_deleted_flag']);
const TIME_TYPES = new Set(['timestamp with time zone', 'timestamp without time zone', 'date']);
const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);

/** Last words of tables that record other rows' past states (artist_versions, audit_logs): their columns describe the recorded row. */
const HISTORY_WORDS = new Set(['version', 'versions', 'history', 'histories', 'revision', 'revisions', 'audit', 'audits', 'snapshot', 'snapshots', 'log', 'logs', 'changes']);

/** A table that records other rows' past states (artist_versions, audit_logs): its columns are copies by design. */
export function isHistoryTable(table: RelationModel): boolean {
  const words = nameWords(table.name);
  return HISTORY_WORDS.has(words[words.length - 1] ?? '');
}

/** Words of a tree encoding (a materialized path of ancestors, a cached set of descendants): a list by design, ordered by btree on purpose. */
const TREE_WORDS = new Set(['ancestor', 'ancestors', 'ancestry', 'descendant', 'descendants', 'traversal', 'path', 'paths', 'lineage', 'parent', 'parents', 'child', 'children', 'self', 'hierarchy']);

export function isTreeEncoding(columnName: string): boolean {
  return nameWords(columnName).some((word) => TREE_WORDS.has(word));
}

/**
 * The column a table soft-deletes rows with: `deleted_at` (or `discarded_at`) of a time type, or an
 * `is_deleted` / `deleted` flag. None for a history table, whose `is_deleted` records the state of
 * the row a version describes, not a deletion of the version.
 */
export function softDeleteMarkers(table: RelationModel): SoftDeleteMarker[] {
  const markers: SoftDeleteMarker[] = [];
  if (isHistoryTable(table)) return markers;
  for (const column of table.columns) {
    const name = column.name.toLowerCase();
    if (column.type.array) continue;
    if (DELETION_TIMES.has(name) && TIME_TYPES.has(column.type.name)) markers.push({ column, kind: 'time' });
    else if (DELETION_FLAGS.has(name) && (column.type.name === 'boolean' || (name !== 'deleted' && INTEGER_TYPES.has(column.type.name)))) markers.push({ column, kind: 'flag' });
  }
  return markers;
}

/** The range that names the object a statement creates (a view, a function, a table), from the statement's start: where a finding about its query goes. */
export function objectHeadRange(statement: Statement): TextRange {
  if (statement.is('ViewStmt')) return { start: statement.start, end: headEnd(statement, statement.node.view) };
  if (statement.is('CreateTableAsStmt')) return { start: statement.start, end: headEnd(statement, statement.node.into?.rel) };
  if (statement.is('CreateStmt')) return { start: statement.start, end: headEnd(statement, statement.node.relation) };
  if (statement.is('AlterTableStmt')) return { start: statement.start, end: headEnd(statement, statement.node.relation) };
  if (statement.is('CreateFunctionStmt')) return { start: statement.start, end: nameEndOf(statement, namesOf(statement.node.funcname)) ?? headEnd(statement) };
  if (statement.is('IndexStmt')) return { start: statement.start, end: statement.end };
  return { start: statement.start, end: headEnd(statement) };
}

/**
 * The operator uses of the final schema's queries that `matches` keeps, and the tables among them
 * this file is judged for: a table the file touched, or a query the file itself runs.
 */
export function queriedTables(view: SchemaView, matches: (use: OperatorUse) => boolean): { uses: OperatorUse[]; tables: ReadonlySet<string> } {
  const uses = [...view.final.queryUses.values()].flat().filter(matches);
  if (uses.length === 0) return { uses, tables: new Set() };
  const touched = touchedRelations(view);
  return { uses, tables: new Set(uses.filter((use) => touched.has(use.table) || view.fromThisFile(use.at)).map((use) => use.table)) };
}

/** A query's owner for messages: `function match_documents`, with its file when another migration made it. */
export function queryOwnerText(view: SchemaView, use: OperatorUse): string {
  const where = view.fromThisFile(use.at) ? '' : ` (${use.at.file.replace(/^.*[\\/]/, '')})`;
  return `${use.owner.kind} ${use.owner.name.replace(/^public\./, '')}${where}`;
}

/** True when a foreign key references exactly an index's key columns: it may rely on that index (PostgreSQL records which), which must then stay as it is. */
export function referencedByForeignKey(state: SchemaState, tableKey: string, index: IndexModel): boolean {
  const columns = index.keys.map((entry) => entry.column);
  return state.referencing(tableKey).some((entry) =>
    entry.constraints.some((constraint) => constraint.references!.columns.length === columns.length && constraint.references!.columns.every((column) => columns.includes(column))),
  );
}
