/**
 * CREATE INDEX on a partitioned table, the way that does not block writes: CONCURRENTLY cannot
 * build an index on a partitioned table, so the index is created on the parent alone (`ON ONLY`,
 * instant, invalid until complete), built CONCURRENTLY on each partition, and each partition's
 * index attached to it (the parent's becomes valid with the last one). The partitions come from the
 * workspace schema; the names are the ones PostgreSQL would give (`<partition>_<columns>_idx`).
 */
import type { IndexStmt } from 'libpg-query';
import type { FileContext } from '../model/file-context';
import { chooseRelationName, nameAddition, uniqueIndexColumnNames } from '../model/schema/naming';
import { indexSpecOf } from '../model/schema/replay-index';
import type { SchemaState } from '../model/schema/state';
import type { RelationModel } from '../model/schema/types';
import type { Statement, Token } from '../source/document';
import { lineBreakOf, statementWithTerminator } from './edits';
import { quoteIdentifier } from './sql-text';
import type { FixSpec, OffsetEdit } from './types';

const BEFORE_NAME = new Set(['create', 'unique', 'index', 'concurrently', 'if', 'not', 'exists']);

function isComment(token: Token): boolean {
  return token.tokenName === 'SQL_COMMENT' || token.tokenName === 'C_COMMENT';
}

/** The partitions of a partitioned table in the schema, or undefined when one is partitioned itself. */
export function leafPartitions(state: SchemaState, tableKey: string): RelationModel[] | undefined {
  const partitions = [...state.relations.values()].filter((relation) => relation.partitionOf === tableKey);
  return partitions.some((partition) => partition.kind === 'partitioned table') ? undefined : partitions;
}

function qualified(schema: string, name: string): string {
  return schema === 'public' ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** The statement's text with edits (document offsets inside it) applied, with its `;`. */
function rewritten(text: string, statement: Statement, edits: readonly OffsetEdit[]): string {
  let result = statementWithTerminator(text, statement);
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start - statement.start) + edit.newText + result.slice(edit.end - statement.start);
  }
  return result;
}

export function partitionedIndexFix(context: FileContext, statement: Statement<'IndexStmt'>, parent: RelationModel, partitions: readonly RelationModel[], state: SchemaState): FixSpec | undefined {
  const node: IndexStmt = statement.node;
  if (!node.relation || context.model.transaction(statement).inTransaction || partitions.length === 0) return undefined;
  const tableStart = statement.offsetOf(node.relation.location);
  const tableEnd = statement.nameEnd(tableStart);
  const head = statement.tokens().filter((token) => token.end <= tableStart && !isComment(token));
  const indexKeyword = head.find((token) => token.text.toLowerCase() === 'index');
  if (!indexKeyword) return undefined;
  const concurrently = head.find((token) => token.text.toLowerCase() === 'concurrently');
  const afterKeywords = head.filter((token) => BEFORE_NAME.has(token.text.toLowerCase())).pop()!;
  const nameToken = node.idxname ? head.find((token) => token.start > indexKeyword.start && !BEFORE_NAME.has(token.text.toLowerCase()) && token.text.toLowerCase() !== 'on') : undefined;
  const spec = indexSpecOf(node);
  const addition = nameAddition(uniqueIndexColumnNames(spec.nameColumns));
  const parentName = node.idxname ?? chooseRelationName(state, parent.schema, parent.name, addition, 'idx');
  const nameEdit = (name: string): OffsetEdit => (nameToken ? { start: nameToken.start, end: nameToken.end, newText: quoteIdentifier(name) } : { start: afterKeywords.end, end: afterKeywords.end, newText: ` ${quoteIdentifier(name)}` });
  const relationText = statement.text.slice(tableStart - statement.start, tableEnd - statement.start);

  const parentEdits: OffsetEdit[] = [nameEdit(parentName), { start: tableStart, end: tableEnd, newText: `ONLY ${relationText}` }];
  if (concurrently) parentEdits.push({ start: concurrently.start - 1, end: concurrently.end, newText: '' });
  const lines = [rewritten(context.text, statement, parentEdits)];
  const taken = new Set<string>([parentName]);
  const attach: string[] = [];
  for (const partition of partitions) {
    const name = chooseRelationName(state, partition.schema, partition.name, addition, 'idx', taken);
    taken.add(name);
    const edits: OffsetEdit[] = [nameEdit(name), { start: tableStart, end: tableEnd, newText: qualified(partition.schema, partition.name) }];
    if (!concurrently) edits.push({ start: indexKeyword.end, end: indexKeyword.end, newText: ' CONCURRENTLY' });
    lines.push(rewritten(context.text, statement, edits));
    attach.push(`ALTER INDEX ${qualified(parent.schema, parentName)} ATTACH PARTITION ${qualified(partition.schema, name)};`);
  }
  const newline = lineBreakOf(context.text);
  return {
    title: `Build the index on each of the ${partitions.length} partitions CONCURRENTLY and attach it to an ON ONLY index on ${parent.name}`,
    edits: [{ start: statement.start, end: statement.semicolon !== undefined ? statement.semicolon + 1 : statement.end, newText: [...lines, ...attach].join(newline) }],
  };
}
