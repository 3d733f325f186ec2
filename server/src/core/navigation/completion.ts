/**
 * Completion of table, column, index and constraint names inside a statement that is being
 * typed (so it rarely parses): the context comes from the scanner's tokens before the cursor,
 * the tables and aliases from the whole statement's tokens, the names from the schema before the
 * statement (the earlier files of the history and the earlier statements of this file).
 */
import type { SchemaState, WrittenName } from '../model/schema/state';
import { formatType } from '../model/schema/type-names';
import type { RelationKind, RelationModel } from '../model/schema/types';
import { scanStatementText } from '../source/parser';
import { foldName, quoteName } from './names';

export type CompletionKind = 'table' | 'view' | 'sequence' | 'column' | 'index' | 'constraint';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** The text that replaces the document range start..end (the part of the name typed so far). */
  insertText: string;
  start: number;
  end: number;
}

interface Word {
  text: string;
  upper: string;
  keyword: boolean;
  /** Identifiers and keywords: the name they stand for. */
  name?: string;
}

function wordsOf(text: string): Word[] {
  return scanStatementText(text)
    .filter((token) => token.tokenName !== 'SQL_COMMENT' && token.tokenName !== 'C_COMMENT')
    .map((token) => {
      const nameLike = token.tokenName === 'IDENT' || token.keywordName !== 'NO_KEYWORD';
      return { text: token.text, upper: token.text.toUpperCase(), keyword: token.keywordName !== 'NO_KEYWORD', name: nameLike ? foldName(token.text) : undefined };
    });
}

/** What may be completed at the cursor. */
type Want =
  | { what: 'relations'; kinds: 'tables' | 'readable'; schema?: string }
  | { what: 'columns'; tables: WrittenName[] }
  | { what: 'indexes' }
  | { what: 'constraints'; table: WrittenName };

const TABLE_KINDS: ReadonlySet<RelationKind> = new Set(['table', 'partitioned table', 'foreign table']);
const READABLE_KINDS: ReadonlySet<RelationKind> = new Set([...TABLE_KINDS, 'view', 'materialized view']);
const COLUMN_KEYWORDS = new Set(['SELECT', 'WHERE', 'AND', 'OR', 'BY', 'HAVING', 'RETURNING', 'DISTINCT', 'NOT']);
const CLAUSE_KEYWORDS = new Set(['FROM', 'JOIN', 'UPDATE', 'INTO', 'USING']);

/** A dotted name at words[at...]: its parts and the index after it. */
function nameAt(words: Word[], at: number): { name: WrittenName; next: number } | undefined {
  const parts: string[] = [];
  let index = at;
  while (words[index]?.name !== undefined) {
    parts.push(words[index].name!);
    if (words[index + 1]?.text !== '.') {
      index++;
      break;
    }
    index += 2;
    // `app.` with the rest not typed yet: not a name
    if (words[index]?.name === undefined) return undefined;
  }
  if (parts.length === 0) return undefined;
  return { name: { schema: parts.length > 1 ? parts[parts.length - 2] : undefined, name: parts[parts.length - 1] }, next: index };
}

/** The tables a statement reads or writes, by the name its column references use (alias or own name). */
function tablesOf(words: Word[]): Map<string, WrittenName> {
  const tables = new Map<string, WrittenName>();
  for (let index = 0; index < words.length; index++) {
    if (!CLAUSE_KEYWORDS.has(words[index].upper)) continue;
    let at = index + 1;
    for (;;) {
      if (words[at]?.upper === 'ONLY') at++;
      const found = nameAt(words, at);
      if (!found) break;
      at = found.next;
      if (words[at]?.upper === 'AS') at++;
      const alias = words[at] && !words[at].keyword && words[at].name !== undefined ? words[at].name : undefined;
      if (alias) at++;
      tables.set(alias ?? found.name.name, found.name);
      if (words[at]?.text !== ',' || words[index].upper !== 'FROM') break;
      at++;
    }
  }
  return tables;
}

