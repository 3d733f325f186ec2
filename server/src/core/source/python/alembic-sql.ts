/**
 * op.* calls -> the SQL Alembic renders for them on PostgreSQL (Alembic 1.8 / SQLAlchemy 1.4,
 * checked statement for statement against `alembic upgrade --sql` in test/python/alembic-render.test.ts).
 * All knowledge of how Alembic and SQLAlchemy spell DDL lives in this file. Each piece of SQL
 * keeps the Python range it came from (the call, an argument, a keyword argument), and SQL taken
 * from a string keeps its characters' exact positions. A call with an argument that cannot be
 * known statically renders nothing.
 */
import type { OpCall } from './revision';
import type { ColumnSpec, ConstraintSpec, ForeignKeySpec, IndexSpec, StrValue, TypeSpec } from './sqlalchemy';
import { flag, readTableElement, readType, sqlTextOf } from './sqlalchemy';
import type { StringValue } from './strings';
import type { Span } from './syntax';
import type { KeywordArgument, PyValue } from './values';
import { keyword } from './values';

export interface SqlPiece {
  text: string;
  /** The Python range this text stands for. */
  origin: Span;
  /** Set when the text is a Python string's value: each character maps to its own source. */
  string?: StringValue;
}

export interface RenderedStatement {
  call: OpCall;
  pieces: SqlPiece[];
}

/** Parameter names in order, after `op.` (table first) and after `batch_op.` (the table comes from the block). */
const SIGNATURES: Record<string, { op: string[]; batch?: string[] }> = {
  create_table: { op: ['table_name'] },
  drop_table: { op: ['table_name', 'schema'] },
  rename_table: { op: ['old_table_name', 'new_table_name', 'schema'] },
  add_column: { op: ['table_name', 'column', 'schema'], batch: ['column'] },
  drop_column: { op: ['table_name', 'column_name', 'schema'], batch: ['column_name'] },
  alter_column: {
    op: ['table_name', 'column_name', 'nullable', 'comment', 'server_default', 'new_column_name', 'type_', 'existing_type', 'existing_server_default', 'existing_nullable', 'existing_comment', 'schema'],
    batch: ['column_name', 'nullable', 'comment', 'server_default', 'new_column_name', 'type_', 'existing_type', 'existing_server_default', 'existing_nullable', 'existing_comment'],
  },
  create_index: { op: ['index_name', 'table_name', 'columns', 'schema', 'unique'], batch: ['index_name', 'columns'] },
  drop_index: { op: ['index_name', 'table_name', 'schema'], batch: ['index_name'] },
  create_foreign_key: {
    op: ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols', 'onupdate', 'ondelete', 'deferrable', 'initially', 'match', 'source_schema', 'referent_schema'],
    batch: ['constraint_name', 'referent_table', 'local_cols', 'remote_cols', 'referent_schema', 'onupdate', 'ondelete', 'deferrable', 'initially', 'match'],
  },
  create_check_constraint: { op: ['constraint_name', 'table_name', 'condition', 'schema'], batch: ['constraint_name', 'condition'] },
  create_unique_constraint: { op: ['constraint_name', 'table_name', 'columns', 'schema'], batch: ['constraint_name', 'columns'] },
  create_primary_key: { op: ['constraint_name', 'table_name', 'columns', 'schema'], batch: ['constraint_name', 'columns'] },
  drop_constraint: { op: ['constraint_name', 'table_name', 'type_', 'schema'], batch: ['constraint_name', 'type_'] },
  execute: { op: ['sqltext', 'execution_options'], batch: ['sqltext', 'execution_options'] },
};

/** The op.* calls this file can render. */
export const RENDERED_OPERATIONS: readonly string[] = Object.keys(SIGNATURES);

class Unrenderable extends Error {}

/** The statements a call renders to, or undefined when an argument is not static (the call is skipped). */
export function renderCall(call: OpCall): RenderedStatement[] | undefined {
  const signature = SIGNATURES[call.name];
  if (!signature || call.spread || (call.batch && (!signature.batch || call.batch.spread))) return undefined;
  try {
    return new Renderer(call, call.batch ? signature.batch! : signature.op).render();
  } catch (error) {
    if (error instanceof Unrenderable) return undefined;
    throw error;
  }
}

