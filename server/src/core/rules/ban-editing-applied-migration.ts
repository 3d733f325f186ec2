import { editTowards, lineBreakOf } from '../fix/edits';
import { followUpMigration } from '../fix/new-migration';
import type { FixSpec, OffsetEdit } from '../fix/types';
import type { MigrationEdit } from '../model/schema/edited-migration';
import { migrationEdit } from '../model/schema/edited-migration';
import { parseMigration } from '../model/schema/workspace';
import { fileNameOf, isVersioned } from '../model/schema/versions';
import type { RuleContext } from './types';
import { defineRule } from './types';

/** Runners that keep a checksum of every applied migration and refuse to go on when one changes. */
const CHECKSUMS: Record<string, string> = { flyway: 'Flyway', prisma: 'Prisma' };

const DBMATE_MARKER = (section: 'up' | 'down'): RegExp => new RegExp(`^--\\s*migrate:${section}\\b[^\\r\\n]*`, 'm');

/** The slug of the new migration: the edited one's name with `_followup`. */
function slugOf(path: string): string {
  const name = fileNameOf(path.replace(/[\\/](migration|up)\.sql$/i, '.sql'));
  const slug = name
    .replace(/\.(up\.)?sql$/i, '')
    .replace(/^V\d+(?:[._]\d+)*__/i, '')
    .replace(/^[\d-]+_/, '');
  return `${slug || 'migration'}_followup`;
}

export default defineRule({
  id: 'ban-editing-applied-migration',
  category: 'correctness',
  severity: 'warning',
  fixable: true,
  summary: 'Change the schema in a new migration, never in one that has already run.',
  description:
    'A runner records each migration it applies and never runs it again. Once a migration is committed and newer ones are committed after it, databases (colleagues\', staging, production) have most likely run it: an edit to it reaches only databases built from scratch, and every other one drifts from the schema the code expects, silently. Flyway and Prisma also keep a checksum of each applied migration and refuse to migrate once one changes, even for a comment. The check compares the text being linted with the committed one (git\'s HEAD): the statements the runner applies going up must stay as they were (layout and comments aside, except for Flyway and Prisma); editing a down migration or dbmate\'s down section is fine. It needs git, and stays silent outside a repository, for uncommitted migrations, for the newest committed one, and for Flyway repeatable migrations, which run again whenever they change. When the edit only added statements after the committed ones, the fix restores the committed text and moves the new statements into a new migration named by the history\'s convention (with a down file to fill in where the history has them).',
  messages: {
    edited:
      'This migration differs from its committed version, and newer migrations of its history are committed: databases that already ran it will not run it again, so the change reaches only new databases; restore the committed text and make the change in a new migration.',
    checksum:
      'This migration differs from its committed version, and newer migrations of its history are committed: {{runner}} keeps a checksum of every applied migration and refuses to migrate once one changes, even for a comment; restore the committed text.',
  },
  examples: {
    valid: [
      {
        sql: 'ALTER TABLE users ADD COLUMN nickname text;',
        path: 'migrations/3_example.up.sql',
        files: { '2_users.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);' },
        committed: { '2_users.up.sql': true },
        description: 'The change is a new migration.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE users (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN nickname text;',
        files: { '3_orders.up.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);' },
        committed: { '2_example.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY);', '3_orders.up.sql': true },
        description: 'Migration 2 ran everywhere before migration 3 was written: the new column would reach no existing database.',
      },
    ],
  },
  check(context: RuleContext) {
    const { history, index, committed } = context.schema;
    if (!history || index < 0 || !committed || !isVersioned(history.layout)) return;
    const file = history.files[index];
    if (file.version === undefined || file.repeatable || !history.files.slice(index + 1).some((later) => committed.isCommitted(later.path))) return;
    const committedText = committed.committedTextIfChanged(file.path, context.text);
    if (committedText === undefined) return;
    const current = parseMigration(file.path, context.text);
    const edit = migrationEdit(file.path, current, committedText);
    const restore = editTowards(context.text, committedText);
    if (!edit.changedAt) {
      const runner = CHECKSUMS[history.layout];
      const first = context.statements[0];
      if (runner && first) context.report({ statement: first, messageId: 'checksum', data: { runner }, fixes: [{ title: 'Restore the committed text of this migration', edits: [restore] }] });
      return;
    }
    context.report({ statement: edit.changedAt, messageId: 'edited', fixes: moveFix(context, edit, restore) });
  },
});

/** Restores the committed text and puts the added statements into a new last migration. */
function moveFix(context: RuleContext, edit: MigrationEdit, restore: OffsetEdit): FixSpec[] {
  const history = context.schema.history!;
  if (!edit.appended) return [];
  const markers = { up: DBMATE_MARKER('up').exec(context.text)?.[0].trimEnd() ?? '-- migrate:up', down: DBMATE_MARKER('down').exec(context.text)?.[0].trimEnd() ?? '-- migrate:down' };
  const files = followUpMigration(history, slugOf(history.files[context.schema.index].path), edit.appended.up.text, edit.appended.down?.text, { newline: lineBreakOf(context.text), dbmateMarkers: markers });
  if (!files) return [];
  return [{ title: `Restore the committed text and move the new statements to ${fileNameOf(files[0].path.replace(/\/migration\.sql$|\/up\.sql$/, ''))}`, edits: [restore], files }];
}
