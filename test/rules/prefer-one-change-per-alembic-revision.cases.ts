import type { RuleCases } from '../harness/types';

/** Revision cases are linted as an Alembic versions/ file, after the prelude's revision. */
const PATH = 'migrations/versions/0100_case.py';

const revision = (upgrade: string) =>
  `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "7b3c"\ndown_revision = "0000_prelude"\n\n\ndef upgrade():\n${upgrade}\n\ndef downgrade():\n    raise NotImplementedError()\n`;

export default {
  rule: 'prefer-one-change-per-alembic-revision',
  prelude: 'CREATE TABLE users (id bigint PRIMARY KEY, name text);\nCREATE TABLE orders (id bigint PRIMARY KEY, created_at timestamptz);\nCREATE TABLE teams (id bigint PRIMARY KEY);',
  valid: [
    { path: PATH, name: 'several changes of one table', sql: revision('    op.add_column("users", sa.Column("nickname", sa.Text()))\n    op.create_index("ix_users_name", "users", ["name"])\n') },
    {
      path: PATH,
      name: 'tables a foreign key links',
      sql: revision('    op.add_column("users", sa.Column("team_id", sa.BigInteger()))\n    op.create_foreign_key("fk_users_team", "users", "teams", ["team_id"], ["id"])\n    op.create_index("ix_teams_id", "teams", ["id"])\n'),
    },
    {
      path: PATH,
      name: 'a first schema: new tables are one change',
      sql: revision('    op.create_table("a", sa.Column("id", sa.Integer(), primary_key=True))\n    op.create_table("b", sa.Column("id", sa.Integer(), primary_key=True))\n    op.create_index("ix_b_id", "b", ["id"])\n'),
    },
    { path: PATH, name: 'a schema change and a data change (another rule)', sql: revision('    op.add_column("users", sa.Column("nickname", sa.Text()))\n    op.execute("UPDATE orders SET created_at = now()")\n') },
  ],
  invalid: [
    {
      path: PATH,
      name: 'a column on users and an index on orders',
      sql: revision('    op.add_column("users", sa.Column("nickname", sa.Text()))\n    op.create_index("ix_orders_created_at", "orders", ["created_at"])\n'),
      errors: [{ messageId: 'severalChanges', text: 'upgrade' }],
      output: null,
    },
    {
      path: PATH,
      name: 'a new table and an unrelated dropped index',
      sql: revision('    op.create_table("audit", sa.Column("id", sa.Integer(), primary_key=True))\n    op.drop_index("orders_pkey")\n    op.alter_column("users", "name", nullable=False)\n'),
      errors: [{ messageId: 'severalChanges', text: 'upgrade' }],
      output: null,
    },
  ],
} satisfies RuleCases;