/** PostgreSQL words SQLAlchemy 1.4 quotes (sqlalchemy.dialects.postgresql.base.RESERVED_WORDS). */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog current_date ' +
    'current_role current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign from ' +
    'grant group having in initially intersect into leading limit localtime localtimestamp new not null of off offset old on only or order ' +
    'placing primary references returning select session_user some symmetric table then to trailing true union unique user using variadic ' +
    'when where window with authorization between binary cross current_schema freeze full ilike inner is isnull join left like natural ' +
    'notnull outer over overlaps right similar verbose'
  ).split(' '),
);

/** An identifier as SQLAlchemy writes it: bare when legal lower case, otherwise double-quoted. */
export function quoteName(name: string): string {
  const bare = /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name);
  return bare ? name : `"${name.replace(/"/g, '""')}"`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const INTEGER_TYPES: Record<string, string> = { Integer: 'INTEGER', INTEGER: 'INTEGER', INT: 'INTEGER', BigInteger: 'BIGINT', BIGINT: 'BIGINT', SmallInteger: 'SMALLINT', SMALLINT: 'SMALLINT' };
const SERIAL: Record<string, string> = { INTEGER: 'SERIAL', BIGINT: 'BIGSERIAL', SMALLINT: 'SMALLSERIAL' };
const PLAIN_TYPES: Record<string, string> = {
  ...INTEGER_TYPES,
  Text: 'TEXT', TEXT: 'TEXT', UnicodeText: 'TEXT', Boolean: 'BOOLEAN', BOOLEAN: 'BOOLEAN', Date: 'DATE', DATE: 'DATE',
  LargeBinary: 'BYTEA', BYTEA: 'BYTEA', JSON: 'JSON', JSONB: 'JSONB', UUID: 'UUID', INET: 'INET', CIDR: 'CIDR', MACADDR: 'MACADDR',
  TSVECTOR: 'TSVECTOR', MONEY: 'MONEY', OID: 'OID', HSTORE: 'HSTORE', REAL: 'REAL', DOUBLE_PRECISION: 'DOUBLE PRECISION', Interval: 'INTERVAL',
  INTERVAL: 'INTERVAL', INT4RANGE: 'INT4RANGE', INT8RANGE: 'INT8RANGE', NUMRANGE: 'NUMRANGE', DATERANGE: 'DATERANGE', TSRANGE: 'TSRANGE', TSTZRANGE: 'TSTZRANGE',
};

function number(value: PyValue | undefined): number | undefined {
  return value?.kind === 'number' && Number.isInteger(value.value) ? value.value : undefined;
}

function boolean(value: PyValue | undefined): boolean | undefined {
  return value?.kind === 'bool' ? value.value : undefined;
}

/** `VARCHAR(50)`, `TIMESTAMP WITH TIME ZONE`, `INTEGER[]`, an enum's name; undefined for a type we do not know. */
export function typeSql(type: TypeSpec): string | undefined {
  const arg = (position: number, name: string): PyValue | undefined => type.args[position] ?? keyword(type, name)?.value;
  if (type.name in PLAIN_TYPES && !(type.name === 'JSON' && type.args.length > 0)) return PLAIN_TYPES[type.name];
  switch (type.name) {
    case 'String':
    case 'VARCHAR':
    case 'Unicode':
    case 'CHAR': {
      const length = arg(0, 'length');
      const base = type.name === 'CHAR' ? 'CHAR' : 'VARCHAR';
      if (length === undefined || length.kind === 'none') return base;
      return number(length) === undefined ? undefined : `${base}(${number(length)})`;
    }
    case 'DateTime':
    case 'TIMESTAMP':
    case 'Time':
    case 'TIME': {
      const base = type.name === 'DateTime' || type.name === 'TIMESTAMP' ? 'TIMESTAMP' : 'TIME';
      const timezone = boolean(arg(0, 'timezone')) ?? (arg(0, 'timezone') === undefined ? false : undefined);
      if (timezone === undefined) return undefined;
      const precision = type.postgresql ? number(keyword(type, 'precision')?.value) : undefined;
      return `${base}${precision !== undefined ? `(${precision})` : ''} ${timezone ? 'WITH' : 'WITHOUT'} TIME ZONE`;
    }
    case 'Float':
    case 'FLOAT': {
      const precision = arg(0, 'precision');
      if (precision === undefined || precision.kind === 'none') return 'FLOAT';
      return number(precision) === undefined ? undefined : `FLOAT(${number(precision)})`;
    }
    case 'Numeric':
    case 'NUMERIC':
    case 'DECIMAL': {
      const base = type.name === 'DECIMAL' ? 'DECIMAL' : 'NUMERIC';
      const precision = arg(0, 'precision');
      const scale = arg(1, 'scale');
      if (precision === undefined || precision.kind === 'none') return base;
      if (number(precision) === undefined) return undefined;
      if (scale === undefined || scale.kind === 'none') return `${base}(${number(precision)})`;
      return number(scale) === undefined ? undefined : `${base}(${number(precision)}, ${number(scale)})`;
    }
    case 'ARRAY': {
      const item = type.item && typeSql(type.item);
      const dimensions = number(keyword(type, 'dimensions')?.value) ?? 1;
      return item && `${item}${'[]'.repeat(Math.max(1, dimensions))}`;
    }
    case 'Enum':
    case 'ENUM': {
      const enumType = enumOf(type);
      return enumType && quoteName(enumType.name);
    }
    default:
      return undefined;
  }
}

