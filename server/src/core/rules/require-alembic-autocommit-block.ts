import { wrapInAutocommitBlock } from '../fix/alembic/autocommit';
import { keyword } from '../source/python/values';
import type { RevisionRuleContext } from './types';
import { defineRule } from './types';

const REVISION = (body: string) => `from alembic import op\n\nrevision = "7d1b"\ndown_revision = "3f2a"\n\n\n${body}\n\ndef downgrade():\n    op.drop_index("ix_orders_customer_id", table_name="orders")\n`;

export default defineRule({
  id: 'require-alembic-autocommit-block',
  category: 'migration-safety',
  severity: 'error',
  fixable: true,
  summary: 'Put op.create_index / op.drop_index with postgresql_concurrently=True inside op.get_context().autocommit_block().',
  lock:
    'CREATE / DROP INDEX CONCURRENTLY take SHARE UPDATE EXCLUSIVE on the table (reads and writes go on) only because they commit between their phases, which PostgreSQL refuses inside a transaction block; Alembic runs every revision in one.',
  description:
    'Alembic wraps each revision in a transaction (transaction_per_migration or not, the revision is inside one), so `op.create_index(..., postgresql_concurrently=True)` fails with "CREATE INDEX CONCURRENTLY cannot run inside a transaction block" and the deploy stops half-way. Alembic 1.2+ has the way out: `with op.get_context().autocommit_block():` commits the revision\'s transaction, runs the block in autocommit mode, and opens a new transaction after it. Keep other DDL out of that block, and give it an IF NOT EXISTS / IF EXISTS guard where a retry could meet a half-built index. This rule says it for op.* calls in Alembic\'s terms; CONCURRENTLY in op.execute SQL is reported by ban-concurrently-in-transaction.',
  messages: {
    outsideAutocommit:
      '{{operation}} with postgresql_concurrently=True runs inside the transaction Alembic opens for the revision, and PostgreSQL refuses CONCURRENTLY there ("cannot run inside a transaction block"), stopping the migration; move the call into `with op.get_context().autocommit_block():`.',
  },
  examples: {
    valid: [
      {
        sql: REVISION('def upgrade():\n    with op.get_context().autocommit_block():\n        op.create_index("ix_orders_customer_id", "orders", ["customer_id"], postgresql_concurrently=True)\n'),
        description: 'The index is built outside the revision\'s transaction.',
      },
    ],
    invalid: [
      {
        sql: REVISION('def upgrade():\n    op.create_index("ix_orders_customer_id", "orders", ["customer_id"], postgresql_concurrently=True)\n'),
        description: 'PostgreSQL refuses the statement inside the revision\'s transaction.',
      },
    ],
  },
  supersedes: ['ban-concurrently-in-transaction'],
  check() {
    // a rule about the Python file: see checkRevision
  },
  checkRevision(context: RevisionRuleContext) {
    for (const fn of [context.revision.upgrade, context.revision.downgrade]) {
      for (const call of fn?.calls ?? []) {
        if ((call.name !== 'create_index' && call.name !== 'drop_index') || call.autocommit) continue;
        const concurrently = keyword(call, 'postgresql_concurrently');
        if (concurrently?.value.kind !== 'bool' || !concurrently.value.value) continue;
        // batch_op calls run when their batch block ends: the block itself would have to move
        const wrap = call.batch ? undefined : wrapInAutocommitBlock(context.text, call);
        const fixes = wrap ? [{ title: 'Move the call into op.get_context().autocommit_block()', edits: [wrap] }] : [];
        context.report({ start: concurrently.start, end: concurrently.end, messageId: 'outsideAutocommit', data: { operation: `${call.batch ? call.batch.alias : 'op'}.${call.name}` }, fixes });
      }
    }
  },
});
