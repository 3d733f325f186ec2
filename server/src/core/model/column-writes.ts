/**
 * The columns whose type (or default) this file wrote last, judged in the schema after the whole
 * history: design rules report those, at the place this file wrote them, so that a later migration
 * that changes the type silences the finding and one mistake is reported once (on the table that
 * declares the column, not on its partitions or inheritance children). Migration tools' own
 * bookkeeping tables (tool-tables.ts) are left out.
 */
import type { ColumnDef, Constraint, Node, RangeVar } from 'libpg-query';
import type { Statement } from '../source/document';
import { alterTableCommands, altersTable, columnConstraints, definitionOf } from './alter-table';
import type { FileContext } from './file-context';
import type { SchemaState } from './schema/state';
import { formatType } from './schema/type-names';
import type { ColumnModel, RelationModel, SourceRef } from './schema/types';
import type { TextRange } from './statement-ranges';
import { callRange, typeNameRange } from './statement-ranges';
import { isToolTable } from './tool-tables';

export type ColumnAttribute = 'type' | 'default';

export interface ColumnWrite {
  /** Key of the table in the final schema. */
  tableKey: string;
  /** The table and the column in the final schema (after the whole history). */
  table: RelationModel;
  column: ColumnModel;
  /** The statement of this file that wrote the attribute last, and where it wrote it. */
  statement: Statement;
  range: TextRange;
  /** The column definition, when this file created the column and wrote the attribute there (a fix may edit it). */
  definition?: ColumnDef;
}

/** One place this file writes a column's type or default. */
interface Site {
  statement: Statement;
  relation: RangeVar;
  column: string;
  /** Where the type or default is written (read from the statement's tokens on first use: most sites are never reported); undefined when it cannot be told, and then the site does not count. */
  range(): TextRange | undefined;
  definition?: ColumnDef;
}

/**
 * A site as the statement's parse tree tells it, without the statement: the tree is shared by every
 * version of the document that has the statement's text (the parse cache), so this is read once
 * per text, not on every keystroke. `location` is the parse location of the type name or of the
 * default expression.
 */
interface TreeSite {
  relation: RangeVar;
  column: string;
  /** The relation's name and the column's, as `changes` keys them. */
  key: string;
  location: number | undefined;
  /** The column definition (CREATE TABLE, ADD COLUMN); absent for ALTER COLUMN ... TYPE / SET DEFAULT. */
  definition?: ColumnDef;
}

type TreeSites = Record<ColumnAttribute, TreeSite[]>;

const NO_SITES: TreeSites = { type: [], default: [] };
const treeSites = new WeakMap<object, TreeSites>();

function changeKey(relation: RangeVar, column: string): string {
  return `${relation.relname}\u0000${column}`;
}

/** Where a statement writes types and defaults: column definitions of CREATE TABLE and ADD COLUMN, ALTER COLUMN ... TYPE / SET DEFAULT. */
function sitesInTree(statement: Statement): TreeSites {
  const node = statement.node as object | undefined;
  if (!node || !(statement.is('CreateStmt') || statement.is('AlterTableStmt'))) return NO_SITES;
  let sites = treeSites.get(node);
  if (sites) return sites;
  sites = { type: [], default: [] };
  const fromDefinition = (relation: RangeVar, definition: ColumnDef): void => {
    if (!definition.colname) return;
    const location = definition.typeName?.location;
    if (location !== undefined && location >= 0) sites!.type.push({ relation, column: definition.colname, key: changeKey(relation, definition.colname), location, definition });
    const expression = defaultOf(definition);
    if (expression) sites!.default.push({ relation, column: definition.colname, key: changeKey(relation, definition.colname), location: locationOf(expression), definition });
  };
  if (statement.is('CreateStmt')) {
    const relation = statement.node.relation;
    if (relation?.relname) {
      for (const element of statement.node.tableElts ?? []) {
        const definition = (element as { ColumnDef?: ColumnDef }).ColumnDef;
        if (definition?.typeName) fromDefinition(relation, definition);
      }
    }
  } else if (statement.is('AlterTableStmt') && altersTable(statement.node) && statement.node.relation?.relname) {
    const relation = statement.node.relation;
    for (const { cmd } of alterTableCommands(statement.node)) {
      const definition = definitionOf(cmd, 'ColumnDef');
      if (cmd.subtype === 'AT_AddColumn' && definition?.typeName) fromDefinition(relation, definition);
      else if (cmd.name && cmd.subtype === 'AT_AlterColumnType') sites.type.push({ relation, column: cmd.name, key: changeKey(relation, cmd.name), location: definition?.typeName?.location });
      else if (cmd.name && cmd.subtype === 'AT_ColumnDefault' && cmd.def) sites.default.push({ relation, column: cmd.name, key: changeKey(relation, cmd.name), location: locationOf(cmd.def) });
    }
  }
  treeSites.set(node, sites);
  return sites;
}