/** A native PostgreSQL enum: its name, its values, and whether creating a table creates the type. */
function enumOf(type: TypeSpec): { name: string; values: string[]; create: boolean } | undefined {
  if (type.name !== 'Enum' && type.name !== 'ENUM') return undefined;
  const name = keyword(type, 'name')?.value;
  if (name?.kind !== 'str' || type.args.some((value) => value.kind !== 'str')) return undefined;
  if (boolean(keyword(type, 'native_enum')?.value) === false) return undefined;
  const create = boolean(keyword(type, 'create_type')?.value) ?? true;
  return { name: name.value, values: type.args.map((value) => (value as StrValue).value), create };
}

/** A server_default as SQLAlchemy renders it: a string literal, sa.text(...), sa.func.now(), true / false. */
function defaultSql(value: PyValue): string | undefined {
  if (value.kind === 'str') return literal(value.value);
  const text = sqlTextOf(value);
  if (text) return text.value;
  if (value.kind !== 'call' || value.spread || value.kwargs.length > 0) return undefined;
  const name = value.callee;
  if (name && /^sqlalchemy(\.sql)?(\.expression)?\.(true|false)$/.test(name) && value.args.length === 0) return name.endsWith('true') ? 'true' : 'false';
  if (name && /^sqlalchemy(\.sql)?(\.expression)?\.literal_column$/.test(name) && value.args[0]?.kind === 'str') return value.args[0].value;
  const func = name && /^sqlalchemy(\.sql)?(\.expression)?\.func\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(name);
  // SQLAlchemy's ANSI functions render as keywords, without parentheses
  if (func && value.args.length === 0) return ANSI_FUNCTIONS.has(func[3].toLowerCase()) ? func[3].toUpperCase() : `${func[3]}()`;
  return undefined;
}

const ANSI_FUNCTIONS = new Set(['current_date', 'current_time', 'current_timestamp', 'current_user', 'localtime', 'localtimestamp', 'session_user', 'user']);

class Renderer {
  private readonly statements: RenderedStatement[] = [];
  private current: SqlPiece[] = [];

  constructor(
    private readonly call: OpCall,
    private readonly signature: readonly string[],
  ) {}

  render(): RenderedStatement[] {
    (this as unknown as Record<string, () => void>)[camel(this.call.name)].call(this);
    return this.statements;
  }

  // ---- pieces -------------------------------------------------------------------------------

  private add(text: string, origin: Span = this.call): void {
    this.current.push({ text, origin });
  }

  private end(): void {
    if (this.current.length > 0) this.statements.push({ call: this.call, pieces: this.current });
    this.current = [];
  }

  private argument(name: string): PyValue | undefined {
    const position = this.signature.indexOf(name);
    if (position >= 0 && position < this.call.args.length) return this.call.args[position];
    if (this.call.args.length > this.signature.length && this.call.name !== 'create_table') throw new Unrenderable();
    return keyword(this.call, name)?.value;
  }

  private keywordArgument(name: string): KeywordArgument | undefined {
    return keyword(this.call, name);
  }

  /** A name argument: a string, op.f("..."), or a module constant; undefined for None or absent. */
  private name(value: PyValue | undefined): StrValue | undefined {
    if (value === undefined || value.kind === 'none') return undefined;
    if (value.kind === 'str') return value;
    if (value.kind === 'call' && value.callee === 'op.f' && value.args[0]?.kind === 'str' && value.args.length === 1) return value.args[0];
    throw new Unrenderable();
  }

  private required(name: string): StrValue {
    const value = this.name(this.argument(name));
    if (!value) throw new Unrenderable();
    return value;
  }

  private addName(value: StrValue): void {
    this.add(quoteName(value.value), value);
  }

