import { objectLabel } from '../model/schema/drift';
import { isEmptyDown, rollbackDifferences } from '../model/schema/rollback';
import { fileNameOf } from '../model/schema/versions';
import { objectRange } from '../model/statement-ranges';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'require-complete-down-migration',
  category: 'correctness',
  severity: 'warning',
  fixable: false,
  summary: 'Make the down migration undo exactly what its up migration did.',
  description:
    'The check replays the up migration on the schema before it, then the down migration, and compares the result with the schema before: a table, column, index or constraint the up migration creates and the down leaves behind, one the up migration drops that the down does not bring back, or one that existed before that the down drops. After such a rollback the database is in neither version: running the up migration again fails on what was left, and the code of the previous release misses what was not brought back. The finding is on the statement that made or dropped the object (in the up migration, or in the down file when the down is the culprit). Renames count as a drop and a create. Column types, defaults and nullability are not compared. Empty and missing down migrations are `require-down-migration`\'s; the check stays silent when a statement of either side does not parse, when the schema model cannot follow one, or when one may change the schema out of its sight (CALL, functions called by SELECT, EXECUTE in a DO block).',
  messages: {
    leftBehind:
      'The down migration ({{down}}) leaves {{what}}, which this migration creates: after a rollback the schema is not the one before, and migrating up again fails on it; drop it in the down migration.',
    createdByDown:
      'This down migration creates {{what}}, which was not there before its up migration ({{up}}): after a rollback the schema is not the one before; create only what {{up}} dropped.',
    notRestored:
      'This migration drops {{what}} and its down migration ({{down}}) does not bring it back: after a rollback the previous release misses it; re-create it in the down migration.',
    droppedExisting:
      'This down migration drops {{what}}, which existed before its up migration ({{up}}) ran: a rollback removes more than the migration added; drop only what {{up}} created.',
  },
  examples: {
    valid: [
      {
        sql: 'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX CONCURRENTLY users_nickname_idx ON users (nickname);',
        prelude: 'CREATE TABLE users (id bigint PRIMARY KEY);',
        files: { '2_example.down.sql': 'ALTER TABLE users DROP COLUMN nickname;' },
        description: 'Dropping the column drops its index too.',
      },
    ],
    invalid: [
      {
        sql: 'ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX CONCURRENTLY users_email_idx ON users (email);',
        prelude: 'CREATE TABLE users (id bigint PRIMARY KEY, email text);',
        files: { '2_example.down.sql': 'ALTER TABLE users DROP COLUMN nickname;' },
        description: 'The down migration forgets the index.',
      },
    ],
  },
  check(context: RuleContext) {
    const rollback = context.schema.rollback;
    if (!rollback?.down || isEmptyDown(rollback.down)) return;
    const differences = rollbackDifferences(rollback);
    const down = rollback.down.section ? 'its -- migrate:down section' : fileNameOf(rollback.down.file);
    const up = fileNameOf(rollback.up.file);
    for (const difference of differences ?? []) {
      if (difference.at.file !== context.schema.file) continue;
      const statement = context.statements[difference.at.statement];
      if (!statement) continue;
      const inDown = context.model.direction(statement) === 'down';
      const messageId = difference.change === 'leftBehind' ? (inDown ? 'createdByDown' : 'leftBehind') : difference.change;
      context.report({ statement, ...objectRange(statement, difference.at, difference.kind), messageId, data: { what: objectLabel(difference), down, up } });
    }
  },
});
