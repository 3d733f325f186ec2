import type { Severity } from '../config';
import type { FileReport } from './types';

/** Human output: one block per file, `line:column` 1-based, then a summary line. */
export function formatText(reports: readonly FileReport[], options: { color?: boolean } = {}): string {
  const paint = (code: string, text: string): string => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const colors: Record<Severity, string> = { error: '31', warning: '33', info: '36', hint: '2' };
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const out: string[] = [];
  let fixable = 0;
  for (const report of reports) {
    if (report.findings.length === 0) continue;
    out.push(paint('4', report.file));
    for (const finding of report.findings) {
      counts[finding.severity]++;
      if (finding.fixes.length > 0) fixable++;
      const where = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      out.push(`  ${where.padEnd(8)} ${paint(colors[finding.severity], finding.severity.padEnd(8))} ${finding.message}  ${paint('2', finding.ruleId)}`);
    }
    out.push('');
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const files = reports.length;
  if (total === 0) {
    out.push(`No problems in ${files} file${files === 1 ? '' : 's'}.`);
  } else {
    const parts = (Object.keys(counts) as Severity[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}${counts[s] === 1 ? '' : 's'}`);
    out.push(`${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}.`);
    if (fixable > 0) out.push(`${fixable} can be rewritten into the safe form with --fix.`);
  }
  return out.join('\n') + '\n';
}
