/**
 * The schema as lines in one format, from PostgreSQL's catalog and from the replayed schema model,
 * so that the two can be compared line for line: tables (kind), columns (type, nullability, whether
 * there is a default, identity, generation), indexes (table, method, unique, primary, key columns or
 * `expr`, INCLUDE columns, whether partial, valid) and constraints (type, columns, the referenced
 * table and columns, validated). Types are compared by name without schema, as format_type prints
 * user types qualified only when they are outside search_path. NOT NULL constraints (PostgreSQL 18
 * catalogs them) are covered by the columns' nullability; the internal clones of a foreign key that
 * references a partitioned table (one per referenced partition, on the referencing table) are left out.
 */
import type { SchemaState } from '../../server/src/core/model/schema/state';
import { formatType } from '../../server/src/core/model/schema/type-names';
import type { Database } from './database';

export interface CatalogLines {
  tables: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
}

const USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";
const KINDS: Record<string, string> = { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view', f: 'foreign table' };
const CONTYPES: Record<string, string> = { p: 'primary', u: 'unique', f: 'foreign', c: 'check', x: 'exclusion' };

function unqualifiedType(type: string): string {
  // "public.mood[]" -> "mood[]"; built-in names contain no dot outside parentheses
  return type.replace(/^(?:"[^"]+"|[^.()"\s]+)\.(?=[^()]*(\(|$|\[))/, '');
}

export async function catalogLines(db: Database, schemas?: readonly string[]): Promise<CatalogLines> {
  const where = schemas ? `n.nspname IN (${schemas.map((schema) => `'${schema.replace(/'/g, "''")}'`).join(', ')})` : USER_SCHEMAS;
  const tables = await db.query<{ schema: string; name: string; kind: string }>(`
    SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${where}`);
  const columns = await db.query<{ rel: string; name: string; type: string; notnull: boolean; hasdefault: boolean; identity: string; generated: string }>(`
    SELECT n.nspname || '.' || c.relname AS rel, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
      a.atthasdef AND a.attgenerated = '' AS hasdefault, a.attidentity::text AS identity, a.attgenerated::text AS generated
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f') AND ${where}`);
  const indexes = await db.query<{ name: string; rel: string; method: string; unique: boolean; primary: boolean; keys: string[]; nkeys: number; partial: boolean; valid: boolean }>(`
    SELECT n.nspname || '.' || ic.relname AS name, tn.nspname || '.' || t.relname AS rel, am.amname AS method, i.indisunique AS unique, i.indisprimary AS primary,
      ARRAY(SELECT COALESCE(a.attname, 'expr') FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0 ORDER BY k.ord) AS keys,
      i.indnkeyatts AS nkeys, i.indpred IS NOT NULL AS partial, i.indisvalid AS valid
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
    JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace JOIN pg_am am ON am.oid = ic.relam
    WHERE ${where} AND t.relkind IN ('r', 'p', 'm', 'f')`);
  const constraints = await db.query<{ rel: string; name: string; type: string; columns: string[]; ref: string | null; refcolumns: string[]; validated: boolean }>(`
    SELECT n.nspname || '.' || rel.relname AS rel, con.conname AS name, con.contype::text AS type,
      ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
      CASE WHEN con.confrelid <> 0 THEN fn.nspname || '.' || f.relname END AS ref,
      ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS refcolumns,
      con.convalidated AS validated
    FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
    LEFT JOIN pg_class f ON f.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
    WHERE ${where} AND con.contype IN ('p', 'u', 'f', 'c', 'x')
      -- a foreign key to a partitioned table gets one internal clone per referenced partition, on the referencing table itself
      AND NOT (con.contype = 'f' AND con.conparentid <> 0 AND EXISTS (SELECT 1 FROM pg_constraint p WHERE p.oid = con.conparentid AND p.conrelid = con.conrelid))`);
  return {
    tables: tables.map((row) => `${row.schema}.${row.name} ${KINDS[row.kind]}`).sort(),
    columns: columns.map((row) => columnLine(row.rel, row.name, unqualifiedType(row.type), row.notnull, row.hasdefault, row.identity, row.generated)).sort(),
    indexes: indexes.map((row) => indexLine(row.name, row.rel, row.method, row.unique, row.primary, row.keys.slice(0, row.nkeys), row.keys.slice(row.nkeys), row.partial, row.valid)).sort(),
    constraints: constraints.map((row) => constraintLine(row.rel, row.name, CONTYPES[row.type], row.type === 'c' ? [] : row.columns, row.ref, row.refcolumns, row.validated)).sort(),
  };
}

