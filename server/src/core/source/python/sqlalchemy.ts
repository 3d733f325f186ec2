/**
 * SQLAlchemy schema constructs as Alembic migrations write them: sa.Column(...), sa.ForeignKey,
 * sa.Index, the table constraints, column types and server defaults, read from static values.
 * What these render to in SQL is decided in alembic-sql.ts only.
 */
import type { CallValue, KeywordArgument, PyValue, ValueOf } from './values';
import { keyword, lastName } from './values';
import type { Span } from './syntax';

export type StrValue = ValueOf<'str'>;

export interface TypeSpec extends Span {
  /** The class name, e.g. `String`, `JSONB`, `TIMESTAMP`. */
  name: string;
  /** True for classes from sqlalchemy.dialects.postgresql. */
  postgresql: boolean;
  args: PyValue[];
  kwargs: KeywordArgument[];
  /** The item type of ARRAY. */
  item?: TypeSpec;
}

export interface ForeignKeySpec extends Span {
  /** `"table.column"` or `"schema.table.column"`. */
  target: StrValue;
  kwargs: KeywordArgument[];
}

export interface ColumnSpec extends Span {
  kind: 'column';
  name: StrValue;
  /** Undefined when the type is not a SQLAlchemy type this reader knows (a project's own class). */
  type?: TypeSpec;
  foreignKeys: ForeignKeySpec[];
  kwargs: KeywordArgument[];
}

export interface ConstraintSpec extends Span {
  kind: 'primary-key' | 'unique' | 'check' | 'foreign-key';
  name?: PyValue;
  /** Column names (primary key, unique, foreign key source columns). */
  columns: StrValue[];
  /** ForeignKeyConstraint: the referenced `table.column` strings. */
  references: StrValue[];
  /** CheckConstraint: the condition. */
  condition?: PyValue;
  kwargs: KeywordArgument[];
}

export interface IndexSpec extends Span {
  kind: 'index';
  name?: PyValue;
  /** Column names (str) or SQL expressions (sa.text calls). */
  expressions: PyValue[];
  kwargs: KeywordArgument[];
}

export type TableElement = ColumnSpec | ConstraintSpec | IndexSpec;

/** The SQLAlchemy class a call or reference names, e.g. `Column`, when it comes from sqlalchemy. */
export function sqlalchemyName(value: PyValue | undefined): string | undefined {
  const dotted = value?.kind === 'call' ? value.callee : value?.kind === 'ref' ? value.name : undefined;
  return dotted && (dotted === 'sqlalchemy' || dotted.startsWith('sqlalchemy.')) ? lastName(dotted) : undefined;
}

function isPostgresql(value: PyValue): boolean {
  const dotted = value.kind === 'call' ? value.callee : value.kind === 'ref' ? value.name : undefined;
  return !!dotted && dotted.startsWith('sqlalchemy.dialects.postgresql');
}

/** A type class or instance: `sa.Integer`, `sa.String(50)`, `postgresql.UUID(as_uuid=True)`, `sa.ARRAY(sa.Text)`. */
export function readType(value: PyValue | undefined): TypeSpec | undefined {
  if (!value) return undefined;
  const name = sqlalchemyName(value);
  if (!name || !/^[A-Z]/.test(name)) return undefined;
  const call = value.kind === 'call' ? value : undefined;
  if (call?.spread) return undefined;
  const type: TypeSpec = { name, postgresql: isPostgresql(value), args: call?.args ?? [], kwargs: call?.kwargs ?? [], start: value.start, end: value.end };
  if (name === 'ARRAY') {
    type.item = readType(call?.args[0] ?? keyword(type, 'item_type')?.value);
    if (!type.item) return undefined;
  }
  return type;
}

/** A `sa.Column(...)`, constraint or `sa.Index(...)` argument of create_table / add_column. */
export function readTableElement(value: PyValue): TableElement | undefined {
  if (value.kind !== 'call' || value.spread) return undefined;
  switch (sqlalchemyName(value)) {
    case 'Column':
      return readColumn(value);
    case 'PrimaryKeyConstraint':
    case 'UniqueConstraint':
      return constraint(value, value.callee!.endsWith('PrimaryKeyConstraint') ? 'primary-key' : 'unique', { columns: value.args });
    case 'CheckConstraint':
      return constraint(value, 'check', { condition: value.args[0] ?? keyword(value, 'sqltext')?.value });
    case 'ForeignKeyConstraint':
      return constraint(value, 'foreign-key', { columns: listItems(value.args[0] ?? keyword(value, 'columns')?.value), references: listItems(value.args[1] ?? keyword(value, 'refcolumns')?.value) });
    case 'Index': {
      const [name, ...expressions] = value.args;
      if (!expressions.every((expression) => expression.kind === 'str' || isText(expression))) return undefined;
      return { kind: 'index', name, expressions, kwargs: value.kwargs, start: value.start, end: value.end };
    }
    default:
      return undefined;
  }
}

function constraint(
  call: CallValue,
  kind: ConstraintSpec['kind'],
  parts: { columns?: PyValue[] | undefined; references?: PyValue[] | undefined; condition?: PyValue },
): ConstraintSpec | undefined {
  const columns = (parts.columns ?? []).filter(isStr);
  const references = (parts.references ?? []).filter(isStr);
  if (columns.length !== (parts.columns ?? []).length || references.length !== (parts.references ?? []).length) return undefined;
  if (parts.columns === undefined && kind !== 'check') return undefined;
  return { kind, name: keyword(call, 'name')?.value, columns, references, condition: parts.condition, kwargs: call.kwargs, start: call.start, end: call.end };
}

function isStr(value: PyValue): value is StrValue {
  return value.kind === 'str';
}

function listItems(value: PyValue | undefined): PyValue[] | undefined {
  return value && (value.kind === 'list' || value.kind === 'tuple') ? value.items : undefined;
}

function readColumn(call: CallValue): ColumnSpec | undefined {
  const [name, ...rest] = call.args;
  if (name?.kind !== 'str') return undefined; // sa.Column(Integer) without a name cannot be added by Alembic
  let type = readType(keyword(call, 'type_')?.value);
  const foreignKeys: ForeignKeySpec[] = [];
  for (const argument of rest) {
    const kind = sqlalchemyName(argument);
    if (kind === 'ForeignKey' && argument.kind === 'call') {
      const target = argument.args[0] ?? keyword(argument, 'column')?.value;
      if (target?.kind !== 'str' || argument.spread) return undefined;
      foreignKeys.push({ target, kwargs: argument.kwargs, start: argument.start, end: argument.end });
    } else if (!type && readType(argument)) type = readType(argument);
    else return undefined; // a Sequence, Computed, Identity or a project's own type: not read
  }
  return { kind: 'column', name, type, foreignKeys, kwargs: call.kwargs, start: call.start, end: call.end };
}

/** `sa.text("...")` (also sqlalchemy.sql.text, sqlalchemy.sql.expression.text). */
export function isText(value: PyValue | undefined): value is CallValue {
  return value?.kind === 'call' && sqlalchemyName(value) === 'text' && value.args[0]?.kind === 'str';
}

/** The SQL of a `sa.text("...")` call or a plain string, with its string value for position mapping. */
export function sqlTextOf(value: PyValue | undefined): StrValue | undefined {
  if (value?.kind === 'str') return value;
  if (isText(value)) return value.args[0] as StrValue;
  return undefined;
}

/** A boolean keyword argument, when it is a literal. */
export function flag(owner: { kwargs: readonly KeywordArgument[] }, name: string): boolean | undefined {
  const value = keyword(owner, name)?.value;
  return value?.kind === 'bool' ? value.value : undefined;
}
