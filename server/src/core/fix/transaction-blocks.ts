/**
 * Fixes that change which transaction a statement runs in: move it after the COMMIT (or before
 * the BEGIN) of its block, split the block in two before it, or take a dbmate section out of
 * its transaction. Each returns undefined when the move could change what the migration does.
 */
import type { TransactionStmt } from 'libpg-query';
import type { FixSpec } from './types';
import type { FileContext } from '../model/file-context';
import type { Statement } from '../source/document';
import { insertAt, lineBreakOf, removeStatement, statementWithTerminator } from './edits';

const BLOCKS = new WeakMap<object, Map<number, Statement[]>>();

/** The statements sharing `statement`'s transaction block, in order (BEGIN and COMMIT included). */
export function blockStatements(context: FileContext, statement: Statement): Statement[] {
  const block = context.model.transaction(statement).block;
  if (block === undefined) return [];
  let blocks = BLOCKS.get(context.model);
  if (!blocks) {
    blocks = new Map();
    for (const other of context.statements) {
      const id = context.model.transaction(other).block;
      if (id === undefined) continue;
      const members = blocks.get(id) ?? [];
      members.push(other);
      blocks.set(id, members);
    }
    BLOCKS.set(context.model, blocks);
  }
  return blocks.get(block) ?? [];
}

function transactionKind(statement: Statement): string | undefined {
  return statement.is('TransactionStmt') ? (statement.node as TransactionStmt).kind : undefined;
}

function isBegin(statement: Statement): boolean {
  const kind = transactionKind(statement);
  return kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START';
}

/** The COMMIT (or ROLLBACK, ...) that ends the block of `statement`, if the file has one. */
export function closingStatement(context: FileContext, statement: Statement): Statement | undefined {
  return blockStatements(context, statement).find((other) => other.index > statement.index && transactionKind(other) !== undefined && !isBegin(other));
}

/** The BEGIN that opens the block of `statement`, if the file has one. */
export function openingStatement(context: FileContext, statement: Statement): Statement | undefined {
  return blockStatements(context, statement).find((other) => other.index < statement.index && isBegin(other));
}

/** True when a statement's text names any of `names` (case-insensitive, whole words). */
export function mentionsAny(statement: Statement, names: readonly string[]): boolean {
  const words = new Set(statement.tokens().map((token) => token.text.replace(/^"|"$/g, '').toLowerCase()));
  return names.some((name) => words.has(name.toLowerCase()));
}

/** `statement` with its `;`, where the text that replaces it is `replacement` (default: unchanged). */
function movedText(context: FileContext, statement: Statement, replacement?: string): string {
  const text = replacement ?? statementWithTerminator(context.text, statement);
  return statement.semicolon === undefined && !text.trimEnd().endsWith(';') ? `${text};` : text;
}

export interface MoveOptions {
  title: string;
  /** The text to put in the new place (default: the statement as written), without its `;`-less end. */
  replacement?: string;
  /** Names whose use by another statement of the block makes the move unsafe. */
  names?: readonly string[];
}

/**
 * Moves the statement after the COMMIT that closes its BEGIN block. Not offered when the block
 * ends otherwise (ROLLBACK, end of file) or a later statement of the block uses one of `names`.
 */
export function moveAfterCommit(context: FileContext, statement: Statement, options: MoveOptions): FixSpec | undefined {
  if (context.model.transaction(statement).openedBy !== 'begin') return undefined;
  const closing = closingStatement(context, statement);
  if (!closing || transactionKind(closing) !== 'TRANS_STMT_COMMIT' || closing.semicolon === undefined) return undefined;
  const between = blockStatements(context, statement).filter((other) => other.index > statement.index && other.index < closing.index);
  if (options.names && between.some((other) => mentionsAny(other, options.names!))) return undefined;
  const newline = lineBreakOf(context.text);
  return {
    title: options.title,
    edits: [removeStatement(context.text, statement), insertAt(closing.semicolon + 1, `${newline}${newline}${movedText(context, statement, options.replacement)}`)],
  };
}

