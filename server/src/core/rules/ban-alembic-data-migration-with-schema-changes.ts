import type { Change } from '../model/revision-changes';
import { changesOf } from '../model/revision-changes';
import { parseScript } from '../source/document';
import { callsIn } from '../source/python/calls';
import type { PythonCall } from '../source/python/calls';
import { sqlTextOf } from '../source/python/sqlalchemy';
import type { PyValue } from '../source/python/values';
import type { RevisionRuleContext } from './types';
import { defineRule } from './types';

const REVISION = (body: string) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "6a2b"\ndown_revision = "5e1f"\n\n\ndef upgrade():\n${body}\n\ndef downgrade():\n    raise NotImplementedError()\n`;

/** SQLAlchemy's ORM session constructors: data access through models inside a revision. */
const SESSIONS = new Set(['sqlalchemy.orm.Session', 'sqlalchemy.orm.session.Session', 'sqlalchemy.orm.sessionmaker', 'sqlalchemy.orm.scoped_session']);
const CORE_DML = new Set(['update', 'insert', 'delete']);
const TABLES = new Set(['sqlalchemy.table', 'sqlalchemy.Table', 'sqlalchemy.sql.table', 'sqlalchemy.sql.expression.table', 'sqlalchemy.schema.Table']);
const DATA_STATEMENTS = new Set(['UpdateStmt', 'InsertStmt', 'DeleteStmt', 'MergeStmt']);

/** The table name of `sa.table("t", ...)` / `sa.Table("t", ...)`, or of a module constant holding one. */
function tableNameOf(value: PyValue | undefined): string | undefined {
  if (value?.kind !== 'call' || !value.callee || !TABLES.has(value.callee)) return undefined;
  const name = value.args[0];
  return name?.kind === 'str' ? name.value : undefined;
}

/** `conn.execute(...)` with an UPDATE / INSERT / DELETE: SQL text, or a SQLAlchemy Core update() / insert() / delete(). */
function isDataExecute(call: PythonCall): boolean {
  if (call.property !== 'execute' || call.dotted === 'op.execute') return false;
  const argument = call.args[0];
  const sql = sqlTextOf(argument);
  if (sql) return parseScript(sql.value).statements.some((statement) => statement.kind !== undefined && DATA_STATEMENTS.has(statement.kind));
  if (argument?.kind !== 'call') return false;
  const last = argument.callee?.slice(argument.callee.lastIndexOf('.') + 1);
  return !!last && (CORE_DML.has(last) || ['values', 'where'].includes(last));
}

export default defineRule({
  id: 'ban-alembic-data-migration-with-schema-changes',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Keep data migrations (UPDATE, bulk_insert, ORM sessions) out of Alembic revisions that change the schema.',
  lock:
    'Alembic runs a revision in one transaction: the ACCESS EXCLUSIVE (or SHARE) locks its schema changes take are held until the data migration in the same revision has finished and committed.',
  description:
    'A revision that alters tables and also changes rows (op.execute("UPDATE ..."), op.bulk_insert into an existing table, a Session or connection reading and writing through models) runs both in the one transaction Alembic opens for it: the locks of the schema change stay on their tables for the whole data migration, so every query on them waits; a failure half-way through the data rolls back the schema change too; and the data step cannot be re-run, skipped or batched on its own. Put the schema change in one revision and the data migration in the next, in batches that commit on their own (see require-batched-backfill). Seeding a table the same revision creates (bulk_insert into it) is fine and is not reported; an UPDATE of a table the revision altered before it is reported by ban-backfill-with-ddl-in-transaction, with the lock it holds.',
  messages: {
    dataWithSchema:
      '{{what}} changes data in a revision that also changes the schema ({{schema}}): Alembic runs both in one transaction, so the schema change\'s locks are held until the data is done, a failure rolls back both, and the data step cannot be re-run or batched on its own; move the data migration to a revision of its own, after this one.',
  },
  examples: {
    valid: [
      { sql: REVISION('    op.create_table("plans", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.Text()))\n    op.bulk_insert(sa.table("plans", sa.column("id"), sa.column("name")), [{"id": 1, "name": "free"}])\n'), description: 'Seeding the table this revision creates.' },
    ],
    invalid: [
      {
        sql: REVISION('    op.add_column("users", sa.Column("plan_id", sa.Integer()))\n    op.execute("UPDATE accounts SET plan = \'free\'")\n'),
        description: 'The UPDATE holds the lock on users until it has changed every account.',
      },
    ],
  },
  check() {
    // a rule about the Python file: see checkRevision
  },
  checkRevision(context: RevisionRuleContext) {
    const { revision } = context;
    const upgrade = revision.upgrade;
    if (!upgrade) return;
    const changes = changesOf(upgrade, context.schema?.before);
    const schema = changes.filter((change) => change.kind === 'schema');
    if (schema.length === 0) return;
    const created = new Set(schema.map((change) => change.creates).filter((name): name is string => !!name));
    const schemaText = describeSchema(schema);
    const report = (at: { start: number; end: number }, what: string): void => context.report({ start: at.start, end: at.end, messageId: 'dataWithSchema', data: { what, schema: schemaText } });

    for (const [index, change] of changes.entries()) {
      if (change.kind !== 'data' || change.call?.name !== 'execute') continue;
      const table = change.tables[0];
      if (table === undefined || created.has(table)) continue;
      // a table an earlier schema change of this revision locked: ban-backfill-with-ddl-in-transaction reports it with that lock
      if (changes.slice(0, index).some((earlier) => earlier.kind === 'schema' && earlier.tables.includes(table))) continue;
      report(change.origin, `${change.statement.kind!.replace(/Stmt$/, '').toUpperCase()} of "${table}"`);
    }
    for (const call of upgrade.calls) {
      if (call.name !== 'bulk_insert') continue;
      const table = tableNameOf(call.args[0]);
      // only an existing table (known from the earlier revisions) has rows to care about
      if (table === undefined || created.has(table) || !context.schema?.before.resolveRelation({ name: table })) continue;
      report(call, `op.bulk_insert into "${table}"`);
    }
    const body = { start: upgrade.body.start, end: upgrade.body.end };
    for (const call of callsIn(revision.text, revision.tree, revision.scope)) {
      if (call.start < body.start || call.end > body.end) continue;
      if (call.dotted && SESSIONS.has(call.dotted)) report(call, 'An ORM session');
      else if (isDataExecute(call)) report(call, 'A connection\'s execute()');
    }
  },
});

function describeSchema(changes: readonly Change[]): string {
  const names = [...new Set(changes.map((change) => change.call?.name).filter((name): name is string => !!name))];
  return names.map((name) => `op.${name}`).slice(0, 3).join(', ') + (names.length > 3 ? ', ...' : '');
}
