/**
 * Ignore comments:
 *   -- schemaguard-ignore rule-id[, rule-id]       the next statement (or, written after a
 *                                                    statement on the same line, that statement)
 *   -- schemaguard-ignore-file rule-id[, rule-id]  the whole file
 * and the edits behind the "ignore for this statement / this file" quick fixes.
 */
import { indentationAt, insertAt, lineBreakOf, lineStartOf, startsLine } from './fix/edits';
import type { OffsetEdit } from './fix/types';
import type { Statement } from './source/document';
import type { Comment } from './source/splitter';

export const IGNORE_DIRECTIVE = 'schemaguard-ignore';
export const IGNORE_FILE_DIRECTIVE = 'schemaguard-ignore-file';

const DIRECTIVE = /^--\s*(schemaguard-ignore(?:-file)?)(?=\s|$)([^\n\r]*)$/;
const RULE_ID = /[a-z][a-z0-9-]*/y;

export interface IgnoreDirective {
  scope: 'statement' | 'file';
  comment: Comment;
  /** Offset right after the directive word, where the id list begins. */
  listStart: number;
  ids: Array<{ id: string; start: number; end: number }>;
  /** For statement scope: the index of the statement it applies to, if any. */
  statementIndex?: number;
}

export function parseIgnoreDirectives(text: string, comments: readonly Comment[], statements: readonly Statement[]): IgnoreDirective[] {
  const directives: IgnoreDirective[] = [];
  if (!text.includes(IGNORE_DIRECTIVE)) return directives;
  for (const comment of comments) {
    if (comment.kind !== 'line') continue;
    const match = DIRECTIVE.exec(text.slice(comment.start, comment.end));
    if (!match) continue;
    const listStart = comment.start + match[0].length - match[2].length;
    const directive: IgnoreDirective = {
      scope: match[1] === IGNORE_FILE_DIRECTIVE ? 'file' : 'statement',
      comment,
      listStart,
      ids: readIds(text, listStart, comment.end),
    };
    if (directive.scope === 'statement') directive.statementIndex = targetStatement(text, comment, statements);
    directives.push(directive);
  }
  return directives;
}

/** Rule ids separated by commas or spaces; anything after ` -- ` or the first other word is a reason. */
function readIds(text: string, from: number, to: number): IgnoreDirective['ids'] {
  const ids: IgnoreDirective['ids'] = [];
  let k = from;
  while (k < to) {
    while (k < to && (text[k] === ' ' || text[k] === '\t' || text[k] === ',')) k++;
    if (text.startsWith('--', k)) break;
    RULE_ID.lastIndex = k;
    const match = RULE_ID.exec(text);
    if (!match || match.index + match[0].length > to) break;
    const end = k + match[0].length;
    if (end < to && !/[\s,]/.test(text[end])) break;
    ids.push({ id: match[0], start: k, end });
    k = end;
  }
  return ids;
}

function targetStatement(text: string, comment: Comment, statements: readonly Statement[]): number | undefined {
  const lineStart = lineStartOf(text, comment.start);
  // a trailing comment applies to the statement that ends on its line
  for (let i = statements.length - 1; i >= 0; i--) {
    const statement = statements[i];
    const end = statement.semicolon ?? statement.end;
    if (end <= comment.start && end >= lineStart) return statement.index;
    if (end < lineStart) break;
  }
  return statements.find((statement) => statement.start >= comment.end)?.index;
}

/** The edit that makes the given rule ignored for one statement. */
export function ignoreStatementEdit(text: string, statement: Statement, ruleId: string, directives: readonly IgnoreDirective[]): OffsetEdit {
  const existing = directives.find((d) => d.scope === 'statement' && d.statementIndex === statement.index && d.comment.start < statement.start);
  if (existing) return appendId(existing, ruleId);
  const directive = `-- ${IGNORE_DIRECTIVE} ${ruleId}`;
  const newline = lineBreakOf(text);
  if (startsLine(text, statement.start)) {
    return insertAt(lineStartOf(text, statement.start), `${indentationAt(text, statement.start)}${directive}${newline}`);
  }
  return insertAt(statement.start, `${newline}${directive}${newline}`);
}

/** The edit that makes the given rule ignored in the whole file. */
export function ignoreFileEdit(text: string, ruleId: string, directives: readonly IgnoreDirective[]): OffsetEdit {
  const existing = directives.find((d) => d.scope === 'file');
  if (existing) return appendId(existing, ruleId);
  return insertAt(0, `-- ${IGNORE_FILE_DIRECTIVE} ${ruleId}${lineBreakOf(text)}`);
}

function appendId(directive: IgnoreDirective, ruleId: string): OffsetEdit {
  const last = directive.ids[directive.ids.length - 1];
  return last ? insertAt(last.end, `, ${ruleId}`) : insertAt(directive.listStart, ` ${ruleId}`);
}
