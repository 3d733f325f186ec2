import { twoPhaseNotNullFix } from '../fix/alembic/not-null-two-phase';
import type { OpCall } from '../source/python/revision';
import { readTableElement } from '../source/python/sqlalchemy';
import { argumentOf, keyword, stringOf } from '../source/python/values';
import type { RevisionRuleContext } from './types';
import { defineRule } from './types';

const REVISION = (body: string) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "9a4c"\ndown_revision = "7d1b"\n\n\n${body}\n\ndef downgrade():\n    op.drop_column("users", "locale")\n`;

/** `schema.table` of an op call's table argument, when static. */
function tableOf(call: OpCall): string | undefined {
  const signature = call.batch ? [] : ['table_name'];
  const table = call.batch ? stringOf(call.batch.args[0] ?? keyword(call.batch, 'table_name')?.value) : stringOf(argumentOf(call, signature, 'table_name'));
  const schema = call.batch ? stringOf(call.batch.args[1] ?? keyword(call.batch, 'schema')?.value) : stringOf(keyword(call, 'schema')?.value);
  return table === undefined ? undefined : `${schema ?? ''}.${table}`;
}

export default defineRule({
  id: 'ban-alembic-not-null-column-without-default',
  category: 'migration-safety',
  severity: 'error',
  fixable: true,
  summary: 'Do not op.add_column a nullable=False column without a server_default to a table that has rows.',
  lock:
    'ADD COLUMN takes ACCESS EXCLUSIVE on the table; a NOT NULL column without a DEFAULT leaves existing rows NULL, so PostgreSQL checks them under that lock and fails on any table that has one.',
  description:
    '`op.add_column("t", sa.Column("c", ..., nullable=False))` renders `ALTER TABLE t ADD COLUMN c ... NOT NULL`, which fails ("column contains null values") on every table that has a row, that is in production, after passing on an empty development database. `default=` does not help: it is a Python-side default SQLAlchemy applies to new INSERTs, not a DEFAULT in the table. Give the column a `server_default=` (a constant one is instant from PostgreSQL 11), or add it nullable, backfill it in batches, and make it NOT NULL in a later revision. The quick fix writes the two-phase form into upgrade(): the column added nullable, the existing rows filled in batches that commit on their own (with the column\'s `default=` when it is a constant; without one, a check that stops the upgrade while rows are NULL, for you to replace with the value), then NOT NULL through a CHECK added NOT VALID and validated in op.get_context().autocommit_block() (PostgreSQL 12+ then skips the scan), and the CHECK dropped. Tables created earlier in the same revision are not reported. This rule says it for op.add_column in Alembic\'s terms; SQL inside op.execute is checked by ban-not-null-column-without-default.',
  messages: {
    notNullWithoutDefault:
      'Column "{{column}}" is added with nullable=False and no server_default, so PostgreSQL fails the migration on any table with rows ("column contains null values"); add server_default=..., or add it nullable, backfill, and set nullable=False in a later revision.',
  },
  examples: {
    valid: [
      {
        sql: REVISION('def upgrade():\n    op.add_column("users", sa.Column("locale", sa.Text(), nullable=False, server_default="en"))\n'),
        description: 'Existing rows get the server default.',
      },
    ],
    invalid: [
      {
        sql: REVISION('def upgrade():\n    op.add_column("users", sa.Column("locale", sa.Text(), nullable=False))\n'),
        description: 'Fails on a table with rows.',
      },
    ],
  },
  supersedes: ['ban-not-null-column-without-default'],
  check() {
    // a rule about the Python file: see checkRevision
  },
  checkRevision(context: RevisionRuleContext) {
    for (const fn of [context.revision.upgrade, context.revision.downgrade]) {
      const created = new Set<string>();
      for (const call of fn?.calls ?? []) {
        if (call.name === 'create_table' && !call.batch) {
          const table = stringOf(call.args[0]);
          if (table !== undefined) created.add(`${stringOf(keyword(call, 'schema')?.value) ?? ''}.${table}`);
          continue;
        }
        if (call.name !== 'add_column') continue;
        const table = tableOf(call);
        if (table === undefined || created.has(table)) continue;
        const value = argumentOf(call, call.batch ? ['column'] : ['table_name', 'column'], 'column');
        const column = value && readTableElement(value);
        if (!column || column.kind !== 'column') continue;
        const nullable = keyword(column, 'nullable')?.value;
        const primaryKey = keyword(column, 'primary_key')?.value;
        const notNull = nullable ? nullable.kind === 'bool' && !nullable.value : primaryKey?.kind === 'bool' && primaryKey.value;
        const serverDefault = keyword(column, 'server_default')?.value;
        if (!notNull || (serverDefault && serverDefault.kind !== 'none')) continue;
        const at = keyword(column, 'nullable') ?? column;
        // the two-phase form runs going up; a NOT NULL column a downgrade adds back is left as it is
        const fix = fn === context.revision.upgrade ? twoPhaseNotNullFix(context.text, call, column, context.schema, context.settings.postgresVersion) : undefined;
        context.report({ start: at.start, end: at.end, messageId: 'notNullWithoutDefault', data: { column: column.name.value }, fixes: fix ? [fix] : [] });
      }
    }
  },
});
