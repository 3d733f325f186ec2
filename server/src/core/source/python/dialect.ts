/**
 * Dialect tests in revisions that run on several databases: `bind.dialect.name == "mysql"`,
 * `op.get_context().dialect.name != "sqlite"`, `bind.engine.name in ("mysql", "sqlite")`.
 * On PostgreSQL such a test has a known value, so the branch it guards runs or never does.
 */
import { stringValue } from './strings';
import type { SyntaxNode } from './syntax';
import { childrenOf, textOf } from './syntax';

/** The name SQLAlchemy's PostgreSQL dialect reports (`Dialect.name`, `Engine.name`). */
const POSTGRESQL = 'postgresql';

/** True or false when `node` compares a dialect name with string literals, undefined for any other expression. */
export function dialectTestOnPostgres(text: string, node: SyntaxNode | null | undefined): boolean | undefined {
  if (node?.name === 'ParenthesizedExpression') {
    const inner = childrenOf(node).filter((child) => child.name !== '(' && child.name !== ')');
    return inner.length === 1 ? dialectTestOnPostgres(text, inner[0]) : undefined;
  }
  if (node?.name !== 'BinaryExpression') return undefined;
  const children = childrenOf(node);
  const left = children[0];
  const right = children[children.length - 1];
  const operator = children
    .slice(1, -1)
    .map((child) => textOf(text, child))
    .join(' ');
  const [nameSide, literalSide] = isDialectName(text, left) ? [left, right] : isDialectName(text, right) ? [right, left] : [];
  if (!nameSide || !literalSide) return undefined;
  if (operator === '==' || operator === '!=') {
    const literal = literalOf(text, literalSide);
    if (literal === undefined) return undefined;
    return (literal === POSTGRESQL) === (operator === '==');
  }
  if ((operator === 'in' || operator === 'not in') && nameSide === left) {
    if (literalSide.name !== 'TupleExpression' && literalSide.name !== 'ArrayExpression') return undefined;
    const items = childrenOf(literalSide).filter((child) => !['(', ')', '[', ']', ','].includes(child.name));
    const literals = items.map((item) => literalOf(text, item));
    if (literals.some((literal) => literal === undefined)) return undefined;
    return literals.includes(POSTGRESQL) === (operator === 'in');
  }
  return undefined;
}

/** `<anything>.dialect.name` or `<anything>.engine.name`. */
function isDialectName(text: string, node: SyntaxNode | undefined): boolean {
  if (node?.name !== 'MemberExpression') return false;
  const [object, , property] = childrenOf(node);
  if (!property || textOf(text, property) !== 'name' || object?.name !== 'MemberExpression') return false;
  const owner = childrenOf(object)[2];
  return !!owner && ['dialect', 'engine'].includes(textOf(text, owner));
}

function literalOf(text: string, node: SyntaxNode): string | undefined {
  return node.name === 'String' ? stringValue(text, node)?.value : undefined;
}
