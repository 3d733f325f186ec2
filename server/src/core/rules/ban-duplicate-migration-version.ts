import { fileNameOf, runnerVersion, sameVersionAs } from '../model/schema/versions';
import type { RuleContext } from './types';
import { defineRule } from './types';

/** What the runner does with two migrations of one version. */
const CONSEQUENCE: Record<string, string> = {
  'golang-migrate': 'golang-migrate refuses to run any migration ("duplicate migration file")',
  flyway: 'Flyway refuses to migrate ("Found more than one migration with version")',
  dbmate: 'dbmate records applied migrations by version, so once one of them has run the other never does',
  supabase: 'Supabase records applied migrations by version, so once one of them has run the other never does (or the push fails on the version)',
  diesel: 'diesel records applied migrations by version, so once one of them has run the other never does',
  numbered: 'a runner that keys migrations by number runs only one of them, or refuses both',
};


export default defineRule({
  id: 'ban-duplicate-migration-version',
  category: 'correctness',
  severity: 'error',
  fixable: false,
  summary: 'Give every migration of a history a version of its own.',
  description:
    'Runners key applied migrations by their version: the number or timestamp before the name (golang-migrate, dbmate, Supabase, numbered files), Flyway\'s `V<version>__` (where `1.0` is `1`), diesel\'s folder name up to its first `_`. Two migrations of one version usually come from two branches merged together: golang-migrate and Flyway then refuse to run at all, and runners that record versions in a table run one of the two and take the other for applied. A down migration sharing its up migration\'s version is its pair, not a duplicate; Prisma keys migrations by their whole folder name and is not checked. When git says which of the two is new (not committed yet), only that one is reported. Rename the newer migration to a version after every existing one.',
  messages: {
    duplicate: 'This migration has version {{version}}, as {{others}} has: {{consequence}}; rename this migration to a version after every existing one.',
  },
  examples: {
    valid: [{ sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY);', files: { '1_customers.up.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);', '2_example.down.sql': 'DROP TABLE invoices;' }, description: 'The down file shares the version of its up file: they are a pair.' }],
    invalid: [
      {
        sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY);',
        files: { '2_customers.up.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);' },
        description: 'Two branches each added migration 2.',
      },
    ],
  },
  check(context: RuleContext) {
    const { history, index, committed } = context.schema;
    const first = context.statements[0];
    if (!history || index < 0 || !first) return;
    const others = sameVersionAs(history, history.files[index].path);
    if (others.length === 0) return;
    // the committed one was there first: the new one is to rename
    if (committed?.isCommitted(history.files[index].path) && others.some((other) => !committed.isCommitted(other.path))) return;
    const version = runnerVersion(history.layout, history.files[index]) ?? '';
    context.report({ statement: first, messageId: 'duplicate', data: { version, others: others.map((other) => fileNameOf(other.path)).join(', '), consequence: CONSEQUENCE[history.layout] ?? CONSEQUENCE.numbered } });
  },
});