  /** The table of the call (its argument, or the batch block's) with its schema: `schema.table`. */
  private addTable(tableParameter = 'table_name', schemaParameter = 'schema'): void {
    const batch = this.call.batch;
    const table = batch ? this.name(batch.args[0] ?? keyword(batch, 'table_name')?.value) : this.name(this.argument(tableParameter));
    if (!table) throw new Unrenderable();
    const schema = batch ? this.name(batch.args[1] ?? keyword(batch, 'schema')?.value) : this.name(this.argument(schemaParameter));
    if (schema) {
      this.addName(schema);
      this.add('.');
    }
    this.addName(table);
  }

  private columnList(value: PyValue | undefined, allowText = false): void {
    if (!value || (value.kind !== 'list' && value.kind !== 'tuple')) {
      if (value?.kind === 'str') return this.addName(value);
      throw new Unrenderable();
    }
    value.items.forEach((item, index) => {
      if (index > 0) this.add(', ');
      const text = allowText ? sqlTextOf(item) : undefined;
      if (item.kind === 'str') this.addName(item);
      else if (text) this.add(text.value, item);
      else throw new Unrenderable();
    });
  }

  private flagOf(name: string): boolean {
    const entry = this.keywordArgument(name);
    if (!entry) return false;
    if (entry.value.kind === 'none') return false;
    if (entry.value.kind !== 'bool') throw new Unrenderable();
    return entry.value.value;
  }

  /** Keyword arguments other than these change the SQL in ways not rendered here: the call is skipped. */
  private onlyKeywords(...allowed: string[]): void {
    const known = new Set([...this.signature, ...allowed]);
    if (this.call.kwargs.some((entry) => !known.has(entry.name))) throw new Unrenderable();
  }

  // ---- operations ---------------------------------------------------------------------------

  createTable(): void {
    this.onlyKeywords('schema', 'comment', 'info');
    const [tableArg, ...elementArgs] = this.call.args;
    const table = this.name(tableArg);
    const schema = this.name(keyword(this.call, 'schema')?.value);
    if (!table) throw new Unrenderable();
    const elements = elementArgs.map((arg) => readTableElement(arg)).filter((element) => element !== undefined);
    const columns = elements.filter((element): element is ColumnSpec => element.kind === 'column');
    const rendered = new Map(columns.map((column) => [column, columnParts(column)] as const));
    const explicitKey = elements.find((element): element is ConstraintSpec => element.kind === 'primary-key');
    const keyColumns = explicitKey ? explicitKey.columns.map((column) => column.value) : columns.filter((column) => isPrimaryKey(column)).map((column) => column.name.value);

    for (const column of columns) {
      const enumType = column.type && enumOf(column.type);
      if (enumType?.create) {
        this.add(`CREATE TYPE ${quoteName(enumType.name)} AS ENUM (${enumType.values.map(literal).join(', ')})`, column.type!);
        this.end();
      }
    }
    this.add('CREATE TABLE ');
    const tableStart = this.current.length;
    if (schema) {
      this.addName(schema);
      this.add('.');
    }
    this.addName(table);
    const qualified = this.current.slice(tableStart);
    this.add(' (\n');
    const lines: Array<() => void> = [];
    for (const column of columns) {
      const parts = rendered.get(column);
      if (!parts) continue;
      lines.push(() => this.addColumnSpec(column, parts, keyColumns.length === 1 && keyColumns[0] === column.name.value));
    }
    if (keyColumns.length > 0) {
      lines.push(() => {
        if (explicitKey?.name && this.name(explicitKey.name)) this.constraintName(explicitKey.name);
        this.add(`PRIMARY KEY (${keyColumns.map(quoteName).join(', ')})`, explicitKey ?? this.call);
      });
    }
    for (const element of elements) {
      if (element.kind === 'unique' || element.kind === 'check' || element.kind === 'foreign-key') lines.push(() => this.addConstraint(element));
    }
    for (const column of columns) {
      if (flag(column, 'unique') && !flag(column, 'index')) lines.push(() => this.add(`UNIQUE (${quoteName(column.name.value)})`, keyword(column, 'unique')!));
      for (const foreignKey of column.foreignKeys) lines.push(() => this.addForeignKey(foreignKey, column.name.value));
    }
    lines.forEach((line, index) => {
      this.add(index === 0 ? '\t' : ', \n\t');
      line();
    });
    this.add('\n)');
    this.end();
    this.columnIndexes(columns, table, schema, qualified);
    for (const element of elements) if (element.kind === 'index') this.tableIndex(element, qualified);
    for (const column of columns) this.columnComment(column, qualified);
  }