/**
 * Where a tree site is written, from the start of its statement (null when it cannot be told). It
 * depends on the statement's text only, like the tree: read from the tokens once per text, not again
 * for each version of the document that moves the statement.
 */
const relativeRanges = new WeakMap<TreeSite, TextRange | null>();

/** A tree site in this version of the statement; its range read on first use. */
class LocatedSite implements Site {
  readonly relation: RangeVar;
  readonly column: string;
  readonly key: string;
  readonly definition?: ColumnDef;
  private absolute: TextRange | undefined | null = null;

  constructor(
    readonly statement: Statement,
    private readonly site: TreeSite,
    private readonly attribute: ColumnAttribute,
  ) {
    this.relation = site.relation;
    this.column = site.column;
    this.key = site.key;
    this.definition = site.definition;
  }

  range(): TextRange | undefined {
    if (this.absolute === null) {
      const { statement, site } = this;
      let relative = relativeRanges.get(site);
      if (relative === undefined) {
        const found = this.attribute === 'type' ? typeNameRange(statement, site.location) : callRange(statement, site.location);
        relative = found ? { start: found.start - statement.start, end: found.end - statement.start } : null;
        relativeRanges.set(site, relative);
      }
      this.absolute = relative ? { start: statement.start + relative.start, end: statement.start + relative.end } : undefined;
    }
    return this.absolute;
  }
}

const changeSites = new WeakMap<Statement, Partial<Record<ColumnAttribute, LocatedSite[]>>>();

/** The statement's sites that change a column (ALTER COLUMN), located in it: kept with the statement, which a later version of the document may take over. */
function changeSitesIn(statement: Statement, sites: readonly TreeSite[], attribute: ColumnAttribute): LocatedSite[] {
  let byAttribute = changeSites.get(statement);
  if (!byAttribute) changeSites.set(statement, (byAttribute = {}));
  return (byAttribute[attribute] ??= sites.filter((site) => !site.definition).map((site) => new LocatedSite(statement, site, attribute)));
}

/** The site when its range can be told (else it is no site). */
function counted(site: Site | undefined): Site | undefined {
  return site?.range() ? site : undefined;
}

const TABLE_KINDS: ReadonlySet<string> = new Set(['table', 'partitioned table']);

/** Which columns of the final schema a rule asks about (its type, its name, whether it is a key): judged before the file's writes are looked for. */
export type ColumnFilter = (table: RelationModel, column: ColumnModel, tableKey: string) => boolean;

const cache = new WeakMap<readonly Statement[], Map<ColumnAttribute, Map<ColumnFilter | undefined, ColumnWrite[]>>>();
const siteCache = new WeakMap<readonly Statement[], Map<ColumnAttribute, FileSites | undefined>>();

/**
 * The columns of the final schema whose `attribute` this file wrote last, among those `where`
 * keeps. A rule passes the test it applies to the column anyway (a module-level function, so that
 * its answer is cached with the file): the file's writes and their ranges are then looked for only
 * for those columns, not for every column a large file creates.
 */
export function columnsWrittenInFile(context: FileContext, attribute: ColumnAttribute, where?: ColumnFilter): ColumnWrite[] {
  let byAttribute = cache.get(context.statements);
  if (!byAttribute) cache.set(context.statements, (byAttribute = new Map()));
  let byFilter = byAttribute.get(attribute);
  if (!byFilter) byAttribute.set(attribute, (byFilter = new Map()));
  let writes = byFilter.get(where);
  if (!writes) byFilter.set(where, (writes = computeWrites(context, attribute, where)));
  return writes;
}

/**
 * The file's sites of one attribute: the changes (ALTER COLUMN) by the column they change, and the
 * column definitions looked up by where they are, in the statement the column's origin names.
 */
