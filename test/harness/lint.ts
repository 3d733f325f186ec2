import type { Settings } from '../../server/src/core/config';
import { resolveSettings } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/fix/edits';
import { fixAll, fixAllEdits } from '../../server/src/core/fix-all';
import type { NewFile } from '../../server/src/core/fix/types';
import type { Finding, LintResult } from '../../server/src/core/lint';
import { lintText } from '../../server/src/core/lint';
import { SchemaWorkspace } from '../../server/src/core/model/schema/workspace';
import type { Rule } from '../../server/src/core/rules/types';
import type { CaseHistory } from './types';

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

/** The new files a runner applies going up (a fix's `.down.sql` companion undoes them and is left out). */
export function newUpMigrationsOf(findings: readonly Finding[]): string[] {
  return newFilesOf(findings)
    .filter((file) => !/\.down\.sql$/i.test(file.path))
    .map((file) => file.text);
}

/** The text after applying the first fix of every finding (non-overlapping), once. */
export function applyFirstFixes(sql: string, findings: readonly Finding[]): string {
  return applyEdits(sql, fixAllEdits(findings));
}


/** The path a case's SQL is linted under, inside its history. */
export const CASE_PATH = 'migrations/0100_case.up.sql';

/**
 * Lints a case as a migration of a history: the case table's prelude (the schema the migration
 * expects) is the migration before it, then `history.before`, the case itself, then `history.after`.
 */
export function lintInHistory(sql: string, options: { prelude?: string; history?: CaseHistory; settings?: Partial<Settings>; rules?: readonly Rule[]; path?: string }): LintResult {
  const workspace = new SchemaWorkspace();
  const path = options.path ?? CASE_PATH;
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const number = (n: number): string => String(n).padStart(4, '0');
  // an Alembic case (a versions/*.py path): the prelude is a first revision that executes it, the history's texts are revisions
  const python = path.endsWith('.py');
  const extension = python ? '.py' : '.up.sql';
  if (options.prelude?.trim()) workspace.setFile(`${folder}0000_prelude${extension}`, python ? preludeRevision(options.prelude) : options.prelude);
  (options.history?.before ?? []).forEach((text, index) => workspace.setFile(`${folder}${number(index + 1)}_before${extension}`, text));
  workspace.setFile(path, sql);
  (options.history?.after ?? []).forEach((text, index) => workspace.setFile(`${folder}${number(101 + index)}_after${extension}`, text));
  return lintText(sql, { settings: resolveSettings(options.settings), rules: options.rules, path, schema: workspace.inputFor(path) });
}

/** The id of the revision an Alembic case's prelude becomes: the case's down_revision names it to build on the prelude. */
export const PRELUDE_REVISION = '0000_prelude';

/** A case table's SQL prelude as the first revision of an Alembic history. */
export function preludeRevision(sql: string): string {
  const literal = sql.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
  return `from alembic import op\n\nrevision = "${PRELUDE_REVISION}"\ndown_revision = None\n\n\ndef upgrade():\n    op.execute("""${literal}\n""")\n\n\ndef downgrade():\n    pass\n`;
}
