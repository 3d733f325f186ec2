import type { FuncCall } from 'libpg-query';
import { insertAt } from '../fix/edits';
import { columnNamed, designTables, isTreeEncoding, statementOf, touchedRelations } from '../model/design';
import { namesOf } from '../model/named-objects';
import type { IndexKey, IndexModel, RelationModel } from '../model/schema/types';
import type { Statement } from '../source/document';
import type { FixSpec, RuleContext } from './types';
import { defineRule } from './types';

type Kind = 'jsonb' | 'array' | 'tsvector';

export default defineRule({
  id: 'prefer-gin-index',
  category: 'schema-design',
  severity: 'info',
  fixable: true,
  summary: 'Index jsonb, array and tsvector columns with GIN, not btree.',
  description:
    'A btree index orders whole values: on a jsonb document, an array or a tsvector it serves only `=` (and sorting) on the complete value. The queries those types are for cannot use it: jsonb containment `@>`, key existence `?`, `?|`, `?&` and jsonpath `@?`, `@@`; array overlap `&&` and containment `@>`, `<@`; full-text `@@`. They fall back to scanning the table while every write still pays for the index, and a large value fails the insert once it passes the btree row limit (about a third of a page, 2704 bytes). GIN indexes the elements (keys, array members, lexemes) and serves those operators (`jsonb_path_ops` is smaller when only `@>` is used); for one jsonb field, a btree on the expression (`(data->>\'status\')`) is the right index. Unique indexes are not reported (GIN cannot enforce uniqueness), nor arrays that encode a tree path (`traversal_ids`, `ancestor_ids`), which btree range scans read in order on purpose. The fix rewrites a single-column CREATE INDEX of this file to USING gin. A btree is fair when whole values really are compared for equality (deduplicating documents): say so with `-- schemaguard-ignore prefer-gin-index -- reason`.',
  messages: {
    jsonb:
      'Btree index "{{index}}" on jsonb column "{{column}}" of "{{table}}" serves only equality on the whole document: containment (@>), key existence (?) and jsonpath lookups cannot use it, and a large document fails the btree row limit; use a GIN index (USING gin, or jsonb_path_ops for @> only), or a btree on the one field you look up ((col->>\'key\')). If you compare whole documents, keep it and say why (-- schemaguard-ignore prefer-gin-index -- reason).',
    array:
      'Btree index "{{index}}" on array column "{{column}}" of "{{table}}" serves only equality on the whole array: overlap (&&) and containment (@>, <@) lookups cannot use it; use a GIN index (USING gin). If you compare whole arrays, keep it and say why (-- schemaguard-ignore prefer-gin-index -- reason).',
    tsvector:
      'Btree index "{{index}}" on tsvector "{{column}}" of "{{table}}" cannot serve full-text search: @@ matches scan the table; use a GIN index (USING gin). If you compare whole vectors, keep it and say why (-- schemaguard-ignore prefer-gin-index -- reason).',
  },
  examples: {
    valid: [
      { sql: 'CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);\nCREATE INDEX events_payload_idx ON events USING gin (payload jsonb_path_ops);', description: 'Containment queries use the GIN index.' },
      { sql: "CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);\nCREATE INDEX events_status_idx ON events ((payload->>'status'));", description: 'A btree on one extracted field serves lookups by that field.' },
    ],
    invalid: [
      { sql: 'CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);\nCREATE INDEX events_payload_idx ON events (payload);', description: '`WHERE payload @> \'{"status": "failed"}\'` cannot use this index.' },
      { sql: 'CREATE TABLE posts (id bigint PRIMARY KEY, tags text[]);\nCREATE INDEX posts_tags_idx ON posts USING btree (tags);', description: "`WHERE tags && ARRAY['sql']` cannot use this index." },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    const touched = touchedRelations(context.schema);
    for (const { key, table } of designTables(final)) {
      if (!touched.has(key)) continue;
      for (const index of final.indexesOf(key)) {
        if (index.method !== 'btree' || index.unique || index.constraint || index.parent || !context.schema.fromThisFile(index.origin)) continue;
        let found: { entry: IndexKey; kind: Kind } | undefined;
        for (const entry of index.keys) {
          const kind = kindOf(entry, table);
          if (kind !== undefined) {
            found = { entry, kind };
            break;
          }
        }
        const statement = found && statementOf(context, index.origin);
        if (!found || !statement) continue;
        // GIN must have an operator class for the column's type where this file builds the index
        const typeHere = context.schema.after.relations.get(key);
        const fix = index.keys.length === 1 && typeHere && kindOf(found.entry, typeHere) === found.kind ? ginFix(statement, index, found.entry) : undefined;
        context.report({
          statement,
          messageId: found.kind,
          data: { index: index.name, column: found.entry.column ?? 'to_tsvector(...)', table: table.name },
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});

/** What makes a btree key the wrong index: a jsonb, array or tsvector column, or a to_tsvector() expression. */
function kindOf(key: IndexKey, table: RelationModel): Kind | undefined {
  const column = columnNamed(table, key.column);
  if (column) {
    // a materialized path (ancestor ids) is compared and ordered as a whole on purpose: btree range scans
    if (column.type.array) return isTreeEncoding(column.name) ? undefined : 'array';
    if (column.type.name === 'jsonb') return 'jsonb';
    if (column.type.name === 'tsvector') return 'tsvector';
    return undefined;
  }
  const call = (key.expression?.node as { FuncCall?: FuncCall } | undefined)?.FuncCall;
  return call && namesOf(call.funcname).pop() === 'to_tsvector' ? 'tsvector' : undefined;
}

/** USING gin for a single-key CREATE INDEX without operator class, collation, direction, INCLUDE or storage parameters (GIN has none of btree's). */
function ginFix(statement: Statement, index: IndexModel, key: IndexKey): FixSpec | undefined {
  if (!statement.is('IndexStmt') || !statement.node.relation || statement.node.options?.length || key.opclass || key.collation || key.descending || index.include.length > 0) return undefined;
  const nulls = statement.node.indexParams?.some((param) => ((param as { IndexElem?: { nulls_ordering?: string } }).IndexElem?.nulls_ordering ?? 'SORTBY_NULLS_DEFAULT') !== 'SORTBY_NULLS_DEFAULT');
  if (nulls) return undefined;
  const title = `Use a GIN index for "${index.name}"`;
  const tableEnd = statement.nameEnd(statement.offsetOf(statement.node.relation.location));
  if (statement.node.accessMethod && statement.node.accessMethod !== 'btree') return undefined;
  const written = statement.findWord('btree', tableEnd);
  if (written) return { title, edits: [{ start: written.start, end: written.end, newText: 'gin' }] };
  return { title, edits: [insertAt(tableEnd, ' USING gin')] };
}
