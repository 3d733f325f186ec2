/** Generic readers for libpg-query parse trees, which are plain JSON (absent fields mean false, 0 or empty). */
import type { Node } from 'libpg-query';
import { namesOf } from './named-objects';
import { stringValueOf } from './names';

/** Calls `visit(kind, payload)` for every node under `value` (itself included), depth first. */
export function forEachNode(value: unknown, visit: (kind: string, payload: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) forEachNode(item, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (/^[A-Z]/.test(key) && child !== null && typeof child === 'object' && !Array.isArray(child)) visit(key, child as Record<string, unknown>);
    forEachNode(child, visit);
  }
}

/** The distinct column names an expression refers to (unqualified or last part of a qualified reference). */
export function columnsReferenced(expression: Node | undefined): string[] {
  const names = new Set<string>();
  forEachNode(expression, (kind, payload) => {
    if (kind !== 'ColumnRef') return;
    const fields = (payload.fields as Node[] | undefined) ?? [];
    const last = fields[fields.length - 1];
    if (last && 'String' in (last as Record<string, unknown>)) names.add(stringValueOf(last));
  });
  return [...names];
}