interface FileSites {
  changes: Map<string, Site[]>;
  definitionAt(ref: SourceRef): Site | undefined;
}

function fileSites(statements: readonly Statement[], attribute: ColumnAttribute): FileSites | undefined {
  let byAttribute = siteCache.get(statements);
  if (!byAttribute) siteCache.set(statements, (byAttribute = new Map()));
  if (byAttribute.has(attribute)) return byAttribute.get(attribute);
  let any = false;
  const changes = new Map<string, Site[]>();
  for (const statement of statements) {
    const sites = sitesInTree(statement)[attribute];
    if (sites.length === 0) continue;
    any = true;
    for (const located of changeSitesIn(statement, sites, attribute)) {
      const list = changes.get(located.key);
      if (list) list.push(located);
      else changes.set(located.key, [located]);
    }
  }
  const indexed: FileSites | undefined = any
    ? {
        changes,
        definitionAt(ref) {
          const statement = statements[ref.statement];
          if (statement?.index !== ref.statement) return undefined;
          const site = definitionsByStart(statement, sitesInTree(statement)[attribute]).get(ref.start - statement.start);
          return site && new LocatedSite(statement, site, attribute);
        },
      }
    : undefined;
  byAttribute.set(attribute, indexed);
  return indexed;
}

const definitionStarts = new WeakMap<readonly TreeSite[], Map<number, TreeSite>>();

/** A statement's sites that are column definitions, by where the definition starts from the statement's start (like the tree, the same for every version of the text). */
function definitionsByStart(statement: Statement, sites: readonly TreeSite[]): Map<number, TreeSite> {
  let byStart = definitionStarts.get(sites);
  if (!byStart) {
    byStart = new Map();
    for (const site of sites) {
      const start = site.definition && statement.offsetOf(site.definition.location) - statement.start;
      if (start !== undefined && !byStart.has(start)) byStart.set(start, site);
    }
    definitionStarts.set(sites, byStart);
  }
  return byStart;
}

function computeWrites(context: FileContext, attribute: ColumnAttribute, where: ColumnFilter | undefined): ColumnWrite[] {
  const { schema } = context;
  const indexed = fileSites(context.statements, attribute);
  if (!indexed) return [];
  const { changes } = indexed;
  const same = attribute === 'type' ? sameType : sameDefault;
  const final = schema.final;
  const writes: ColumnWrite[] = [];
  for (const [tableKey, table] of final.relations) {
    if (!TABLE_KINDS.has(table.kind) || table.temporary) continue;
    // the table's snapshots are looked up once a column passes the filter (most tables have none that does)
    let after: RelationModel | undefined | null = null;
    let before: RelationModel | undefined;
    for (const column of table.columns) {
      if ((where && !where(table, column, tableKey)) || column.inherited) continue;
      if (after === null) {
        after = isToolTable(table.name) ? undefined : byOrigin(schema.after).get(refKey(table.origin));
        before = after ? byOrigin(schema.before).get(refKey(table.origin)) : undefined;
      }
      if (!after) break;
      if (sharedWithParent(final, table, column.name)) continue;
      const afterColumn = sameColumnIn(after, table, column);
      if (!afterColumn || !same(afterColumn, column)) continue;
      const beforeColumn = before ? sameColumnIn(before, table, column) : undefined;
      const change = lastChange(changes, [table.name, after.name, before?.name], [column.name, afterColumn.name, beforeColumn?.name]);
      let site: Site | undefined;
      if (schema.fromThisFile(column.origin)) {
        const definition = counted(indexed.definitionAt(column.origin));
        site = change && (!definition || change.statement.index > definition.statement.index) ? change : definition;
      } else if (!beforeColumn || !same(beforeColumn, afterColumn)) site = change;
      if (site) writes.push({ tableKey, table, column, statement: site.statement, range: site.range()!, definition: site.definition });
    }
  }
  return writes;
}

/** The DEFAULT expression written on a column definition. */
function defaultOf(definition: ColumnDef): Node | undefined {
  return definition.raw_default ?? columnConstraints(definition).find((constraint: Constraint) => constraint.contype === 'CONSTR_DEFAULT')?.raw_expr;
}

