import type { FileReport } from './types';

/** The stable JSON shape scripts depend on: one flat array, 0-based LSP positions. */
export interface JsonFinding {
  file: string;
  ruleId: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  category: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export function toJson(reports: readonly FileReport[]): JsonFinding[] {
  return reports.flatMap((report) =>
    report.findings.map((finding) => ({
      file: report.file,
      ruleId: finding.ruleId,
      severity: finding.severity,
      category: finding.category,
      message: finding.message,
      range: { start: { ...finding.range.start }, end: { ...finding.range.end } },
    })),
  );
}

export function formatJson(reports: readonly FileReport[]): string {
  return JSON.stringify(toJson(reports), null, 2) + '\n';
}