  private addColumnSpec(column: ColumnSpec, parts: ColumnParts, soleKey: boolean): void {
    this.add(quoteName(column.name.value), column.name);
    this.add(' ');
    const serial = soleKey && parts.serialType;
    this.add(serial || parts.type, column.type ?? column);
    if (parts.defaultSql !== undefined && !serial) {
      this.add(' ');
      this.add(`DEFAULT ${parts.defaultSql}`, keyword(column, 'server_default')!);
    }
    if (!parts.nullable) {
      this.add(' ');
      this.add('NOT NULL', keyword(column, 'nullable') ?? keyword(column, 'primary_key') ?? column);
    }
  }

  private constraintName(value: PyValue): void {
    this.add('CONSTRAINT ');
    this.addName(this.name(value)!);
    this.add(' ');
  }

  private addConstraint(element: ConstraintSpec): void {
    if (element.name && this.name(element.name)) this.constraintName(element.name);
    if (element.kind === 'unique') this.add(`UNIQUE (${element.columns.map((column) => quoteName(column.value)).join(', ')})`, element);
    else if (element.kind === 'check') {
      const condition = sqlTextOf(element.condition);
      if (!condition) throw new Unrenderable();
      this.add('CHECK (', element);
      this.add(condition.value, condition);
      this.add(')', element);
    } else {
      const targets = element.references.map((reference) => splitReference(reference.value));
      const table = targets[0];
      if (!table || targets.some((target) => target.table !== table.table || target.schema !== table.schema)) throw new Unrenderable();
      this.add(`FOREIGN KEY(${element.columns.map((column) => quoteName(column.value)).join(', ')}) REFERENCES `, element);
      this.add(`${qualifiedName(table.schema, table.table)} (${targets.map((target) => quoteName(target.column)).join(', ')})`, element);
      this.add(cascades(element.kwargs), element);
    }
  }

  private addForeignKey(foreignKey: ForeignKeySpec, column: string): void {
    const target = splitReference(foreignKey.target.value);
    this.add(`FOREIGN KEY(${quoteName(column)}) REFERENCES `, foreignKey);
    this.add(`${qualifiedName(target.schema, target.table)} (${quoteName(target.column)})`, foreignKey.target);
    this.add(cascades(foreignKey.kwargs), foreignKey);
  }

  /** index=True columns: `ix_<schema>_<table>_<column>`, unique when unique=True too. */
  private columnIndexes(columns: ColumnSpec[], table: StrValue, schema: StrValue | undefined, qualified: SqlPiece[]): void {
    for (const column of columns) {
      if (!flag(column, 'index')) continue;
      const label = `${schema ? `${schema.value}_` : ''}${table.value}_${column.name.value}`;
      this.add(`CREATE ${flag(column, 'unique') ? 'UNIQUE ' : ''}INDEX ${quoteName(`ix_${label}`)} ON `, keyword(column, 'index')!);
      this.current.push(...qualified);
      this.add(` (${quoteName(column.name.value)})`, keyword(column, 'index')!);
      this.end();
    }
  }

  private tableIndex(index: IndexSpec, qualified: SqlPiece[]): void {
    const name = this.name(index.name);
    this.add(`CREATE ${flag(index, 'unique') ? 'UNIQUE ' : ''}INDEX `, index);
    if (name) this.addName(name);
    this.add(' ON ', index);
    this.current.push(...qualified);
    this.add(' (', index);
    index.expressions.forEach((expression, position) => {
      if (position > 0) this.add(', ', index);
      const text = sqlTextOf(expression);
      if (expression.kind === 'str') this.addName(expression);
      else if (text) this.add(text.value, text);
    });
    this.add(')', index);
    this.end();
  }

  private columnComment(column: ColumnSpec, qualified: SqlPiece[]): void {
    const comment = keyword(column, 'comment');
    if (!comment || comment.value.kind === 'none') return;
    if (comment.value.kind !== 'str') throw new Unrenderable();
    this.add('COMMENT ON COLUMN ', comment);
    this.current.push(...qualified);
    this.add(`.${quoteName(column.name.value)} IS ${literal(comment.value.value)}`, comment);
    this.end();
  }

  dropTable(): void {
    this.onlyKeywords();
    this.add('DROP TABLE ');
    this.addTable();
    this.end();
  }

  renameTable(): void {
    this.onlyKeywords();
    this.add('ALTER TABLE ');
    this.addTable('old_table_name');
    this.add(' RENAME TO ');
    this.addName(this.required('new_table_name'));
    this.end();
  }