/** The table an ALTER TABLE or CREATE INDEX ... ON (or the ON of a trigger, policy, grant) names. */
function targetOf(words: Word[]): WrittenName | undefined {
  if (words[0]?.upper === 'ALTER' && words[1]?.upper === 'TABLE') {
    let at = 2;
    if (words[at]?.upper === 'IF' && words[at + 1]?.upper === 'EXISTS') at += 2;
    if (words[at]?.upper === 'ONLY') at++;
    return nameAt(words, at)?.name;
  }
  const on = words.findIndex((word) => word.upper === 'ON');
  if (on < 0) return undefined;
  return nameAt(words, words[on + 1]?.upper === 'ONLY' ? on + 2 : on + 1)?.name;
}

/** Index of the `(` the cursor is inside, if any. */
function openParen(words: Word[]): number {
  let depth = 0;
  for (let index = words.length - 1; index >= 0; index--) {
    if (words[index].text === ')') depth++;
    else if (words[index].text === '(') {
      if (depth === 0) return index;
      depth--;
    }
  }
  return -1;
}

function wantAt(head: Word[], all: Word[]): Want | undefined {
  const last = head[head.length - 1];
  if (!last) return undefined;
  const first = head[0].upper;
  const previous = (back: number): string | undefined => head[head.length - 1 - back]?.upper;
  const tables = tablesOf(all);
  const target = targetOf(all);

  if (last.text === '.') {
    const qualifier = nameAt(head, head.length - 2)?.name.name ?? head[head.length - 2]?.name;
    if (!qualifier) return undefined;
    const table = tables.get(qualifier) ?? (target?.name === qualifier ? target : undefined);
    return table ? { what: 'columns', tables: [table] } : { what: 'relations', kinds: 'readable', schema: qualifier };
  }
  const word = last.upper;
  if (word === 'EXISTS' && previous(1) === 'IF') {
    const object = previous(2);
    if (object === 'TABLE') return { what: 'relations', kinds: 'tables' };
    if (object === 'INDEX' || object === 'CONCURRENTLY') return { what: 'indexes' };
    if (object === 'COLUMN' && target && first === 'ALTER') return { what: 'columns', tables: [target] };
    if (object === 'CONSTRAINT' && target && first === 'ALTER') return { what: 'constraints', table: target };
    return undefined;
  }
  if (word === 'TABLE') {
    if (first === 'CREATE') return undefined; // a new name
    return { what: 'relations', kinds: 'tables' };
  }
  if (word === 'ONLY' || CLAUSE_KEYWORDS.has(word) || word === 'REFERENCES' || word === 'TRUNCATE') {
    if (word === 'USING' && first !== 'DELETE') return undefined; // CREATE INDEX ... USING gin
    return { what: 'relations', kinds: word === 'FROM' || word === 'JOIN' || word === 'ONLY' ? 'readable' : 'tables' };
  }
  if ((word === 'INDEX' || word === 'CONCURRENTLY') && (first === 'DROP' || first === 'ALTER' || first === 'REINDEX')) return { what: 'indexes' };
  if (word === 'ON') {
    if (first === 'CREATE' || first === 'GRANT' || first === 'REVOKE') return { what: 'relations', kinds: 'tables' };
    if (first === 'COMMENT') return undefined;
    return { what: 'columns', tables: [...tables.values()] };
  }
  if (first === 'ALTER' && target) {
    if (word === 'COLUMN') return previous(1) === 'ADD' ? undefined : { what: 'columns', tables: [target] };
    if (word === 'ALTER' && head.length > 1) return { what: 'columns', tables: [target] };
    if (word === 'CONSTRAINT') return previous(1) === 'ADD' ? undefined : { what: 'constraints', table: target };
  }
  if (word === 'COLUMN' && first === 'COMMENT') return { what: 'relations', kinds: 'readable' };
  if (word === '(' || word === ',') {
    const dml = first === 'SELECT' || first === 'WITH' || first === 'UPDATE' || first === 'DELETE';
    const paren = openParen(head);
    if (paren < 0) return dml ? { what: 'columns', tables: [...tables.values()] } : undefined;
    // ON t (, ON t USING gin (, REFERENCES t (, INSERT INTO t (: the columns of t
    const named = nameBefore(head, paren);
    if (named && ['ON', 'ONLY', 'REFERENCES', 'INTO'].includes(named.keyword)) return { what: 'columns', tables: [named.name] };
    const before = head[paren - 1]?.upper;
    if (target && (before === 'INCLUDE' || (first === 'ALTER' && (before === 'KEY' || before === 'UNIQUE')))) return { what: 'columns', tables: [target] };
    return dml ? { what: 'columns', tables: [...tables.values()] } : undefined;
  }
  if (word === 'SET' && (first === 'UPDATE' || head.some((w) => w.upper === 'CONFLICT'))) return { what: 'columns', tables: target && first !== 'UPDATE' ? [target] : [...tables.values()] };
  if (COLUMN_KEYWORDS.has(word) || ['=', '<', '>', '<>', '!=', '<=', '>='].includes(last.text)) {
    if (first === 'SELECT' || first === 'WITH' || first === 'UPDATE' || first === 'DELETE' || (first === 'INSERT' && word === 'RETURNING')) return { what: 'columns', tables: [...tables.values()] };
  }
  return undefined;
}

