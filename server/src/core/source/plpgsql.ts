/**
 * The SQL inside a PL/pgSQL DO block as a small program: statements in the order written and IF
 * branches with their conditions, as libpg-query's PL/pgSQL parser reads them. Migrations wrap
 * conditional DDL this way (`IF NOT EXISTS (...) THEN ALTER TABLE ... END IF`). EXECUTE of a
 * constant string counts as a statement; loops and EXECUTE of a computed string cannot be known
 * without running the block and are left out; EXCEPTION handlers are left out (the body is what
 * normally runs).
 */
import { parsePlPgSQLSync } from 'libpg-query';

export type BlockStep = { kind: 'sql'; text: string } | { kind: 'if'; branches: Array<{ condition?: string; body: BlockStep[] }> };

const cache = new Map<string, BlockStep[]>();
const CACHE_LIMIT = 500;

export function doBlockProgram(text: string): BlockStep[] {
  const cached = cache.get(text);
  if (cached) return cached;
  let program: BlockStep[] = [];
  try {
    const tree = parsePlPgSQLSync(text) as { plpgsql_funcs?: Array<{ PLpgSQL_function?: { action?: unknown } }> };
    program = steps([tree.plpgsql_funcs?.[0]?.PLpgSQL_function?.action]);
  } catch {
    program = [];
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, program);
  return program;
}

type Expr = { PLpgSQL_expr?: { query?: string } } | undefined;

function steps(nodes: readonly unknown[] | undefined): BlockStep[] {
  const result: BlockStep[] = [];
  for (const node of nodes ?? []) {
    const record = (node ?? {}) as Record<string, Record<string, unknown> | undefined>;
    if (record.PLpgSQL_stmt_block) result.push(...steps(record.PLpgSQL_stmt_block.body as unknown[]));
    else if (record.PLpgSQL_stmt_execsql) {
      const query = (record.PLpgSQL_stmt_execsql.sqlstmt as Expr)?.PLpgSQL_expr?.query;
      if (query) result.push({ kind: 'sql', text: query });
    } else if (record.PLpgSQL_stmt_dynexecute) {
      const literal = constantString((record.PLpgSQL_stmt_dynexecute.query as Expr)?.PLpgSQL_expr?.query ?? '');
      if (literal) result.push({ kind: 'sql', text: literal });
    } else if (record.PLpgSQL_stmt_if) {
      const statement = record.PLpgSQL_stmt_if;
      const branches: Array<{ condition?: string; body: BlockStep[] }> = [
        { condition: (statement.cond as Expr)?.PLpgSQL_expr?.query ?? 'unknown', body: steps(statement.then_body as unknown[]) },
      ];
      for (const entry of (statement.elsif_list as unknown[] | undefined) ?? []) {
        const elsif = (entry as { PLpgSQL_if_elsif?: { cond?: Expr; stmts?: unknown[] } }).PLpgSQL_if_elsif;
        branches.push({ condition: elsif?.cond?.PLpgSQL_expr?.query ?? 'unknown', body: steps(elsif?.stmts) });
      }
      if (statement.else_body) branches.push({ body: steps(statement.else_body as unknown[]) });
      result.push({ kind: 'if', branches });
    }
  }
  return result;
}

/** The value of a single SQL string literal ('...' with '' doubled, or $$...$$), else undefined. */
function constantString(expression: string): string | undefined {
  const text = expression.trim();
  const quoted = /^'((?:[^']|'')*)'$/s.exec(text);
  if (quoted) return quoted[1].replace(/''/g, "'");
  const dollar = /^\$([A-Za-z_]*)\$([\s\S]*)\$\1\$$/.exec(text);
  return dollar ? dollar[2] : undefined;
}
