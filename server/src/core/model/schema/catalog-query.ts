/**
 * Answers the conditions migrations guard their DDL with, against the schema model:
 * `IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND
 * column_name = 'phone')`, `(SELECT count(*) FROM pg_indexes WHERE indexname IN (...)) = 2`.
 * Only single-view queries over the catalog views below, filtered by equalities and IN lists of
 * constants, are answered; anything else is unknown (undefined), never guessed.
 */
import type { Node, SelectStmt } from 'libpg-query';
import { parseStatementText } from '../../source/parser';
import { namesOf } from '../named-objects';
import { stringValueOf } from '../names';
import type { SchemaState } from './state';
import { formatType } from './type-names';

type Row = Record<string, string>;

function catalogView(state: SchemaState, view: string): Row[] | undefined {
  const rows: Row[] = [];
  switch (view) {
    case 'information_schema.columns':
      for (const relation of state.relations.values()) {
        for (const column of relation.columns) rows.push({ table_schema: relation.schema, table_name: relation.name, column_name: column.name, data_type: formatType(column.type), is_nullable: column.notNull ? 'NO' : 'YES' });
      }
      return rows;
    case 'information_schema.tables':
      for (const relation of state.relations.values()) {
        if (relation.kind === 'sequence' || relation.kind === 'materialized view') continue;
        rows.push({ table_schema: relation.schema, table_name: relation.name, table_type: relation.kind === 'view' ? 'VIEW' : 'BASE TABLE' });
      }
      return rows;
    case 'pg_tables':
    case 'pg_catalog.pg_tables':
      for (const relation of state.relations.values()) if (relation.kind === 'table' || relation.kind === 'partitioned table') rows.push({ schemaname: relation.schema, tablename: relation.name });
      return rows;
    case 'pg_indexes':
    case 'pg_catalog.pg_indexes':
      for (const index of state.indexes.values()) rows.push({ schemaname: index.schema, tablename: state.relations.get(index.table)?.name ?? '', indexname: index.name });
      return rows;
    case 'pg_class':
    case 'pg_catalog.pg_class':
      for (const relation of state.relations.values()) rows.push({ relname: relation.name });
      for (const index of state.indexes.values()) rows.push({ relname: index.name });
      return rows;
    case 'pg_type':
    case 'pg_catalog.pg_type':
      for (const type of state.types.values()) rows.push({ typname: type.name });
      for (const relation of state.relations.values()) rows.push({ typname: relation.name });
      return rows;
    case 'pg_constraint':
    case 'pg_catalog.pg_constraint':
      for (const relation of state.relations.values()) for (const constraint of relation.constraints) rows.push({ conname: constraint.name });
      return rows;
    case 'information_schema.table_constraints': {
      const types: Record<string, string> = { primary: 'PRIMARY KEY', unique: 'UNIQUE', foreign: 'FOREIGN KEY', check: 'CHECK', exclusion: 'EXCLUDE' };
      for (const relation of state.relations.values()) {
        for (const constraint of relation.constraints) {
          rows.push({ constraint_schema: relation.schema, constraint_name: constraint.name, table_schema: relation.schema, table_name: relation.name, constraint_type: types[constraint.type] });
        }
      }
      return rows;
    }
    case 'pg_namespace':
    case 'pg_catalog.pg_namespace':
      for (const schema of state.schemas.keys()) rows.push({ nspname: schema });
      return rows;
    case 'information_schema.schemata':
      for (const schema of state.schemas.keys()) rows.push({ schema_name: schema });
      return rows;
    case 'pg_extension':
    case 'pg_catalog.pg_extension':
      for (const extension of state.extensions.keys()) rows.push({ extname: extension });
      return rows;
    default:
      return undefined;
  }
}

function constantOf(node: Node | undefined): string | undefined {
  const record = (node ?? {}) as Record<string, unknown>;
  if (record.A_Const) return stringValueOf(node);
  const cast = record.TypeCast as { arg?: Node } | undefined;
  return cast ? constantOf(cast.arg) : undefined;
}

function columnOf(node: Node | undefined): string | undefined {
  const fields = ((node ?? {}) as { ColumnRef?: { fields?: Node[] } }).ColumnRef?.fields;
  return fields ? namesOf(fields).pop() : undefined;
}

