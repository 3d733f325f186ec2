/**
 * Where each constraint written on a column definition (`c int NOT NULL DEFAULT 0 REFERENCES u`) sits
 * in the text, so that a fix can take one out (to add it later, or in its safe form elsewhere).
 * A constraint runs from its own location to the next constraint, COLLATE clause or the end of the
 * subcommand.
 */
import type { ColumnDef } from 'libpg-query';
import { columnConstraints } from '../model/alter-table';
import type { TextRange } from '../model/statement-ranges';
import { codeTokens } from '../model/statement-ranges';
import type { OffsetEdit } from './types';
import type { Statement } from '../source/document';


/**
 * One span per constraint of `column` (in the parse tree's order), within a subcommand that ends at
 * `commandEnd`; undefined when some location is missing.
 */
export function columnConstraintSpans(statement: Statement, column: ColumnDef, commandEnd: number): TextRange[] | undefined {
  const constraints = columnConstraints(column);
  const starts = constraints.map((constraint) => constraint.location);
  if (starts.some((location) => location === undefined || location < 0)) return undefined;
  const documentStarts = starts.map((location) => statement.offsetOf(location));
  const boundaries = [...documentStarts, commandEnd];
  const collate = column.collClause?.location;
  if (collate !== undefined && collate >= 0) boundaries.push(statement.offsetOf(collate));
  const tokens = codeTokens(statement);
  return documentStarts.map((start) => {
    const next = Math.min(...boundaries.filter((boundary) => boundary > start));
    const inside = tokens.filter((token) => token.start >= start && token.end <= next);
    return { start, end: inside.length > 0 ? inside[inside.length - 1].end : start };
  });
}

/** The edit that removes a span with the space before it (from the end of the previous token), leaving no double space. */
export function removeSpan(statement: Statement, span: TextRange): OffsetEdit {
  const before = codeTokens(statement).filter((token) => token.end <= span.start);
  const previous = before[before.length - 1];
  return { start: previous ? previous.end : span.start, end: span.end, newText: '' };
}
