import { generatedDowngradeFix } from '../fix/alembic/downgrade';
import type { SchemaDifference } from '../model/schema/compare';
import { schemaDifferences } from '../model/schema/compare';
import { replayStatements } from '../model/schema/replay';
import type { ReplayProblem } from '../model/schema/types';
import { RENDERED_OPERATIONS } from '../source/python/alembic-sql';
import type { MigrationFunction } from '../source/python/revision';
import { virtualScript } from '../source/python/virtual-sql';
import type { FixSpec, RevisionRuleContext } from './types';
import { defineRule } from './types';

/** op.* calls that change the schema (op.execute may be data only, and is not counted). */
const SCHEMA_OPERATIONS = new Set(RENDERED_OPERATIONS.filter((name) => name !== 'execute'));

const REVISION = (body: string) => `from alembic import op\nimport sqlalchemy as sa\n\nrevision = "3f2a"\ndown_revision = "1c9e"\n\n\n${body}`;

export default defineRule({
  id: 'require-alembic-downgrade',
  category: 'correctness',
  severity: 'warning',
  fixable: true,
  summary: 'Give an Alembic revision that changes the schema a downgrade() that undoes it.',
  description:
    'A revision without downgrade() makes `alembic downgrade` fail on it, and one whose downgrade() only passes makes it report success while the schema stays as upgrade() left it: either way the way back is gone exactly when a deploy has to be rolled back. Write the reverse operations in reverse order, or raise NotImplementedError with the reason when the change cannot be undone (the failure is then explicit). Revisions whose upgrade() changes no schema (data fixes, only op.execute, or nothing) are not reported. A downgrade() that runs but does not undo upgrade() is reported too: the schema model replays upgrade() and then downgrade() on the schema the earlier revisions built and compares the result with that schema (a dropped column added back, an index upgrade() created still there, an enum type drop_table leaves behind); it judges only revisions whose two functions are plain op.* calls it can read, without loops, helpers or connections. The quick fix writes downgrade() from upgrade(): each op.* call undone in reverse order, in the same batch and autocommit blocks (alter_column back to its existing_* values or to what the earlier revisions built, constraints with generated names dropped by those names, the enum types create_table made dropped), and where a call cannot be undone from what the revision says (a drop, SQL in op.execute, a data change) a NotImplementedError that names it.',
  messages: {
    missing:
      'This revision changes the schema but has no downgrade(), so `alembic downgrade` fails on it and the change cannot be rolled back; add a downgrade() that undoes upgrade() in reverse order, or one that raises NotImplementedError.',
    onlyPass:
      'downgrade() only passes, so `alembic downgrade` reports success while the schema upgrade() changed stays as it is; undo the changes in reverse order, or raise NotImplementedError to say they cannot be undone.',
    notUndone:
      'downgrade() does not undo upgrade(): after both, {{differences}}, so a rollback leaves a schema the previous release never had (and the next upgrade may fail on what is left); undo each change of upgrade() in reverse order.',
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
    const fixes = (): FixSpec[] => {
      const fix = generatedDowngradeFix(context.revision, context.schema);
      return fix ? [fix] : [];
    };
    if (!downgrade) context.report({ ...upgrade.nameSpan, messageId: 'missing', fixes: fixes() });
    else if (downgrade.onlyPass) context.report({ ...downgrade.nameSpan, messageId: 'onlyPass', fixes: fixes() });
    else {
      const differences = roundTripDifferences(context, upgrade, downgrade);
      if (differences?.length) context.report({ ...downgrade.nameSpan, messageId: 'notUndone', data: { differences: describe(differences) } });
    }
  },
});

/**
 * What upgrade() then downgrade() leave different from the schema before the revision, or undefined
 * when the model cannot tell (a function it cannot read whole, SQL it cannot follow).
 */
function roundTripDifferences(context: RevisionRuleContext, upgrade: MigrationFunction, downgrade: MigrationFunction): SchemaDifference[] | undefined {
  const view = context.schema;
  if (!view || downgrade.raises || upgrade.opaque || downgrade.opaque) return undefined;
  if ([...upgrade.calls, ...downgrade.calls].some((call) => call.conditional)) return undefined;
  if (view.problems.length > 0) return undefined;
  const up = virtualScript(upgrade);
  const down = virtualScript(downgrade);
  if (up.unmapped.length > 0 || down.unmapped.length > 0 || [...up.script.statements, ...down.script.statements].some((statement) => statement.error)) return undefined;
  const state = view.after.clone();
  const problems: ReplayProblem[] = [];
  replayStatements(state, `${view.file}#downgrade`, down.script.statements, problems);
  return problems.length > 0 ? undefined : schemaDifferences(view.before, state);
}

const CHANGES: Record<SchemaDifference['change'], string> = { left: 'is still there', missing: 'is missing', changed: 'is not as it was' };

function describe(differences: readonly SchemaDifference[]): string {
  const shown = differences.slice(0, 3).map((difference) => `${difference.object} ${CHANGES[difference.change]}`);
  return differences.length > 3 ? `${shown.join(', ')} and ${differences.length - 3} more` : shown.join(', ');
}
