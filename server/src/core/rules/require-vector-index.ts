import { designTables, objectHeadRange, ownColumns, queryOwnerText, queriedTables, reportedHere, statementOf } from '../model/design';
import { columnsReadBy } from '../model/schema/expression';
import { DISTANCE_OPERATORS } from '../model/schema/replay-queries';
import type { IndexModel } from '../model/schema/types';
import type { RuleContext } from './types';
import { defineRule } from './types';

const VECTOR_TYPES = new Set(['vector', 'halfvec', 'sparsevec']);
/** The operator class suffix that makes an HNSW or IVFFlat index serve each distance operator (none written: L2). */
const OPERATOR_CLASS: Record<string, string> = { '<->': 'l2', '<=>': 'cosine', '<#>': 'ip', '<+>': 'l1' };

export default defineRule({
  id: 'require-vector-index',
  category: 'schema-design',
  severity: 'hint',
  fixable: false,
  summary: 'Give a pgvector column that queries order by distance an HNSW or IVFFlat index for that distance.',
  description:
    'A nearest-neighbour query (`ORDER BY embedding <=> $1 LIMIT 10`) on a vector column without an approximate index computes the distance to every row: a full scan whose cost grows with the table and the dimensions. pgvector\'s HNSW and IVFFlat indexes answer it from a graph or from clusters, but only for the distance their operator class was built for: `vector_l2_ops` (the default) for `<->`, `vector_cosine_ops` for `<=>`, `vector_ip_ops` for `<#>`, `vector_l1_ops` for `<+>` (and the halfvec_ / sparsevec_ ones). The rule reports a vector, halfvec or sparsevec column when a view, a function or an index expression of the history orders or filters it by a distance that no HNSW or IVFFlat index on it serves, in the file where the last of the column, the query and the index came in. It never guesses queries the application sends itself. There is no quick fix: build the index where it can run (CONCURRENTLY on a filled table; HNSW builds are slow and want maintenance_work_mem). Exact search is a fair choice on a small table or when recall must be 100%: say so with `-- schemaguard-ignore require-vector-index -- reason`.',
  messages: {
    missing:
      'Vector column "{{column}}" of "{{table}}" is searched by distance ({{operator}} in {{owner}}) but has no HNSW or IVFFlat index: every such query computes the distance to every row; create one, e.g. CREATE INDEX ON {{table}} USING hnsw ({{column}} {{opclass}}). On a small table, or when results must be exact, keep the scan and say so (-- schemaguard-ignore require-vector-index -- reason).',
    otherOperator:
      'Vector column "{{column}}" of "{{table}}" is searched with {{operator}} in {{owner}}, but its approximate index {{indexes}} was built for another distance and cannot serve it: those queries scan every row; build the index with {{opclass}}, or query with the operator the index serves. If that query is a rare exact search, keep the scan and say so (-- schemaguard-ignore require-vector-index -- reason).',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE documents (id bigint PRIMARY KEY, embedding vector(3));\nCREATE INDEX documents_embedding_idx ON documents USING hnsw (embedding vector_cosine_ops);\nCREATE FUNCTION match_documents(query vector(3)) RETURNS SETOF documents LANGUAGE sql AS $$ SELECT * FROM documents ORDER BY embedding <=> query LIMIT 10 $$;',
        description: 'The HNSW index was built for cosine distance, the operator the function orders by.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE documents (id bigint PRIMARY KEY, embedding vector(3));\nCREATE FUNCTION match_documents(query vector(3)) RETURNS SETOF documents LANGUAGE sql AS $$ SELECT * FROM documents ORDER BY embedding <=> query LIMIT 10 $$;',
        description: 'Every call computes the cosine distance to every document.',
      },
      {
        sql: 'CREATE TABLE documents (id bigint PRIMARY KEY, embedding vector(3));\nCREATE INDEX documents_embedding_idx ON documents USING hnsw (embedding);\nCREATE VIEW similar_to_first AS SELECT d.id FROM documents d ORDER BY d.embedding <=> \'[1,0,0]\' LIMIT 5;',
        description: 'The index was built with the default vector_l2_ops: it serves <->, not <=>.',
      },
    ],
  },
  check(context: RuleContext) {
    const final = context.schema.final;
    const { uses, tables: queried } = queriedTables(context.schema, (use) => DISTANCE_OPERATORS.includes(use.operator));
    if (queried.size === 0) return;
    for (const { key, table } of designTables(final)) {
      if (!queried.has(key)) continue;
      for (const column of ownColumns(table)) {
        if (!VECTOR_TYPES.has(column.type.name) || column.type.array) continue;
        const own = uses.filter((use) => use.table === key && use.column === column.name);
        if (own.length === 0) continue;
        const approximate = final.indexesOf(key).filter((index) => (index.method === 'hnsw' || index.method === 'ivfflat') && readsColumn(index, column.name));
        const unserved = own.find((use) => !approximate.some((index) => serves(index, column.name, use.operator)));
        if (!unserved) continue;
        const ref = reportedHere(context.schema, [column.changed, unserved.at, ...approximate.map((index) => index.origin)]);
        const statement = ref && statementOf(context, ref);
        if (!ref || !statement) continue;
        const range = ref === column.origin ? { start: ref.start, end: ref.end } : objectHeadRange(statement);
        const opclass = `${column.type.name}_${OPERATOR_CLASS[unserved.operator]}_ops`;
        context.report({
          statement,
          ...range,
          messageId: approximate.length === 0 ? 'missing' : 'otherOperator',
          data: { column: column.name, table: table.name, operator: unserved.operator, owner: queryOwnerText(context.schema, unserved), opclass, indexes: approximate.map((index) => `"${index.name}"`).join(', ') },
        });
      }
    }
  },
});

function readsColumn(index: IndexModel, column: string): boolean {
  return index.keys.some((key) => key.column === column || columnsReadBy(key.expression?.node).includes(column));
}

/** True when an HNSW / IVFFlat key on the column has the operator class of `operator` (none written is L2). */
function serves(index: IndexModel, column: string, operator: string): boolean {
  const wanted = OPERATOR_CLASS[operator];
  return index.keys.some((key) => {
    if (key.column !== column && !columnsReadBy(key.expression?.node).includes(column)) return false;
    const family = key.opclass ? /_(l2|cosine|ip|l1)_ops$/.exec(key.opclass)?.[1] : 'l2';
    return family === wanted;
  });
}
