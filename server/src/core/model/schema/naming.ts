/**
 * The names PostgreSQL gives objects a statement leaves unnamed, as its own C code chooses them
 * (makeObjectName, ChooseRelationName, ChooseConstraintName, ChooseIndexColumnNames in
 * src/backend/commands/indexcmds.c and catalog/pg_constraint.c): `orders_customer_id_fkey`,
 * `orders_pkey`, `orders_email_key`, `orders_lower_idx1`, truncated to 63 bytes.
 */
import type { SchemaState } from './state';

/** NAMEDATALEN - 1: the longest name PostgreSQL keeps, in bytes. */
const MAX_NAME_BYTES = 63;

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes that does not cut a character (pg_mbcliplen). */
function clip(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const character of text) {
    const size = byteLength(character);
    if (used + size > bytes) break;
    used += size;
    end += character.length;
  }
  return text.slice(0, end);
}

/** makeObjectName: name1_name2_label, shortening the longer of name1 and name2 until it fits. */
export function makeObjectName(name1: string, name2: string | undefined, label: string | undefined): string {
  const overhead = (name2 !== undefined ? 1 : 0) + (label ? byteLength(label) + 1 : 0);
  const available = MAX_NAME_BYTES - overhead;
  let name1Bytes = byteLength(name1);
  let name2Bytes = name2 !== undefined ? byteLength(name2) : 0;
  while (name1Bytes + name2Bytes > available) {
    if (name1Bytes > name2Bytes) name1Bytes--;
    else name2Bytes--;
  }
  let result = clip(name1, name1Bytes);
  if (name2 !== undefined) result += `_${clip(name2, name2Bytes)}`;
  if (label) result += `_${label}`;
  return result;
}

/** ChooseRelationName: the first of name_label, name_label1, name_label2 ... that no relation or index in the schema has. */
export function chooseRelationName(state: SchemaState, schema: string, name1: string, name2: string | undefined, label: string, taken: ReadonlySet<string> = new Set()): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!state.relationNameTaken(schema, name) && !taken.has(name)) return name;
  }
}

/** ChooseConstraintName: as chooseRelationName, against the constraint names of the schema (and those chosen in the same statement). */
export function chooseConstraintName(state: SchemaState, schema: string, name1: string, name2: string | undefined, label: string, taken: ReadonlySet<string> = new Set()): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!state.constraintNameTaken(schema, name) && !taken.has(name)) return name;
  }
}

/**
 * ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: the column names joined with
 * `_`, stopping once the result is as long as a name can be.
 */
export function nameAddition(columns: readonly string[]): string {
  let result = '';
  for (const column of columns) {
    if (result !== '') result += '_';
    result += column;
    if (byteLength(result) >= MAX_NAME_BYTES) break;
  }
  return clip(result, MAX_NAME_BYTES);
}

/**
 * ChooseIndexColumnNames: a key's column name, or for an expression the name FigureColname gives it
 * (a function's name, else "expr"), made unique with 1, 2, ... as PostgreSQL does.
 */
export function uniqueIndexColumnNames(names: ReadonlyArray<string>): string[] {
  const result: string[] = [];
  for (const original of names) {
    let name = original;
    for (let i = 1; result.includes(name); i++) {
      const suffix = String(i);
      name = clip(original, MAX_NAME_BYTES - suffix.length) + suffix;
    }
    result.push(name);
  }
  return result;
}

/** Identifiers longer than 63 bytes are truncated by PostgreSQL's scanner; names built from them are too. */
export function truncateIdentifier(name: string): string {
  return byteLength(name) > MAX_NAME_BYTES ? clip(name, MAX_NAME_BYTES) : name;
}
