import type { Settings } from '../../server/src/core/config';
import { resolveSettings } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/fix/edits';
import { fixAllEdits } from '../../server/src/core/fix-all';
import type { Finding, LintResult } from '../../server/src/core/lint';
import { lintText } from '../../server/src/core/lint';
import type { Rule } from '../../server/src/core/rules/types';

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