  addColumn(): void {
    this.onlyKeywords('insert_before', 'insert_after');
    const value = this.argument('column');
    const column = value && readTableElement(value);
    if (!column || column.kind !== 'column') throw new Unrenderable();
    const parts = columnParts(column);
    if (!parts) throw new Unrenderable();
    this.add('ALTER TABLE ');
    this.addTable();
    const table = this.current.slice(1);
    this.add(' ADD COLUMN ');
    this.addColumnSpec(column, parts, isPrimaryKey(column));
    this.end();
    const alter = (): void => {
      this.add('ALTER TABLE ');
      this.current.push(...table);
      this.add(' ADD ');
    };
    if (flag(column, 'unique') && !flag(column, 'index')) {
      alter();
      this.add(`UNIQUE (${quoteName(column.name.value)})`, keyword(column, 'unique')!);
      this.end();
    }
    for (const foreignKey of column.foreignKeys) {
      alter();
      this.addForeignKey(foreignKey, column.name.value);
      this.end();
    }
    const tableName = this.call.batch ? this.name(this.call.batch.args[0] ?? keyword(this.call.batch, 'table_name')?.value)! : this.required('table_name');
    const schema = this.call.batch ? this.name(this.call.batch.args[1] ?? keyword(this.call.batch, 'schema')?.value) : this.name(this.argument('schema'));
    this.columnIndexes([column], tableName, schema, table);
    this.columnComment(column, table);
  }

  dropColumn(): void {
    this.onlyKeywords();
    this.add('ALTER TABLE ');
    this.addTable();
    this.add(' DROP COLUMN ');
    this.addName(this.required('column_name'));
    this.end();
  }

  alterColumn(): void {
    this.onlyKeywords('postgresql_using', 'existing_autoincrement', 'autoincrement');
    const column = this.required('column_name');
    const start = (): void => {
      this.add('ALTER TABLE ');
      this.addTable();
    };
    const alter = (text: string, origin: Span): void => {
      start();
      this.add(' ALTER COLUMN ');
      this.addName(column);
      this.add(' ');
      this.add(text, origin);
    };
    const type = this.keywordArgument('type_');
    if (type && type.value.kind !== 'none') {
      const sql = readTypeSql(type.value);
      alter(`TYPE ${sql}`, type);
      const using = this.keywordArgument('postgresql_using');
      if (using) {
        const text = sqlTextOf(using.value);
        if (!text) throw new Unrenderable();
        this.add(' USING ', using);
        this.add(text.value, text);
      }
      this.end();
    }
    const nullable = this.keywordArgument('nullable');
    if (nullable && nullable.value.kind !== 'none') {
      if (nullable.value.kind !== 'bool') throw new Unrenderable();
      alter(nullable.value.value ? 'DROP NOT NULL' : 'SET NOT NULL', nullable);
      this.end();
    }
    const serverDefault = this.keywordArgument('server_default');
    if (serverDefault && !(serverDefault.value.kind === 'bool' && serverDefault.value.value === false)) {
      if (serverDefault.value.kind === 'none') alter('DROP DEFAULT', serverDefault);
      else {
        const sql = defaultSql(serverDefault.value);
        if (sql === undefined) throw new Unrenderable();
        alter(`SET DEFAULT ${sql}`, serverDefault);
      }
      this.end();
    }
    const comment = this.keywordArgument('comment');
    if (comment && !(comment.value.kind === 'bool' && comment.value.value === false)) {
      if (comment.value.kind !== 'str' && comment.value.kind !== 'none') throw new Unrenderable();
      this.add('COMMENT ON COLUMN ', comment);
      this.addTable();
      this.add(`.${quoteName(column.value)} IS ${comment.value.kind === 'str' ? literal(comment.value.value) : 'NULL'}`, comment);
      this.end();
    }
    const newName = this.keywordArgument('new_column_name');
    if (newName && newName.value.kind !== 'none') {
      start();
      this.add(' RENAME ');
      this.addName(column);
      this.add(' TO ', newName);
      this.addName(this.name(newName.value)!);
      this.end();
    }
  }