/** The rows of `view` a WHERE clause keeps; undefined when the clause is not made of equalities and IN lists. */
function filter(rows: Row[], where: Node | undefined): Row[] | undefined {
  if (!where) return rows;
  const record = where as Record<string, unknown>;
  const bool = record.BoolExpr as { boolop?: string; args?: Node[] } | undefined;
  if (bool?.boolop === 'AND_EXPR') {
    let current: Row[] | undefined = rows;
    for (const arg of bool.args ?? []) current = current && filter(current, arg);
    return current;
  }
  const expression = record.A_Expr as { kind?: string; name?: Node[]; lexpr?: Node; rexpr?: Node } | undefined;
  if (!expression) return undefined;
  const column = columnOf(expression.lexpr) ?? columnOf(expression.rexpr);
  if (!column || (rows.length > 0 && !(column in rows[0]))) return rows.length === 0 ? rows : undefined;
  if (expression.kind === 'AEXPR_OP' && namesOf(expression.name).join('') === '=') {
    const value = constantOf(columnOf(expression.lexpr) ? expression.rexpr : expression.lexpr);
    return value === undefined ? undefined : rows.filter((row) => row[column] === value);
  }
  if (expression.kind === 'AEXPR_IN') {
    const list = ((expression.rexpr ?? {}) as { List?: { items?: Node[] } }).List?.items ?? [];
    const values = list.map(constantOf);
    if (values.some((value) => value === undefined)) return undefined;
    return rows.filter((row) => values.includes(row[column]));
  }
  return undefined;
}

/** How many rows a catalog query returns, when it can be answered. */
function rowCount(state: SchemaState, node: Node | undefined): number | undefined {
  const select = ((node ?? {}) as { SelectStmt?: SelectStmt }).SelectStmt;
  const from = select?.fromClause ?? [];
  const relation = from.length === 1 ? (from[0] as { RangeVar?: { schemaname?: string; relname?: string } }).RangeVar : undefined;
  if (!select || !relation?.relname || select.groupClause || select.havingClause) return undefined;
  const rows = catalogView(state, relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname);
  return rows ? filter(rows, select.whereClause)?.length : undefined;
}

function isCountStar(node: Node | undefined): boolean {
  const call = ((node ?? {}) as { FuncCall?: { funcname?: Node[]; agg_star?: boolean } }).FuncCall;
  return namesOf(call?.funcname).pop() === 'count' && call?.agg_star === true;
}

type Value = boolean | number | undefined;

/** `(SELECT count(*) = 2 FROM pg_indexes WHERE ...)`: the one target evaluated with count(*) as the number of rows. */
function scalarSubquery(state: SchemaState, node: Node | undefined): Value {
  const select = ((node ?? {}) as { SelectStmt?: SelectStmt }).SelectStmt;
  if (select?.targetList?.length !== 1) return undefined;
  const count = rowCount(state, node);
  if (count === undefined) return undefined;
  return evaluate(state, (select.targetList[0] as { ResTarget?: { val?: Node } }).ResTarget?.val, count);
}

function evaluate(state: SchemaState, node: Node | undefined, count?: number): Value {
  if (count !== undefined && isCountStar(node)) return count;
  const record = (node ?? {}) as Record<string, unknown>;
  const bool = record.BoolExpr as { boolop?: string; args?: Node[] } | undefined;
  if (bool) {
    const values = (bool.args ?? []).map((arg) => evaluate(state, arg, count));
    if (bool.boolop === 'NOT_EXPR') return typeof values[0] === 'boolean' ? !values[0] : undefined;
    if (bool.boolop === 'AND_EXPR') return values.includes(false) ? false : values.every((value) => value === true) ? true : undefined;
    if (bool.boolop === 'OR_EXPR') return values.includes(true) ? true : values.every((value) => value === false) ? false : undefined;
    return undefined;
  }
  const sublink = record.SubLink as { subLinkType?: string; subselect?: Node } | undefined;
  if (sublink?.subLinkType === 'EXISTS_SUBLINK') {
    const count = rowCount(state, sublink.subselect);
    return count === undefined ? undefined : count > 0;
  }
  if (sublink?.subLinkType === 'EXPR_SUBLINK') return scalarSubquery(state, sublink.subselect);
  const constant = record.A_Const as { ival?: { ival?: number }; boolval?: { boolval?: boolean } } | undefined;
  if (constant?.ival) return constant.ival.ival ?? 0;
  if (constant?.boolval) return constant.boolval.boolval === true;
  if (constant && 'boolval' in constant) return false;
  const expression = record.A_Expr as { kind?: string; name?: Node[]; lexpr?: Node; rexpr?: Node } | undefined;
  if (expression?.kind === 'AEXPR_OP') {
    const left = evaluate(state, expression.lexpr, count);
    const right = evaluate(state, expression.rexpr, count);
    if (typeof left !== 'number' || typeof right !== 'number') return undefined;
    switch (namesOf(expression.name).join('')) {
      case '=':
        return left === right;
      case '<>':
      case '!=':
        return left !== right;
      case '>':
        return left > right;
      case '<':
        return left < right;
      case '>=':
        return left >= right;
      case '<=':
        return left <= right;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** The truth of a PL/pgSQL IF condition against the model, or undefined when it cannot be told. */
export function conditionHolds(state: SchemaState, condition: string): boolean | undefined {
  const outcome = parseStatementText(`SELECT ${condition}`);
  if (!outcome.ok || outcome.statements.length !== 1) return undefined;
  const select = outcome.statements[0].node as SelectStmt;
  const value = evaluate(state, (select.targetList?.[0] as { ResTarget?: { val?: Node } } | undefined)?.ResTarget?.val);
  return typeof value === 'boolean' ? value : undefined;
}
