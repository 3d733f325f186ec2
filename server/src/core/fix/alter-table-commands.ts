/**
 * Where each subcommand of an ALTER TABLE sits in the text. The parser gives AlterTableCmd no
 * location, so the subcommands are found by splitting the tokens after the table name at commas
 * outside parentheses and brackets.
 */
import type { Statement } from '../source/document';

export interface CommandRange {
  /** Document offsets (UTF-16) of the subcommand's first and last characters (comments excluded). */
  start: number;
  end: number;
  /** The comma before this subcommand (document offset), for the second and later subcommands. */
  commaBefore?: number;
}

const OPEN = new Set(['(', '[']);
const CLOSE = new Set([')', ']']);

/** One range per subcommand, in order; undefined when the text does not split into as many parts. */
export function alterTableCommandRanges(statement: Statement<'AlterTableStmt'>): CommandRange[] | undefined {
  const relation = statement.node.relation;
  if (!relation) return undefined;
  const afterName = statement.nameEnd(statement.offsetOf(relation.location));
  const tokens = statement.tokens().filter((token) => token.start >= afterName && !token.tokenName.endsWith('COMMENT'));
  const ranges: CommandRange[] = [];
  let depth = 0;
  let current: CommandRange | undefined;
  let commaBefore: number | undefined;
  for (const token of tokens) {
    if (depth === 0 && token.text === ',') {
      if (current) ranges.push(current);
      current = undefined;
      commaBefore = token.start;
      continue;
    }
    if (OPEN.has(token.text)) depth++;
    else if (CLOSE.has(token.text)) depth = Math.max(0, depth - 1);
    if (!current) current = { start: token.start, end: token.end, commaBefore };
    else current.end = token.end;
  }
  if (current) ranges.push(current);
  return ranges.length === (statement.node.cmds ?? []).length ? ranges : undefined;
}

/**
 * The edit range that removes subcommand `index` with its separating comma: the comma before it,
 * or for the first subcommand the comma after it.
 */
export function commandRemovalRange(ranges: readonly CommandRange[], index: number): { start: number; end: number } {
  const range = ranges[index];
  if (range.commaBefore !== undefined) return { start: range.commaBefore, end: range.end };
  const next = ranges[index + 1];
  return next ? { start: range.start, end: next.start } : { start: range.start, end: range.end };
}