  createIndex(): void {
    this.onlyKeywords('postgresql_concurrently', 'postgresql_where', 'postgresql_using', 'postgresql_include', 'if_not_exists', 'unique');
    const name = this.name(this.argument('index_name'));
    const unique = this.keywordArgument('unique');
    this.add('CREATE ');
    if (this.flagOf('unique') || boolean(this.argument('unique'))) this.add('UNIQUE ', unique ?? this.call);
    this.add('INDEX ');
    const concurrently = this.keywordArgument('postgresql_concurrently');
    if (this.flagOf('postgresql_concurrently')) this.add('CONCURRENTLY ', concurrently!);
    const ifNotExists = this.keywordArgument('if_not_exists');
    if (this.flagOf('if_not_exists')) this.add('IF NOT EXISTS ', ifNotExists!);
    if (name) {
      this.addName(name);
      this.add(' ');
    }
    this.add('ON ');
    this.addTable();
    const using = this.keywordArgument('postgresql_using');
    if (using) {
      if (using.value.kind !== 'str') throw new Unrenderable();
      this.add(` USING ${using.value.value}`, using);
    }
    this.add(' (');
    this.columnList(this.argument('columns'), true);
    this.add(')');
    const include = this.keywordArgument('postgresql_include');
    if (include) {
      this.add(' INCLUDE (', include);
      this.columnList(include.value);
      this.add(')', include);
    }
    const where = this.keywordArgument('postgresql_where');
    if (where && where.value.kind !== 'none') {
      const text = sqlTextOf(where.value);
      if (!text) throw new Unrenderable();
      this.add(' WHERE ', where);
      this.add(text.value, text);
    }
    this.end();
  }

  dropIndex(): void {
    this.onlyKeywords('postgresql_concurrently', 'if_exists', 'table_name');
    this.add('DROP INDEX ');
    if (this.flagOf('postgresql_concurrently')) this.add('CONCURRENTLY ', this.keywordArgument('postgresql_concurrently')!);
    if (this.flagOf('if_exists')) this.add('IF EXISTS ', this.keywordArgument('if_exists')!);
    const schema = this.call.batch ? this.name(this.call.batch.args[1] ?? keyword(this.call.batch, 'schema')?.value) : this.name(this.argument('schema'));
    if (schema) {
      this.addName(schema);
      this.add('.');
    }
    this.addName(this.required('index_name'));
    this.end();
  }

  createForeignKey(): void {
    this.onlyKeywords('postgresql_not_valid');
    const name = this.name(this.argument('constraint_name'));
    this.add('ALTER TABLE ');
    this.addTable('source_table', 'source_schema');
    this.add(' ADD ');
    if (name) {
      this.add('CONSTRAINT ');
      this.addName(name);
      this.add(' ');
    }
    this.add('FOREIGN KEY(');
    this.columnList(this.argument('local_cols'));
    this.add(') REFERENCES ');
    const referentSchema = this.name(this.argument('referent_schema'));
    if (referentSchema) {
      this.addName(referentSchema);
      this.add('.');
    }
    this.addName(this.required('referent_table'));
    this.add(' (');
    this.columnList(this.argument('remote_cols'));
    this.add(')');
    const match = this.name(this.argument('match'));
    if (match) this.add(` MATCH ${match.value}`, keyword(this.call, 'match') ?? match);
    for (const [parameter, words] of [['ondelete', 'ON DELETE'], ['onupdate', 'ON UPDATE']] as const) {
      const value = this.name(this.argument(parameter));
      if (value) this.add(` ${words} ${value.value}`, keyword(this.call, parameter) ?? value);
    }
    this.deferrability();
    this.notValid();
    this.end();
  }

  private deferrability(): void {
    const deferrable = this.argument('deferrable');
    if (deferrable && deferrable.kind !== 'none') {
      if (deferrable.kind !== 'bool') throw new Unrenderable();
      this.add(deferrable.value ? ' DEFERRABLE' : ' NOT DEFERRABLE', deferrable);
    }
    const initially = this.name(this.argument('initially'));
    if (initially) this.add(` INITIALLY ${initially.value}`, initially);
  }

  private notValid(): void {
    if (this.flagOf('postgresql_not_valid')) this.add(' NOT VALID', this.keywordArgument('postgresql_not_valid')!);
  }

  createCheckConstraint(): void {
    this.onlyKeywords('postgresql_not_valid');
    this.addConstraintStart();
    const condition = sqlTextOf(this.argument('condition'));
    if (!condition) throw new Unrenderable();
    this.add('CHECK (');
    this.add(condition.value, condition);
    this.add(')');
    this.notValid();
    this.end();
  }

  createUniqueConstraint(): void {
    this.onlyKeywords('deferrable', 'initially');
    this.addConstraintStart();
    this.add('UNIQUE (');
    this.columnList(this.argument('columns'));
    this.add(')');
    this.deferrability();
    this.end();
  }

