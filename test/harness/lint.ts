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
    .map((file) => file.text.replace(/^--\s*migrate:down\b[\s\S]*$/m, ''));
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
export function lintInHistory(
  sql: string,
  options: { prelude?: string; history?: CaseHistory; settings?: Partial<Settings>; rules?: readonly Rule[]; path?: string; files?: Record<string, string>; git?: CaseGit },
): LintResult {
  const workspace = new SchemaWorkspace();
  const path = options.path ?? CASE_PATH;
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const number = (n: number): string => String(n).padStart(4, '0');
  const others = new Map<string, string>();
  if (options.prelude?.trim()) others.set(`${folder}0000_prelude.up.sql`, options.prelude);
  (options.history?.before ?? []).forEach((text, index) => others.set(`${folder}${number(index + 1)}_before.up.sql`, text));
  (options.history?.after ?? []).forEach((text, index) => others.set(`${folder}${number(101 + index)}_after.up.sql`, text));
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