/** The name right before the `(` at words[paren], and the keyword before that name (USING gin ( counts as ON t). */
function nameBefore(words: Word[], paren: number): { name: WrittenName; keyword: string } | undefined {
  let end = paren - 1;
  if (words[end - 1]?.upper === 'USING') {
    // ON t USING gin (
    end -= 2;
  }
  let start = end;
  while (start >= 2 && words[start - 1]?.text === '.') start -= 2;
  const found = words[start]?.name !== undefined ? nameAt(words, start) : undefined;
  if (!found || found.next !== end + 1) return undefined;
  return { name: found.name, keyword: words[start - 1]?.upper ?? '' };
}

const PARTIAL_NAME = /(?:"(?:[^"]|"")*|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*)$/;

function relationDetail(relation: RelationModel): string {
  return `${relation.kind} ${relation.schema}.${relation.name}`;
}

function kindOf(relation: RelationModel): CompletionKind {
  if (relation.kind === 'view' || relation.kind === 'materialized view') return 'view';
  return relation.kind === 'sequence' ? 'sequence' : 'table';
}

/**
 * Names to offer at `offset` of `text`, inside the statement that starts at `statementStart`
 * and ends at `statementEnd`, given the schema before that statement.
 */
export function completionsAt(text: string, statementStart: number, statementEnd: number, offset: number, state: SchemaState): CompletionEntry[] {
  const partial = PARTIAL_NAME.exec(text.slice(statementStart, offset))?.[0] ?? '';
  const start = offset - partial.length;
  const head = wordsOf(text.slice(statementStart, start));
  const all = wordsOf(text.slice(statementStart, Math.max(statementEnd, offset)));
  const want = wantAt(head, all.length >= head.length ? all : head);
  if (!want) return [];
  const entry = (label: string, kind: CompletionKind, detail: string | undefined, insertText = quoteName(label)): CompletionEntry => ({ label, kind, detail, insertText, start, end: offset });
  switch (want.what) {
    case 'relations': {
      const kinds = want.kinds === 'tables' ? TABLE_KINDS : READABLE_KINDS;
      const entries: CompletionEntry[] = [];
      for (const [key, relation] of state.relations) {
        if (!kinds.has(relation.kind) || (want.schema !== undefined && relation.schema !== want.schema)) continue;
        // a table outside search_path is written qualified
        const reachable = want.schema !== undefined || state.resolveRelation({ name: relation.name }) === key;
        entries.push(entry(relation.name, kindOf(relation), relationDetail(relation), reachable ? quoteName(relation.name) : `${quoteName(relation.schema)}.${quoteName(relation.name)}`));
      }
      return entries;
    }
    case 'columns': {
      const seen = new Set<string>();
      const entries: CompletionEntry[] = [];
      for (const table of want.tables) {
        const key = state.resolveRelation(table);
        const relation = key ? state.relations.get(key) : undefined;
        for (const column of relation?.columns ?? []) {
          if (seen.has(column.name)) continue;
          seen.add(column.name);
          entries.push(entry(column.name, 'column', `${formatType(column.type)}${column.notNull ? ' not null' : ''} (${relation!.name})`));
        }
      }
      return entries;
    }
    case 'indexes':
      return [...state.indexes.values()].map((index) => entry(index.name, 'index', `index on ${index.table}`));
    case 'constraints': {
      const key = state.resolveRelation(want.table);
      return (key ? state.relations.get(key)?.constraints ?? [] : []).map((constraint) => entry(constraint.name, 'constraint', constraint.type));
    }
  }
}
