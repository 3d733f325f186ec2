import { fileNameOf, newerCommittedThan } from '../model/schema/versions';
import type { RuleContext } from './types';
import { defineRule } from './types';

/** What the runner does on a database that already ran the newer migration. */
const CONSEQUENCE: Record<string, string> = {
  'golang-migrate': 'golang-migrate only applies versions above the current one, so they never run it',
  flyway: 'Flyway refuses to migrate them ("Detected resolved migration not applied to database") unless outOfOrder is set',
  dbmate: 'dbmate runs it after {{newest}}, out of the order it was written in',
  prisma: 'Prisma runs it after {{newest}}, out of the order it was written in',
  supabase: '`supabase db push` refuses it unless run with --include-all, and then runs it after {{newest}}',
  diesel: 'diesel runs it after {{newest}}, out of the order it was written in',
  numbered: 'depending on the runner they skip it or run it after {{newest}}',
};


export default defineRule({
  id: 'ban-out-of-order-migration',
  category: 'correctness',
  severity: 'warning',
  fixable: false,
  summary: 'Date a new migration after every migration already committed.',
  description:
    'A migration written on a branch keeps the version (the timestamp or number) it got when it was created; when newer migrations are committed meanwhile, it sorts before them. Databases that already ran the newer ones then skip it (golang-migrate), refuse to migrate (Flyway, Supabase) or run it after migrations it predates, which breaks when one of them depends on what it changes or changes what it expects. The check needs git: it reports a migration that is not committed yet whose version sorts before the newest committed migration of its history, and stays silent outside a repository. Rename the migration to a version after the newest one before merging.',
  messages: {
    outOfOrder: 'This uncommitted migration (version {{version}}) sorts before {{newest}}, which is already committed: on databases that already ran {{newest}}, {{consequence}}; rename it to a version after {{newest}}.',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY);',
        path: 'migrations/3_example.up.sql',
        files: { '2_customers.up.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);' },
        committed: { '2_customers.up.sql': true },
        description: 'The new migration comes after everything committed.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE invoices (id bigint PRIMARY KEY);',
        files: { '3_customers.up.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY);' },
        committed: { '3_customers.up.sql': true },
        description: 'Migration 3 was committed while migration 2 waited on its branch.',
      },
    ],
  },
  check(context: RuleContext) {
    const { history, index, committed } = context.schema;
    const first = context.statements[0];
    if (!history || index < 0 || !committed || !first) return;
    const file = history.files[index];
    const newest = newerCommittedThan(history, file.path, committed);
    if (!newest) return;
    const data = { version: file.version ?? '', newest: fileNameOf(newest.path) };
    const consequence = (CONSEQUENCE[history.layout] ?? CONSEQUENCE.numbered).replace('{{newest}}', data.newest);
    context.report({ statement: first, messageId: 'outOfOrder', data: { ...data, consequence } });
  },
});
