import type { RuleCases } from '../harness/types';

/** Revision cases are linted as an Alembic versions/ file. */
const PATH = 'migrations/versions/0100_case.py';

const revision = (upgrade: string) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "9a4c"\ndown_revision = "0000_prelude"\n\n\ndef upgrade():\n${upgrade}\n\ndef downgrade():\n    pass\n`;

export default {
  rule: 'ban-alembic-not-null-column-without-default',
  prelude: 'CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE events (at timestamptz);',
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
      output: "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"9a4c\"\ndown_revision = \"0000_prelude\"\n\n\ndef upgrade():\n    op.add_column(\"users\", sa.Column(\"locale\", sa.Text(), nullable=True))\n    # Existing rows need a value before NOT NULL: choose it, and fill them in batches here (this block stops the upgrade while any row is NULL).\n    op.execute(\n        \"\"\"\n        DO $$\n        BEGIN\n          IF EXISTS (SELECT FROM users WHERE locale IS NULL) THEN\n            RAISE EXCEPTION 'users.locale is NULL in existing rows: fill them in batches before it becomes NOT NULL';\n          END IF;\n        END\n        $$\n        \"\"\"\n    )\n    # NOT NULL without a scan under ACCESS EXCLUSIVE: a CHECK added NOT VALID, validated in its own transaction, lets SET NOT NULL skip the scan.\n    op.execute(\"ALTER TABLE users ADD CONSTRAINT users_locale_not_null_check CHECK (locale IS NOT NULL) NOT VALID\")\n    with op.get_context().autocommit_block():\n        op.execute(\"ALTER TABLE users VALIDATE CONSTRAINT users_locale_not_null_check\")\n    op.alter_column(\"users\", \"locale\", nullable=False)\n    op.drop_constraint(\"users_locale_not_null_check\", \"users\", type_=\"check\")\n\n\ndef downgrade():\n    pass\n",
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
      output: "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"9a4c\"\ndown_revision = \"0000_prelude\"\n\n\ndef upgrade():\n    op.add_column(\"users\", sa.Column(\"n\", sa.Integer(), nullable=True, server_default=None), schema=\"public\")\n    # Existing rows need a value before NOT NULL: choose it, and fill them in batches here (this block stops the upgrade while any row is NULL).\n    op.execute(\n        \"\"\"\n        DO $$\n        BEGIN\n          IF EXISTS (SELECT FROM public.users WHERE n IS NULL) THEN\n            RAISE EXCEPTION 'public.users.n is NULL in existing rows: fill them in batches before it becomes NOT NULL';\n          END IF;\n        END\n        $$\n        \"\"\"\n    )\n    # NOT NULL without a scan under ACCESS EXCLUSIVE: a CHECK added NOT VALID, validated in its own transaction, lets SET NOT NULL skip the scan.\n    op.execute(\"ALTER TABLE public.users ADD CONSTRAINT users_n_not_null_check CHECK (n IS NOT NULL) NOT VALID\")\n    with op.get_context().autocommit_block():\n        op.execute(\"ALTER TABLE public.users VALIDATE CONSTRAINT users_n_not_null_check\")\n    op.alter_column(\"users\", \"n\", nullable=False, schema=\"public\")\n    op.drop_constraint(\"users_n_not_null_check\", \"users\", type_=\"check\", schema=\"public\")\n\n\ndef downgrade():\n    pass\n",
    },
    {
      path: PATH,
      name: 'default= gives the value the existing rows are filled with, in key ranges of the primary key',
      sql: revision('    op.add_column("users", sa.Column("locale", sa.Text(), nullable=False, default="en"))\n'),
      errors: [{ messageId: 'notNullWithoutDefault', text: 'nullable=False' }],
      output: "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"9a4c\"\ndown_revision = \"0000_prelude\"\n\n\ndef upgrade():\n    op.add_column(\"users\", sa.Column(\"locale\", sa.Text(), nullable=True, default=\"en\"))\n    # Fill the existing rows in batches, each committed on its own, outside the revision's transaction.\n    with op.get_context().autocommit_block():\n        op.execute(\n            \"\"\"\n            DO $$\n            DECLARE\n              batch_size constant bigint := 10000;\n              last_id bigint;\n              max_id bigint;\n            BEGIN\n              SELECT min(id) - 1, max(id) INTO last_id, max_id FROM users;\n              WHILE last_id < max_id LOOP\n                UPDATE users SET locale = 'en'\n                WHERE id > last_id AND id <= last_id + batch_size AND locale IS NULL;\n                last_id := last_id + batch_size;\n                COMMIT;\n              END LOOP;\n            END\n            $$\n            \"\"\"\n        )\n    # NOT NULL without a scan under ACCESS EXCLUSIVE: a CHECK added NOT VALID, validated in its own transaction, lets SET NOT NULL skip the scan.\n    op.execute(\"ALTER TABLE users ADD CONSTRAINT users_locale_not_null_check CHECK (locale IS NOT NULL) NOT VALID\")\n    with op.get_context().autocommit_block():\n        op.execute(\"ALTER TABLE users VALIDATE CONSTRAINT users_locale_not_null_check\")\n    op.alter_column(\"users\", \"locale\", nullable=False)\n    op.drop_constraint(\"users_locale_not_null_check\", \"users\", type_=\"check\")\n\n\ndef downgrade():\n    pass\n",
    },
    {
      path: PATH,
      name: 'a table without an integer key is filled in batches found by ctid',
      sql: revision('    op.add_column("events", sa.Column("seen", sa.Boolean(), default=False, nullable=False))\n'),
      errors: [{ messageId: 'notNullWithoutDefault', text: 'nullable=False' }],
      output: "from alembic import op\nimport sqlalchemy as sa\n\nrevision = \"9a4c\"\ndown_revision = \"0000_prelude\"\n\n\ndef upgrade():\n    op.add_column(\"events\", sa.Column(\"seen\", sa.Boolean(), default=False, nullable=True))\n    # Fill the existing rows in batches, each committed on its own, outside the revision's transaction.\n    with op.get_context().autocommit_block():\n        op.execute(\n            \"\"\"\n            DO $$\n            DECLARE\n              updated bigint;\n            BEGIN\n              LOOP\n                UPDATE events SET seen = false\n                WHERE ctid = ANY (ARRAY(SELECT ctid FROM events WHERE seen IS NULL LIMIT 10000));\n                GET DIAGNOSTICS updated = ROW_COUNT;\n                EXIT WHEN updated = 0;\n                COMMIT;\n              END LOOP;\n            END\n            $$\n            \"\"\"\n        )\n    # NOT NULL without a scan under ACCESS EXCLUSIVE: a CHECK added NOT VALID, validated in its own transaction, lets SET NOT NULL skip the scan.\n    op.execute(\"ALTER TABLE events ADD CONSTRAINT events_seen_not_null_check CHECK (seen IS NOT NULL) NOT VALID\")\n    with op.get_context().autocommit_block():\n        op.execute(\"ALTER TABLE events VALIDATE CONSTRAINT events_seen_not_null_check\")\n    op.alter_column(\"events\", \"seen\", nullable=False)\n    op.drop_constraint(\"events_seen_not_null_check\", \"events\", type_=\"check\")\n\n\ndef downgrade():\n    pass\n",
    },
  ],
  locks: [{ sql: 'ALTER TABLE users ADD COLUMN locale text NOT NULL', table: 'users', mode: 'AccessExclusiveLock' }],
} satisfies RuleCases;