  createPrimaryKey(): void {
    this.onlyKeywords();
    this.addConstraintStart();
    this.add('PRIMARY KEY (');
    this.columnList(this.argument('columns'));
    this.add(')');
    this.end();
  }

  private addConstraintStart(): void {
    const name = this.name(this.argument('constraint_name'));
    this.add('ALTER TABLE ');
    this.addTable();
    this.add(' ADD ');
    if (name) {
      this.add('CONSTRAINT ');
      this.addName(name);
      this.add(' ');
    }
  }

  dropConstraint(): void {
    this.onlyKeywords();
    this.add('ALTER TABLE ');
    this.addTable();
    this.add(' DROP CONSTRAINT ');
    this.addName(this.required('constraint_name'));
    this.end();
  }

  execute(): void {
    this.onlyKeywords();
    const text = sqlTextOf(this.argument('sqltext'));
    if (!text) throw new Unrenderable();
    this.current.push({ text: text.value, origin: text, string: text.string });
    this.end();
  }
}

interface ColumnParts {
  type: string;
  /** SERIAL / BIGSERIAL / SMALLSERIAL when the column is the table's only, autoincrementing key. */
  serialType?: string;
  defaultSql?: string;
  nullable: boolean;
}

const COLUMN_KEYWORDS = new Set(['nullable', 'primary_key', 'unique', 'index', 'server_default', 'autoincrement', 'comment', 'default', 'onupdate', 'key', 'doc', 'info', 'type_', 'server_onupdate']);

function isPrimaryKey(column: ColumnSpec): boolean {
  return flag(column, 'primary_key') === true;
}

/** The type, default and nullability of a column, or undefined when one of them is not known. */
function columnParts(column: ColumnSpec): ColumnParts | undefined {
  if (!column.type || column.kwargs.some((entry) => !COLUMN_KEYWORDS.has(entry.name))) return undefined;
  const type = typeSql(column.type);
  if (!type) return undefined;
  const serverDefault = keyword(column, 'server_default')?.value;
  const defaultText = serverDefault && serverDefault.kind !== 'none' ? defaultSql(serverDefault) : undefined;
  if (serverDefault && serverDefault.kind !== 'none' && defaultText === undefined) return undefined;
  const nullable = keyword(column, 'nullable')?.value;
  if (nullable && nullable.kind !== 'bool' && nullable.kind !== 'none') return undefined;
  const autoincrement = keyword(column, 'autoincrement')?.value;
  const serial =
    INTEGER_TYPES[column.type.name] && defaultText === undefined && column.foreignKeys.length === 0 && !(autoincrement?.kind === 'bool' && !autoincrement.value)
      ? SERIAL[INTEGER_TYPES[column.type.name]]
      : undefined;
  return { type, serialType: serial, defaultSql: defaultText, nullable: nullable?.kind === 'bool' ? nullable.value : !isPrimaryKey(column) };
}

function readTypeSql(value: PyValue): string {
  const type = readType(value);
  const sql = type && typeSql(type);
  if (!sql) throw new Unrenderable();
  return sql;
}

function splitReference(reference: string): { schema?: string; table: string; column: string } {
  const parts = reference.split('.');
  if (parts.length < 2 || parts.length > 3) throw new Unrenderable();
  const column = parts.pop()!;
  const table = parts.pop()!;
  return { schema: parts[0], table, column };
}

function qualifiedName(schema: string | undefined, name: string): string {
  return schema ? `${quoteName(schema)}.${quoteName(name)}` : quoteName(name);
}

/** ` ON DELETE x ON UPDATE y DEFERRABLE INITIALLY z`, as SQLAlchemy orders them. */
function cascades(kwargs: readonly KeywordArgument[]): string {
  let text = '';
  const word = (name: string): string | undefined => {
    const value = keyword({ kwargs }, name)?.value;
    if (value === undefined || value.kind === 'none') return undefined;
    if (value.kind !== 'str') throw new Unrenderable();
    return value.value;
  };
  const match = word('match');
  if (match) text += ` MATCH ${match}`;
  const ondelete = word('ondelete');
  if (ondelete) text += ` ON DELETE ${ondelete}`;
  const onupdate = word('onupdate');
  if (onupdate) text += ` ON UPDATE ${onupdate}`;
  const deferrable = keyword({ kwargs }, 'deferrable')?.value;
  if (deferrable?.kind === 'bool') text += deferrable.value ? ' DEFERRABLE' : ' NOT DEFERRABLE';
  const initially = word('initially');
  if (initially) text += ` INITIALLY ${initially}`;
  return text;
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_whole, letter: string) => letter.toUpperCase());
}
