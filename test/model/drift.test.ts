/**
 * Drift between a migration history and the pg_dump beside it, on a golang-migrate history and
 * the dump PostgreSQL's pg_dump made of the database it built (test/fixtures/drift/README.md).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../server/src/core/config';
import { lintText } from '../../server/src/core/lint';
import { schemaDrift } from '../../server/src/core/model/schema/drift';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import { getRule } from '../../server/src/core/rules/index';
import { initParser } from '../../server/src/core/source/parser';
import { CORPUS } from '../harness/corpus-histories';

beforeAll(() => initParser());

const ROOT = 'test/fixtures/drift/db';
const DUMP = `${ROOT}/schema.sql`;

function fixture(change: (files: Map<string, string>) => void = () => undefined): SchemaWorkspace {
  const files = new Map<string, string>([[DUMP, readFileSync(DUMP, 'utf8')]]);
  for (const name of readdirSync(join(ROOT, 'migrations'))) files.set(`${ROOT}/migrations/${name}`, readFileSync(join(ROOT, 'migrations', name), 'utf8'));
  change(files);
  const workspace = new SchemaWorkspace();
  for (const [path, text] of files) workspace.setFile(path, text);
  return workspace;
}

function driftFindings(workspace: SchemaWorkspace): Array<{ messageId: string; text: string }> {
  const text = workspace.migration(DUMP)!.text;
  const result = lintText(text, { settings: resolveSettings(), path: DUMP, rules: [getRule('ban-schema-drift')!], schema: workspace.inputFor(DUMP) });
  expect(result.internalErrors).toEqual([]);
  return result.findings.map((finding) => ({ messageId: finding.messageId, text: text.slice(finding.start, finding.end) }));
}

describe('drift against a pg_dump beside the migrations', () => {
  it('finds none between a history and the dump pg_dump made of it', () => {
    const workspace = fixture();
    const target = workspace.inputFor(DUMP).driftAgainst!();
    expect(target.history.folder).toBe(`${ROOT}/migrations`);
    expect(target.problems).toEqual([]);
    const dump = lintText(readFileSync(DUMP, 'utf8'), { settings: resolveSettings(), path: DUMP, schema: workspace.inputFor(DUMP) }).schema!.after;
    expect([...dump.relations.keys()].filter((key) => dump.relations.get(key)!.kind === 'table').sort()).toEqual(['public.customers', 'public.events_2024', 'public.orders']);
    expect(schemaDrift(target.final, dump)).toEqual([]);
    expect(driftFindings(workspace)).toEqual([]);
  });

  it('finds an index the dump lacks, on its table', () => {
    const workspace = fixture((files) => files.set(DUMP, files.get(DUMP)!.replace(/^CREATE INDEX orders_open_idx .*\n/m, '')));
    expect(driftFindings(workspace)).toEqual([{ messageId: 'missingInDump', text: 'public.orders' }]);
  });

  it('finds what a migration not yet dumped adds, and what a migration no longer in the history made', () => {
    const added = fixture((files) => files.set(`${ROOT}/migrations/000005_tags.up.sql`, 'CREATE TABLE tags (id int);\nALTER TABLE orders ALTER COLUMN status DROP NOT NULL;'));
    expect(driftFindings(added)).toEqual([
      { messageId: 'missingInDump', text: '--' },
      { messageId: 'nullabilityDiffers', text: 'status' },
    ]);
    const removed = fixture((files) => files.delete(`${ROOT}/migrations/000003_orders_status.up.sql`));
    expect(driftFindings(removed)).toEqual([
      { messageId: 'missingInDump', text: 'public.orders' },
      { messageId: 'missingInMigrations', text: 'ordered_at' },
      { messageId: 'missingInMigrations', text: 'name' },
      { messageId: 'missingInMigrations', text: 'CONSTRAINT orders_status_check' },
      { messageId: 'missingInMigrations', text: 'CREATE UNIQUE INDEX customers_lower_email_idx ON public.customers USING btree (lower(email))' },
    ]);
  });
});

const SUPABASE = join(CORPUS, 'supabase_postgres');

describe.skipIf(!existsSync(SUPABASE))('drift on the corpus', () => {
  // supabase/postgres keeps schema-16.sql, the schema its init scripts and migrations build, beside them
  const load = (omit?: string): SchemaWorkspace => {
    const workspace = new SchemaWorkspace();
    for (const name of readdirSync(SUPABASE)) if (name.endsWith('.sql') && name !== omit) workspace.setFile(join(SUPABASE, name), readFileSync(join(SUPABASE, name), 'utf8'));
    return workspace;
  };
  const dump = join(SUPABASE, 'schema-16.sql');
  const drift = (workspace: SchemaWorkspace) => {
    const input = workspace.inputFor(dump);
    const after = lintText(readFileSync(dump, 'utf8'), { settings: resolveSettings(), path: dump, schema: input }).schema!.after;
    return schemaDrift(input.driftAgainst!().final, after).map((difference) => `${difference.change} ${difference.kind} ${difference.name}`);
  };

  it('finds none between supabase/postgres and its schema-16.sql', () => {
    expect(drift(load())).toEqual([]);
  });

  it('finds the tables of an init script left out', () => {
    expect(drift(load('init-scripts__00000000000002-storage-schema.sql'))).toEqual(['missingInMigrations table buckets', 'missingInMigrations table migrations', 'missingInMigrations table objects']);
  });
});
