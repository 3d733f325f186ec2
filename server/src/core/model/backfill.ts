/**
 * Data changes in a migration: which UPDATE, DELETE and INSERT ... SELECT statements rewrite an
 * unbounded set of existing rows (a backfill), and which are bounded to a batch or to a few
 * keys. A WHERE clause is bounded when it pins a column to constants (`id = 5`, `id IN (1, 2)`,
 * `id BETWEEN a AND b`, `id >= a AND id < b`), takes a LIMITed subquery (`id IN (SELECT ... LIMIT
 * 1000)`), or uses a cursor (WHERE CURRENT OF). Anything else may touch every row.
 */
import type { A_Expr, BoolExpr, Node, RangeVar } from 'libpg-query';
import { stringValueOf } from './names';

type Record_ = Record<string, unknown>;

function unwrap(node: Node | undefined): [string, Record_] | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const [kind] = Object.keys(node);
  return kind ? [kind, (node as Record_)[kind] as Record_] : undefined;
}

/** True when the subtree contains a node of one of these kinds. */
function contains(value: unknown, kinds: ReadonlySet<string>): boolean {
  if (Array.isArray(value)) return value.some((item) => contains(item, kinds));
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value as Record_).some(([key, child]) => kinds.has(key) || contains(child, kinds));
}

const COLUMN_OR_QUERY = new Set(['ColumnRef', 'SubLink']);

/** A value that does not depend on the row: literals, parameters, casts and functions of them. */
function isConstant(node: Node | undefined): boolean {
  return !!node && !contains(node, COLUMN_OR_QUERY);
}

function columnOf(node: Node | undefined): string | undefined {
  const entry = unwrap(node);
  if (!entry || entry[0] !== 'ColumnRef') return undefined;
  return ((entry[1].fields as Node[] | undefined) ?? []).map(stringValueOf).join('.');
}

/** A subquery with a LIMIT anywhere in the expression: the batch pattern `id IN (SELECT id ... LIMIT n)`. */
function hasLimitedSubquery(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasLimitedSubquery);
  if (!value || typeof value !== 'object') return false;
  const record = value as Record_;
  if ('SubLink' in record) {
    const select = unwrap((record.SubLink as Record_).subselect as Node);
    if (select && select[0] === 'SelectStmt' && select[1].limitCount) return true;
  }
  return Object.values(record).some(hasLimitedSubquery);
}

type Bound = 'lower' | 'upper' | 'both';

/** How a comparison bounds a column against a constant: `id >= 5` is a lower bound, `5 > id` an upper one. */
function rangeBound(expression: A_Expr): { column: string; bound: Bound } | undefined {
  const operator = stringValueOf(expression.name?.[0]);
  const flip: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
  if (!flip[operator]) return undefined;
  let column = columnOf(expression.lexpr);
  let op = operator;
  if (column === undefined || !isConstant(expression.rexpr)) {
    column = columnOf(expression.rexpr);
    op = flip[operator];
    if (column === undefined || !isConstant(expression.lexpr)) return undefined;
  }
  return { column, bound: op.startsWith('>') ? 'lower' : 'upper' };
}

/** A row-independent value: a constant, or a scalar subquery (one value at most). */
function isSingleValue(node: Node | undefined): boolean {
  const entry = unwrap(node);
  if (entry?.[0] === 'SubLink' && entry[1].subLinkType === 'EXPR_SUBLINK') return true;
  return isConstant(node);
}

function pinsToConstants(expression: A_Expr): boolean {
  const operator = stringValueOf(expression.name?.[0]);
  switch (expression.kind) {
    case 'AEXPR_OP':
      return operator === '=' && ((columnOf(expression.lexpr) !== undefined && isSingleValue(expression.rexpr)) || (columnOf(expression.rexpr) !== undefined && isSingleValue(expression.lexpr)));
    case 'AEXPR_IN':
      return operator === '=' && columnOf(expression.lexpr) !== undefined && isConstant(expression.rexpr);
    case 'AEXPR_OP_ANY':
      return operator === '=' && columnOf(expression.lexpr) !== undefined && isConstant(expression.rexpr);
    case 'AEXPR_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
      return columnOf(expression.lexpr) !== undefined && isConstant(expression.rexpr);
    default:
      return false;
  }
}

/** True when a WHERE clause limits the statement to a batch or to rows pinned by constants. */
export function isBoundedWhere(where: Node | undefined): boolean {
  const entry = unwrap(where);
  if (!entry) return false;
  const [kind, node] = entry;
  if (kind === 'CurrentOfExpr') return true;
  if (hasLimitedSubquery(where)) return true;
  if (kind === 'A_Expr') return pinsToConstants(node as A_Expr);
  if (kind !== 'BoolExpr') return false;
  const bool = node as BoolExpr;
  const args = bool.args ?? [];
  if (bool.boolop === 'OR_EXPR') return args.length > 0 && args.every(isBoundedWhere);
  if (bool.boolop !== 'AND_EXPR') return false;
  if (args.some(isBoundedWhere)) return true;
  const bounds = new Map<string, Set<Bound>>();
  for (const arg of args) {
    const comparison = unwrap(arg);
    if (!comparison || comparison[0] !== 'A_Expr') continue;
    const range = rangeBound(comparison[1] as A_Expr);
    if (!range) continue;
    const seen = bounds.get(range.column) ?? new Set<Bound>();
    seen.add(range.bound);
    bounds.set(range.column, seen);
  }
  return [...bounds.values()].some((seen) => seen.has('lower') && seen.has('upper'));
}

export interface RowChange {
  /** The table whose rows change. */
  target: RangeVar;
  verb: 'UPDATE' | 'DELETE' | 'INSERT';
  /** UPDATE / DELETE: bounded to a batch or to constant keys; INSERT ... SELECT: has a LIMIT. */
  bounded: boolean;
  /** The tables an INSERT ... SELECT reads. */
  sources: RangeVar[];
}

/** The rows a data-changing statement touches, or undefined for other statements and INSERT ... VALUES. */
export function rowChangeOf(kind: string | undefined, node: unknown): RowChange | undefined {
  const record = node as Record_ | undefined;
  const target = record?.relation as RangeVar | undefined;
  if (!record || !target?.relname) return undefined;
  if (kind === 'UpdateStmt') return { target, verb: 'UPDATE', bounded: isBoundedWhere(record.whereClause as Node | undefined), sources: [] };
  if (kind === 'DeleteStmt') return { target, verb: 'DELETE', bounded: isBoundedWhere(record.whereClause as Node | undefined), sources: [] };
  if (kind !== 'InsertStmt') return undefined;
  const select = unwrap(record.selectStmt as Node | undefined);
  if (!select || select[0] !== 'SelectStmt' || select[1].valuesLists) return undefined;
  const sources: RangeVar[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const child = value as Record_;
    if ('RangeVar' in child) sources.push(child.RangeVar as RangeVar);
    Object.values(child).forEach(visit);
  };
  visit(select[1].fromClause);
  if (sources.length === 0) return undefined;
  return { target, verb: 'INSERT', bounded: !!select[1].limitCount, sources };
}
