/**
 * What the queries kept in the schema ask of columns: the pattern matches (LIKE, ILIKE) and the
 * vector distances (pgvector's `<->`, `<=>`, `<#>`, `<+>`) that views, materialized views, SQL and
 * PL/pgSQL function bodies and index expressions apply to a table's column. Index-type checks read
 * them: an index is only worth asking for when the history shows a query it would serve.
 */
import type { A_Expr, CreateFunctionStmt, DefElem, IndexStmt, Node, RangeVar } from 'libpg-query';
import { parsePlPgSQLSync } from 'libpg-query';
import { Deparser } from 'pgsql-deparser';
import { parseStatementText } from '../../source/parser';
import { namesOf } from '../named-objects';
import { stringValueOf } from '../names';
import { forEachNode } from '../parse-tree';
import type { ReplayStep } from './replay-context';
import { qualify } from './state';
import type { OperatorUse, QueryOwner } from './types';

/** pgvector's distance operators: L2, cosine, negative inner product, L1. */
export const DISTANCE_OPERATORS: readonly string[] = ['<->', '<=>', '<#>', '<+>'];
/** LIKE and ILIKE as the parser names them. */
export const PATTERN_OPERATORS: readonly string[] = ['~~', '~~*'];
const RECORDED = new Set([...DISTANCE_OPERATORS, ...PATTERN_OPERATORS]);
/** Text a query must contain for one of the recorded operators to be in it (a cheap test before any parse). */
const MAY_USE = /<->|<=>|<#>|<\+>|~~|\blike\b|\bilike\b/i;

/** The key a query's uses are kept under: one entry per view, function or index (CREATE OR REPLACE overwrites it). */
export function queryKey(owner: QueryOwner): string {
  return `${owner.kind} ${owner.name}`;
}

/** Records the uses of one query (replacing what the same owner recorded before). */
function record(step: ReplayStep, owner: QueryOwner, trees: readonly unknown[], defaultTable?: string): void {
  // every tree comes from the statement's text: without an operator's spelling there, none uses one (most views of a dump)
  const uses = MAY_USE.test(step.statement.text) ? trees.flatMap((tree) => usesIn(step, tree, owner, defaultTable)) : [];
  const key = queryKey(owner);
  if (uses.length > 0) step.state.queryUses.set(key, uses);
  else step.state.queryUses.delete(key);
}

/** CREATE VIEW / CREATE MATERIALIZED VIEW: the uses of its query. */
export function recordViewQuery(step: ReplayStep, kind: 'view' | 'materialized view', relation: RangeVar | undefined, query: Node | undefined): void {
  if (!relation?.relname) return;
  const { key } = step.newKey(relation);
  record(step, { kind, name: key }, [query]);
}

/** CREATE INDEX: the uses of its expressions and predicate, whose columns are the indexed table's. */
export function recordIndexExpressions(step: ReplayStep, node: IndexStmt): void {
  const tableKey = step.relation(node.relation, true);
  if (!tableKey || !node.idxname) return;
  const table = step.state.relations.get(tableKey)!;
  record(step, { kind: 'index', name: qualify(table.schema, node.idxname) }, [node.indexParams, node.whereClause], tableKey);
}

/** CREATE FUNCTION / PROCEDURE in SQL or PL/pgSQL: the uses of the queries of its body. */
export function recordFunctionBody(step: ReplayStep, node: CreateFunctionStmt): void {
  const names = namesOf(node.funcname);
  const name = names.pop();
  if (!name) return;
  const owner: QueryOwner = { kind: 'function', name: qualify(step.state.creationSchema(names.pop()), name) };
  const options = (node.options ?? []).map((option) => (option as { DefElem?: DefElem }).DefElem).filter((option): option is DefElem => option !== undefined);
  const language = stringValueOf(options.find((option) => option.defname === 'language')?.arg).toLowerCase() || 'sql';
  const body = namesOf(((options.find((option) => option.defname === 'as')?.arg as { List?: { items?: Node[] } } | undefined)?.List?.items) ?? [])[0];
  if (node.sql_body) return record(step, owner, [node.sql_body]);
  if (body === undefined || !MAY_USE.test(body)) return record(step, owner, []);
  if (language === 'sql') return record(step, owner, treesOf(body));
  if (language === 'plpgsql') return record(step, owner, plpgsqlQueries(step, node).flatMap(treesOf));
}

