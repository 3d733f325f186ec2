import type { RuleCases } from '../harness/types';

/** Revision cases are linted as an Alembic versions/ file, after the prelude's revision. */
const PATH = 'migrations/versions/0100_case.py';

const revision = (upgrade: string) =>
  `from alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy import orm\n\nrevision = "6a2b"\ndown_revision = "0000_prelude"\n\n\ndef upgrade():\n${upgrade}\n\ndef downgrade():\n    raise NotImplementedError()\n`;
const ADD = '    op.add_column("users", sa.Column("plan_id", sa.Integer()))\n';

export default {
  rule: 'ban-alembic-data-migration-with-schema-changes',
  prelude: 'CREATE TABLE users (id bigint PRIMARY KEY, name text);\nCREATE TABLE accounts (id bigint PRIMARY KEY, plan text);',
  valid: [
    { path: PATH, name: 'a data-only revision', sql: revision('    op.execute("UPDATE accounts SET plan = \'free\' WHERE plan IS NULL")\n') },
    { path: PATH, name: 'a schema-only revision', sql: revision(ADD) },
    {
      path: PATH,
      name: 'seeding the table the revision creates',
      sql: revision('    op.create_table("plans", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.Text()))\n    op.bulk_insert(sa.table("plans", sa.column("id"), sa.column("name")), [{"id": 1, "name": "free"}])\n    op.execute("INSERT INTO plans (id, name) VALUES (2, \'pro\')")\n'),
    },
    { path: PATH, name: 'an UPDATE of the table the revision altered (ban-backfill-with-ddl-in-transaction says it)', sql: revision(`${ADD}    op.execute("UPDATE users SET plan_id = 1")\n`) },
    { path: PATH, name: 'bulk_insert into a table the history does not know', sql: revision(`${ADD}    op.bulk_insert(sa.table("unknown", sa.column("id")), [{"id": 1}])\n`) },
    { path: PATH, name: 'a connection only inspecting the schema', sql: revision(`    bind = op.get_bind()\n    if not sa.inspect(bind).has_table("plans"):\n    ${ADD}`) },
  ],
  invalid: [
    {
      path: PATH,
      name: 'an UPDATE of another table beside a schema change',
      sql: revision(`${ADD}    op.execute("UPDATE accounts SET plan = 'free'")\n`),
      errors: [{ messageId: 'dataWithSchema', text: 'op.execute("UPDATE accounts SET plan = \'free\'")' }],
      output: null,
    },
    {
      path: PATH,
      name: 'bulk_insert into an existing table',
      sql: revision(`${ADD}    op.bulk_insert(sa.table("accounts", sa.column("id"), sa.column("plan")), [{"id": 1, "plan": "free"}])\n`),
      errors: [{ messageId: 'dataWithSchema', text: 'op.bulk_insert(sa.table("accounts", sa.column("id"), sa.column("plan")), [{"id": 1, "plan": "free"}])' }],
      output: null,
    },
    {
      path: PATH,
      name: 'an ORM session and a connection that write rows',
      sql: revision(`${ADD}    session = orm.Session(bind=op.get_bind())\n    op.get_bind().execute(sa.text("UPDATE accounts SET plan = 'free'"))\n`),
      errors: [
        { messageId: 'dataWithSchema', text: 'orm.Session(bind=op.get_bind())' },
        { messageId: 'dataWithSchema', text: 'op.get_bind().execute(sa.text("UPDATE accounts SET plan = \'free\'"))' },
      ],
      output: null,
    },
  ],
  locks: [{ sql: 'ALTER TABLE users ADD COLUMN plan_id integer', table: 'users', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
