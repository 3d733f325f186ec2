/**
 * Where a fix puts statements that must run in a transaction of their own after a given statement
 * (VALIDATE CONSTRAINT after NOT VALID, SET NOT NULL after the validated CHECK): right after the
 * statement when it runs outside any transaction block, after the COMMIT that closes its block when
 * BEGIN opened one. When the migration runner wraps the whole file there is no such place in the
 * file (it takes a later migration), and none either when the block ends in ROLLBACK or never ends.
 */
import type { TransactionStmt } from 'libpg-query';
import type { FixSpec, OffsetEdit } from './types';
import type { FileContext } from '../model/file-context';
import type { Statement } from '../source/document';
import { lineBreakOf, nextLineStart } from './edits';
import { closingStatement } from './transaction-blocks';

export interface InsertionPoint {
  /** Document offset to insert at. */
  offset: number;
  /** Text the insertion must start with: `;` when the statement there lacks its terminator. */
  prefix: string;
}

/** Right after the statement's `;`, or at the end of its line when only a `--` comment follows it there. */
export function afterStatement(statement: Statement, text: string): InsertionPoint {
  if (statement.semicolon === undefined) return { offset: statement.end, prefix: ';' };
  const offset = statement.semicolon + 1;
  const lineEnd = nextLineStart(text, offset);
  const rest = text.slice(offset, lineEnd).replace(/\r?\n$/, '');
  if (/^[ \t]*--/.test(rest)) return { offset: offset + rest.length, prefix: '' };
  return { offset, prefix: '' };
}

/** The COMMIT that ends the transaction block `statement` runs in, when BEGIN opened it. */
export function closingCommit(context: FileContext, statement: Statement): Statement | undefined {
  if (context.model.transaction(statement).openedBy !== 'begin') return undefined;
  const closing = closingStatement(context, statement);
  if (!closing) return undefined;
  const node = closing.node as TransactionStmt;
  return node.kind === 'TRANS_STMT_COMMIT' && !node.chain ? closing : undefined;
}

export function afterItsTransaction(context: FileContext, statement: Statement): InsertionPoint | undefined {
  const transaction = context.model.transaction(statement);
  if (!transaction.inTransaction) return afterStatement(statement, context.text);
  const commit = closingCommit(context, statement);
  return commit ? afterStatement(commit, context.text) : undefined;
}

/** The text that inserts `statements` (each with its `;`) on lines of their own at `point`. */
export function statementsText(context: FileContext, point: InsertionPoint, statements: readonly string[]): string {
  const newline = lineBreakOf(context.text);
  return `${point.prefix}${statements.map((sql) => `${newline}${sql}`).join('')}`;
}

/** One finding's share of a fix: edits in place, and statements to run after its transaction. */
export interface DeferredPart {
  point: InsertionPoint;
  edits: OffsetEdit[];
  later: string[];
}

/**
 * One fix per insertion point: the parts that put statements at the same place (the same COMMIT,
 * the same statement) are merged, so that applying every finding's first fix never drops one.
 * Returns the merged fix of each part, in order (undefined stays undefined).
 */
export function mergeByInsertionPoint(context: FileContext, parts: ReadonlyArray<DeferredPart | undefined>, title: string): Array<FixSpec | undefined> {
  const groups = new Map<number, DeferredPart[]>();
  for (const part of parts) if (part) groups.set(part.point.offset, [...(groups.get(part.point.offset) ?? []), part]);
  const fixes = new Map<number, FixSpec>();
  for (const [offset, group] of groups) {
    const point = group[0].point;
    const later = group.flatMap((part) => part.later);
    fixes.set(offset, { title, edits: [...group.flatMap((part) => part.edits), { start: offset, end: offset, newText: statementsText(context, point, later) }] });
  }
  return parts.map((part) => (part ? fixes.get(part.point.offset) : undefined));
}
