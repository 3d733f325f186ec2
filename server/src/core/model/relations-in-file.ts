/**
 * What a statement acts on, as far as this file tells: whether a relation was created earlier in
 * the file (so it is new, empty and unseen: its locks block nobody), which table an index named
 * by an earlier CREATE INDEX belongs to, and where a finding on a statement should end.
 */
import type { RangeVar } from 'libpg-query';
import type { RuleContext } from '../rules/types';
import type { Statement, Token } from '../source/document';
import type { RelationKind, RelationLock } from './locks';
import { locksOf, objectNames, rangeVarOf } from './locks';

/** An identifier token's name as PostgreSQL reads it: quoted names verbatim, others folded to lower case. */
export function identifierOf(token: Token): string {
  return token.text.startsWith('"') ? token.text.slice(1, -1).replace(/""/g, '"') : token.text.toLowerCase();
}

function sameName(relation: RangeVar | undefined, name: RangeVar): boolean {
  if (!relation?.relname || relation.relname !== name.relname) return false;
  return !relation.schemaname || !name.schemaname || relation.schemaname === name.schemaname;
}

/** The table of the index `index`, when an earlier CREATE INDEX of this file names both. */
export function tableOfIndex(context: RuleContext, index: RangeVar, before: Statement): RangeVar | undefined {
  let table: RangeVar | undefined;
  for (const statement of context.statementsOf('IndexStmt')) {
    if (statement.index >= before.index) break;
    if (statement.node.idxname === index.relname) table = statement.node.relation;
  }
  return table;
}

/** True when an earlier statement of this file created the relation (so nothing else sees it yet). */
export function createdEarlier(context: RuleContext, relation: RangeVar | undefined, kind: RelationKind, before: Statement): boolean {
  if (!relation) return false;
  if (kind === 'index') {
    const table = tableOfIndex(context, relation, before);
    return !!table && context.model.createdInFile(table, before);
  }
  if (context.model.createdInFile(relation, before)) return true;
  return context.statements.some(
    (statement) =>
      statement.index < before.index &&
      ((statement.is('ViewStmt') && sameName(statement.node.view, relation)) || (statement.is('CreateSeqStmt') && sameName(statement.node.sequence, relation))),
  );
}

/** The locks `statement` takes on relations that existed before this file ran. */
export function locksOnExisting(context: RuleContext, statement: Statement): RelationLock[] {
  return locksOf(statement, { postgresVersion: context.settings.postgresVersion }).filter(
    (lock) => !createdEarlier(context, lock.relation, lock.kind, statement),
  );
}

/** End offset of the first occurrence of a possibly qualified name (e.g. ['app', 'orders_idx']) in the statement. */
export function nameEndOf(statement: Statement, names: readonly string[]): number | undefined {
  const first = names[0];
  const token = statement.tokens().find((candidate) => candidate.tokenName === 'IDENT' || candidate.keywordName !== 'NO_KEYWORD' ? identifierOf(candidate) === first : false);
  return token ? statement.nameEnd(token.start) : undefined;
}

/** Where a finding about `statement` ends: after the name of the relation it acts on, else after its first line. */
export function headEnd(statement: Statement, relation?: RangeVar): number {
  if (relation?.location !== undefined) return statement.nameEnd(statement.offsetOf(relation.location));
  if (relation?.relname) {
    const end = nameEndOf(statement, relation.schemaname ? [relation.schemaname, relation.relname] : [relation.relname]);
    if (end !== undefined) return end;
  }
  const newline = statement.text.search(/[\r\n]/);
  return newline < 0 ? statement.end : statement.start + newline;
}

/** The relations a DROP statement names, as RangeVars (without locations). */
export function droppedRelations(statement: Statement<'DropStmt'>): RangeVar[] {
  return (statement.node.objects ?? []).map((object) => rangeVarOf(objectNames(object))).filter((relation) => relation !== undefined);
}
