/**
 * op.add_column(..., nullable=False) on an existing table, in the two-phase form: the column added
 * nullable, its existing rows filled in batches that commit on their own (autocommit_block), then
 * NOT NULL through a CHECK added NOT VALID and validated outside the table lock, which lets
 * SET NOT NULL skip its scan (PostgreSQL 12+), and the CHECK dropped again.
 */
import { notNullCheckName } from '../../model/constraint-names';
import type { SchemaView } from '../../model/schema/view';
import { quoteName } from '../../source/python/alembic-sql';
import type { OpCall } from '../../source/python/revision';
import type { ColumnSpec } from '../../source/python/sqlalchemy';
import { argumentOf, keyword, stringOf } from '../../source/python/values';
import type { FixSpec } from '../types';
import { AUTOCOMMIT_BLOCK } from './autocommit';
import { lineBreak, pyString, sourceOf, sqlLiteralOf, statementIndent } from './python-text';

const BATCH_SIZE = 10000;
const INTEGER_KEYS = new Set(['integer', 'bigint', 'smallint']);

/** The fix, or undefined when the call is not one it can rewrite (batch_op, computed names, a primary key). */
export function twoPhaseNotNullFix(text: string, call: OpCall, column: ColumnSpec, schema: SchemaView | undefined, postgresVersion: number): FixSpec | undefined {
  if (call.name !== 'add_column' || call.batch || call.spread || call.autocommit || postgresVersion < 12) return undefined;
  const indent = statementIndent(text, call);
  const tableArgument = argumentOf(call, ['table_name', 'column', 'schema'], 'table_name');
  const table = stringOf(tableArgument);
  const schemaArgument = argumentOf(call, ['table_name', 'column', 'schema'], 'schema');
  const schemaName = stringOf(schemaArgument);
  const nullable = keyword(column, 'nullable');
  const name = column.name.value;
  const check = table === undefined ? undefined : notNullCheckName(table, name);
  if (indent === undefined || !tableArgument || table === undefined || (schemaArgument && schemaName === undefined) || !nullable || !check || keyword(column, 'primary_key')) return undefined;

  const newline = lineBreak(text);
  const sqlTable = schemaName ? `${quoteName(schemaName)}.${quoteName(table)}` : quoteName(table);
  const sqlColumn = quoteName(name);
  const py = { table: sourceOf(text, tableArgument), column: pyString(name), check: pyString(check), schema: schemaArgument ? `, schema=${sourceOf(text, schemaArgument)}` : '' };
  const value = sqlLiteralOf(keyword(column, 'default')?.value);
  const key = value === undefined ? undefined : integerKey(schema, schemaName, table);
  const doBlock = value === undefined ? stopWhileNull(sqlTable, sqlColumn, `${schemaName ? `${schemaName}.` : ''}${table}.${name}`) : key ? keyRangeBackfill(sqlTable, sqlColumn, value, quoteName(key)) : ctidBackfill(sqlTable, sqlColumn, value);

  const lines: string[] = [];
  const nullableEdit = { start: nullable.value.start, end: nullable.value.end, newText: 'True' };
  const added = text.slice(call.start, nullable.value.start) + nullableEdit.newText + text.slice(nullable.value.end, call.end);
  lines.push(added);
  const execute = (sql: string, at: string): string[] => [`${at}op.execute(`, `${at}    """`, ...sql.split('\n').map((line) => `${at}    ${line}`), `${at}    """`, `${at})`];
  if (value === undefined) {
    lines.push(`${indent}# Existing rows need a value before NOT NULL: choose it, and fill them in batches here (this block stops the upgrade while any row is NULL).`);
    lines.push(...execute(doBlock, indent));
  } else {
    lines.push(`${indent}# Fill the existing rows in batches, each committed on its own, outside the revision's transaction.`);
    lines.push(`${indent}${AUTOCOMMIT_BLOCK}`, ...execute(doBlock, `${indent}    `));
  }
  lines.push(`${indent}# NOT NULL without a scan under ACCESS EXCLUSIVE: a CHECK added NOT VALID, validated in its own transaction, lets SET NOT NULL skip the scan.`);
  lines.push(`${indent}op.execute(${pyString(`ALTER TABLE ${sqlTable} ADD CONSTRAINT ${quoteName(check)} CHECK (${sqlColumn} IS NOT NULL) NOT VALID`)})`);
  lines.push(`${indent}${AUTOCOMMIT_BLOCK}`, `${indent}    op.execute(${pyString(`ALTER TABLE ${sqlTable} VALIDATE CONSTRAINT ${quoteName(check)}`)})`);
  lines.push(`${indent}op.alter_column(${py.table}, ${py.column}, nullable=False${py.schema})`);
  lines.push(`${indent}op.drop_constraint(${py.check}, ${py.table}, type_="check"${py.schema})`);
  const title =
    value === undefined
      ? `Add "${name}" nullable, then NOT NULL through a validated CHECK (choose the value for existing rows)`
      : `Add "${name}" nullable, fill existing rows with ${value} in batches, then NOT NULL through a validated CHECK`;
  return { title, edits: [{ start: call.start, end: call.end, newText: lines.join(newline) }] };
}