/** The parse-tree location of an expression node (its first field that has one). */
function locationOf(node: Node): number | undefined {
  const payload = Object.values(node as Record<string, unknown>)[0] as { location?: number } | undefined;
  return payload?.location;
}

/** The last site that changes the column under any of the names it had (a name repeated is looked up again, to the same answer). */
function lastChange(changes: ReadonlyMap<string, Site[]>, relations: ReadonlyArray<string | undefined>, columns: ReadonlyArray<string | undefined>): Site | undefined {
  if (changes.size === 0) return undefined;
  let found: Site | undefined;
  for (let r = 0; r < relations.length; r++) {
    const relation = relations[r];
    // a name the table or the column had in more than one snapshot is looked up once (most columns keep theirs)
    if (relation === undefined || relations.indexOf(relation) < r) continue;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      if (column === undefined || columns.indexOf(column) < c) continue;
      for (const site of changes.get(`${relation}\u0000${column}`) ?? []) if ((!found || site.statement.index > found.statement.index) && site.range()) found = site;
    }
  }
  return found;
}

function sameType(a: ColumnModel, b: ColumnModel): boolean {
  return a.type === b.type || formatType(a.type) === formatType(b.type);
}

function sameDefault(a: ColumnModel, b: ColumnModel): boolean {
  return a.default?.key === b.default?.key;
}

/** A column a partition or inheritance child shares with its parent: PostgreSQL keeps their types equal, the parent is judged. */
function sharedWithParent(state: SchemaState, table: RelationModel, column: string): boolean {
  if (table.partitionOf && hasColumn(state.relations.get(table.partitionOf), column)) return true;
  for (const parent of table.inherits ?? []) if (hasColumn(state.relations.get(parent), column)) return true;
  return false;
}

function hasColumn(relation: RelationModel | undefined, column: string): boolean {
  return relation?.columns.some((candidate) => candidate.name === column) ?? false;
}

const refKeys = new WeakMap<SourceRef, string>();

/** A SourceRef as a map key, made once per ref (snapshots share their refs; the rules ask for thousands per keystroke on a large file). */
export function refKey(ref: SourceRef): string {
  let key = refKeys.get(ref);
  if (key === undefined) refKeys.set(ref, (key = `${ref.file}\u0000${ref.statement}\u0000${ref.start}`));
  return key;
}

const origins = new WeakMap<SchemaState, Map<string, RelationModel>>();

/** The relations of a snapshot by their origin: the same table across snapshots, whatever renames it went through. */
function byOrigin(state: SchemaState): Map<string, RelationModel> {
  let map = origins.get(state);
  if (!map) {
    map = new Map();
    for (const relation of state.relations.values()) if (TABLE_KINDS.has(relation.kind)) map.set(refKey(relation.origin), relation);
    origins.set(state, map);
  }
  return map;
}

/** The same column of the same table in another snapshot of the history (a rename does not lose it). */
export function columnIn(state: SchemaState, table: RelationModel, column: ColumnModel): ColumnModel | undefined {
  const other = byOrigin(state).get(refKey(table.origin));
  return other ? sameColumnIn(other, table, column) : undefined;
}

/** The same column in another snapshot of the table: by origin when that tells it apart (LIKE copies share one), else by name. */
function sameColumnIn(other: RelationModel, table: RelationModel, column: ColumnModel): ColumnModel | undefined {
  // the same snapshot of the table (the file is the last of its history): the column itself
  if (other === table) return column;
  const origin = refKey(column.origin);
  const sharing = columnsByOrigin(table).get(origin)?.length ?? 0;
  const candidates = columnsByOrigin(other).get(origin) ?? [];
  return sharing === 1 ? candidates[0] : candidates.find((candidate) => candidate.name === column.name);
}

const columnOrigins = new WeakMap<RelationModel, Map<string, ColumnModel[]>>();

/** A relation's columns by origin, in column order (a replay never changes a relation it has stored: it stores a new one). */
function columnsByOrigin(relation: RelationModel): Map<string, ColumnModel[]> {
  let map = columnOrigins.get(relation);
  if (!map) {
    map = new Map();
    for (const column of relation.columns) {
      const key = refKey(column.origin);
      const list = map.get(key);
      if (list) list.push(column);
      else map.set(key, [column]);
    }
    columnOrigins.set(relation, map);
  }
  return map;
}
