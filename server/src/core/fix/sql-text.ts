/** Writing SQL text for fixes: identifiers quoted the way PostgreSQL's quote_ident() does. */
import type { RangeVar } from 'libpg-query';
import type { Statement } from '../source/document';
import { scanStatementText } from '../source/parser';

/**
 * The identifier as SQL text: bare when it is lower case, starts with a letter or underscore and
 * is not a keyword (unreserved keywords may stay bare), double-quoted otherwise.
 */
export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name)) {
    const tokens = scanStatementText(name);
    const keyword = tokens.length === 1 ? tokens[0].keywordName : 'NO_KEYWORD';
    if (keyword === 'NO_KEYWORD' || keyword === 'UNRESERVED_KEYWORD') return name;
  }
  return `"${name.replace(/"/g, '""')}"`;
}


/** The table as the statement names it (`public.users`, `"Users"`), with ONLY when the statement says ONLY. */
export function relationText(statement: Statement, relation: RangeVar): string {
  const start = statement.offsetOf(relation.location);
  const name = statement.text.slice(start - statement.start, statement.nameEnd(start) - statement.start);
  return relation.inh === true ? name : `ONLY ${name}`;
}