/** The table's single-column integer primary key, when the schema model knows it. */
function integerKey(schema: SchemaView | undefined, schemaName: string | undefined, table: string): string | undefined {
  const key = schema?.before.resolveRelation({ schema: schemaName, name: table });
  const relation = key ? schema!.before.relations.get(key) : undefined;
  const primary = relation?.constraints.find((constraint) => constraint.type === 'primary');
  if (!primary || primary.columns.length !== 1) return undefined;
  const column = relation!.columns.find((candidate) => candidate.name === primary.columns[0]);
  return column && INTEGER_KEYS.has(column.type.name) && !column.type.array ? column.name : undefined;
}

function keyRangeBackfill(table: string, column: string, value: string, key: string): string {
  return [
    'DO $$',
    'DECLARE',
    `  batch_size constant bigint := ${BATCH_SIZE};`,
    '  last_id bigint;',
    '  max_id bigint;',
    'BEGIN',
    `  SELECT min(${key}) - 1, max(${key}) INTO last_id, max_id FROM ${table};`,
    '  WHILE last_id < max_id LOOP',
    `    UPDATE ${table} SET ${column} = ${value}`,
    `    WHERE ${key} > last_id AND ${key} <= last_id + batch_size AND ${column} IS NULL;`,
    '    last_id := last_id + batch_size;',
    '    COMMIT;',
    '  END LOOP;',
    'END',
    '$$',
  ].join('\n');
}

/** Without an integer key: batches of rows still NULL, found by ctid (a TID scan each). */
function ctidBackfill(table: string, column: string, value: string): string {
  return [
    'DO $$',
    'DECLARE',
    '  updated bigint;',
    'BEGIN',
    '  LOOP',
    `    UPDATE ${table} SET ${column} = ${value}`,
    `    WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${table} WHERE ${column} IS NULL LIMIT ${BATCH_SIZE}));`,
    '    GET DIAGNOSTICS updated = ROW_COUNT;',
    '    EXIT WHEN updated = 0;',
    '    COMMIT;',
    '  END LOOP;',
    'END',
    '$$',
  ].join('\n');
}

function stopWhileNull(table: string, column: string, label: string): string {
  return [
    'DO $$',
    'BEGIN',
    `  IF EXISTS (SELECT FROM ${table} WHERE ${column} IS NULL) THEN`,
    `    RAISE EXCEPTION '${label.replace(/'/g, "''")} is NULL in existing rows: fill them in batches before it becomes NOT NULL';`,
    '  END IF;',
    'END',
    '$$',
  ].join('\n');
}
