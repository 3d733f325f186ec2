import type { RuleCases } from '../harness/types';

/** Revision cases are linted as an Alembic versions/ file. */
const PATH = 'migrations/versions/0100_case.py';

const revision = (upgrade: string) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "9a4c"\ndown_revision = "7d1b"\n\n\ndef upgrade():\n${upgrade}\n\ndef downgrade():\n    pass\n`;

export default {
  rule: 'ban-alembic-not-null-column-without-default',
  prelude: 'CREATE TABLE users (id bigint PRIMARY KEY);',
  valid: [
    { path: PATH, name: 'with a server_default', sql: revision('    op.add_column("users", sa.Column("locale", sa.Text(), nullable=False, server_default="en"))\n') },
    { path: PATH, name: 'nullable', sql: revision('    op.add_column("users", sa.Column("locale", sa.Text()))\n') },
    { path: PATH, name: 'table created earlier in the revision', sql: revision('    op.create_table("prefs", sa.Column("id", sa.Integer(), primary_key=True))\n    op.add_column("prefs", sa.Column("locale", sa.Text(), nullable=False))\n') },
    { path: PATH, name: 'a computed column is not read', sql: revision('    op.add_column("users", make_column())\n') },
  ],
  invalid: [
    {
      path: PATH,
      name: 'nullable=False without server_default',
      sql: revision('    op.add_column("users", sa.Column("locale", sa.Text(), nullable=False))\n'),
      errors: [{ messageId: 'notNullWithoutDefault', text: 'nullable=False' }],
      output: null,
    },
    {
      path: PATH,
      name: 'a Python-side default= is not a server default; batch_op too',
      sql: revision('    with op.batch_alter_table("users") as batch_op:\n        batch_op.add_column(sa.Column("locale", sa.Text(), nullable=False, default="en"))\n'),
      errors: [{ messageId: 'notNullWithoutDefault', text: 'nullable=False' }],
      output: null,
    },
    {
      path: PATH,
      name: 'server_default=None is no default',
      sql: revision('    op.add_column("users", sa.Column("n", sa.Integer(), nullable=False, server_default=None), schema="public")\n'),
      errors: [{ messageId: 'notNullWithoutDefault', text: 'nullable=False' }],
      output: null,
    },
  ],
  locks: [{ sql: 'ALTER TABLE users ADD COLUMN locale text NOT NULL', table: 'users', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
