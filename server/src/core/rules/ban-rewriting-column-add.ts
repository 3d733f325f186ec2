import type { ColumnDef } from 'libpg-query';
import type { DeferredPart } from '../fix/after-transaction';
import { afterItsTransaction, afterStatement, mergeByInsertionPoint } from '../fix/after-transaction';
import { addedColumn, alterTableCommandRanges, columnConstraints, nonNullDefault, serialTypeOf } from '../model/alter-table';
import { columnConstraintSpans, removeSpan } from '../fix/column-constraints';
import { insertAt } from '../fix/edits';
import { SET_NOT_NULL_USES_CHECK_FROM, notNullAfterBackfill, notNullViaCheck } from '../fix/not-null-via-check';
import { quoteIdentifier, relationText } from '../fix/sql-text';
import type { ExistingTableCommand } from '../model/existing-table-commands';
import { existingTableCommands } from '../model/existing-table-commands';
import { relationName } from '../model/names';
import { codeTokens } from '../model/statement-ranges';
import { functionVolatilityBefore, volatileFunctionIn } from '../model/volatility';
import type { RuleContext } from './types';
import { defineRule } from './types';

const VIRTUAL_GENERATED_FROM = 18;

export default defineRule({
  id: 'ban-rewriting-column-add',
  category: 'migration-safety',
  severity: 'warning',
  fixable: true,
  summary: 'Do not add a column that needs a value computed for every existing row (volatile DEFAULT, serial, identity, stored generated): it rewrites the table.',
  lock:
    'ADD COLUMN takes ACCESS EXCLUSIVE on the table. With a volatile DEFAULT (random(), clock_timestamp(), gen_random_uuid(), nextval() of serial), an identity or a stored generated column, PostgreSQL rewrites the whole table and its indexes while holding it: no reads, no writes until the rewrite ends.',
  description:
    'Since PostgreSQL 11, ADD COLUMN with a constant or stable DEFAULT (0, \'en\', now()) is instant: the value is evaluated once and kept in the catalog. A volatile DEFAULT must be evaluated for each existing row, so PostgreSQL writes a new copy of the table and rebuilds every index while it holds ACCESS EXCLUSIVE; the same happens for serial / bigserial (DEFAULT nextval()), identity columns and stored generated columns. On a large table that is minutes during which nothing can read or write it. Instead add the column without the DEFAULT and set the DEFAULT in the same statement (new rows get it at once, and nothing is rewritten), then backfill the existing rows in batches, and enforce NOT NULL afterwards through a validated CHECK. A stored generated column can be replaced by a plain column kept up to date by a trigger, or on PostgreSQL 18 by a VIRTUAL generated column. Functions this file creates count as volatile unless declared STABLE or IMMUTABLE; functions from elsewhere are not judged. Tables created earlier in the same file are not reported.',
  messages: {
    volatileDefault:
      'The DEFAULT of new column "{{column}}" calls volatile {{function}}(), so adding it rewrites the whole table "{{table}}" under an ACCESS EXCLUSIVE lock. Every existing row gets its own value, and every read and write of the table waits until the rewrite ends. Add the column without the DEFAULT, SET DEFAULT in the same statement for new rows, and backfill existing rows in batches.',
    serial:
      'Adding {{type}} column "{{column}}" rewrites the whole table "{{table}}" under an ACCESS EXCLUSIVE lock. Its DEFAULT nextval() gives every existing row its own value, and every read and write of the table waits until the rewrite ends. Add a plain integer column with a sequence as its DEFAULT (SET DEFAULT in the same statement), backfill existing rows in batches, then enforce NOT NULL through a validated CHECK.',
    identity:
      'Adding identity column "{{column}}" rewrites the whole table "{{table}}" under an ACCESS EXCLUSIVE lock. Every existing row gets its own value from the sequence, and every read and write of the table waits until the rewrite ends. Add a plain column, backfill it in batches, enforce NOT NULL through a validated CHECK, then ALTER COLUMN ... ADD GENERATED AS IDENTITY (no rewrite).',
    storedGenerated:
      'Adding stored generated column "{{column}}" rewrites the whole table "{{table}}" under an ACCESS EXCLUSIVE lock. The expression is computed and stored for every existing row, and every read and write of the table waits until the rewrite ends. Add a plain column kept up to date by a trigger and backfill it in batches{{alternative}}.',
  },
  examples: {
    valid: [
      { sql: "ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();", description: 'now() is stable: evaluated once, no rewrite (PostgreSQL 11+).' },
      { sql: 'ALTER TABLE users ADD COLUMN token uuid, ALTER COLUMN token SET DEFAULT gen_random_uuid();', description: 'New rows get a value; existing rows are backfilled in batches afterwards.' },
    ],
    invalid: [
      { sql: 'ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();', description: 'Rewrites users to give each row its own uuid.' },
      { sql: 'ALTER TABLE users ADD COLUMN seq bigserial;', description: 'nextval() for every existing row: a rewrite.' },
    ],
  },
  check(context: RuleContext) {
    const findings: Array<{ entry: ExistingTableCommand; column: ColumnDef; messageId: string; data: Record<string, string>; fix?: DeferredPart }> = [];
    for (const entry of existingTableCommands(context)) {
      const column = addedColumn(entry.command);
      if (!column) continue;
      const data = { column: column.colname ?? '?', table: relationName(entry.relation) };
      const constraints = columnConstraints(column);
      const serial = serialTypeOf(column);
      const fill = nonNullDefault(column);
      const volatile = fill ? volatileFunctionIn(fill.raw_expr, functionVolatilityBefore(context.statements, entry.statement)) : undefined;
      if (volatile) findings.push({ entry, column, messageId: 'volatileDefault', data: { ...data, function: volatile }, fix: defaultForNewRowsOnly(context, entry, column) });
      else if (serial) findings.push({ entry, column, messageId: 'serial', data: { ...data, type: serial } });
      else if (constraints.some((constraint) => constraint.contype === 'CONSTR_IDENTITY')) findings.push({ entry, column, messageId: 'identity', data });
      else if (constraints.some((constraint) => constraint.contype === 'CONSTR_GENERATED' && constraint.generated_kind === 's')) {
        const alternative = context.settings.postgresVersion >= VIRTUAL_GENERATED_FROM ? ', or make it VIRTUAL (computed when read, no rewrite)' : '';
        findings.push({ entry, column, messageId: 'storedGenerated', data: { ...data, alternative } });
      }
    }
    const fixes = mergeByInsertionPoint(
      context,
      findings.map((finding) => finding.fix),
      'Add the column without the DEFAULT, SET DEFAULT for new rows, backfill in batches',
    );
    findings.forEach(({ entry, column, messageId, data }, position) => {
      const start = entry.statement.offsetOf(column.location);
      const fix = fixes[position];
      context.report({
        statement: entry.statement,
        start,
        end: Math.max(start, alterTableCommandRanges(entry.statement)?.[entry.index].end ?? entry.statement.end),
        messageId,
        data,
        fixes: fix ? [fix] : [],
      });
    });
  },
});

