import { posix } from 'node:path';
import type { Settings } from '../../server/src/core/config';
import { resolveSettings } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/fix/edits';
import { fixAll, fixAllEdits } from '../../server/src/core/fix-all';
import type { NewFile } from '../../server/src/core/fix/types';
import type { Finding, LintResult } from '../../server/src/core/lint';
import { lintText } from '../../server/src/core/lint';
import { committedFilesOf } from '../../server/src/core/model/schema/committed';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import type { Rule } from '../../server/src/core/rules/types';
import type { CaseGit, CaseHistory } from './types';

export function lint(sql: string, settings?: Partial<Settings>, rules?: readonly Rule[], path?: string): LintResult {
  return lintText(sql, { settings: resolveSettings(settings), rules, path });
}

export function findingsOf(sql: string, ruleId: string, settings?: Partial<Settings>): Finding[] {
  return lint(sql, settings).findings.filter((finding) => finding.ruleId === ruleId);
}

/** What each finding underlines, with its message id: the shape rule tests compare. */
export function summarize(sql: string, findings: readonly Finding[]): Array<{ messageId: string; text: string }> {
  return findings.map((finding) => ({ messageId: finding.messageId, text: sql.slice(finding.start, finding.end) }));
}

/** The files the first fixes of the findings create (a migration of their own). */
export function newFilesOf(findings: readonly Finding[]): NewFile[] {
  return fixAll(findings).files;
}

/** The new files a runner applies going up (a fix's `.down.sql`, `down.sql` or Flyway `U` companion, and dbmate's down section, undo them and are left out). */
export function newUpMigrationsOf(findings: readonly Finding[]): string[] {
  return newFilesOf(findings)
    .filter((file) => !/(\.down\.sql|(^|\/)down\.sql|(^|\/)U\d[\w.]*__[^/]*\.sql)$/i.test(file.path))
    .map((file) => upSectionOf(file.text));
}

/** What a runner applies going up: a dbmate file without its `-- migrate:down` section. */
export function upSectionOf(text: string): string {
  return text.replace(/^--\s*migrate:down\b[\s\S]*$/m, '');
}

/** The text after applying the first fix of every finding (non-overlapping), once. */
export function applyFirstFixes(sql: string, findings: readonly Finding[]): string {
  return applyEdits(sql, fixAllEdits(findings));
}


/** The path a case's SQL is linted under, inside its history. */
export const CASE_PATH = 'migrations/0100_case.up.sql';

/**
 * The names of the other migrations of a case's history: golang-migrate files (0000_prelude.up.sql,
 * 0001_before.up.sql, 0101_after.up.sql), or for a case named like a Flyway migration (V0__prelude.sql,
 * V0.1__before.sql, V9999.1__after.sql) or a dbmate or Supabase one (`<timestamp>_name.sql`), files of
 * that shape, so that the history keeps the case's layout.
 */
function historyFileNames(path: string): (role: 'prelude' | 'before' | 'after', n: number) => string {
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  if (path.endsWith('.py')) return (role, n) => `${String(n).padStart(4, '0')}_${role}.py`;
  if (/^V\d+(?:[._]\d+)*__.+\.sql$/i.test(fileName)) return (role, n) => (role === 'prelude' ? 'V0__prelude.sql' : role === 'before' ? `V0.${n}__before.sql` : `V9999.${n}__after.sql`);
  const timestamp = /^(\d+)_[^/]*(?<!\.(up|down))\.sql$/i.exec(fileName);
  if (!timestamp) return (role, n) => `${String(n).padStart(4, '0')}_${role}.up.sql`;
  const width = timestamp[1].length;
  return (role, n) => `${role === 'after' ? `${'9'.repeat(Math.max(1, width - 4))}${String(n).padStart(4, '0')}` : String(n).padStart(width, '0')}_${role}.sql`;
}

/**
 * Lints a case as a migration of a history: the case table's prelude (the schema the migration
 * expects) is the migration before it, then `history.before`, the case itself, then `history.after`.
 */
export function lintInHistory(
  sql: string,
  options: { prelude?: string; history?: CaseHistory; settings?: Partial<Settings>; rules?: readonly Rule[]; path?: string; files?: Record<string, string>; git?: CaseGit },
): LintResult {
  const workspace = new SchemaWorkspace();
  const path = options.path ?? CASE_PATH;
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const others = new Map<string, string>();
  const name = historyFileNames(path);
  // an Alembic case (a versions/*.py path): the prelude is a first revision that executes it, the history's texts are revisions
  if (options.prelude?.trim()) others.set(`${folder}${name('prelude', 0)}`, path.endsWith('.py') ? preludeRevision(options.prelude) : options.prelude);
  (options.history?.before ?? []).forEach((text, index) => others.set(`${folder}${name('before', index + 1)}`, text));
  (options.history?.after ?? []).forEach((text, index) => others.set(`${folder}${name('after', 101 + index)}`, text));
  for (const [name, text] of Object.entries(options.files ?? {})) others.set(posix.normalize(`${folder}${name}`), text);
  for (const [other, text] of others) workspace.setFile(other, text);
  workspace.setFile(path, sql);
  if (options.git) {
    const committed = new Map<string, string | true>();
    for (const other of others.keys()) if (!options.git.tracked || options.git.tracked.some((name) => posix.normalize(`${folder}${name}`) === other)) committed.set(other, true);
    if (options.git.committed !== undefined) committed.set(path, options.git.committed);
    const files = committedFilesOf(committed);
    workspace.committedFiles = () => files;
  }
  return lintText(sql, { settings: resolveSettings(options.settings), rules: options.rules, path, schema: workspace.inputFor(path) });
}

/** The id of the revision an Alembic case's prelude becomes: the case's down_revision names it to build on the prelude. */
export const PRELUDE_REVISION = '0000_prelude';

/** A case table's SQL prelude as the first revision of an Alembic history. */
export function preludeRevision(sql: string): string {
  const literal = sql.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
  return `from alembic import op\n\nrevision = "${PRELUDE_REVISION}"\ndown_revision = None\n\n\ndef upgrade():\n    op.execute("""${literal}\n""")\n\n\ndef downgrade():\n    pass\n`;
}
