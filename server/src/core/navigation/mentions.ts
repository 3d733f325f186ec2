/**
 * Every name of a table, column, index or constraint one statement writes, with its range and
 * what the statement does with it: the syntactic half of navigation (resolve.ts finds the object).
 * Column references carry the tables they may belong to, from the statement's FROM lists and
 * aliases (innermost query first), so that a name can be resolved against any schema snapshot.
 */
import type { AlterTableCmd, AlterTableStmt, ColumnDef, ColumnRef, CommentStmt, Constraint, CreateStmt, DeleteStmt, DropStmt, IndexElem, IndexStmt, InsertStmt, Node, RangeVar, RenameStmt, ResTarget, SelectStmt, UpdateStmt } from 'libpg-query';
import { namesOf } from '../model/named-objects';
import { stringValueOf } from '../model/names';
import type { WrittenName } from '../model/schema/state';
import type { Statement, Token } from '../source/document';
import { StatementTokens, foldName } from './names';

export type MentionKind = 'relation' | 'column' | 'index' | 'constraint';
/** What the statement does to the object it names, when the object is what the statement is about. */
export type MentionAction = 'create' | 'alter' | 'drop' | 'rename';

export interface Mention {
  kind: MentionKind;
  /** The name as PostgreSQL reads it (folded, unquoted). */
  name: string;
  /** Relation and index names: the schema, when written qualified. */
  schema?: string;
  /** Column and constraint names: the relations the name may belong to, the most likely first. */
  tables?: WrittenName[];
  /** The statement gives the object this name (CREATE, ADD, RENAME ... TO): it exists after the statement. */
  defines: boolean;
  action?: MentionAction;
  /** Document offsets (UTF-16) of the name itself. */
  start: number;
  end: number;
  /** Start of the qualified name (`app.orders`, `o.customer_id`): a cursor there means this name too. */
  from: number;
  /** A column or constraint the statement is about: its whole definition or subcommand (`email text NOT NULL`). */
  extent?: { start: number; end: number };
  statement: number;
}

interface ScopeEntry {
  /** The name the query refers to the item by (its alias, or the table's own name). */
  name: string;
  table?: WrittenName;
}

interface Scope {
  entries: ScopeEntry[];
  /** WITH query names: a table reference of that name is not a table. */
  ctes: ReadonlySet<string>;
}

const EMPTY_SCOPE: Scope = { entries: [], ctes: new Set() };

type Options = { defines?: boolean; action?: MentionAction; /** where the definition the name belongs to starts */ extentFrom?: number };

const COLUMN_COMMANDS = new Set([
  'AT_DropColumn', 'AT_AlterColumnType', 'AT_ColumnDefault', 'AT_CookedColumnDefault', 'AT_SetNotNull', 'AT_DropNotNull', 'AT_SetStatistics',
  'AT_SetOptions', 'AT_ResetOptions', 'AT_SetStorage', 'AT_SetCompression', 'AT_AddIdentity', 'AT_SetIdentity', 'AT_DropIdentity',
  'AT_SetExpression', 'AT_DropExpression', 'AT_AlterColumnGenericOptions',
]);

const RELATION_OBJECTS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_FOREIGN_TABLE']);

function tableOf(relation: RangeVar | undefined): WrittenName | undefined {
  return relation?.relname ? { schema: relation.schemaname, name: relation.relname } : undefined;
}

function scopeOf(table: WrittenName | undefined, outer: Scope = EMPTY_SCOPE): Scope {
  return table ? { entries: [{ name: table.name, table }, ...outer.entries], ctes: outer.ctes } : outer;
}

function isRangeVar(value: Record<string, unknown>): boolean {
  return typeof value.relname === 'string' && 'relpersistence' in value;
}

class Collector {
  readonly mentions: Mention[] = [];
  private readonly tokens: StatementTokens;

  constructor(private readonly statement: Statement) {
    this.tokens = new StatementTokens(statement);
  }

