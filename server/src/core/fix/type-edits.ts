/** Edits that rewrite a column's type where a column definition writes it (`created_at timestamp(3)` -> `timestamptz(3)`). */
import { typeChangeReachesOthers } from '../model/column-usage';
import type { ColumnWrite } from '../model/column-writes';
import type { FileContext } from '../model/file-context';
import type { TextRange } from '../model/statement-ranges';
import { codeTokens } from '../model/statement-ranges';
import type { Statement } from '../source/document';
import type { FixSpec, OffsetEdit } from './types';

/** `text` in the letter case `written` uses: upper case when it is written in upper case. */
export function inCaseOf(written: string, text: string): string {
  return written !== written.toLowerCase() && written === written.toUpperCase() ? text.toUpperCase() : text;
}

function tokensIn(statement: Statement, range: TextRange) {
  return codeTokens(statement, range.start).filter((token) => token.end <= range.end);
}

/** The edit that writes `type` in place of the whole type name at `range`, in the case the type was written in. */
export function replaceType(statement: Statement, range: TextRange, type: string): OffsetEdit {
  const written = tokensIn(statement, range)[0]?.text ?? '';
  return { start: range.start, end: range.end, newText: inCaseOf(written, type) };
}

/**
 * Edits that rename one word of a type name (`timestamp` -> `timestamptz`, `json` -> `jsonb`),
 * keeping its modifiers, array bounds and schema, and drop a phrase (`without time zone`);
 * undefined when the word is not written there.
 */
export function renameTypeWord(statement: Statement, range: TextRange, word: string, renamed: string, dropPhrase: readonly string[] = []): OffsetEdit[] | undefined {
  const tokens = tokensIn(statement, range);
  const target = tokens.find((token) => token.text.toLowerCase() === word);
  if (!target) return undefined;
  const edits: OffsetEdit[] = [{ start: target.start, end: target.end, newText: inCaseOf(target.text, renamed) }];
  if (dropPhrase.length > 0) {
    const at = tokens.findIndex((_, index) => dropPhrase.every((part, offset) => tokens[index + offset]?.text.toLowerCase() === part));
    if (at > 0) edits.push({ start: tokens[at - 1].end, end: tokens[at + dropPhrase.length - 1].end, newText: '' });
  }
  return edits;
}

/**
 * The fix that renames a column's type word where this file creates the column, when nothing else
 * depends on the old type (see typeChangeReachesOthers); none in a schema dump, which is regenerated
 * from the database rather than edited.
 */
export function renameTypeFix(context: FileContext, write: ColumnWrite, word: string, renamed: string, dropPhrase: readonly string[] = []): FixSpec[] {
  if (!write.definition || context.model.schemaDump || typeChangeReachesOthers(context.schema.final, write.tableKey, write.column.name)) return [];
  const edits = renameTypeWord(write.statement, write.range, word, renamed, dropPhrase);
  return edits ? [{ title: `Change the type to ${renamed}`, edits }] : [];
}
