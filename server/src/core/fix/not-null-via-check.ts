/**
 * SET NOT NULL without a scan under ACCESS EXCLUSIVE (PostgreSQL 12+): a CHECK (c IS NOT NULL)
 * added NOT VALID, validated in its own transaction (SHARE UPDATE EXCLUSIVE), lets SET NOT NULL skip
 * its scan; the CHECK is then dropped. Shared by the rules whose fix ends in a NOT NULL column.
 */
import type { Constraint, Node } from 'libpg-query';
import { notNullCheckName } from '../model/constraint-names';
import { namesOf } from '../model/named-objects';
import { quoteIdentifier } from './sql-text';

/** The first PostgreSQL version whose SET NOT NULL uses a validated CHECK instead of scanning. */
export const SET_NOT_NULL_USES_CHECK_FROM = 12;

export interface NotNullSteps {
  addCheck: string;
  validate: string;
  setNotNull: string;
  dropCheck: string;
}

/** The four statements for `table` (as SQL text) whose name is `relname`; undefined when the CHECK's name would be too long. */
export function notNullViaCheck(table: string, relname: string, column: string): NotNullSteps | undefined {
  const name = notNullCheckName(relname, column);
  if (!name) return undefined;
  const check = quoteIdentifier(name);
  const col = quoteIdentifier(column);
  return {
    addCheck: `ALTER TABLE ${table} ADD CONSTRAINT ${check} CHECK (${col} IS NOT NULL) NOT VALID;`,
    validate: `ALTER TABLE ${table} VALIDATE CONSTRAINT ${check};`,
    setNotNull: `ALTER TABLE ${table} ALTER COLUMN ${col} SET NOT NULL;`,
    dropCheck: `ALTER TABLE ${table} DROP CONSTRAINT ${check};`,
  };
}

/** For a column that is still NULL in old rows: where the backfill goes, then the four steps. */
export function notNullAfterBackfill(steps: NotNullSteps, column: string): string[] {
  return [
    `-- Backfill ${quoteIdentifier(column)} of existing rows in batches here: VALIDATE fails while a row holds NULL.`,
    steps.addCheck,
    steps.validate,
    steps.setNotNull,
    steps.dropCheck,
  ];
}

/** True when the constraint proves `column` is never NULL: CHECK (column IS NOT NULL [AND ...]) or NOT NULL column (PostgreSQL 18). */
export function provesNotNull(constraint: Constraint, column: string): boolean {
  if (constraint.contype === 'CONSTR_NOTNULL') return namesOf(constraint.keys).includes(column);
  if (constraint.contype !== 'CONSTR_CHECK') return false;
  return conjuncts(constraint.raw_expr).some((term) => {
    const test = (term as { NullTest?: { arg?: Node; nulltesttype?: string } }).NullTest;
    if (test?.nulltesttype !== 'IS_NOT_NULL') return false;
    const fields = namesOf((test.arg as { ColumnRef?: { fields?: Node[] } } | undefined)?.ColumnRef?.fields);
    return fields[fields.length - 1] === column;
  });
}

function conjuncts(expression: Node | undefined): Node[] {
  const bool = (expression as { BoolExpr?: { boolop?: string; args?: Node[] } } | undefined)?.BoolExpr;
  if (bool?.boolop === 'AND_EXPR') return (bool.args ?? []).flatMap(conjuncts);
  return expression ? [expression] : [];
}