/**
 * `ADD COLUMN c t DEFAULT f()` -> `ADD COLUMN c t, ALTER COLUMN c SET DEFAULT f()`: in one statement
 * nothing is rewritten and no new row misses the default. A comment marks where the backfill goes;
 * a NOT NULL moves after it, enforced through a validated CHECK (outside the transaction, PostgreSQL 12+).
 */
function defaultForNewRowsOnly(context: RuleContext, entry: ExistingTableCommand, column: ColumnDef): DeferredPart | undefined {
  const { statement, relation } = entry;
  const constraints = columnConstraints(column);
  const range = alterTableCommandRanges(statement)?.[entry.index];
  const spans = range ? columnConstraintSpans(statement, column, range.end) : undefined;
  const fill = nonNullDefault(column);
  const columnName = column.colname;
  // ADD COLUMN IF NOT EXISTS: a SET DEFAULT beside it would also change a column that already exists
  if (!range || !spans || !fill || !columnName || !relation.relname || entry.command.missing_ok) return undefined;
  if (constraints.some((constraint) => constraint.contype === 'CONSTR_PRIMARY' || constraint.contype === 'CONSTR_UNIQUE' || constraint.contype?.startsWith('CONSTR_ATTR'))) return undefined;
  const defaultSpan = spans[constraints.indexOf(fill)];
  const keyword = statement.findWord('default', defaultSpan.start);
  const expression = keyword ? codeTokens(statement, keyword.end)[0] : undefined;
  if (!expression || expression.start >= defaultSpan.end) return undefined;
  const expressionText = context.text.slice(expression.start, defaultSpan.end);
  const name = quoteIdentifier(columnName);
  const edits = [removeSpan(statement, defaultSpan), insertAt(range.end, `, ALTER COLUMN ${name} SET DEFAULT ${expressionText}`)];
  const point = afterItsTransaction(context, statement);

  const notNull = constraints.findIndex((constraint) => constraint.contype === 'CONSTR_NOTNULL');
  if (notNull < 0) {
    const where = point ? 'here' : 'in a later migration';
    return { point: point ?? afterStatement(statement, context.text), edits, later: [`-- Backfill ${name} of existing rows in batches ${where} (new rows get the DEFAULT).`] };
  }
  if (constraints[notNull].conname || context.settings.postgresVersion < SET_NOT_NULL_USES_CHECK_FROM) return undefined;
  const steps = notNullViaCheck(relationText(statement, relation), relation.relname, columnName);
  if (!point || !steps) return undefined;
  return {
    point,
    edits: [...edits, removeSpan(statement, spans[notNull])],
    later: notNullAfterBackfill(steps, columnName),
  };
}
