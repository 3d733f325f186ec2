import type { Settings } from '../../server/src/core/config';
import { resolveSettings } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/fix/edits';
import { fixAllEdits } from '../../server/src/core/fix-all';
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
  if (options.prelude?.trim()) workspace.setFile(`${folder}0000_prelude.up.sql`, options.prelude);
  (options.history?.before ?? []).forEach((text, index) => workspace.setFile(`${folder}${number(index + 1)}_before.up.sql`, text));
  workspace.setFile(path, sql);
  (options.history?.after ?? []).forEach((text, index) => workspace.setFile(`${folder}${number(101 + index)}_after.up.sql`, text));
  return lintText(sql, { settings: resolveSettings(options.settings), rules: options.rules, path, schema: workspace.inputFor(path) });
}