/**
 * Moves the statement before the BEGIN that opens its block, so that it commits on its own
 * first. Not offered when an earlier statement of the block uses one of `names`.
 */
export function moveBeforeBegin(context: FileContext, statement: Statement, options: MoveOptions): FixSpec | undefined {
  if (context.model.transaction(statement).openedBy !== 'begin') return undefined;
  const opening = openingStatement(context, statement);
  if (!opening) return undefined;
  const between = blockStatements(context, statement).filter((other) => other.index > opening.index && other.index < statement.index);
  if (options.names && between.some((other) => mentionsAny(other, options.names!))) return undefined;
  const newline = lineBreakOf(context.text);
  return {
    title: options.title,
    edits: [insertAt(opening.start, `${movedText(context, statement, options.replacement)}${newline}${newline}`), removeStatement(context.text, statement)],
  };
}

/**
 * Ends the BEGIN block just before `statement` and opens a new one for the rest, so that the
 * locks taken so far are released first. Only for blocks that end in COMMIT.
 */
export function commitBefore(context: FileContext, statement: Statement, title: string): FixSpec | undefined {
  if (context.model.transaction(statement).openedBy !== 'begin') return undefined;
  const closing = closingStatement(context, statement);
  if (!closing || transactionKind(closing) !== 'TRANS_STMT_COMMIT') return undefined;
  const newline = lineBreakOf(context.text);
  return { title, edits: [insertAt(statement.start, `COMMIT;${newline}BEGIN;${newline}`)] };
}

const DBMATE_HEADER = /^--\s*migrate:(?:up|down)\b[^\r\n]*/gm;

/**
 * For a dbmate section that dbmate wraps in a transaction and that holds nothing but `statement`:
 * adds `transaction:false` to its `-- migrate:` line. dbmate sends a section as one command, and
 * PostgreSQL runs a command of several statements as one implicit transaction, so a section with
 * other statements cannot be freed this way. `extra` edits (e.g. adding CONCURRENTLY) come with it.
 */
export function dbmateWithoutTransaction(context: FileContext, statement: Statement, title: string, extra: FixSpec['edits'] = []): FixSpec | undefined {
  const transaction = context.model.transaction(statement);
  if (transaction.openedBy !== 'runner') return undefined;
  let header: RegExpExecArray | undefined;
  for (const match of context.text.matchAll(DBMATE_HEADER)) {
    if (match.index! < statement.start) header = match as RegExpExecArray;
  }
  if (!header || /transaction\s*:/i.test(header[0])) return undefined;
  const sectionEnd = header.index + header[0].length;
  const section = blockStatements(context, statement).filter((other) => other.start > sectionEnd);
  if (section.length !== 1 || section[0] !== statement) return undefined;
  return { title, edits: [insertAt(sectionEnd, ' transaction:false'), ...extra] };
}

/**
 * Runs the statement on its own, between two transactions of its BEGIN block: moved before the
 * BEGIN when it opens the block, after the COMMIT when it closes it, otherwise by ending the block
 * before it and opening a new one after it. Only for blocks that end in COMMIT.
 */
export function isolateFromBlock(context: FileContext, statement: Statement, title: string): FixSpec | undefined {
  if (context.model.transaction(statement).openedBy !== 'begin' || statement.semicolon === undefined) return undefined;
  const closing = closingStatement(context, statement);
  if (!closing || transactionKind(closing) !== 'TRANS_STMT_COMMIT') return undefined;
  const members = blockStatements(context, statement);
  const position = members.indexOf(statement);
  if (position > 0 && isBegin(members[position - 1])) return moveBeforeBegin(context, statement, { title });
  if (members[position + 1] === closing) return moveAfterCommit(context, statement, { title });
  const newline = lineBreakOf(context.text);
  return { title, edits: [insertAt(statement.start, `COMMIT;${newline}`), insertAt(statement.semicolon + 1, `${newline}BEGIN;`)] };
}
