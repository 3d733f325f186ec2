/**
 * Edits that turn an index or materialized-view statement into its CONCURRENTLY form, and the
 * `DROP INDEX CONCURRENTLY IF EXISTS` that must precede a rebuild guarded by IF NOT EXISTS.
 */
import type { IndexStmt } from 'libpg-query';
import type { FixSpec, OffsetEdit } from './types';
import type { FileContext } from '../model/file-context';
import type { Statement } from '../source/document';
import { insertAt, lineBreakOf, statementWithTerminator } from './edits';
import { dbmateWithoutTransaction, moveAfterCommit } from './transaction-blocks';

/** The edit that puts CONCURRENTLY after the first keyword `after` (INDEX, TABLE, VIEW). */
export function concurrentlyEdit(statement: Statement, after: string): OffsetEdit | undefined {
  const keyword = statement.findWord(after);
  return keyword ? insertAt(keyword.end, ' CONCURRENTLY') : undefined;
}

export function addConcurrently(statement: Statement, after: string, title: string): FixSpec | undefined {
  const edit = concurrentlyEdit(statement, after);
  return edit ? { title, edits: [edit] } : undefined;
}

/** The statement's text with its `;` and the given edits (document offsets inside it) applied. */
export function rewrittenText(text: string, statement: Statement, edits: readonly OffsetEdit[]): string {
  let result = statementWithTerminator(text, statement);
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start - statement.start) + edit.newText + result.slice(edit.end - statement.start);
  }
  return result;
}

/**
 * The index's name as written in the statement, qualified with the schema its table is written
 * with (an index lives in its table's schema), e.g. `app."Orders_idx"`; undefined if unnamed.
 */
export function writtenIndexName(statement: Statement<'IndexStmt'>): string | undefined {
  const node: IndexStmt = statement.node;
  if (!node.idxname || !node.relation) return undefined;
  const tableStart = statement.offsetOf(node.relation.location);
  const skip = new Set(['create', 'unique', 'index', 'concurrently', 'if', 'not', 'exists']);
  const name = statement.tokens().find((token) => token.end <= tableStart && token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT' && !skip.has(token.text.toLowerCase()));
  if (!name) return undefined;
  const tableTokens = statement.tokens().filter((token) => token.start >= tableStart && token.end <= statement.nameEnd(tableStart));
  const schema = tableTokens.length === 3 ? `${tableTokens[0].text}.` : '';
  return `${schema}${name.text}`;
}

/** `DROP INDEX CONCURRENTLY IF EXISTS name;` for the index a CREATE INDEX names. */
export function dropIndexFirst(statement: Statement<'IndexStmt'>): string | undefined {
  const name = writtenIndexName(statement);
  return name ? `DROP INDEX CONCURRENTLY IF EXISTS ${name};` : undefined;
}

export interface ConcurrentlyFixOptions {
  /** The keyword CONCURRENTLY goes after: INDEX, TABLE, ... */
  after: string;
  /** What the fixed statement is, for fix titles: 'CREATE INDEX CONCURRENTLY'. */
  label: string;
  /** A statement to run first (e.g. DROP INDEX CONCURRENTLY IF EXISTS), with its `;`. */
  before?: string;
  /** Names a later statement of the same transaction may use (the move is then not offered). */
  names?: readonly string[];
}

export type TransactionPlacement = 'blocking' | 'inTransaction' | 'inRunnerTransaction';

/**
 * Where a statement that should run CONCURRENTLY stands, and its fix: in place outside a
 * transaction; moved after COMMIT inside BEGIN/COMMIT; for a dbmate section whose other
 * statements may run without a transaction, with `transaction:false`; otherwise none.
 */
export function concurrentlyFix(context: FileContext, statement: Statement, options: ConcurrentlyFixOptions): { messageId: TransactionPlacement; fixes: FixSpec[] } {
  const transaction = context.model.transaction(statement);
  const edit = concurrentlyEdit(statement, options.after);
  const newline = lineBreakOf(context.text);
  const edits = edit ? [...(options.before ? [insertAt(statement.start, `${options.before}${newline}`)] : []), edit] : [];
  let messageId: TransactionPlacement = 'blocking';
  let fix: FixSpec | undefined;
  if (!transaction.inTransaction) {
    fix = edit ? { title: `Use ${options.label}`, edits } : undefined;
  } else if (transaction.openedBy === 'begin') {
    messageId = 'inTransaction';
    const replacement = edit ? `${options.before ? `${options.before}${newline}` : ''}${rewrittenText(context.text, statement, [edit])}` : undefined;
    fix = replacement ? moveAfterCommit(context, statement, { title: `Move after COMMIT as ${options.label}`, replacement, names: options.names }) : undefined;
  } else {
    messageId = 'inRunnerTransaction';
    // a statement added before it would make the section a command of several statements again
    fix = edit && !options.before ? dbmateWithoutTransaction(context, statement, `Run this dbmate migration without a transaction, with ${options.label}`, edits) : undefined;
  }
  return { messageId, fixes: fix ? [fix] : [] };
}
