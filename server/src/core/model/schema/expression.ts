/** Expressions kept in the schema model: a key to compare them, the columns they read, SQL text to show them. */
import type { Node } from 'libpg-query';
import { Deparser } from 'pgsql-deparser';
import { namesOf } from '../named-objects';
import type { Expression } from './types';

const keys = new WeakMap<Node, string>();

/**
 * The same expression gets the same key wherever it is written: locations are left out. Kept per
 * node: parse trees are cached by statement text, so a replay after an edit meets the same nodes.
 */
export function expressionKey(node: Node): string {
  const cacheable = typeof node === 'object' && node !== null;
  let key = cacheable ? keys.get(node) : undefined;
  if (key === undefined) {
    key = JSON.stringify(node, (name, value) => (name === 'location' ? undefined : value));
    if (cacheable) keys.set(node, key);
  }
  return key;
}

export function expressionOf(node: Node): Expression;
export function expressionOf(node: Node | undefined): Expression | undefined;
export function expressionOf(node: Node | undefined): Expression | undefined {
  return node ? { node, key: expressionKey(node) } : undefined;
}

/** The distinct column names an expression reads (the last part of each column reference), in order of appearance. */
export function columnsReadBy(node: Node | undefined): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const record = value as Record<string, unknown>;
    const column = record.ColumnRef as { fields?: Node[] } | undefined;
    if (column) {
      const names = namesOf(column.fields).filter((name) => name !== '');
      const last = names[names.length - 1];
      if (last && !found.includes(last)) found.push(last);
      return;
    }
    for (const child of Object.values(record)) visit(child);
  };
  visit(node);
  return found;
}

/** SQL text of an expression, as PostgreSQL would print it back (for hovers and messages). */
export function expressionText(expression: Expression | Node | undefined): string {
  if (!expression) return '';
  const node = 'key' in expression && 'node' in expression ? (expression as Expression).node : (expression as Node);
  try {
    return Deparser.deparse(node);
  } catch {
    return '…';
  }
}

/** The name PostgreSQL's FigureColname gives an index expression: a function's or column's name, a cast's type, else "expr". */
export function figureIndexColumnName(node: Node | undefined): string {
  const record = (node ?? {}) as Record<string, unknown>;
  const call = record.FuncCall as { funcname?: Node[] } | undefined;
  if (call) return namesOf(call.funcname).pop() ?? 'expr';
  const column = record.ColumnRef as { fields?: Node[] } | undefined;
  if (column) return namesOf(column.fields).filter((name) => name !== '').pop() ?? 'expr';
  const cast = record.TypeCast as { arg?: Node; typeName?: { names?: Node[] } } | undefined;
  if (cast) {
    const inner = figureIndexColumnName(cast.arg);
    return inner !== 'expr' ? inner : (namesOf(cast.typeName?.names).pop() ?? 'expr');
  }
  if (record.CoalesceExpr) return 'coalesce';
  if (record.CaseExpr) return 'case';
  if (record.A_Indirection) {
    const indirection = record.A_Indirection as { arg?: Node; indirection?: Node[] };
    const lastName = (indirection.indirection ?? []).map((item) => (item as { String?: { sval?: string } }).String?.sval).filter(Boolean).pop();
    return lastName ?? figureIndexColumnName(indirection.arg);
  }
  return 'expr';
}
