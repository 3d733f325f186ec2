import type { DriftDifference } from '../model/schema/drift';
import { objectLabel, schemaDrift } from '../model/schema/drift';
import { objectRange } from '../model/statement-ranges';
import type { RuleContext } from './types';
import { defineRule } from './types';

export default defineRule({
  id: 'ban-schema-drift',
  category: 'correctness',
  severity: 'warning',
  fixable: false,
  summary: 'Keep a schema dump beside migrations equal to the schema the migrations build.',
  description:
    'Projects keep a pg_dump of their schema beside the migrations (Rails\' `db/structure.sql` beside `db/migrate`, dbmate\'s `db/schema.sql`, a `schema.sql` next to the migrations folder): test databases are loaded from it, reviewers read it. It drifts when a migration is added without dumping again, when the dump is taken from a database changed by hand, or when someone edits it. The check replays the migrations and compares the schema they build with the dump\'s: tables, columns (type and nullability), indexes, constraints, enums and domains that one side has and the other has not. Each difference is reported on the dump, at its statement for the object (the table\'s, for a column or index it lacks, or its first line when it lacks the table); the runners\' own bookkeeping tables (schema_migrations, flyway_schema_history, ...) are left out. When the replay could not follow a migration, the schema it builds may be incomplete and nothing is reported. Dump the schema again from a database the migrations built, or write the migration that makes the missing change.',
  messages: {
    missingInDump:
      'The migrations beside this dump create {{what}}, which the dump lacks: what is loaded from the dump differs from what the migrations build; dump the schema again from a database they built.',
    missingInMigrations:
      'This dump has {{what}}, which no migration beside it creates: it was made outside the migrations, so a database built from them lacks it; write the migration that creates it, or dump the schema again.',
    typeDiffers:
      'The dump declares {{what}} as {{dump}}, the migrations beside it make it {{migrations}}: what is loaded from the dump differs from what the migrations build; write the migration that changes the type, or dump the schema again.',
    nullabilityDiffers:
      'The dump has {{what}} {{dump}}, the migrations beside it make it {{migrations}}: what is loaded from the dump differs from what the migrations build; write the migration that changes it, or dump the schema again.',
  },
  examples: {
    valid: [
      {
        sql: 'CREATE TABLE public.users (\n    id bigint NOT NULL,\n    email text\n);\nALTER TABLE ONLY public.users\n    ADD CONSTRAINT users_pkey PRIMARY KEY (id);',
        path: 'db/schema.sql',
        files: { 'migrations/1_users.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);' },
        description: 'The dump shows what the migration builds.',
      },
    ],
    invalid: [
      {
        sql: 'CREATE TABLE public.users (\n    id bigint NOT NULL,\n    email text\n);\nALTER TABLE ONLY public.users\n    ADD CONSTRAINT users_pkey PRIMARY KEY (id);',
        path: 'db/schema.sql',
        files: { 'migrations/1_users.up.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, email text);', 'migrations/2_email.up.sql': 'CREATE UNIQUE INDEX users_email_key ON users (email);' },
        description: 'Migration 2 was added without dumping the schema again.',
      },
    ],
  },
  check(context: RuleContext) {
    const target = context.schema.driftAgainst;
    const first = context.statements[0];
    if (!target || !first || (target.problems?.length ?? 0) > 0) return;
    const firstLine = /^[^\r\n]*/.exec(context.text)![0].length;
    for (const difference of schemaDrift(target.final, context.schema.after)) {
      const statement = difference.at && difference.at.file === context.schema.file ? context.statements[difference.at.statement] : undefined;
      const range = statement ? objectRange(statement, difference.at!, difference.kind) : { start: 0, end: Math.max(1, firstLine) };
      context.report({ statement: statement ?? first, ...range, messageId: difference.change, data: dataOf(difference) });
    }
  },
});

function dataOf(difference: DriftDifference): Record<string, string> {
  return { what: objectLabel(difference), dump: difference.dump ?? '', migrations: difference.migrations ?? '' };
}