function treesOf(text: string): unknown[] {
  const outcome = parseStatementText(text);
  if (outcome.ok) return outcome.statements.map((statement) => statement.node);
  // a PL/pgSQL condition or expression ("name LIKE 'a%'") is a query without its SELECT
  const asSelect = parseStatementText(`SELECT ${text}`);
  return asSelect.ok ? asSelect.statements.map((statement) => statement.node) : [];
}

/** The SQL of every query and expression of a PL/pgSQL body, as libpg-query's PL/pgSQL parser reads them. */
function plpgsqlQueries(step: ReplayStep, node: CreateFunctionStmt): string[] {
  const own = step.statement.is('CreateFunctionStmt') && step.statement.node === node;
  let text: string;
  try {
    text = own ? step.statement.text : Deparser.deparse({ CreateFunctionStmt: node } as Node);
  } catch {
    return [];
  }
  const queries: string[] = [];
  try {
    forEachNode(parsePlPgSQLSync(text), (kind, payload) => {
      if (kind === 'PLpgSQL_expr' && typeof payload.query === 'string' && MAY_USE.test(payload.query)) queries.push(payload.query);
    });
  } catch {
    return [];
  }
  return queries;
}

/** The recorded operators of a parse tree applied to a column of a relation the tree reads (or of `defaultTable`). */
function usesIn(step: ReplayStep, tree: unknown, owner: QueryOwner, defaultTable?: string): OperatorUse[] {
  const relations = relationsNamed(step, tree);
  const uses: OperatorUse[] = [];
  forEachNode(tree, (kind, payload) => {
    if (kind !== 'A_Expr') return;
    const expression = payload as A_Expr;
    const operator = namesOf(expression.name).pop() ?? '';
    if (!RECORDED.has(operator) || (expression.kind !== 'AEXPR_OP' && expression.kind !== 'AEXPR_LIKE' && expression.kind !== 'AEXPR_ILIKE')) return;
    const sides = PATTERN_OPERATORS.includes(operator) ? [[expression.lexpr, expression.rexpr]] : [[expression.lexpr, expression.rexpr], [expression.rexpr, expression.lexpr]];
    for (const [columnSide, other] of sides) {
      const column = columnOf(step, columnSide, relations, defaultTable);
      if (!column) continue;
      const constant = (other as { A_Const?: { sval?: { sval?: string } } } | undefined)?.A_Const?.sval?.sval;
      uses.push({ operator, table: column.table, column: column.name, constant, owner, at: step.ref() });
    }
  });
  return uses;
}

/** The relations a tree names in FROM clauses, by the names a column reference may qualify them with (alias, name). */
function relationsNamed(step: ReplayStep, tree: unknown): Map<string, string> {
  const named = new Map<string, string>();
  forEachNode(tree, (kind, payload) => {
    if (kind !== 'RangeVar') return;
    const relation = payload as RangeVar;
    if (!relation.relname) return;
    const key = step.state.resolveRelation({ schema: relation.schemaname, name: relation.relname });
    if (!key) return;
    named.set(relation.alias?.aliasname ?? relation.relname, key);
  });
  return named;
}

/** The relation and column a column reference reads: by its qualifier, else the only relation named in the query that has the column. */
function columnOf(step: ReplayStep, node: Node | undefined, relations: ReadonlyMap<string, string>, defaultTable?: string): { table: string; name: string } | undefined {
  const fields = ((node as { ColumnRef?: { fields?: Node[] } } | undefined)?.ColumnRef?.fields ?? []).map(stringValueOf);
  const name = fields.pop();
  if (!name) return undefined;
  const qualifier = fields.pop();
  const has = (key: string): boolean => step.state.relations.get(key)?.columns.some((column) => column.name === name) === true;
  if (qualifier !== undefined) {
    const key = relations.get(qualifier);
    return key && has(key) ? { table: key, name } : undefined;
  }
  const candidates = new Set([...relations.values(), ...(defaultTable ? [defaultTable] : [])].filter(has));
  return candidates.size === 1 ? { table: [...candidates][0], name } : undefined;
}

/** DROP FUNCTION / PROCEDURE / ROUTINE: its queries are gone. */
export function forgetFunction(step: ReplayStep, names: readonly string[]): void {
  const name = names[names.length - 1];
  if (!name) return;
  const schemas = names.length > 1 ? [names[names.length - 2]] : step.state.searchPath;
  for (const schema of schemas) step.state.queryUses.delete(queryKey({ kind: 'function', name: qualify(schema, name) }));
}
