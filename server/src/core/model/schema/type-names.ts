/** Column types as PostgreSQL's format_type() prints them, from the parser's TypeName nodes. */
import type { Node, TypeName } from 'libpg-query';
import { namesOf } from '../named-objects';
import type { TypeRef } from './types';

/** Internal and alias names -> the name format_type() prints. */
const CANONICAL: Record<string, string> = {
  int2: 'smallint',
  smallint: 'smallint',
  int4: 'integer',
  int: 'integer',
  integer: 'integer',
  int8: 'bigint',
  bigint: 'bigint',
  float4: 'real',
  real: 'real',
  float8: 'double precision',
  float: 'double precision',
  'double precision': 'double precision',
  bool: 'boolean',
  boolean: 'boolean',
  varchar: 'character varying',
  'character varying': 'character varying',
  bpchar: 'character',
  char: 'character',
  character: 'character',
  numeric: 'numeric',
  decimal: 'numeric',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
  varbit: 'bit varying',
  bit: 'bit',
  interval: 'interval',
  serial: 'integer',
  serial4: 'integer',
  bigserial: 'bigint',
  serial8: 'bigint',
  smallserial: 'smallint',
  serial2: 'smallint',
};

const SERIALS = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** Built-in types PostgreSQL knows under their own name (so an unqualified name is not a user type). */
const BUILTIN = new Set([
  ...Object.values(CANONICAL),
  'text', 'bytea', 'date', 'json', 'jsonb', 'uuid', 'inet', 'cidr', 'macaddr', 'macaddr8', 'money', 'xml', 'tsvector', 'tsquery',
  'point', 'line', 'lseg', 'box', 'path', 'polygon', 'circle', 'oid', 'regclass', 'regtype', 'name', 'int4range', 'int8range',
  'numrange', 'tsrange', 'tstzrange', 'daterange', 'int4multirange', 'int8multirange', 'nummultirange', 'tsmultirange',
  'tstzmultirange', 'datemultirange', 'pg_lsn', 'txid_snapshot', 'pg_snapshot', 'jsonpath', 'record', 'void', 'trigger',
  'anyelement', 'anyarray', '"char"',
]);

function modifierOf(node: Node): number | string | undefined {
  const record = node as Record<string, unknown>;
  const constant = record.A_Const as { ival?: { ival?: number }; sval?: { sval?: string }; fval?: { fval?: string } } | undefined;
  if (constant) return constant.ival ? (constant.ival.ival ?? 0) : (constant.sval?.sval ?? constant.fval?.fval);
  const column = record.ColumnRef as { fields?: Node[] } | undefined;
  if (column) return namesOf(column.fields).join('.');
  return undefined;
}

/** The canonical type of a TypeName node. */
export function typeRefOf(typeName: TypeName | undefined): TypeRef {
  const names = namesOf(typeName?.names);
  const last = names[names.length - 1] ?? 'unknown';
  const qualifier = names.length > 1 ? names[names.length - 2] : undefined;
  const builtin = qualifier === 'pg_catalog' || (qualifier === undefined && (last in CANONICAL || BUILTIN.has(last)));
  let modifiers = (typeName?.typmods ?? []).map(modifierOf).filter((value) => value !== undefined);
  const name = builtin ? (CANONICAL[last] ?? last) : last;
  // interval's modifier is a field mask (DAY, HOUR TO MINUTE ...), not a precision: leave it out
  if (name === 'interval') modifiers = [];
  return {
    name,
    schema: builtin ? undefined : qualifier,
    modifiers,
    array: (typeName?.arrayBounds?.length ?? 0) > 0,
    // the grammar rewrites keyword types (int -> pg_catalog.int4); other names are kept as written
    written: last,
  };
}

/** True when the column was declared serial / bigserial / smallserial. */
export function isSerial(typeName: TypeName | undefined): boolean {
  const names = namesOf(typeName?.names);
  return names.length === 1 && SERIALS.has(names[0]);
}

/** The type as format_type() prints it: `character varying(255)`, `timestamp(3) with time zone`, `integer[]`. */
export function formatType(type: TypeRef): string {
  const modifiers = type.modifiers.length > 0 ? `(${type.modifiers.join(',')})` : '';
  let text: string;
  const zone = / (with|without) time zone$/.exec(type.name);
  if (zone && modifiers) text = `${type.name.slice(0, zone.index)}${modifiers}${zone[0]}`;
  else text = `${type.schema ? `${type.schema}.` : ''}${type.name}${modifiers}`;
  return type.array ? `${text}[]` : text;
}
