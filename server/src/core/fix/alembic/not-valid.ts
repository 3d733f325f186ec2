/**
 * op.create_foreign_key / op.create_check_constraint on an existing table without the long lock:
 * the constraint added NOT VALID (op.execute of the SQL the call renders, with NOT VALID), then
 * VALIDATE CONSTRAINT in op.get_context().autocommit_block(), its own transaction after the
 * revision's has committed.
 */
import { quoteName } from '../../source/python/alembic-sql';
import type { FixSpec } from '../types';
import { AUTOCOMMIT_BLOCK } from './autocommit';
import { lineBreak, pyString, statementIndent } from './python-text';
import type { AlembicFixContext } from './types';

/** A bind parameter as SQLAlchemy's text() reads one (op.execute wraps strings in text()). */
const BIND_PARAMETER = /(?<![:\w\\]):\w/;

export function notValidConstraintAlembicFix(context: AlembicFixContext): FixSpec[] {
  const { call, statement, schema, text } = context;
  if ((call.name !== 'create_foreign_key' && call.name !== 'create_check_constraint') || call.batch || !statement.is('AlterTableStmt')) return [];
  const indent = statementIndent(text, call);
  const relation = statement.node.relation;
  if (indent === undefined || !relation?.relname || BIND_PARAMETER.test(statement.text)) return [];
  // the name VALIDATE needs: the call's, or the one PostgreSQL generates (the model replayed it)
  const key = schema?.after.resolveRelation({ schema: relation.schemaname, name: relation.relname });
  const made = key ? schema!.after.relations.get(key)?.constraints.find((constraint) => constraint.origin.file === schema!.file && constraint.origin.statement === statement.index) : undefined;
  if (!made) return [];
  const table = relation.schemaname ? `${quoteName(relation.schemaname)}.${quoteName(relation.relname)}` : quoteName(relation.relname);
  const newline = lineBreak(text);
  const validate = `op.execute(${pyString(`ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteName(made.name)}`)})`;
  const add = `op.execute(${pyString(`${statement.text} NOT VALID`)})`;
  const newText = call.autocommit
    ? `${add}${newline}${indent}${validate}`
    : `${add}${newline}${indent}${AUTOCOMMIT_BLOCK}${newline}${indent}    ${validate}`;
  return [{ title: `Add "${made.name}" NOT VALID, then VALIDATE it in op.get_context().autocommit_block()`, edits: [{ start: call.start, end: call.end, newText }] }];
}
