import { addedConstraint, alterTableCommandRanges } from '../model/alter-table';
import { existingTableCommands } from '../model/existing-table-commands';
import { constraintName } from '../model/constraint-names';
import { relationName } from '../model/names';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-exclude-constraint-on-existing-table',
  category: 'migration-safety',
  severity: 'warning',
  fixable: false,
  summary: 'Avoid adding an EXCLUDE constraint to a table that already holds data: it has no online form.',
  lock:
    'ADD CONSTRAINT ... EXCLUDE takes ACCESS EXCLUSIVE on the table and builds the constraint\'s index while holding it: no reads, no writes until the build ends. There is no CONCURRENTLY or USING INDEX form for exclusion constraints.',
  description:
    'An exclusion constraint is backed by an index (usually GiST) that ALTER TABLE builds under ACCESS EXCLUSIVE, so every query on the table waits for the whole build. Unlike UNIQUE, there is no way to build that index first with CREATE INDEX CONCURRENTLY and attach it, and no NOT VALID. Either add the constraint when the table is created (or still empty), or run it in a maintenance window with a short `lock_timeout` so that it at least gives up instead of queueing every other query behind it while it waits for its lock. Tables created earlier in the same file are not reported.',
  messages: {
    noOnlineForm:
      'Adding EXCLUDE constraint "{{name}}" builds its index on "{{table}}" while holding an ACCESS EXCLUSIVE lock. Every read and write of the table waits until the build ends, and exclusion constraints have no CONCURRENTLY, USING INDEX or NOT VALID form. Add it while the table is new or empty, or run it in a maintenance window.',
    noOnlineFormNoTimeout:
      'Adding EXCLUDE constraint "{{name}}" builds its index on "{{table}}" while holding an ACCESS EXCLUSIVE lock, and no lock_timeout is set. Every read and write of the table waits until the build ends (and queues behind the ALTER while it waits for its lock), and exclusion constraints have no CONCURRENTLY, USING INDEX or NOT VALID form. Add it while the table is new or empty, or run it in a maintenance window after SET lock_timeout.',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE bookings (room_id bigint, during tstzrange);\nALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);',
        description: 'The table is new and empty: the index builds instantly.',
      },
    ],
    invalid: [
      {
        sql: "SET lock_timeout = '2s';\nALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);",
        description: 'Blocks every query on bookings while the GiST index is built.',
      },
    ],
  },
  check(context: RuleContext) {
    for (const entry of existingTableCommands(context)) {
      const constraint = addedConstraint(entry.command);
      if (constraint?.contype !== 'CONSTR_EXCLUSION') continue;
      const { statement } = entry;
      const start = statement.offsetOf(constraint.location);
      context.report({
        statement,
        start,
        end: Math.max(start, alterTableCommandRanges(statement)?.[entry.index].end ?? statement.end),
        messageId: context.model.lockTimeoutSet(statement) ? 'noOnlineForm' : 'noOnlineFormNoTimeout',
        data: { name: constraintName(entry.relation.relname ?? '', constraint) ?? 'unnamed', table: relationName(entry.relation) },
      });
    }
  },
});
