import type { RuleCases } from '../harness/types';

const MATCH = 'CREATE FUNCTION match_documents(query vector(3)) RETURNS SETOF documents LANGUAGE sql AS $$ SELECT * FROM documents ORDER BY embedding <=> query LIMIT 10 $$;';

export default {
  rule: 'require-vector-index',
  prelude: `
    CREATE EXTENSION IF NOT EXISTS vector;
    CREATE TABLE documents (id bigint PRIMARY KEY, title text, embedding vector(3));
  `,
  valid: [
    { name: 'a vector column nothing searches by distance', sql: 'CREATE TABLE images (id bigint PRIMARY KEY, features vector(3));' },
    { name: 'an HNSW index for the distance the function uses', sql: `CREATE INDEX documents_embedding_idx ON documents USING hnsw (embedding vector_cosine_ops);\n${MATCH}` },
    { name: 'IVFFlat with the default operator class serves <->', sql: "CREATE INDEX ON documents USING ivfflat (embedding) WITH (lists = 100);\nCREATE VIEW near_origin AS SELECT id FROM documents ORDER BY embedding <-> '[0,0,0]' LIMIT 5;" },
    { name: 'an expression index over the column', sql: 'CREATE INDEX ON documents USING hnsw ((embedding::halfvec(3)) halfvec_cosine_ops);\n' + MATCH },
    { name: 'the index comes in a later migration', sql: MATCH, history: { after: ['CREATE INDEX CONCURRENTLY documents_embedding_idx ON documents USING hnsw (embedding vector_cosine_ops);'] } },
    { name: 'a later migration drops the function', sql: MATCH, history: { after: ['DROP FUNCTION match_documents(vector);'] } },
    { name: 'the column came earlier and the query comes later: reported there', sql: 'ALTER TABLE documents ADD COLUMN summary_embedding vector(3);', history: { after: ['CREATE VIEW v AS SELECT id FROM documents ORDER BY summary_embedding <#> \'[1,1,1]\';'] } },
    { name: 'distance on a column of another type', sql: "CREATE TABLE places (id bigint PRIMARY KEY, location point);\nCREATE VIEW nearby AS SELECT id FROM places ORDER BY location <-> point '(0,0)';" },
    { name: 'an unparsable body', sql: 'CREATE FUNCTION broken() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN embedding <=> ; END $$;' },
  ],
  invalid: [
    {
      name: 'a SQL function orders by cosine distance, no approximate index',
      sql: MATCH,
      errors: [{ messageId: 'missing', text: 'CREATE FUNCTION match_documents' }],
      output: null,
    },
    {
      name: 'the index serves another distance',
      sql: "CREATE INDEX documents_embedding_idx ON documents USING hnsw (embedding);\nCREATE VIEW public.related AS SELECT d.id FROM documents AS d ORDER BY d.embedding <=> '[1,0,0]' LIMIT 5;",
      errors: [{ messageId: 'otherOperator', text: 'CREATE VIEW public.related' }],
      output: null,
    },
    {
      name: 'a new table and a PL/pgSQL function in one file: reported at the function',
      sql: 'CREATE TABLE chunks (id bigint PRIMARY KEY, embedding halfvec(3));\nCREATE OR REPLACE FUNCTION nearest_chunks(q halfvec) RETURNS SETOF chunks\nLANGUAGE plpgsql AS $$\nBEGIN\n  RETURN QUERY SELECT * FROM chunks c ORDER BY c.embedding <#> q LIMIT 5;\nEND\n$$;',
      errors: [{ messageId: 'missing', text: 'CREATE OR REPLACE FUNCTION nearest_chunks' }],
      output: null,
    },
    {
      name: 'the query came earlier, the column comes to a table now',
      sql: 'ALTER TABLE notes ADD COLUMN embedding vector(3);\nCREATE VIEW similar_notes AS SELECT id FROM notes ORDER BY embedding <-> \'[0,0,1]\';',
      history: { before: ['CREATE TABLE notes (id bigint PRIMARY KEY);'] },
      errors: [{ messageId: 'missing', text: 'CREATE VIEW similar_notes' }],
      output: null,
    },
    {
      name: 'the wrong index comes last, across migrations',
      sql: 'CREATE INDEX documents_embedding_ip_idx ON documents USING hnsw (embedding vector_ip_ops);',
      history: { before: [MATCH] },
      errors: [{ messageId: 'otherOperator', text: 'CREATE INDEX documents_embedding_ip_idx ON documents USING hnsw (embedding vector_ip_ops)' }],
      output: null,
    },
  ],
} satisfies RuleCases;