  run(): Mention[] {
    const { statement } = this;
    const node = statement.node as never;
    if (statement.is('CreateStmt') || statement.is('CreateForeignTableStmt')) this.createTable(statement.is('CreateStmt') ? node : ((node as { base?: CreateStmt }).base ?? node));
    else if (statement.is('AlterTableStmt')) this.alterTable(node);
    else if (statement.is('IndexStmt')) this.createIndex(node);
    else if (statement.is('RenameStmt')) this.rename(node);
    else if (statement.is('DropStmt')) this.drop(node);
    else if (statement.is('CommentStmt')) this.comment(node);
    else if (statement.is('InsertStmt')) this.insert(node);
    else if (statement.is('UpdateStmt')) this.update(node);
    else if (statement.is('DeleteStmt')) this.delete(node);
    else if (statement.is('SelectStmt')) this.select(node, EMPTY_SCOPE);
    else if (statement.is('ViewStmt')) {
      this.relation(statement.node.view, { defines: true, action: 'create' });
      this.visit(statement.node.query, EMPTY_SCOPE);
    } else if (statement.is('CreateTableAsStmt')) {
      this.relation(statement.node.into?.rel, { defines: true, action: 'create' });
      this.visit(statement.node.query, EMPTY_SCOPE);
    } else if (statement.is('CreateSeqStmt')) this.relation(statement.node.sequence, { defines: true, action: 'create' });
    else if (!statement.is('DoStmt')) this.visit(statement.node, EMPTY_SCOPE);
    return this.mentions.sort((a, b) => a.start - b.start);
  }

  private offset(location: number | undefined, fallback = this.statement.start): number {
    return location === undefined || location < 0 ? fallback : this.statement.offsetOf(location);
  }

  private add(kind: MentionKind, token: Token, from: number, fields: Partial<Mention> & Options): Mention {
    const { extentFrom, ...rest } = fields;
    const mention: Mention = { kind, name: foldName(token.text), defines: fields.defines ?? false, start: token.start, end: token.end, from, statement: this.statement.index, ...rest };
    if ((kind === 'column' || kind === 'constraint') && fields.action) {
      const start = Math.min(extentFrom ?? token.start, token.start);
      mention.extent = { start, end: Math.max(token.end, this.tokens.elementEnd(start)) };
    }
    this.mentions.push(mention);
    return mention;
  }

  /** A relation (or, for kind 'index', an index) named by a RangeVar; returns the end of its name. */
  private relation(relation: RangeVar | undefined, options: Options & { kind?: 'relation' | 'index' } = {}): number | undefined {
    if (!relation?.relname) return undefined;
    const start = this.offset(relation.location);
    const parts = (relation.catalogname ? 1 : 0) + (relation.schemaname ? 1 : 0) + 1;
    const chain = this.tokens.chainAt(start);
    let token: Token | undefined = chain.length >= parts ? chain[parts - 1] : undefined;
    if (!token || foldName(token.text) !== relation.relname) token = this.tokens.find(relation.relname, start);
    if (!token) return undefined;
    this.add(options.kind ?? 'relation', token, Math.min(start, token.start), { name: relation.relname, schema: relation.schemaname, defines: options.defines, action: options.action });
    return token.end;
  }

  /** A column named at a known token or, failing that, the first token of that name after `from`; returns where the search goes on. */
  private column(name: string | undefined, from: number, tables: WrittenName[], options: Options = {}, until?: number): number {
    if (!name) return from;
    const token = this.tokens.find(name, from, until);
    if (!token) return from;
    this.add('column', token, token.start, { name, tables, ...options });
    return token.end;
  }

  private constraintName(name: string | undefined, from: number, table: WrittenName | undefined, options: Options): number {
    if (!name) return from;
    const token = this.tokens.find(name, from);
    if (!token) return from;
    this.add('constraint', token, token.start, { name, tables: table ? [table] : [], ...options });
    return token.end;
  }

  private columns(names: readonly string[], from: number, tables: WrittenName[]): number {
    let at = from;
    for (const name of names) at = this.column(name, at, tables);
    return at;
  }

  private createTable(node: CreateStmt): void {
    const table = tableOf(node.relation);
    const after = this.relation(node.relation, { defines: true, action: 'create' }) ?? this.statement.start;
    const scope = scopeOf(table);
    for (const parent of node.inhRelations ?? []) this.relation((parent as { RangeVar?: RangeVar }).RangeVar);
    for (const element of node.tableElts ?? []) {
      const record = element as { ColumnDef?: ColumnDef; Constraint?: Constraint; TableLikeClause?: { relation?: RangeVar } };
      if (record.ColumnDef) this.columnDefinition(record.ColumnDef, table, scope, after);
      else if (record.Constraint) this.constraint(record.Constraint, table, scope, after, { defines: true, action: 'create' });
      else if (record.TableLikeClause) this.relation(record.TableLikeClause.relation);
    }
    const partitionKey = node.partspec as { partParams?: Node[] } | undefined;
    for (const part of partitionKey?.partParams ?? []) {
      const element = (part as { PartitionElem?: { name?: string; expr?: Node; location?: number } }).PartitionElem;
      if (element?.name && table) this.column(element.name, this.offset(element.location, after), [table]);
      else if (element?.expr) this.visit(element.expr, scope);
    }
  }

