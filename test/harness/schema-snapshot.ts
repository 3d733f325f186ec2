/**
 * The schema as PostgreSQL sees it, for comparing the result of an original migration with the
 * result of its fixed form: tables, columns (type, nullability, default), indexes (definition,
 * validity) and constraints (definition, validation state), in user schemas.
 */
import type { Database } from './database';

export interface SchemaSnapshot {
  tables: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
}

const USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";

export async function snapshotSchema(db: Database): Promise<SchemaSnapshot> {
  const lines = async (sql: string): Promise<string[]> => (await db.query<{ line: string }>(sql)).map((row) => row.line);
  return {
    tables: await lines(`
      SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text AS line
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMAS}
      ORDER BY 1`),
    columns: await lines(`
      SELECT n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
        || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
        || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
        || CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text ELSE '' END
        || CASE WHEN a.attgenerated <> '' THEN ' GENERATED ' || a.attgenerated::text ELSE '' END AS line
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMAS}
      ORDER BY 1`),
    indexes: await lines(`
      SELECT pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END AS line
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_SCHEMAS}
      ORDER BY 1`),
    constraints: await lines(`
      SELECT n.nspname || '.' || rel.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
        || CASE WHEN con.convalidated THEN '' ELSE ' NOT VALIDATED' END AS line
      FROM pg_constraint con
      JOIN pg_class rel ON rel.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = rel.relnamespace
      WHERE ${USER_SCHEMAS}
      ORDER BY 1`),
  };
}

/** The lines of `after` missing from `before` and the other way round, each prefixed with its kind (`column public.t.c ...`). */
export function diffSnapshots(before: SchemaSnapshot, after: SchemaSnapshot): { removed: string[]; added: string[] } {
  const kinds = { tables: 'table', columns: 'column', indexes: 'index', constraints: 'constraint' } as const;
  const removed: string[] = [];
  const added: string[] = [];
  for (const [key, prefix] of Object.entries(kinds) as Array<[keyof SchemaSnapshot, string]>) {
    const old = new Set(before[key]);
    const current = new Set(after[key]);
    removed.push(...before[key].filter((line) => !current.has(line)).map((line) => `${prefix} ${line}`));
    added.push(...after[key].filter((line) => !old.has(line)).map((line) => `${prefix} ${line}`));
  }
  return { removed, added };
}

/** Locks held on `table` by the current transaction, as pg_locks.mode values. */
export async function locksOn(db: Database, table: string): Promise<string[]> {
  const rows = await db.query<{ mode: string }>(
    `SELECT mode FROM pg_locks WHERE locktype = 'relation' AND pid = pg_backend_pid() AND relation = '${table.replace(/'/g, "''")}'::regclass ORDER BY mode`,
  );
  return rows.map((row) => row.mode);
}