function columnLine(rel: string, name: string, type: string, notNull: boolean, hasDefault: boolean, identity: string, generated: string): string {
  return `${rel}.${name} ${type}${notNull ? ' NOT NULL' : ''}${hasDefault ? ' DEFAULT' : ''}${identity ? ` IDENTITY ${identity}` : ''}${generated ? ` GENERATED ${generated}` : ''}`;
}

function indexLine(name: string, rel: string, method: string, unique: boolean, primary: boolean, keys: string[], include: string[], partial: boolean, valid: boolean): string {
  return `${name} ON ${rel} ${method}${unique ? ' UNIQUE' : ''}${primary ? ' PRIMARY' : ''} (${keys.join(', ')})${include.length ? ` INCLUDE (${include.join(', ')})` : ''}${partial ? ' WHERE' : ''}${valid ? '' : ' INVALID'}`;
}

function constraintLine(rel: string, name: string, type: string, columns: string[], ref: string | null, refColumns: string[], validated: boolean): string {
  return `${rel} ${name} ${type} (${columns.join(', ')})${ref ? ` -> ${ref} (${refColumns.join(', ')})` : ''}${validated ? '' : ' NOT VALID'}`;
}

export function modelLines(state: SchemaState, schemas?: readonly string[]): CatalogLines {
  const lines: CatalogLines = { tables: [], columns: [], indexes: [], constraints: [] };
  const wanted = (schema: string): boolean => (schemas ? schemas.includes(schema) : schema !== 'pg_temp');
  for (const [key, relation] of state.relations) {
    if (!wanted(relation.schema) || relation.kind === 'sequence') continue;
    lines.tables.push(`${key} ${relation.kind}`);
    if (relation.kind === 'view' || relation.kind === 'materialized view') continue;
    for (const column of relation.columns) {
      const type = unqualifiedType(formatType(column.type));
      const identity = column.identity === 'always' ? 'a' : column.identity === 'by default' ? 'd' : '';
      const generated = column.generated === 'stored' ? 's' : column.generated === 'virtual' ? 'v' : '';
      lines.columns.push(columnLine(key, column.name, type, column.notNull, (column.default !== undefined || column.serial === true) && !column.generated, identity, generated));
    }
    for (const constraint of relation.constraints) {
      const columns = constraint.type === 'check' ? [] : constraint.columns;
      lines.constraints.push(constraintLine(key, constraint.name, constraint.type, columns, constraint.references?.table ?? null, constraint.references?.columns ?? [], constraint.validated));
    }
  }
  for (const [key, index] of state.indexes) {
    const table = state.relations.get(index.table);
    if (!wanted(index.schema) || !table || table.kind === 'view') continue;
    lines.indexes.push(indexLine(key, index.table, index.method, index.unique, index.primary, index.keys.map((k) => k.column ?? 'expr'), index.include, index.predicate !== undefined, index.valid));
  }
  for (const list of Object.values(lines)) list.sort();
  return lines;
}

/** The lines only one side has, per category: empty when model and catalog agree. */
export function differences(expected: CatalogLines, actual: CatalogLines): Record<keyof CatalogLines, { missing: string[]; extra: string[] }> {
  const result = {} as Record<keyof CatalogLines, { missing: string[]; extra: string[] }>;
  for (const category of Object.keys(expected) as Array<keyof CatalogLines>) {
    const have = new Set(actual[category]);
    const want = new Set(expected[category]);
    result[category] = { missing: expected[category].filter((line) => !have.has(line)), extra: actual[category].filter((line) => !want.has(line)) };
  }
  return result;
}
