import { RENDERED_OPERATIONS } from '../source/python/alembic-sql';
import type { RevisionRuleContext } from './types';
import { defineRule } from './types';

/** op.* calls that change the schema (op.execute may be data only, and is not counted). */
const SCHEMA_OPERATIONS = new Set(RENDERED_OPERATIONS.filter((name) => name !== 'execute'));

const REVISION = (body: string) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "3f2a"\ndown_revision = "1c9e"\n\n\n${body}`;

export default defineRule({
  id: 'require-alembic-downgrade',
  category: 'correctness',
  severity: 'warning',
  fixable: false,
  summary: 'Give an Alembic revision that changes the schema a downgrade() that undoes it.',
  description:
    'A revision without downgrade() makes `alembic downgrade` fail on it, and one whose downgrade() only passes makes it report success while the schema stays as upgrade() left it: either way the way back is gone exactly when a deploy has to be rolled back. Write the reverse operations in reverse order, or raise NotImplementedError with the reason when the change cannot be undone (the failure is then explicit). Revisions whose upgrade() changes no schema (data fixes, only op.execute, or nothing) are not reported.',
  messages: {
    missing:
      'This revision changes the schema but has no downgrade(), so `alembic downgrade` fails on it and the change cannot be rolled back; add a downgrade() that undoes upgrade() in reverse order, or one that raises NotImplementedError.',
    onlyPass:
      'downgrade() only passes, so `alembic downgrade` reports success while the schema upgrade() changed stays as it is; undo the changes in reverse order, or raise NotImplementedError to say they cannot be undone.',
  },
  examples: {
    valid: [
      {
        sql: REVISION('def upgrade():\n    op.add_column("users", sa.Column("phone", sa.Text()))\n\n\ndef downgrade():\n    op.drop_column("users", "phone")\n'),
        description: 'downgrade() undoes upgrade().',
      },
      {
        sql: REVISION('def upgrade():\n    op.drop_column("users", "legacy_id")\n\n\ndef downgrade():\n    raise NotImplementedError("the dropped values cannot be restored")\n'),
        description: 'An irreversible change that says so.',
      },
    ],
    invalid: [
      {
        sql: REVISION('def upgrade():\n    op.add_column("users", sa.Column("phone", sa.Text()))\n\n\ndef downgrade():\n    pass\n'),
        description: 'Rolling back leaves the column in place while Alembic records the revision as undone.',
      },
    ],
  },
  check() {
    // a rule about the Python file, not its SQL: see checkRevision
  },
  checkRevision(context: RevisionRuleContext) {
    const { upgrade, downgrade } = context.revision;
    if (!upgrade || !upgrade.calls.some((call) => SCHEMA_OPERATIONS.has(call.name))) return;
    if (!downgrade) context.report({ ...upgrade.nameSpan, messageId: 'missing' });
    else if (downgrade.onlyPass) context.report({ ...downgrade.nameSpan, messageId: 'onlyPass' });
  },
});
