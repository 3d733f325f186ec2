/** Small readers for recurring parse-tree shapes: relation names, constants, qualified names. */
import type { A_Const, Node, RangeVar } from 'libpg-query';

/**
 * The key a table is remembered by within one file. The parser has already folded unquoted
 * names to lower case; the schema is left out because one migration rarely has two
 * same-named tables in different schemas, and `t` and `public.t` usually mean the same table.
 */
export function relationKey(relation: RangeVar): string {
  return relation.relname ?? '';
}

/** `schema.name` as written (after case folding), for messages. */
export function relationName(relation: RangeVar | undefined): string {
  if (!relation) return '?';
  return relation.schemaname ? `${relation.schemaname}.${relation.relname}` : (relation.relname ?? '?');
}

/** The text of a constant node: a string, number or boolean literal, or a bare name. */
export function stringValueOf(node: Node | undefined): string {
  if (!node) return '';
  const record = node as Record<string, unknown>;
  if ('A_Const' in record) {
    const constant = record.A_Const as A_Const;
    if (constant.sval) return constant.sval.sval ?? '';
    if (constant.ival) return String(constant.ival.ival ?? 0);
    if (constant.fval) return constant.fval.fval ?? '';
    if (constant.boolval) return String(constant.boolval.boolval ?? false);
    if (constant.bsval) return constant.bsval.bsval ?? '';
    return '';
  }
  if ('String' in record) return (record.String as { sval?: string }).sval ?? '';
  if ('Integer' in record) return String((record.Integer as { ival?: number }).ival ?? 0);
  return '';
}

/** Joins a list of String nodes (a qualified name such as a type or function name). */
export function qualifiedName(names: Node[] | undefined): string {
  return (names ?? []).map(stringValueOf).join('.');
}
