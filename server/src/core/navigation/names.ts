/**
 * Names as the scanner sees them: identifier tokens of a statement (keywords count, since
 * `name` or `status` are column names too), folded the way PostgreSQL folds them, and quoted back
 * for completion. Parse trees give a location for some names only (RangeVar, ColumnRef, ColumnDef,
 * ResTarget, Constraint); the others (index keys, constraint columns, ALTER TABLE subcommand
 * targets, DROP lists) are found among the tokens that follow a located part of the statement.
 */
import type { Statement, Token } from '../source/document';
import { scanStatementText } from '../source/parser';

const COMMENT_TOKENS = new Set(['SQL_COMMENT', 'C_COMMENT']);

export function isNameToken(token: Token): boolean {
  return token.tokenName === 'IDENT' || token.keywordName !== 'NO_KEYWORD';
}

/** The name a token stands for: quoted as written, unquoted with ASCII letters lowered (what PostgreSQL does in UTF-8). */
export function foldName(text: string): string {
  if (text.startsWith('"')) return text.slice(1, text.endsWith('"') && text.length > 1 ? -1 : undefined).replace(/""/g, '"');
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

const BARE = /^[a-z_\u0080-\uffff][a-z0-9_$\u0080-\uffff]*$/;

/** A name as it must be written in SQL: bare when PostgreSQL reads it back unchanged, quoted otherwise. */
export function quoteName(name: string): string {
  if (BARE.test(name)) {
    const [token] = scanStatementText(name);
    if (!token || (token.keywordName !== 'RESERVED_KEYWORD' && token.keywordName !== 'TYPE_FUNC_NAME_KEYWORD')) return name;
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** The tokens of one statement without comments, with lookups by document offset. */
export class StatementTokens {
  readonly list: Token[];

  constructor(readonly statement: Statement) {
    this.list = statement.tokens().filter((token) => !COMMENT_TOKENS.has(token.tokenName));
  }

  /** Index of the first token that ends after `offset` (the token at or after it). */
  indexAt(offset: number): number {
    let low = 0;
    let high = this.list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.list[mid].end <= offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The parts of a dotted name (`app."Orders"`, `o.customer_id`) whose first part starts at `offset`. */
  chainAt(offset: number): Token[] {
    let index = this.indexAt(offset);
    const parts: Token[] = [];
    while (index < this.list.length && isNameToken(this.list[index])) {
      parts.push(this.list[index]);
      const dot = this.list[index + 1];
      if (dot?.text !== '.' || dot.start !== this.list[index].end) break;
      index += 2;
    }
    return parts;
  }

  /** The first name token at or after `from` (and before `until`) that stands for `name`. */
  find(name: string, from: number, until = Infinity): Token | undefined {
    for (let index = this.indexAt(from); index < this.list.length; index++) {
      const token = this.list[index];
      if (token.start >= until) return undefined;
      if (token.start >= from && isNameToken(token) && foldName(token.text) === name) return token;
    }
    return undefined;
  }

  /** The first token at or after `from` whose text is `word` (case-insensitively). */
  findWord(word: string, from: number): Token | undefined {
    const upper = word.toUpperCase();
    for (let index = this.indexAt(from); index < this.list.length; index++) {
      if (this.list[index].text.toUpperCase() === upper) return this.list[index];
    }
    return undefined;
  }

  /**
   * Where the list element that starts at `offset` ends: before the `,` or `)` that closes it at its
   * own parenthesis depth (a column definition inside CREATE TABLE's list, say).
   */
  elementEnd(offset: number): number {
    let depth = 0;
    let end = offset;
    for (let index = this.indexAt(offset); index < this.list.length; index++) {
      const token = this.list[index];
      if (token.text === '(') depth++;
      else if (token.text === ')') {
        if (depth === 0) return end;
        depth--;
      } else if (token.text === ',' && depth === 0) return end;
      end = token.end;
    }
    return end;
  }
}
