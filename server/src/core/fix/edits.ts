/** Builders for the text edits that quick fixes and ignore actions are made of. */
import type { Statement } from '../source/document';
import type { OffsetEdit } from './types';

/** Applies non-overlapping edits (document offsets) to a text. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error(`overlapping edits at ${edit.start}-${edit.end}`);
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

/** The one edit that turns `text` into `target`: the part between their common start and common end replaced. */
export function editTowards(text: string, target: string): OffsetEdit {
  let start = 0;
  while (start < text.length && start < target.length && text[start] === target[start]) start++;
  let end = 0;
  while (end < text.length - start && end < target.length - start && text[text.length - 1 - end] === target[target.length - 1 - end]) end++;
  return { start, end: text.length - end, newText: target.slice(start, target.length - end) };
}

export function insertAt(offset: number, newText: string): OffsetEdit {
  return { start: offset, end: offset, newText };
}

/** Offset of the first character of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let k = offset;
  while (k > 0 && text[k - 1] !== '\n' && text[k - 1] !== '\r') k--;
  return k;
}

/** Offset after the end of the line holding `offset`, including its line break. */
export function nextLineStart(text: string, offset: number): number {
  let k = offset;
  while (k < text.length && text[k] !== '\n' && text[k] !== '\r') k++;
  if (text[k] === '\r') k++;
  if (text[k] === '\n') k++;
  return k;
}

/** The whitespace before the first character on the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let k = start;
  while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
  return text.slice(start, k);
}

/** True when only whitespace stands between the start of its line and `offset`. */
export function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStartOf(text, offset), offset).trim() === '';
}

let lastText: string | undefined;
let lastBreak = '\n';

/** The line break style the document already uses (remembered for the last document: fixes ask often). */
export function lineBreakOf(text: string): string {
  if (text !== lastText) {
    lastText = text;
    lastBreak = text.includes('\r\n') ? '\r\n' : '\n';
  }
  return lastBreak;
}

/** A statement with its `;` (source text, ready to be moved elsewhere). */
export function statementWithTerminator(text: string, statement: Statement): string {
  return text.slice(statement.start, statement.semicolon !== undefined ? statement.semicolon + 1 : statement.end);
}

/**
 * Removes a statement, its `;` and, when it sits alone on its lines, those whole lines;
 * returns the edit.
 */
export function removeStatement(text: string, statement: Statement): OffsetEdit {
  const end = statement.semicolon !== undefined ? statement.semicolon + 1 : statement.end;
  const lineStart = lineStartOf(text, statement.start);
  const afterLine = nextLineStart(text, end);
  const restOfLine = text.slice(end, afterLine).trim();
  if (startsLine(text, statement.start) && restOfLine === '') return { start: lineStart, end: afterLine, newText: '' };
  return { start: statement.start, end, newText: '' };
}
