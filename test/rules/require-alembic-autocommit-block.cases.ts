import type { RuleCases } from '../harness/types';

/** Revision cases are linted as an Alembic versions/ file. */
const PATH = 'migrations/versions/0100_case.py';

const revision = (upgrade: string, downgrade = '    pass\n') => `from alembic import op\n\nrevision = "7d1b"\ndown_revision = "3f2a"\n\n\ndef upgrade():\n${upgrade}\n\ndef downgrade():\n${downgrade}`;

export default {
  rule: 'require-alembic-autocommit-block',
  prelude: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);',
  valid: [
    { path: PATH, name: 'inside autocommit_block()', sql: revision('    with op.get_context().autocommit_block():\n        op.create_index("ix_c", "orders", ["customer_id"], postgresql_concurrently=True)\n') },
    { path: PATH, name: 'drop inside autocommit_block() in downgrade', sql: revision('    pass\n', '    with op.get_context().autocommit_block():\n        op.drop_index("ix_c", table_name="orders", postgresql_concurrently=True)\n') },
    { path: PATH, name: 'not concurrent (another rule says so)', sql: revision('    op.create_index("ix_c", "orders", ["customer_id"])\n') },
    { path: PATH, name: 'postgresql_concurrently=False', sql: revision('    op.create_index("ix_c", "orders", ["customer_id"], postgresql_concurrently=False)\n') },
  ],
  invalid: [
    {
      path: PATH,
      name: 'create_index outside the block',
      sql: revision('    op.create_index("ix_c", "orders", ["customer_id"], postgresql_concurrently=True)\n'),
      errors: [{ messageId: 'outsideAutocommit', text: 'postgresql_concurrently=True' }],
      output: revision('    with op.get_context().autocommit_block():\n        op.create_index("ix_c", "orders", ["customer_id"], postgresql_concurrently=True)\n'),
    },
    {
      path: PATH,
      name: 'a batch create_index: no fix, the call runs when its batch block ends',
      sql: revision('    with op.batch_alter_table("orders") as batch_op:\n        batch_op.create_index("ix_c", ["customer_id"], postgresql_concurrently=True)\n'),
      errors: [{ messageId: 'outsideAutocommit', text: 'postgresql_concurrently=True' }],
      output: null,
    },
    {
      path: PATH,
      name: 'drop_index in downgrade',
      sql: revision('    pass\n', '    op.drop_index("ix_c", table_name="orders", postgresql_concurrently=True)\n'),
      errors: [{ messageId: 'outsideAutocommit', text: 'postgresql_concurrently=True' }],
      output: revision('    pass\n', '    with op.get_context().autocommit_block():\n        op.drop_index("ix_c", table_name="orders", postgresql_concurrently=True)\n'),
    },
  ],
  locks: [{ sql: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id)', table: 'orders', mode: 'ShareUpdateExclusiveLock', outsideTransaction: true }],
} satisfies RuleCases;
