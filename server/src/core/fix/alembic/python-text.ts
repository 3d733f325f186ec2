/**
 * Writing Python for Alembic fixes: string literals, the indentation of a statement, the place to
 * add a keyword argument to a call. Edits are document offsets in the Python source.
 */
import type { OpCall } from '../../source/python/revision';
import type { Span } from '../../source/python/syntax';
import type { PyValue } from '../../source/python/values';
import { keyword } from '../../source/python/values';
import { indentationAt, lineStartOf } from '../edits';
import type { OffsetEdit } from '../types';

/** A Python string literal (double quotes) for `value`. */
export function pyString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

/** The source text of a value as written (a constant's name, op.f("..."), a literal). */
export function sourceOf(text: string, value: Span): string {
  return text.slice(value.start, value.end);
}

/** The indentation of the statement a call is, when the call is that whole statement (not `x = op...`, not after `;`). */
export function statementIndent(text: string, call: Span): string | undefined {
  const indent = indentationAt(text, call.start);
  if (lineStartOf(text, call.start) + indent.length !== call.start) return undefined;
  let end = call.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (end < text.length && text[end] !== '\n' && text[end] !== '\r' && text[end] !== '#') return undefined;
  return indent;
}

/** The file's line break. */
export function lineBreak(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** An edit that sets keyword argument `name` of a call to `value` (replacing it, or added before the closing parenthesis). */
export function setKeyword(text: string, call: OpCall, name: string, value: string): OffsetEdit {
  const existing = keyword(call, name);
  if (existing) return { start: existing.value.start, end: existing.value.end, newText: value };
  const close = call.end - 1;
  let before = close - 1;
  while (before > call.start && ' \t\r\n'.includes(text[before])) before--;
  const separator = text[before] === ',' || text[before] === '(' ? (text[before] === ',' ? ' ' : '') : ', ';
  const at = text[before] === ',' || text[before] === '(' ? before + 1 : close;
  return { start: at, end: at, newText: `${separator}${name}=${value}${text[before] === ',' ? ',' : ''}` };
}

/** A Python literal for a static value usable as SQL (str, number, bool), for backfills: the SQL literal. */
export function sqlLiteralOf(value: PyValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'str') return `'${value.value.replace(/'/g, "''")}'`;
  if (value.kind === 'number') return value.text.replace(/_/g, '');
  if (value.kind === 'bool') return value.value ? 'true' : 'false';
  return undefined;
}