  private columnDefinition(definition: ColumnDef, table: WrittenName | undefined, scope: Scope, from: number, options: Options = { defines: true, action: 'create' }): void {
    const at = this.offset(definition.location, from);
    const end = this.column(definition.colname, at, table ? [table] : [], options);
    if (definition.raw_default) this.visit(definition.raw_default, scope);
    for (const constraint of definition.constraints ?? []) {
      const record = (constraint as { Constraint?: Constraint }).Constraint;
      if (record) this.constraint(record, table, scope, end, { defines: true, action: 'create' });
    }
  }

  /** A table or column constraint: its name, its columns, the table and columns a foreign key references. */
  private constraint(constraint: Constraint, table: WrittenName | undefined, scope: Scope, from: number, options: Options): void {
    const start = this.offset(constraint.location, from);
    let at = this.constraintName(constraint.conname, start, table, { ...options, extentFrom: start });
    const own = table ? [table] : [];
    at = this.columns(namesOf(constraint.keys), at, own);
    at = this.columns(namesOf(constraint.fk_attrs), at, own);
    for (const exclusion of constraint.exclusions ?? []) {
      const element = ((exclusion as { List?: { items?: Node[] } }).List?.items?.[0] as { IndexElem?: IndexElem } | undefined)?.IndexElem;
      if (element) at = this.indexElement(element, at, own, scope);
    }
    if (constraint.including?.length) {
      const include = this.tokens.findWord('INCLUDE', at);
      if (include) at = this.columns(namesOf(constraint.including), include.end, own);
    }
    if (constraint.pktable) {
      at = this.relation(constraint.pktable) ?? at;
      const referenced = tableOf(constraint.pktable);
      this.columns(namesOf(constraint.pk_attrs), at, referenced ? [referenced] : []);
    }
    if (constraint.raw_expr) this.visit(constraint.raw_expr, scope);
    if (constraint.where_clause) this.visit(constraint.where_clause, scope);
  }

  private indexElement(element: IndexElem, from: number, tables: WrittenName[], scope: Scope): number {
    if (element.name) return this.column(element.name, from, tables);
    const before = this.mentions.length;
    this.visit(element.expr, scope);
    return Math.max(from, ...this.mentions.slice(before).map((mention) => mention.end));
  }

