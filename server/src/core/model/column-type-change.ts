/**
 * Whether ALTER COLUMN ... TYPE rewrites the table. PostgreSQL keeps the table in place when the old
 * values are valid for the new type as they are: the same type with a wider type modifier where the
 * type's length-coercion function says so (varchar, numeric, varbit, time, timestamp, interval), or a
 * binary-coercible cast (varchar to text, cidr to inet, xml to text). Everything else rewrites the
 * table and rebuilds its indexes under ACCESS EXCLUSIVE. Without the old type the answer is often
 * unknown: a change to text may be varchar(n) -> text (in place) or integer -> text (rewrite).
 */
import type { Node, TypeName } from 'libpg-query';
import { namesOf } from './named-objects';

export interface ColumnType {
  /** Internal name for built-in types (int4, varchar, timestamptz), as written otherwise. */
  name: string;
  schema?: string;
  /** Integer type modifiers, e.g. [10, 2] for numeric(10,2); undefined when some modifier is not an integer. */
  typmods: number[] | undefined;
  /** Array dimensions written (text[] -> 1). */
  arrayDimensions: number;
}

export type TypeChangeVerdict = 'in-place' | 'rewrite' | 'unknown';

/** Built-in types whose values always need converting when they come from another type. */
const ALWAYS_CONVERTED = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'bool', 'uuid', 'date', 'json', 'jsonb', 'bytea', 'bpchar', 'bit', 'money', 'macaddr', 'macaddr8', 'cidr', 'xml', 'tsvector']);
/** Built-in types a change to can stay in place: a wider modifier of the same type, or a binary-coercible source. */
const MAYBE_IN_PLACE = new Set(['text', 'varchar', 'numeric', 'varbit', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval', 'inet', 'oid']);
/** Binary-coercible casts between different built-in types (pg_cast.castmethod = 'b'), for targets without a modifier. */
const BINARY_COERCIBLE = new Set(['varchar>text', 'text>varchar', 'cidr>inet', 'xml>text', 'xml>varchar', 'bit>varbit', 'int4>oid', 'oid>int4']);
const PRECISION_TYPES = new Set(['time', 'timetz', 'timestamp', 'timestamptz']);
const MAX_TIME_PRECISION = 6;

function isBuiltin(type: ColumnType): boolean {
  return (type.schema === undefined || type.schema === 'pg_catalog') && (ALWAYS_CONVERTED.has(type.name) || MAYBE_IN_PLACE.has(type.name));
}

export function columnTypeOf(typeName: TypeName | undefined): ColumnType | undefined {
  const names = namesOf(typeName?.names);
  const name = names[names.length - 1];
  if (!typeName || !name) return undefined;
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  let typmods: number[] | undefined = [];
  for (const modifier of typeName.typmods ?? []) {
    const constant = (modifier as { A_Const?: { ival?: { ival?: number } } }).A_Const;
    if (!constant || !('ival' in constant)) {
      typmods = undefined;
      break;
    }
    typmods.push(constant.ival?.ival ?? 0);
  }
  return { name, schema, typmods, arrayDimensions: typeName.arrayBounds?.length ?? 0 };
}

/** True when `using` is the column itself, possibly cast: the conversion is then the type change's own. */
function isPlainColumn(using: Node | undefined, column: string): boolean {
  let node = using as Record<string, unknown> | undefined;
  while (node && 'TypeCast' in node) node = (node.TypeCast as { arg?: Record<string, unknown> }).arg;
  if (!node || !('ColumnRef' in node)) return false;
  const fields = namesOf((node.ColumnRef as { fields?: Node[] }).fields);
  return fields[fields.length - 1] === column;
}

function sameModifiers(a: number[] | undefined, b: number[] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Same type, different modifier: in place when the type's length coercion is a no-op for the widening. */
function modifierChange(type: string, from: number[] | undefined, to: number[] | undefined): TypeChangeVerdict {
  if (sameModifiers(from, to)) return 'in-place';
  if (!from || !to) return 'unknown';
  const unconstrained = to.length === 0;
  switch (type) {
    case 'varchar':
    case 'varbit':
      return unconstrained || (from.length === 1 && to[0] >= from[0]) ? 'in-place' : 'rewrite';
    case 'numeric': {
      if (unconstrained) return 'in-place';
      if (from.length === 0) return 'rewrite';
      const [fromPrecision, fromScale = 0] = from;
      const [toPrecision, toScale = 0] = to;
      return toScale === fromScale && toPrecision >= fromPrecision ? 'in-place' : 'rewrite';
    }
    case 'time':
    case 'timetz':
    case 'timestamp':
    case 'timestamptz': {
      const fromPrecision = from[0] ?? MAX_TIME_PRECISION;
      const toPrecision = to[0] ?? MAX_TIME_PRECISION;
      return toPrecision >= fromPrecision ? 'in-place' : 'rewrite';
    }
    case 'interval':
      return unconstrained ? 'in-place' : 'unknown';
    case 'bpchar':
    case 'bit':
      return 'rewrite';
    default:
      return 'unknown';
  }
}

/**
 * Whether changing a column to `to` rewrites the table. `from` is the column's current type when
 * known; `using` is the USING expression, if any.
 */
export function typeChangeVerdict(to: ColumnType, options: { from?: ColumnType; using?: Node; column: string }): TypeChangeVerdict {
  const { from, using, column } = options;
  if (using && !isPlainColumn(using, column)) return 'rewrite';
  if (from) {
    if (from.name === to.name && from.schema === to.schema && from.arrayDimensions === to.arrayDimensions) {
      return from.arrayDimensions === 0 || sameModifiers(from.typmods, to.typmods) ? modifierChange(to.name, from.typmods, to.typmods) : 'unknown';
    }
    if (!isBuiltin(from) || !isBuiltin(to)) return 'unknown';
    if (from.arrayDimensions !== to.arrayDimensions) return 'rewrite';
    if (BINARY_COERCIBLE.has(`${from.name}>${to.name}`) && to.typmods?.length === 0) return from.arrayDimensions === 0 ? 'in-place' : 'unknown';
    if (from.name === 'timestamp' && to.name === 'timestamptz') return 'unknown'; // in place from PostgreSQL 12 when the session TimeZone is UTC
    if (PRECISION_TYPES.has(from.name) && PRECISION_TYPES.has(to.name)) return 'rewrite';
    return 'rewrite';
  }
  if (!isBuiltin(to)) return 'unknown';
  return ALWAYS_CONVERTED.has(to.name) ? 'rewrite' : 'unknown';
}

/** How a type reads in a message: `varchar(20)`, `int8[]`. */
export function describeColumnType(type: ColumnType): string {
  const modifiers = type.typmods && type.typmods.length > 0 ? `(${type.typmods.join(',')})` : '';
  return `${type.schema && type.schema !== 'pg_catalog' ? `${type.schema}.` : ''}${type.name}${modifiers}${'[]'.repeat(type.arrayDimensions)}`;
}

