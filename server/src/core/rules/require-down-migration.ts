import { isEmptyDown, upChangesSchema } from '../model/schema/rollback';
import { fileNameOf } from '../model/schema/versions';
import type { RuleContext } from './types';
import { defineRule } from './types';

const DBMATE_DOWN_MARKER = /^--\s*migrate:down\b[^\r\n]*/gm;

/** Runners whose missing down file is not golang-migrate's empty migration: they refuse the rollback. */
const MISSING_DOWN_MESSAGE: Record<string, string> = { flyway: 'missingUndoFile', diesel: 'missingDieselDown' };

/** The down file the runner looks for beside an up file. */
function expectedDown(layout: string, path: string): string | undefined {
  const name = fileNameOf(path);
  if (layout === 'golang-migrate') return name.replace(/\.up\.sql$/i, '.down.sql');
  if (layout === 'flyway') return name.replace(/^V/i, 'U');
  if (layout === 'diesel') return 'down.sql';
  return undefined;
}

export default defineRule({
  id: 'require-down-migration',
  category: 'correctness',
  severity: 'warning',
  fixable: false,
  summary: 'Give every migration a down migration that runs something, where the history rolls back.',
  description:
    'A rollback runs the down migration of each version it undoes and then records the version as not applied. A Flyway `V` migration without its `U` undo file, or a diesel `up.sql` without `down.sql`, cannot be rolled back at all; a golang-migrate `.up.sql` without its `.down.sql` (golang-migrate runs an empty migration in its place), an empty down file or an empty dbmate `-- migrate:down` section is worse: the rollback succeeds, the version is recorded as undone, and every change the migration made stays, so that the next `up` fails on objects that already exist. A migration that changes no schema (an UPDATE backfill, VACUUM, VALIDATE CONSTRAINT) has nothing to undo and is not reported. Downs are expected where the history uses them: when no other migration of the history has a down that runs something (no down files, or only empty ones, or only empty dbmate down sections), the project has chosen not to roll back and nothing is reported. The finding is on the first statement of the up migration (on the `-- migrate:down` line for an empty dbmate section). A migration that cannot be undone (it drops data) can say so in its down file and silence the finding with an ignore comment and a reason.',
  messages: {
    missingDownFile:
      'This migration has no down migration {{down}}, though other migrations of this history have one: a rollback past version {{version}} undoes nothing of it (golang-migrate runs nothing and records the version as undone); add {{down}} with the statements that undo this migration.',
    missingDieselDown:
      'This diesel migration has no down.sql, though other migrations of this history have one: `diesel migration revert` refuses to roll back version {{version}}; add down.sql with the statements that undo this migration.',
    missingUndoFile:
      'This Flyway migration has no undo migration {{down}}, though the workspace uses undo migrations: `flyway undo` cannot roll back version {{version}}; add {{down}} with the statements that undo it.',
    missingDownSection:
      'This dbmate migration has no `-- migrate:down` section: `dbmate rollback` cannot undo it; add a `-- migrate:down` section with the statements that undo it.',
    emptyDown:
      'The down migration of this file ({{down}}) runs nothing: a rollback records version {{version}} as undone while every change the migration made stays, and the next migrate fails on them; write the statements that undo it (or, if it cannot be undone, say so there and ignore this finding with a reason).',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY);',
        files: { '2_example.down.sql': 'DROP TABLE invoices;' },
        description: 'The down migration drops what the up migration created.',
      },
      {
        sql: '-- migrate:up\nCREATE TABLE invoices (id bigint PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE invoices;',
        path: 'db/migrations/20240102000000_invoices.sql',
        description: 'dbmate: the down section undoes the up section.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY);',
        files: { '1_customers.up.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);', '1_customers.down.sql': 'DROP TABLE customers;' },
        description: 'The other migrations of this golang-migrate history have down files; this one has none.',
      },
      {
        sql: '-- migrate:up\nCREATE TABLE invoices (id bigint PRIMARY KEY);\n\n-- migrate:down\n',
        path: 'db/migrations/20240102000000_invoices.sql',
        files: { '20240101000000_customers.sql': '-- migrate:up\nCREATE TABLE customers (id bigint PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE customers;\n' },
        description: 'dbmate: `dbmate rollback` would record the migration as undone and leave the table.',
      },
    ],
  },
  check(context: RuleContext) {
    const { history, index } = context.schema;
    if (!history || index < 0) return; // up migrations only: down files and dumps are not asked for a down
    const rollback = context.schema.rollback;
    const first = rollback?.up.statements[0];
    if (!rollback || !first) return;
    const file = history.files[index];
    const version = file.version ?? fileNameOf(file.path);
    const report = (messageId: string, data: Record<string, string>, range?: { start: number; end: number }): void => context.report({ statement: first, ...range, messageId, data: { version, ...data } });
    const down = rollback.down;
    if (!rollback.historyRollsBack()) return; // no other migration of the history rolls back: a choice, not an oversight
    if (!upChangesSchema(rollback.up)) return; // data changes, maintenance, VALIDATE: nothing to undo
    if (down?.section) {
      if (!isEmptyDown(down)) return;
      const marker = [...context.text.matchAll(DBMATE_DOWN_MARKER)].find((match) => !context.statements.some((statement) => statement.start <= match.index! && match.index! < statement.end));
      report('emptyDown', { down: 'its -- migrate:down section' }, marker ? { start: marker.index!, end: marker.index! + marker[0].trimEnd().length } : undefined);
      return;
    }
    if (down) {
      if (isEmptyDown(down)) report('emptyDown', { down: fileNameOf(down.file) });
      return;
    }
    if (rollback.sections) {
      report('missingDownSection', {});
      return;
    }
    const expected = expectedDown(history.layout, file.path);
    if (!expected || file.repeatable) return;
    report(MISSING_DOWN_MESSAGE[history.layout] ?? 'missingDownFile', { down: expected });
  },
});