  private alterTable(node: AlterTableStmt): void {
    const kind = node.objtype === 'OBJECT_INDEX' ? 'index' : 'relation';
    let at = this.relation(node.relation, { kind, action: 'alter' }) ?? this.statement.start;
    const table = tableOf(node.relation);
    const own = table ? [table] : [];
    const scope = scopeOf(table);
    for (const item of node.cmds ?? []) {
      const command = (item as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
      if (!command) continue;
      const subtype = command.subtype ?? '';
      const definition = command.def as { ColumnDef?: ColumnDef; Constraint?: Constraint; PartitionCmd?: { name?: RangeVar }; RangeVar?: RangeVar; ReplicaIdentityStmt?: { name?: string } } | undefined;
      const count = this.mentions.length;
      if (subtype === 'AT_AddColumn' && definition?.ColumnDef) this.columnDefinition(definition.ColumnDef, table, scope, at);
      else if (COLUMN_COMMANDS.has(subtype)) {
        const located = definition?.ColumnDef?.location;
        at = this.column(command.name, this.offset(located, at), own, { action: subtype === 'AT_DropColumn' ? 'drop' : 'alter' });
        if (definition?.ColumnDef?.raw_default) this.visit(definition.ColumnDef.raw_default, scope);
        else if (definition && !definition.ColumnDef) this.visit(definition, scope);
      } else if (subtype === 'AT_AddConstraint' && definition?.Constraint) this.constraint(definition.Constraint, table, scope, at, { defines: true, action: 'create' });
      else if (subtype === 'AT_DropConstraint' || subtype === 'AT_ValidateConstraint') {
        at = this.constraintName(command.name, at, table, { action: subtype === 'AT_DropConstraint' ? 'drop' : 'alter' });
      } else if (definition?.PartitionCmd) this.relation(definition.PartitionCmd.name, { kind });
      else if (definition?.RangeVar) this.relation(definition.RangeVar);
      else if (subtype === 'AT_ReplicaIdentity' && definition?.ReplicaIdentityStmt?.name) this.index(definition.ReplicaIdentityStmt.name, at);
      else if (subtype === 'AT_ClusterOn' && command.name) this.index(command.name, at);
      at = Math.max(at, ...this.mentions.slice(count).map((mention) => mention.end));
    }
  }

  private index(name: string, from: number, options: Options & { schema?: string } = {}): number {
    const token = this.tokens.find(name, from);
    if (!token) return from;
    this.add('index', token, token.start, { name, schema: options.schema, defines: options.defines, action: options.action });
    return token.end;
  }

  private createIndex(node: IndexStmt): void {
    const relationStart = this.offset(node.relation?.location);
    if (node.idxname) {
      const token = this.tokens.find(node.idxname, this.statement.start, relationStart);
      if (token) this.add('index', token, token.start, { name: node.idxname, schema: node.relation?.schemaname, defines: true, action: 'create' });
    }
    let at = this.relation(node.relation) ?? relationStart;
    const table = tableOf(node.relation);
    const own = table ? [table] : [];
    const scope = scopeOf(table);
    for (const param of node.indexParams ?? []) {
      const element = (param as { IndexElem?: IndexElem }).IndexElem;
      if (element) at = this.indexElement(element, at, own, scope);
    }
    if (node.indexIncludingParams?.length) {
      const include = this.tokens.findWord('INCLUDE', at);
      const names = node.indexIncludingParams.map((param) => (param as { IndexElem?: IndexElem }).IndexElem?.name ?? '');
      if (include) at = this.columns(names, include.end, own);
    }
    if (node.whereClause) this.visit(node.whereClause, scope);
  }

  private rename(node: RenameStmt): void {
    const type = node.renameType ?? '';
    if (RELATION_OBJECTS.has(type) || type === 'OBJECT_INDEX') {
      const kind = type === 'OBJECT_INDEX' ? 'index' : 'relation';
      const at = this.relation(node.relation, { kind }) ?? this.statement.start;
      const token = node.newname ? this.tokens.find(node.newname, at) : undefined;
      if (token) this.add(kind, token, token.start, { name: node.newname, schema: node.relation?.schemaname, defines: true, action: 'rename' });
      return;
    }
    const table = tableOf(node.relation);
    const own = table ? [table] : [];
    if (type === 'OBJECT_COLUMN') {
      const at = this.column(node.subname, this.relation(node.relation, { action: 'alter' }) ?? this.statement.start, own);
      this.column(node.newname, at, own, { defines: true, action: 'rename' });
    } else if (type === 'OBJECT_TABCONSTRAINT') {
      const at = this.constraintName(node.subname, this.relation(node.relation, { action: 'alter' }) ?? this.statement.start, table, {});
      this.constraintName(node.newname, at, table, { defines: true, action: 'rename' });
    } else this.visit(node, EMPTY_SCOPE);
  }

  /** A schema-qualified name list (['app', 'orders']) found among the tokens from `from`; returns the last part's token. */
  private qualified(names: readonly string[], from: number): { token: Token; from: number } | undefined {
    let at = from;
    let first: number | undefined;
    let token: Token | undefined;
    for (const name of names) {
      token = this.tokens.find(name, at);
      if (!token) return undefined;
      first ??= token.start;
      at = token.end;
    }
    return token ? { token, from: first ?? token.start } : undefined;
  }

  private drop(node: DropStmt): void {
    const type = node.removeType ?? '';
    if (!RELATION_OBJECTS.has(type) && type !== 'OBJECT_INDEX') return;
    const kind = type === 'OBJECT_INDEX' ? 'index' : 'relation';
    let at = this.statement.start;
    for (const object of node.objects ?? []) {
      const names = namesOf((object as { List?: { items?: Node[] } }).List?.items);
      const found = this.qualified(names, at);
      if (!found) continue;
      this.add(kind, found.token, found.from, { name: names[names.length - 1], schema: names.length > 1 ? names[names.length - 2] : undefined, action: 'drop' });
      at = found.token.end;
    }
  }

  private comment(node: CommentStmt): void {
    const type = node.objtype ?? '';
    const names = namesOf((node.object as { List?: { items?: Node[] } } | undefined)?.List?.items);
    if (names.length === 0) return;
    const last = names[names.length - 1];
    const qualifier = names.slice(0, -1);
    const table = qualifier.length > 0 ? { schema: qualifier.length > 1 ? qualifier[qualifier.length - 2] : undefined, name: qualifier[qualifier.length - 1] } : undefined;
    if (RELATION_OBJECTS.has(type) || type === 'OBJECT_INDEX') {
      const found = this.qualified(names, this.statement.start);
      if (found) this.add(type === 'OBJECT_INDEX' ? 'index' : 'relation', found.token, found.from, { name: last, schema: table?.name });
    } else if (type === 'OBJECT_COLUMN' && table) {
      const found = this.qualified(qualifier, this.statement.start);
      if (!found) return;
      this.add('relation', found.token, found.from, { name: table.name, schema: table.schema });
      this.column(last, found.token.end, [table]);
    } else if (type === 'OBJECT_TABCONSTRAINT' && table) {
      // COMMENT ON CONSTRAINT name ON table
      const at = this.constraintName(last, this.statement.start, table, {});
      const found = this.qualified(qualifier, at);
      if (found) this.add('relation', found.token, found.from, { name: table.name, schema: table.schema });
    }
  }

  private insert(node: InsertStmt): void {
    const table = tableOf(node.relation);
    const own = table ? [table] : [];
    this.relation(node.relation);
    for (const column of node.cols ?? []) {
      const target = (column as { ResTarget?: ResTarget }).ResTarget;
      if (target) this.column(target.name, this.offset(target.location), own);
    }
    const ctes = this.withNames(node.withClause, EMPTY_SCOPE);
    this.visit(node.selectStmt, { entries: [], ctes });
    const scope = scopeOf(table, { entries: [], ctes });
    // ON CONFLICT ... DO UPDATE SET c = excluded.c: the row that was not inserted
    if (table) scope.entries.push({ name: 'excluded', table });
    const conflict = node.onConflictClause;
    if (conflict) {
      let at = this.offset(conflict.location);
      for (const element of conflict.infer?.indexElems ?? []) {
        const index = (element as { IndexElem?: IndexElem }).IndexElem;
        if (index) at = this.indexElement(index, at, own, scope);
      }
      if (conflict.infer?.conname) this.constraintName(conflict.infer.conname, at, table, {});
      this.setTargets(conflict.targetList, own, scope);
      this.visit(conflict.whereClause, scope);
      this.visit(conflict.infer?.whereClause, scope);
    }
    this.visit(node.returningClause, scope);
  }

  private update(node: UpdateStmt): void {
    const ctes = this.withNames(node.withClause, EMPTY_SCOPE);
    const scope = this.fromScope([{ RangeVar: node.relation } as Node, ...(node.fromClause ?? [])], { entries: [], ctes });
    const table = tableOf(node.relation);
    this.setTargets(node.targetList, table ? [table] : [], scope);
    this.visit(node.whereClause, scope);
    this.visit(node.returningClause, scope);
  }

  private delete(node: DeleteStmt): void {
    const ctes = this.withNames(node.withClause, EMPTY_SCOPE);
    const scope = this.fromScope([{ RangeVar: node.relation } as Node, ...(node.usingClause ?? [])], { entries: [], ctes });
    this.visit(node.whereClause, scope);
    this.visit(node.returningClause, scope);
  }

  /** `SET column = value` lists: the column belongs to the target table, the value reads the scope. */
  private setTargets(targets: Node[] | undefined, own: WrittenName[], scope: Scope): void {
    for (const item of targets ?? []) {
      const target = (item as { ResTarget?: ResTarget }).ResTarget;
      if (!target) continue;
      this.column(target.name, this.offset(target.location), own);
      this.visit(target.val, scope);
    }
  }

  private withNames(clause: { ctes?: Node[] } | undefined, outer: Scope): Set<string> {
    const names = new Set(outer.ctes);
    for (const item of clause?.ctes ?? []) {
      const cte = (item as { CommonTableExpr?: { ctename?: string; ctequery?: Node } }).CommonTableExpr;
      if (cte?.ctename) names.add(cte.ctename);
    }
    for (const item of clause?.ctes ?? []) this.visit((item as { CommonTableExpr?: { ctequery?: Node } }).CommonTableExpr?.ctequery, { entries: outer.entries, ctes: names });
    return names;
  }

  /** The scope a FROM list makes (tables, aliases, joins); join conditions and subqueries are visited in it. */
  private fromScope(items: readonly Node[], outer: Scope): Scope {
    const entries: ScopeEntry[] = [];
    const pending: Array<() => void> = [];
    const scope: Scope = { entries, ctes: outer.ctes };
    const addItem = (item: Node | undefined): void => {
      const record = (item ?? {}) as { RangeVar?: RangeVar; JoinExpr?: { larg?: Node; rarg?: Node; quals?: Node; alias?: { aliasname?: string } }; RangeSubselect?: { subquery?: Node; alias?: { aliasname?: string } } };
      if (record.RangeVar) {
        const relation = record.RangeVar;
        if (!relation.relname) return;
        const alias = relation.alias?.aliasname;
        if (!relation.schemaname && outer.ctes.has(relation.relname)) {
          entries.push({ name: alias ?? relation.relname });
          return;
        }
        this.relation(relation);
        entries.push({ name: alias ?? relation.relname, table: tableOf(relation) });
      } else if (record.JoinExpr) {
        addItem(record.JoinExpr.larg);
        addItem(record.JoinExpr.rarg);
        const quals = record.JoinExpr.quals;
        pending.push(() => this.visit(quals, scope));
      } else if (record.RangeSubselect) {
        const subquery = record.RangeSubselect.subquery;
        pending.push(() => this.visit(subquery, outer));
        if (record.RangeSubselect.alias?.aliasname) entries.push({ name: record.RangeSubselect.alias.aliasname });
      } else pending.push(() => this.visit(item, scope));
    };
    for (const item of items) addItem(item);
    entries.push(...outer.entries);
    for (const run of pending) run();
    return scope;
  }

  private select(node: SelectStmt, outer: Scope): void {
    const ctes = this.withNames(node.withClause, outer);
    const inner: Scope = { entries: outer.entries, ctes };
    if (node.larg || node.rarg) {
      this.select(node.larg ?? {}, inner);
      this.select(node.rarg ?? {}, inner);
      this.visit(node.sortClause, inner);
      return;
    }
    if (node.intoClause?.rel) this.relation(node.intoClause.rel, { defines: true, action: 'create' });
    const scope = this.fromScope(node.fromClause ?? [], inner);
    for (const part of [node.targetList, node.whereClause, node.groupClause, node.havingClause, node.sortClause, node.windowClause, node.valuesLists, node.distinctClause]) this.visit(part, scope);
  }

  private columnRef(ref: ColumnRef, scope: Scope): void {
    const fields = ref.fields ?? [];
    const parts = fields.map((field) => ('String' in (field as object) ? stringValueOf(field) : undefined));
    const chain = this.tokens.chainAt(this.offset(ref.location));
    const start = chain[0]?.start ?? this.offset(ref.location);
    const qualifiers = parts.slice(0, -1).filter((part): part is string => part !== undefined);
    const name = parts[parts.length - 1];
    let tables: WrittenName[];
    if (qualifiers.length === 0) {
      tables = scope.entries.map((entry) => entry.table).filter((table): table is WrittenName => table !== undefined);
    } else {
      const qualifier = qualifiers[qualifiers.length - 1];
      const schema = qualifiers.length > 1 ? qualifiers[qualifiers.length - 2] : undefined;
      const entry = scope.entries.find((candidate) => candidate.name === qualifier && (!schema || candidate.table?.schema === schema));
      const table = entry ? entry.table : { schema, name: qualifier };
      tables = table ? [table] : [];
      const token = chain[qualifiers.length - 1];
      // a table's own name (not an alias) is a mention of the table
      if (table && token && foldName(token.text) === qualifier && (!entry || entry.table?.name === qualifier)) this.add('relation', token, start, { name: qualifier, schema: table.schema });
    }
    const token = chain[parts.length - 1];
    if (name === undefined || !token || foldName(token.text) !== name || tables.length === 0) return;
    this.add('column', token, start, { name, tables });
  }

  /** Any other part of a statement: table references, column references and subqueries, wherever they are. */
  private visit(value: unknown, scope: Scope): void {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, scope);
      return;
    }
    const record = value as Record<string, unknown>;
    if (record.ColumnRef) return this.columnRef(record.ColumnRef as ColumnRef, scope);
    if (record.SelectStmt) return this.select(record.SelectStmt as SelectStmt, scope);
    if (record.RangeVar) {
      const relation = record.RangeVar as RangeVar;
      if (!(relation.relname && !relation.schemaname && scope.ctes.has(relation.relname))) this.relation(relation);
      return;
    }
    if (isRangeVar(record)) {
      this.relation(record as RangeVar);
      return;
    }
    for (const child of Object.values(record)) this.visit(child, scope);
  }
}

/** The names a statement writes, in text order; none for a statement that does not parse. */
export function mentionsOf(statement: Statement): Mention[] {
  if (!statement.kind) return [];
  return new Collector(statement).run();
}
